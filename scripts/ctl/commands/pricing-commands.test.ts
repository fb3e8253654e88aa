import { execFile } from "node:child_process";
import { describe, expect, it } from "vitest";
import { getPrice, invalidatePrices } from "../../../lib/billing/pricing";
import { sql } from "../../../lib/db";

type Run = { code: number; stdout: string; stderr: string };

function ctl(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--no-warnings", "--import", "tsx", "--import", "./scripts/register-hooks.mjs", "scripts/ctl.ts", ...args],
      { env: { ...process.env, LOG_LEVEL: "silent" }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

// each command is a child process that starts Node and connects to the database: slow on a busy machine
describe("pricing CLI commands", { timeout: 180_000 }, () => {
  it("model:set creates a model and adds price versions; refuses bad input", async () => {
    const missingVendor = await ctl("model:set", "--model", "acme-1", "--input", "1", "--output", "2");
    expect(missingVendor.code).toBe(2);
    expect(missingVendor.stderr).toContain("--vendor");
    const badPrice = await ctl("model:set", "--model", "acme-1", "--input", "cheap", "--output", "2", "--vendor", "acme");
    expect(badPrice.code).toBe(2);

    const created = await ctl("model:set", "--model", "acme-1", "--input", "0.15", "--output", "0.6", "--cache-read", "0.075", "--vendor", "acme", "--context", "64000");
    expect(created.stderr).toBe("");
    expect(created.code).toBe(0);
    expect(created.stdout).toContain("Created acme-1");
    invalidatePrices();
    expect(await getPrice("acme-1")).toMatchObject({ inputPerM: 150_000n, outputPerM: 600_000n, cacheReadPerM: 75_000n, cacheWritePerM: null });

    // the cache-read price left out carries over (and is shown); "none" removes it
    const updated = await ctl("model:set", "--model", "acme-1", "--input", "0.2", "--output", "0.8");
    expect(updated.code).toBe(0);
    expect(updated.stdout).toContain("Updated acme-1");
    expect(updated.stdout).toContain("cache read $0.075");
    invalidatePrices();
    expect(await getPrice("acme-1")).toMatchObject({ inputPerM: 200_000n, outputPerM: 800_000n, cacheReadPerM: 75_000n, cacheWritePerM: null });
    const cleared = await ctl("model:set", "--model", "acme-1", "--input", "0.2", "--output", "0.8", "--cache-read", "none", "--cache-write", "0.3");
    expect(cleared.code).toBe(0);
    expect(cleared.stdout).not.toContain("cache read");
    invalidatePrices();
    expect(await getPrice("acme-1")).toMatchObject({ inputPerM: 200_000n, cacheReadPerM: null, cacheWritePerM: 300_000n });
    expect((await ctl("model:set", "--model", "acme-1", "--input", "0.2", "--output", "0.8", "--cache-read", "nothing")).code).toBe(2);
    const { rows } = await sql<{ versions: bigint; context_window: number }>(
      `select (select count(*) from model_prices where model_id = 'acme-1')::bigint as versions, context_window from models where id = 'acme-1'`,
    );
    expect(rows[0]).toEqual({ versions: 3n, context_window: 64000 });
  });

  it("group:set and group:assign put a user in a discounted group", async () => {
    await sql(`insert into users (email) values ('grouped@example.com')`);
    expect((await ctl("group:set", "--name", "resellers", "--multiplier", "0")).code).toBe(2);
    const set = await ctl("group:set", "--name", "resellers", "--multiplier", "0.9");
    expect(set.code).toBe(0);
    expect(set.stdout).toContain("900000 ppm");
    const assigned = await ctl("group:assign", "--email", "grouped@example.com", "--group", "resellers");
    expect(assigned.code).toBe(0);
    const { rows } = await sql<{ multiplier_ppm: number }>(
      `select g.multiplier_ppm from users u join customer_groups g on g.id = u.group_id where u.email = 'grouped@example.com'`,
    );
    expect(rows[0].multiplier_ppm).toBe(900_000);
    expect((await ctl("group:assign", "--email", "grouped@example.com", "--group", "nope")).code).toBe(1);
    expect((await ctl("group:assign", "--email", "grouped@example.com", "--none")).code).toBe(0);
  });

  it("balance:alert sets and clears a low-balance threshold", async () => {
    await sql(`insert into users (email) values ('alert@example.com')`);
    expect((await ctl("balance:alert", "--email", "alert@example.com", "--threshold", "-1")).code).toBe(2);
    const set = await ctl("balance:alert", "--email", "alert@example.com", "--threshold", "2.5");
    expect(set.code).toBe(0);
    const read = async () => (await sql<{ t: bigint | null }>(`select low_balance_threshold as t from users where email = 'alert@example.com'`)).rows[0].t;
    expect(await read()).toBe(2_500_000n);
    expect((await ctl("balance:alert", "--email", "alert@example.com", "--threshold", "off")).code).toBe(0);
    expect(await read()).toBeNull();
  });
});
