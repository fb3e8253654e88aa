// POST /v1/images/generations – OpenAI image generation through the relay pipeline
import { handleWebRelay } from "@/lib/relay/route-handler";

export const dynamic = "force-dynamic";
export const POST = handleWebRelay;
export const OPTIONS = handleWebRelay;
