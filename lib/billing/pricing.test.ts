import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { pool, sql } from "../db";
import { assignUserGroup, computeCost, getPrice, listPricedModels, setGroupMultiplier, setPrice, upsertModel, worstCaseCost, type Price } from "./pricing";
import { DEFAULT_CATALOG, seedDefaultCatalog } from "./seed-default-catalog";
import { EMPTY_USAGE, type Usage } from "./usage";

const actor = { kind: "cli" as const };

function price(overrides: Partial<Price> = {}): Price {
  return { id: "p", modelId: "m", inputPerM: 3_000_000n, outputPerM: 15_000_000n, cacheReadPerM: 300_000n, cacheWritePerM: 3_750_000n, perImage: null, effectiveFrom: new Date(0), ...overrides };
}

function usage(input: Partial<Usage["input"]>, output: Partial<Usage["output"]> = {}, images?: number): Usage {
  return { input: { ...EMPTY_USAGE.input, ...input }, output: { ...EMPTY_USAGE.output, ...output }, images };
}

describe("computeCost", () => {
  it("prices each token kind at its own rate, exactly", () => {
    // 1,000 input at $3/M = 3000 µ; 2,000 cache read at $0.30/M = 600 µ; 100 cache write at $3.75/M = 375 µ;
    // 500 text + 500 reasoning output at $15/M = 15000 µ
    const cost = computeCost({ price: price(), usage: usage({ noCache: 1000, cacheRead: 2000, cacheWrite: 100 }, { text: 500, reasoning: 500 }) });
    expect(cost).toBe(3000n + 600n + 375n + 15000n);
  });

  it("Anthropic's 1-hour cache writes at twice the input price, the 5-minute ones at the cache-write price", () => {
    // 1,000 written, 400 of them for an hour: 600 at $3.75/M = 2250 µ, 400 at 2 × $3/M = 2400 µ
    expect(computeCost({ price: price(), usage: usage({ cacheWrite: 1000, cacheWrite1h: 400 }) })).toBe(2250n + 2400n);
    // never more 1-hour writes than writes
    expect(computeCost({ price: price(), usage: usage({ cacheWrite: 100, cacheWrite1h: 900 }) })).toBe(600n);
  });

  it("rounds once per request, upward", () => {
    // 1 token at $0.15/M = 0.15 µ → 1 µ; 7 tokens = 1.05 µ → 2 µ (not 7 × ceil(0.15) = 7)
    const p = price({ inputPerM: 150_000n, cacheReadPerM: null, cacheWritePerM: null });
    expect(computeCost({ price: p, usage: usage({ noCache: 1 }) })).toBe(1n);
    expect(computeCost({ price: p, usage: usage({ noCache: 7 }) })).toBe(2n);
    expect(computeCost({ price: p, usage: EMPTY_USAGE })).toBe(0n);
    // the multiplier is applied before the single rounding: 10 tokens × 0.15 µ × 0.9 = 1.35 → 2
    expect(computeCost({ price: p, usage: usage({ noCache: 10 }), multiplierPpm: 900_000 })).toBe(2n);
    expect(computeCost({ price: p, usage: usage({ noCache: 1_000_000 }), multiplierPpm: 900_000 })).toBe(135_000n);
  });

  it("falls back to the input price for unset cache prices and charges images", () => {
    const p = price({ cacheReadPerM: null, cacheWritePerM: null, perImage: 40_000n });
    expect(computeCost({ price: p, usage: usage({ cacheRead: 1_000_000, cacheWrite: 1_000_000 }) })).toBe(6_000_000n);
    expect(computeCost({ price: p, usage: usage({}, {}, 3) })).toBe(120_000n);
  });

  it("refuses bad counts and multipliers", () => {
    expect(() => computeCost({ price: price(), usage: usage({ noCache: -1 }) })).toThrow(/non-negative/);
    expect(() => computeCost({ price: price(), usage: usage({ noCache: 1.5 }) })).toThrow(/non-negative/);
    expect(() => computeCost({ price: price(), usage: EMPTY_USAGE, multiplierPpm: 0 })).toThrow(/multiplier/);
  });

  it("worst case bounds every settlement within the limits", () => {
    const p = price();
    const worst = worstCaseCost({ price: p, promptTokens: 1000, maxOutputTokens: 200, multiplierPpm: 1_100_000 });
    expect(worst).toBe(((1000n * 3_750_000n + 200n * 15_000_000n) * 1_100_000n + 10n ** 12n - 1n) / 10n ** 12n);
    for (const split of [{ noCache: 1000 }, { cacheRead: 1000 }, { cacheWrite: 1000 }, { noCache: 400, cacheWrite: 600 }]) {
      expect(computeCost({ price: p, usage: usage(split, { text: 150, reasoning: 50 }), multiplierPpm: 1_100_000 })).toBeLessThanOrEqual(worst);
    }
    // a request that asks for the 1-hour cache is held for writes at twice the input price, which bound those too
    const hourWrites = usage({ cacheWrite: 1000, cacheWrite1h: 1000 }, { text: 200 });
    expect(computeCost({ price: p, usage: hourWrites })).toBeGreaterThan(worstCaseCost({ price: p, promptTokens: 1000, maxOutputTokens: 200 }));
    expect(computeCost({ price: p, usage: hourWrites })).toBeLessThanOrEqual(worstCaseCost({ price: p, promptTokens: 1000, maxOutputTokens: 200, mayCacheForAnHour: true }));
  });
});

describe("price versions and catalog", () => {
  it("seeds the default catalog once, with prices in force", async () => {
    expect(await seedDefaultCatalog()).toBe(DEFAULT_CATALOG.length);
    expect(await seedDefaultCatalog()).toBe(0);
    const models = await listPricedModels();
    expect(models.map((m) => m.id).sort()).toEqual(DEFAULT_CATALOG.map((m) => m.id).sort());
    const sonnet = models.find((m) => m.id === "claude-sonnet-4-6");
    expect(sonnet?.price).toMatchObject({ inputPerM: 3_000_000n, outputPerM: 15_000_000n, cacheReadPerM: 300_000n, cacheWritePerM: 3_750_000n });
    expect(sonnet).toMatchObject({ vendor: "anthropic", contextWindow: 200_000, maxOutputTokens: 128_000, kind: "chat" });
    // Claude Code's defaults are served out of the box; a model at its end of life is not offered to a new site
    expect(models.map((m) => m.id)).toEqual(expect.arrayContaining(["claude-sonnet-4-6", "claude-opus-4-8", "claude-haiku-4-5"]));
    expect(models.map((m) => m.id)).not.toContain("claude-sonnet-4-5");
    expect(models.find((m) => m.id === "claude-opus-4-8")?.price).toMatchObject({ inputPerM: 5_000_000n, outputPerM: 25_000_000n, cacheReadPerM: 500_000n, cacheWritePerM: 6_250_000n });
  });

  it("a request in flight pays the price in force when it started", async () => {
    await upsertModel({ id: "flight-model", vendor: "openai", kind: "chat", contextWindow: 8000, maxOutputTokens: 1000, modalities: ["text"], isVisible: true });
    await setPrice({ modelId: "flight-model", inputPerM: 1_000_000n, outputPerM: 2_000_000n, effectiveFrom: new Date(Date.now() - 60_000), actor });
    const startedAt = new Date();
    const atStart = await getPrice("flight-model", startedAt);
    expect(atStart?.inputPerM).toBe(1_000_000n);
    // the operator raises the price while the request runs
    await new Promise((r) => setTimeout(r, 5));
    await setPrice({ modelId: "flight-model", inputPerM: 5_000_000n, outputPerM: 9_000_000n, actor });
    expect((await getPrice("flight-model"))?.inputPerM).toBe(5_000_000n);
    // settlement looks up the price at the request's start, which is still the old version
    const atSettle = await getPrice("flight-model", startedAt);
    expect(atSettle?.id).toBe(atStart?.id);
    expect(computeCost({ price: atSettle as Price, usage: usage({ noCache: 1_000_000 }) })).toBe(1_000_000n);
    // a version in the future is not in force yet; versions are never updated
    await setPrice({ modelId: "flight-model", inputPerM: 7_000_000n, outputPerM: 9_000_000n, effectiveFrom: new Date(Date.now() + 3_600_000), actor });
    expect((await getPrice("flight-model"))?.inputPerM).toBe(5_000_000n);
    expect((await getPrice("flight-model", new Date(Date.now() + 7_200_000)))?.inputPerM).toBe(7_000_000n);
    const { rows } = await sql<{ count: bigint }>(`select count(*)::bigint as count from model_prices where model_id = 'flight-model'`);
    expect(rows[0].count).toBe(3n);
    const audits = await sql<{ count: bigint }>(`select count(*)::bigint as count from audit_logs where action = 'price.set' and target_id = 'flight-model'`);
    expect(audits.rows[0].count).toBe(3n);
  });

  it("sees a price inserted by another process (NOTIFY)", async () => {
    await upsertModel({ id: "notify-model", vendor: "openai", kind: "chat", contextWindow: 8000, maxOutputTokens: 1000, modalities: ["text"], isVisible: true });
    expect(await getPrice("notify-model")).toBeNull();
    await sql(`insert into model_prices (model_id, input_per_m, output_per_m, effective_from) values ('notify-model', 42, 43, now() - interval '1 minute')`);
    await expect.poll(async () => (await getPrice("notify-model"))?.inputPerM, { timeout: 5_000 }).toBe(42n);
  });

  it("refuses bad prices and unknown models", async () => {
    await expect(setPrice({ modelId: "no-such-model", inputPerM: 1n, outputPerM: 1n, actor })).rejects.toMatchObject({ code: "model_not_found" });
    await expect(setPrice({ modelId: "gpt-4o", inputPerM: -1n, outputPerM: 1n, actor })).rejects.toMatchObject({ code: "bad_request" });
    await expect(setGroupMultiplier({ name: "vip", multiplierPpm: 0, actor })).rejects.toMatchObject({ code: "bad_request" });
    expect(await setGroupMultiplier({ name: "vip", multiplierPpm: 900_000, actor })).toMatchObject({ name: "vip", multiplierPpm: 900_000 });
    expect(await setGroupMultiplier({ name: "vip", multiplierPpm: 800_000, actor })).toMatchObject({ multiplierPpm: 800_000 });
  });

  it("refuses a group name that differs from an existing one only in case, with a message naming it", async () => {
    await setGroupMultiplier({ name: "Partners", multiplierPpm: 800_000, actor });
    const attempt = setGroupMultiplier({ name: "partners", multiplierPpm: 700_000, actor });
    await expect(attempt).rejects.toMatchObject({ code: "conflict", status: 409, param: "name" });
    await expect(attempt).rejects.toThrow("A group named “Partners” already exists (names ignore upper and lower case)");
    // the exact name still changes the multiplier
    expect(await setGroupMultiplier({ name: "Partners", multiplierPpm: 750_000, actor })).toMatchObject({ name: "Partners", multiplierPpm: 750_000 });
    const { rows } = await sql<{ name: string; multiplier_ppm: number }>(`select name, multiplier_ppm from customer_groups where lower(name) = 'partners'`);
    expect(rows).toEqual([{ name: "Partners", multiplier_ppm: 750_000 }]);
    // the database refuses it too (a race between two creations)
    await expect(sql(`insert into customer_groups (name) values ('PARTNERS')`)).rejects.toMatchObject({ code: "23505" });
    // and a customer is put in it whatever the case typed
    await sql(`insert into users (email) values ('group-case@example.com')`);
    const assigned = await assignUserGroup({ email: "group-case@example.com", group: "PARTNERS", actor });
    expect(assigned.groupId).toBe((await sql<{ id: string }>(`select id from customer_groups where name = 'Partners'`)).rows[0].id);
  });

  it("migration 1060 builds its index over names that already differ only in case, renaming all but the oldest", async () => {
    const migration = fs.readFileSync(path.resolve("prisma/migrations/1060_customer_group_name_ignores_case/migration.sql"), "utf8");
    const client = await pool().connect();
    try {
      await client.query("BEGIN");
      await client.query(`drop index customer_groups_name_lower_key`);
      await client.query(`insert into customer_groups (name, created_at) values ('Resellers', now() - interval '1 day'), ('resellers', now()), ('RESELLERS', now() + interval '1 second')`);
      await client.query(migration);
      const { rows } = await client.query<{ id: string; name: string }>(`select id, name from customer_groups where lower(name) like 'resellers%' order by created_at`);
      expect(rows.map((r) => r.name)).toEqual(["Resellers", `resellers (${rows[1].id.slice(0, 8)})`, `RESELLERS (${rows[2].id.slice(0, 8)})`]);
    } finally {
      await client.query("ROLLBACK");
      client.release();
    }
  });
});
