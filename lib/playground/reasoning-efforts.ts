/** The playground's reasoning settings: sent as reasoning_effort (the relay gives each model its own form of it). */
export const REASONING_EFFORTS = ["low", "medium", "high"] as const;

export type ReasoningEffort = (typeof REASONING_EFFORTS)[number];
