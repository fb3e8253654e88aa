import { beforeAll, describe, expect, it } from "vitest";
import { personalScope } from "./data-scope";
import { insertLogs, type LogFixture } from "../../tests/support/usage-fixtures";
import { prisma, sql } from "../db";
import { createApiKey } from "../keys/create-api-key";
import { getUsageSeries, MAX_SERIES, NO_KEY_SERIES, OTHER_SERIES } from "./get-usage-series";
import { getUsageSummary } from "./get-usage-summary";
import { rebuildUsageRollups } from "./rebuild-rollups";
import { resolveTimeZone } from "./time-zone";

const NOW = new Date("2025-03-10T15:30:00.000Z"); // a Monday
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let userId: string;
let keyA: string;
let keyB: string;
let rows: LogFixture[];

beforeAll(async () => {
  userId = (await prisma().user.create({ data: { email: "series@example.com" } })).id;
  const actor = { kind: "user" as const, id: userId };
  keyA = (await createApiKey({ userId, input: { name: "laptop" }, actor })).id;
  keyB = (await createApiKey({ userId, input: { name: "ci" }, actor })).id;
  rows = [
    // today (UTC): 3 requests, one failed
    { userId, createdAt: new Date(NOW.getTime() - 1 * HOUR), apiKeyId: keyA, model: "gpt-4o", cost: 1_000_000n, inputTokens: 100, outputTokens: 50 },
    { userId, createdAt: new Date(NOW.getTime() - 2 * HOUR), apiKeyId: keyB, model: "claude-sonnet-4-5", cost: 2_500_000n, inputTokens: 10, cacheReadTokens: 90, outputTokens: 20, reasoningTokens: 5 },
    { userId, createdAt: new Date(NOW.getTime() - 3 * HOUR), apiKeyId: keyA, model: "gpt-4o", status: 429, cost: 0n, inputTokens: 0, outputTokens: 0 },
    // 2025-03-09 23:30 UTC: yesterday in UTC, but today (03-10 07:30) in Shanghai
    { userId, createdAt: new Date("2025-03-09T23:30:00.000Z"), apiKeyId: keyA, model: "gpt-4o", cost: 300_000n, inputTokens: 1, outputTokens: 1 },
    // earlier this month, and last month
    { userId, createdAt: new Date("2025-03-02T10:00:00.000Z"), apiKeyId: null, model: "gpt-4o-mini", cost: 700_000n, inputTokens: 7, outputTokens: 0 },
    { userId, createdAt: new Date("2025-02-20T10:00:00.000Z"), apiKeyId: keyB, model: "gpt-4o", cost: 5_000_000n, inputTokens: 5, outputTokens: 5 },
    // outside every window (over a year ago)
    { userId, createdAt: new Date("2023-01-01T00:00:00.000Z"), apiKeyId: keyB, model: "gpt-4o", cost: 9_000_000n },
  ];
  await insertLogs(rows);
  // another customer's usage never shows
  const other = await prisma().user.create({ data: { email: "series-other@example.com" } });
  await insertLogs([{ userId: other.id, createdAt: new Date(NOW.getTime() - HOUR), cost: 42_000_000n }]);
  await rebuildUsageRollups({ userId });
  await rebuildUsageRollups({ userId: other.id });
});

describe("usage summary", () => {
  it("sums today and this month from the rollups, in the customer's time zone", async () => {
    expect(await getUsageSummary({ scope: personalScope(userId), timeZone: "UTC", now: NOW })).toEqual({
      spendToday: "3500000",
      spendThisMonth: "4500000",
      requestsToday: 3,
      errorsToday: 1,
      tokensToday: 100 + 50 + 10 + 90 + 20 + 5,
      requestsThisMonth: 5,
      timeZone: "UTC",
    });
    const shanghai = await getUsageSummary({ scope: personalScope(userId), timeZone: "Asia/Shanghai", now: NOW });
    expect(shanghai.spendToday).toBe("3800000");
    expect(shanghai.requestsToday).toBe(4);
  });

  it("is zero for a new customer", async () => {
    const fresh = await prisma().user.create({ data: { email: "series-fresh@example.com" } });
    const summary = await getUsageSummary({ scope: personalScope(fresh.id), timeZone: "UTC", now: NOW });
    expect(summary).toMatchObject({ spendToday: "0", spendThisMonth: "0", requestsToday: 0, tokensToday: 0 });
  });
});

describe("usage series", () => {
  it("daily: 30 buckets ending today, zeros where nothing happened, totals by key and by model", async () => {
    const series = await getUsageSeries({ scope: personalScope(userId), granularity: "day", timeZone: "UTC", now: NOW });
    expect(series.points).toHaveLength(30);
    expect(series.points.at(-1)!.start).toBe("2025-03-10T00:00:00.000Z");
    expect(series.points[0].start).toBe("2025-02-09T00:00:00.000Z");
    const byDay = Object.fromEntries(series.points.map((p) => [p.start.slice(0, 10), p.total]));
    expect(byDay["2025-03-10"]).toEqual({ cost: "3500000", tokens: 275, requests: 3 });
    expect(byDay["2025-03-09"]).toEqual({ cost: "300000", tokens: 2, requests: 1 });
    expect(byDay["2025-03-05"]).toEqual({ cost: "0", tokens: 0, requests: 0 });
    expect(series.total.cost).toBe("9500000");

    expect(series.keys.map((g) => g.id)).toEqual([keyB, keyA, NO_KEY_SERIES]);
    expect(series.keys[0].label).toBe("ci");
    const today = series.points.at(-1)!;
    expect(today.byKey[keyA]).toEqual({ cost: "1000000", tokens: 150, requests: 2 });
    expect(today.byModel["claude-sonnet-4-5"]).toEqual({ cost: "2500000", tokens: 125, requests: 1 });
    // every point has every series, so stacked charts line up
    for (const point of series.points) expect(Object.keys(point.byModel).sort()).toEqual(series.models.map((m) => m.id).sort());
  });

  it("weekly starts on Monday and monthly covers 12 months; the sum of buckets is the window total", async () => {
    const weekly = await getUsageSeries({ scope: personalScope(userId), granularity: "week", timeZone: "UTC", now: NOW });
    expect(weekly.points).toHaveLength(12);
    expect(weekly.points.at(-1)!.start).toBe("2025-03-10T00:00:00.000Z");
    expect(weekly.points.at(-2)!.total.cost).toBe("300000"); // Mon 03-03 .. Sun 03-09
    expect(weekly.points.at(-3)!.total.cost).toBe("700000"); // Sun 03-02 belongs to the week of Mon 02-24
    const monthly = await getUsageSeries({ scope: personalScope(userId), granularity: "month", timeZone: "UTC", now: NOW });
    expect(monthly.points.map((p) => p.start.slice(0, 7))).toEqual([
      "2024-04", "2024-05", "2024-06", "2024-07", "2024-08", "2024-09", "2024-10", "2024-11", "2024-12", "2025-01", "2025-02", "2025-03",
    ]);
    expect(monthly.points.at(-1)!.total.cost).toBe("4500000");
    expect(monthly.points.at(-2)!.total.cost).toBe("5000000");
    const sum = monthly.points.reduce((acc, p) => acc + BigInt(p.total.cost), 0n);
    expect(sum.toString()).toBe(monthly.total.cost);
  });

  it("buckets in the customer's time zone", async () => {
    const series = await getUsageSeries({ scope: personalScope(userId), granularity: "day", timeZone: "Asia/Shanghai", now: NOW });
    const today = series.points.at(-1)!;
    expect(today.start).toBe("2025-03-09T16:00:00.000Z"); // midnight in Shanghai
    expect(today.total.cost).toBe("3800000");
  });

  it(`folds keys and models beyond ${MAX_SERIES} into "other"`, async () => {
    const many = await prisma().user.create({ data: { email: "series-many@example.com" } });
    await insertLogs(
      Array.from({ length: 9 }, (_, i) => ({ userId: many.id, createdAt: new Date(NOW.getTime() - HOUR), model: `model-${i}`, cost: BigInt((i + 1) * 1000) })),
    );
    await rebuildUsageRollups({ userId: many.id });
    const series = await getUsageSeries({ scope: personalScope(many.id), granularity: "day", timeZone: "UTC", now: NOW });
    expect(series.models.map((m) => m.id)).toEqual(["model-8", "model-7", "model-6", "model-5", "model-4", OTHER_SERIES]);
    expect(series.points.at(-1)!.byModel[OTHER_SERIES].cost).toBe(String(1000 + 2000 + 3000 + 4000));
  });

  it("reads the rollups, not the log", async () => {
    await sql(`delete from request_logs where user_id = $1`, [userId]);
    const series = await getUsageSeries({ scope: personalScope(userId), granularity: "day", timeZone: "UTC", now: NOW });
    expect(series.total.cost).toBe("9500000");
  });
});

describe("time zones", () => {
  it("accepts IANA names and falls back to UTC for anything else", () => {
    expect(resolveTimeZone("Asia/Shanghai")).toBe("Asia/Shanghai");
    expect(resolveTimeZone("Mars/Olympus")).toBe("UTC");
    expect(resolveTimeZone("UTC'; drop table users; --")).toBe("UTC");
    expect(resolveTimeZone(undefined)).toBe("UTC");
  });
});
