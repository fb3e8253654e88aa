// POST /v1/messages/count_tokens – Anthropic token count (free, not logged)
import { handleWebRelay } from "@/lib/relay/route-handler";

export const dynamic = "force-dynamic";
export const POST = handleWebRelay;
export const OPTIONS = handleWebRelay;
