/**
 * Call a console JSON route from the browser and read its answer: `{ ok: true, data }` or `{ ok: false, message,
 * fieldErrors }` (the console error dialect of lib/errors.ts). A network failure is `{ ok: false, status: 0,
 * message: null }`. A 401 because the session is gone sends the page to sign in again (lib/http/sign-in-required).
 */
import { redirectIfSignedOut } from "./sign-in-required";

export type ApiResult<T> =
  | { ok: true; status: number; data: T }
  | { ok: false; status: number; message: string | null; fieldErrors: Record<string, string> };

export async function requestJson<T>(method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE", url: string, body?: unknown): Promise<ApiResult<T>> {
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

export function postJson<T>(url: string, body: unknown): Promise<ApiResult<T>> {
  return requestJson<T>("POST", url, body);
}
