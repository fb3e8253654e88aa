/**
 * Channels: upstream provider accounts the relay sends requests to. The in-memory table holds decrypted secrets;
 * everything that leaves the process (lists, logs, errors) uses ChannelSummary, which has hints instead.
 */
export const CHANNEL_TYPES = ["openai", "anthropic", "gemini"] as const;
export type ChannelType = (typeof CHANNEL_TYPES)[number];

export type Channel = {
  id: string;
  name: string;
  type: ChannelType;
  baseUrl: string;
  /** decrypted upstream secrets — memory only */
  secrets: string[];
  secretHints: string[];
  models: string[];
  /** requested model → upstream model name */
  modelMapping: Record<string, string>;
  priority: number;
  weight: number;
  timeoutMs: number;
  costRatioPpm: number;
  isEnabled: boolean;
  disabledReason: string | null;
  /** the upstream speaks OpenAI's Responses API natively (else /v1/responses is converted to chat completions) */
  supportsResponses: boolean;
};

export type ChannelSummary = Omit<Channel, "secrets"> & { createdAt: Date; updatedAt: Date };
