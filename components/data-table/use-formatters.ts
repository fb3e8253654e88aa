"use client";

import { useMemo } from "react";
import { useLocale } from "next-intl";
import { formatUsd } from "@/lib/money";

export type Formatters = {
  dateTime: (iso: string) => string;
  /** month, day and time: dense tables */
  shortDateTime: (iso: string) => string;
  date: (iso: string) => string;
  /** "3 minutes ago", relative to the `now` the server rendered with (so server and browser agree) */
  relative: (iso: string) => string;
  number: (value: number) => string;
  compact: (value: number) => string;
  /** micro-units (string or bigint) → "$1.23"; amounts stay in USD in every language */
  usd: (micros: string | bigint) => string;
  duration: (ms: number) => string;
};

const RELATIVE_STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["second", 60],
  ["minute", 60],
  ["hour", 24],
  ["day", 30],
  ["month", 12],
  ["year", Number.POSITIVE_INFINITY],
];

/** Locale-aware formatting of dates (in the customer's time zone), numbers and money for console tables. */
export function useFormatters({ timeZone, now }: { timeZone: string; now: string }): Formatters {
  const locale = useLocale();
  return useMemo(() => {
    const dateTimeFormat = new Intl.DateTimeFormat(locale, { timeZone, dateStyle: "medium", timeStyle: "medium" });
    const dateFormat = new Intl.DateTimeFormat(locale, { timeZone, dateStyle: "medium" });
    const shortFormat = new Intl.DateTimeFormat(locale, { timeZone, month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" });
    const numberFormat = new Intl.NumberFormat(locale);
    const compactFormat = new Intl.NumberFormat(locale, { notation: "compact", maximumFractionDigits: 1 });
    const relativeFormat = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });
    const nowMs = Date.parse(now);
    return {
      dateTime: (iso) => dateTimeFormat.format(new Date(iso)),
      date: (iso) => dateFormat.format(new Date(iso)),
      shortDateTime: (iso) => shortFormat.format(new Date(iso)),
      relative: (iso) => {
        let value = (Date.parse(iso) - nowMs) / 1000;
        for (const [unit, size] of RELATIVE_STEPS) {
          if (Math.abs(value) < size) return relativeFormat.format(Math.round(value), unit);
          value /= size;
        }
        return dateFormat.format(new Date(iso));
      },
      number: (value) => numberFormat.format(value),
      compact: (value) => compactFormat.format(value),
      usd: (micros) => formatUsd(typeof micros === "bigint" ? micros : BigInt(micros)),
      duration: (ms) => (ms < 1000 ? `${numberFormat.format(ms)} ms` : `${new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(ms / 1000)} s`),
    };
  }, [locale, timeZone, now]);
}
