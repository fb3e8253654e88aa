/**
 * An OpenAI-protocol error body (`{"error":{"message","type","code"}}`), or a plain-text one from a vendor's proxy.
 */
import type { UpstreamErrorInfo } from "../types";
import { isRecord } from "../types";

export function parseOpenAiError({ status, body }: { status: number; body: string }): UpstreamErrorInfo {
  try {
    const json: unknown = JSON.parse(body);
    if (isRecord(json) && isRecord(json.error)) {
      const { message, type, code } = json.error;
      return { message: typeof message === "string" ? message : `Upstream error ${status}`, type: typeof type === "string" ? type : typeof code === "string" ? code : undefined };
    }
    if (isRecord(json) && typeof json.message === "string") return { message: json.message };
  } catch {
    // not JSON
  }
  return { message: body.trim().slice(0, 300) || `Upstream error ${status}` };
}
