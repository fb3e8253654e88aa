/**
 * What every console page renders with besides its data: the customer's time zone (a cookie the browser sets,
 * see components/charts/time-zone-cookie.tsx) and the instant the page was rendered, so relative times read the
 * same on the server and in the browser.
 */
import "server-only";
import { cookies } from "next/headers";
import { resolveTimeZone, TIME_ZONE_COOKIE } from "./time-zone";

export async function consoleContext(): Promise<{ timeZone: string; now: string }> {
  const store = await cookies();
  return { timeZone: resolveTimeZone(store.get(TIME_ZONE_COOKIE)?.value), now: new Date().toISOString() };
}
