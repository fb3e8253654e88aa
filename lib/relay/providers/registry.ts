/**
 * Provider registry: channel type → adapter. A new protocol is one folder and one line here.
 */
import type { ChannelType } from "../../channels/types";
import { anthropicAdapter } from "./anthropic/adapter";
import { geminiAdapter } from "./gemini/adapter";
import { openAiAdapter } from "./openai/adapter";
import type { ProviderAdapter } from "./types";

export const PROVIDERS: Record<ChannelType, ProviderAdapter> = {
  openai: openAiAdapter,
  anthropic: anthropicAdapter,
  gemini: geminiAdapter,
};
