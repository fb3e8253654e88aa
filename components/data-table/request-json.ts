/**
 * Call a console JSON route from the browser: `{ ok: true, data }` or `{ ok: false, message, fieldErrors }` in the
 * console error dialect of lib/errors.ts. A network failure is `{ ok: false, status: 0, message: null }`.
 */
import { redirectIfSignedOut } from "@/lib/http/sign-in-required";

export type JsonResult<T> =
  | { ok: true; status: number; data: T }
  | { ok: false; status: number; message: string | null; fieldErrors: Record<string, string> };

export async function requestJson<T>(method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE", url: string, body?: unknown): Promise<JsonResult<T>> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: body === undefined ? undefined : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    return { ok: false, status: 0, message: null, fieldErrors: {} };
  }
  redirectIfSignedOut(response);
  const payload = (await response.json().catch(() => null)) as { error?: { message?: string; fieldErrors?: Record<string, string> } } | null;
  if (response.ok) return { ok: true, status: response.status, data: payload as T };
  return { ok: false, status: response.status, message: payload?.error?.message ?? null, fieldErrors: payload?.error?.fieldErrors ?? {} };
}

/** The first field error under a field name (`allowedIps` covers `allowedIps.3`). */
export function fieldError(fieldErrors: Record<string, string>, field: string): string | null {
  if (fieldErrors[field]) return fieldErrors[field];
  const nested = Object.keys(fieldErrors).find((key) => key.startsWith(`${field}.`));
  return nested ? fieldErrors[nested] : null;
}
