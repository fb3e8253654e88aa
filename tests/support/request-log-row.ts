import type { RequestLogRow } from "../../lib/usage/record-request";

/** A request-log row as the relay writes one for a plain successful request, with `over` on top (tests, e2e fixtures). */
export function requestLogRow(over: Partial<RequestLogRow> & Pick<RequestLogRow, "requestId" | "userId">): RequestLogRow {
  return {
    createdAt: new Date(),
    orgId: null,
    membershipId: null,
    apiKeyId: null,
    endpoint: "/v1/chat/completions",
    model: "gpt-4o",
    channelId: null,
    attempts: 1,
    isStream: false,
    status: 200,
    errorCode: null,
    inputTokens: 0,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    outputTokens: 0,
    reasoningTokens: 0,
    imageCount: 0,
    cost: 0n,
    upstreamCost: 0n,
    latencyMs: 0,
    ttftMs: null,
    usageEstimated: false,
    clientIp: null,
    ...over,
  };
}
