/**
 * An Anthropic error body (`{"type":"error","error":{"type","message"}}`).
 */
import type { UpstreamErrorInfo } from "../types";
import { isRecord } from "../types";

export function parseAnthropicError({ status, body }: { status: number; body: string }): UpstreamErrorInfo {
  try {
    const json: unknown = JSON.parse(body);
    if (isRecord(json) && isRecord(json.error)) {
      const { message, type } = json.error;
      return { message: typeof message === "string" ? message : `Upstream error ${status}`, type: typeof type === "string" ? type : undefined };
    }
  } catch {
    // not JSON
  }
  return { message: body.trim().slice(0, 300) || `Upstream error ${status}` };
}
