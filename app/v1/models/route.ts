// GET /v1/models – the models the calling key may use
import { handleWebRelay } from "@/lib/relay/route-handler";

export const dynamic = "force-dynamic";
export const GET = handleWebRelay;
