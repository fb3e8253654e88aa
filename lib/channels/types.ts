/**
 * Channels: upstream provider accounts the relay sends requests to. The in-memory table holds decrypted secrets;
 * everything that leaves the process (lists, logs, errors) uses ChannelSummary, which has hints instead.
 */
export const CHANNEL_TYPES = ["openai", "anthropic", "gemini"] as const;
export type ChannelType = (typeof CHANNEL_TYPES)[number];

/**
 * A channel's limits: the ranges of its numbers in the API's units (the console converts its seconds and percent),
 * and the most characters and entries of its texts and lists. lib/channels/schema.ts and the console's form share them.
 */
export const CHANNEL_LIMITS = {
  nameLength: 64,
  secrets: 50,
  secretLength: 4096,
  models: 500,
  priority: { min: -1000, max: 1000 },
  weight: { min: 0, max: 10_000 },
  timeoutMs: { min: 100, max: 3_600_000 },
  costRatioPpm: { min: 0, max: 100_000_000 },
} as const;

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
