/**
 * POST JSON to a console API route and read its answer: `{ ok: true, data }` or `{ ok: false, message, fieldErrors }`
 * (the console error dialect of lib/errors.ts). Network failures become `{ ok: false, message: null }`.
 */
import { redirectIfSignedOut } from "./sign-in-required";

export type ApiResult<T> =
  | { ok: true; status: number; data: T }
  | { ok: false; status: number; message: string | null; fieldErrors: Record<string, string> };

export async function postJson<T>(url: string, body: unknown): Promise<ApiResult<T>> {
  let response: Response;
  try {
    response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  } catch {
    return { ok: false, status: 0, message: null, fieldErrors: {} };
  }
  redirectIfSignedOut(response);
  const payload = (await response.json().catch(() => null)) as { error?: { message?: string; fieldErrors?: Record<string, string> } } | null;
  if (response.ok) return { ok: true, status: response.status, data: payload as T };
  return { ok: false, status: response.status, message: payload?.error?.message ?? null, fieldErrors: payload?.error?.fieldErrors ?? {} };
}
