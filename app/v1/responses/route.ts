// POST /v1/responses – OpenAI Responses API (the protocol Codex CLI speaks) through the relay pipeline
import { handleWebRelay } from "@/lib/relay/route-handler";

export const dynamic = "force-dynamic";
export const POST = handleWebRelay;
export const OPTIONS = handleWebRelay;
