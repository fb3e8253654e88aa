// POST /v1/chat/completions – OpenAI chat completions (JSON or SSE) through the relay pipeline
import { handleWebRelay } from "@/lib/relay/route-handler";

export const dynamic = "force-dynamic";
export const POST = handleWebRelay;
export const OPTIONS = handleWebRelay;
