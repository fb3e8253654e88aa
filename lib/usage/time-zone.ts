/**
 * The customer's time zone for "today", "this month" and chart buckets. The browser reports it (a cookie set by the
 * console); anything unknown falls back to UTC, so a bad value can never reach SQL as anything but a known zone.
 */
export const TIME_ZONE_COOKIE = "sy_tz";

export function resolveTimeZone(candidate: string | null | undefined): string {
  if (!candidate || candidate.length > 64 || !/^[A-Za-z0-9_+\-/]+$/.test(candidate)) return "UTC";
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: candidate }).resolvedOptions().timeZone;
  } catch {
    return "UTC";
  }
}
