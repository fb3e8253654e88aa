"use client";

import { useEffect } from "react";
import { useRouter } from "next/navigation";
import { TIME_ZONE_COOKIE } from "@/lib/usage/time-zone";

/**
 * Tells the server the browser's time zone (a cookie), so "today", chart buckets and dates follow the customer's
 * clock. When the page was rendered for another zone, it re-renders once.
 */
export function TimeZoneCookie({ renderedFor }: { renderedFor: string }) {
  const router = useRouter();
  useEffect(() => {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!zone || zone === renderedFor) return;
    const current = document.cookie.split("; ").find((part) => part.startsWith(`${TIME_ZONE_COOKIE}=`));
    // Already told (the server may not know this zone and fell back to UTC): never loop.
    if (current && decodeURIComponent(current.slice(TIME_ZONE_COOKIE.length + 1)) === zone) return;
    document.cookie = `${TIME_ZONE_COOKIE}=${encodeURIComponent(zone)}; path=/; max-age=31536000; samesite=lax`;
    router.refresh();
  }, [renderedFor, router]);
  return null;
}
