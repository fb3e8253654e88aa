// Any other /v1 path or method – answered by the pipeline (404 or 405 in the caller's dialect)
import { handleWebRelay } from "@/lib/relay/route-handler";

export const dynamic = "force-dynamic";
export const GET = handleWebRelay;
export const POST = handleWebRelay;
export const PUT = handleWebRelay;
export const PATCH = handleWebRelay;
export const DELETE = handleWebRelay;
export const OPTIONS = handleWebRelay;
