/**
 * The public origin of the site for snippets and guides: APP_URL when set, else the origin the browser used
 * (Host / X-Forwarded-Host and -Proto from the request), so copied code always points at the real relay.
 */
import "server-only";
import { headers } from "next/headers";
import { env } from "../env";

export async function siteOrigin(): Promise<string> {
  const { APP_URL } = env();
  if (APP_URL) return new URL(APP_URL).origin;
  const list = await headers();
  const host = list.get("x-forwarded-host")?.split(",")[0].trim() ?? list.get("host") ?? "localhost:3000";
  const proto = list.get("x-forwarded-proto")?.split(",")[0].trim() ?? (host.startsWith("localhost") || host.startsWith("127.") ? "http" : "https");
  return `${proto}://${host}`;
}
