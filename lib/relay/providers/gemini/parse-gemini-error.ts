/**
 * A Google API error body (`{"error":{"code","message","status"}}`, sometimes wrapped in an array).
 */
import type { UpstreamErrorInfo } from "../types";
import { isRecord } from "../types";

export function parseGeminiError({ status, body }: { status: number; body: string }): UpstreamErrorInfo {
  try {
    let json: unknown = JSON.parse(body);
    if (Array.isArray(json)) json = json[0];
    if (isRecord(json) && isRecord(json.error)) {
      const { message, status: kind } = json.error;
      return { message: typeof message === "string" ? message : `Upstream error ${status}`, type: typeof kind === "string" ? kind : undefined };
    }
  } catch {
    // not JSON
  }
  return { message: body.trim().slice(0, 300) || `Upstream error ${status}` };
}
