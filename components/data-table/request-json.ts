/** The console's JSON calls from the browser (lib/http/post-json.ts), and the field errors they bring back. */
export { requestJson, type ApiResult as JsonResult } from "@/lib/http/post-json";

/** The first field error under a field name (`allowedIps` covers `allowedIps.3`). */
export function fieldError(fieldErrors: Record<string, string>, field: string): string | null {
  if (fieldErrors[field]) return fieldErrors[field];
  const nested = Object.keys(fieldErrors).find((key) => key.startsWith(`${field}.`));
  return nested ? fieldErrors[nested] : null;
}
