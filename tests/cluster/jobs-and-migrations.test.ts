import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { sql } from "../../lib/db";
import { migrate, readMigrations } from "../../lib/db/migrate";
import { acquireLease, releaseLeases, runJobOnce, type Job } from "../../lib/jobs";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("background job leases", () => {
  it("under contention exactly one instance holds a lease, keeps it, and loses it only when it expires or is released", async () => {
    const holders = ["a", "b", "c"];
    for (let round = 0; round < 10; round++) {
      const won = await Promise.all(holders.map((h) => acquireLease("contended", 60_000, h)));
      expect(won.filter(Boolean)).toHaveLength(1);
    }
    const { rows } = await sql<{ holder: string }>(`select holder from job_leases where name = 'contended'`);
    const owner = rows[0].holder;
    expect(await acquireLease("contended", 60_000, owner)).toBe(true); // the holder extends it

    // a short lease lapses and another instance takes over
    expect(await Promise.all(holders.map((h) => acquireLease("short", 300, h)))).toContain(true);
    await sleep(400);
    const next = await Promise.all(holders.map((h) => acquireLease("short", 60_000, h)));
    expect(next.filter(Boolean)).toHaveLength(1);

    // a graceful stop hands the lease back at once
    await releaseLeases(owner);
    const others = holders.filter((h) => h !== owner);
    expect((await Promise.all(others.map((h) => acquireLease("contended", 60_000, h)))).filter(Boolean)).toHaveLength(1);
  });

  it("runs a job once per tick across instances and records runs and skipped ticks per instance", async () => {
    let runs = 0;
    const job: Job = { name: "count-runs", everyMs: 1_000, run: async () => void runs++ };
    for (let tick = 0; tick < 5; tick++) await Promise.all(["i1", "i2", "i3"].map((holder) => runJobOnce(job, holder)));
    expect(runs).toBe(5);
    const { rows } = await sql<{ holder: string; runs: bigint; skipped: bigint }>(`select holder, runs, skipped from job_runs where name = 'count-runs' order by holder`);
    expect(rows).toHaveLength(3);
    expect(rows.filter((r) => r.runs > 0n)).toHaveLength(1);
    expect(rows.reduce((sum, r) => sum + r.runs, 0n)).toBe(5n);
    expect(rows.reduce((sum, r) => sum + r.skipped, 0n)).toBe(10n);
  });
});

describe("migrations", () => {
  it("several instances starting at once: one applies every migration, the others wait and find nothing to do", async () => {
    const admin = new pg.Client({ connectionString: process.env.TEST_ADMIN_DATABASE_URL });
    await admin.connect();
    const name = `mig_${randomBytes(5).toString("hex")}`;
    await admin.query(`CREATE DATABASE ${name}`);
    try {
      const url = new URL(process.env.TEST_ADMIN_DATABASE_URL ?? "");
      url.pathname = `/${name}`;
      const results = await Promise.all(Array.from({ length: 4 }, () => migrate(url.toString())));
      const all = readMigrations().map((m) => m.name);
      expect(results.filter((applied) => applied.length > 0)).toEqual([all]);
      expect(results.filter((applied) => applied.length === 0)).toHaveLength(3);
      const check = new pg.Client({ connectionString: url.toString() });
      await check.connect();
      const { rows } = await check.query<{ count: string }>(`select count(*) from _switchyard_migrations`);
      await check.end();
      expect(Number(rows[0].count)).toBe(all.length);
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  }, 120_000);
});

describe("job registry", () => {
  it("lib/jobs/all.ts imports every module that registers a job, so server.ts starts them all", () => {
    const root = path.resolve(import.meta.dirname, "../..");
    const registering: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory() && entry.name !== "generated") walk(full);
        else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") && /\bregisterJob\(/.test(fs.readFileSync(full, "utf8"))) registering.push(full);
      }
    };
    walk(path.join(root, "lib"));
    const modules = registering.filter((file) => file !== path.join(root, "lib/jobs/index.ts"));
    expect(modules.length).toBeGreaterThan(0);
    const all = fs.readFileSync(path.join(root, "lib/jobs/all.ts"), "utf8");
    for (const file of modules) {
      const specifier = path.relative(path.join(root, "lib/jobs"), file).replace(/\.ts$/, "");
      expect(all, `${specifier} registers a job`).toContain(`import "${specifier.startsWith(".") ? specifier : `./${specifier}`}";`);
    }
  });
});
