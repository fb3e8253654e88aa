/**
 * The public origin of the site for links in e-mails and code snippets: APP_URL when set (set it in production:
 * without it the Host header decides, and a client controls that header), else the origin the request used.
 */
import { env } from "../env";

export function siteOriginFromHeaders(headers: Headers, fallbackUrl?: string): string {
  const { APP_URL } = env();
  if (APP_URL) return new URL(APP_URL).origin;
  const host = headers.get("x-forwarded-host") ?? headers.get("host");
  const fallbackProto = fallbackUrl ? new URL(fallbackUrl).protocol.replace(":", "") : "http";
  const proto = headers.get("x-forwarded-proto")?.split(",")[0].trim() || fallbackProto;
  if (host) return `${proto}://${host}`;
  return fallbackUrl ? new URL(fallbackUrl).origin : `http://localhost:${env().PORT}`;
}

export function siteOrigin(req: Request): string {
  return siteOriginFromHeaders(req.headers, req.url);
}
