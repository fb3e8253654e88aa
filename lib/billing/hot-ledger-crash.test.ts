/**
 * kill -9 in the middle of a run: a child process hammers the ledger hot path, is SIGKILLed while settlements are
 * being committed and holds are pending, and the ledger must still prove every invariant, with nothing left
 * reserved by the dead process.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { sql } from "../db";
import { getWalletBalance } from "./accounts";
import { placeHold, voidHold } from "./holds";
import { checkLedger } from "./ledger";
import { apiKeyRow, fundedWallet } from "./test-support/fixtures";

describe("ledger hot path crash", () => {
  it("keeps every invariant after kill -9 mid-run", async () => {
    const targets = [];
    for (const paid of [200_000n, 5_000_000n, 1_000_000_000n]) {
      const wallet = await fundedWallet({ paid, trial: 100_000n });
      const apiKey = await apiKeyRow({ userId: wallet.userId, creditCap: paid === 5_000_000n ? 3_000_000n : 0n });
      targets.push({ walletId: wallet.walletId, apiKey: { id: apiKey.id, creditCap: apiKey.creditCap.toString() } });
    }
    const root = path.resolve(__dirname, "../..");
    const child = spawn(process.execPath, ["--import", "tsx", "--import", "./scripts/register-hooks.mjs", "lib/billing/test-support/ledger-hammer.ts", JSON.stringify(targets)], {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: "silent" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, signal) => resolve(signal)));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => {
        if (chunk.toString().includes("ready")) resolve();
      });
      child.on("exit", () => reject(new Error(`hammer exited early: ${stderr}`)));
    });
    // let it run into the middle of more batches, then kill it without warning
    await new Promise((r) => setTimeout(r, 150));
    child.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");

    const check = await checkLedger();
    expect(check.problems).toEqual([]);
    expect(check.ok).toBe(true);
    const usage = await sql<{ count: bigint }>(`select count(*)::bigint as count from usage_postings`);
    expect(usage.rows[0].count).toBeGreaterThanOrEqual(200n);
    // the dead process's pending holds reserved nothing durable: all the money is available again
    for (const target of targets) {
      const balance = await getWalletBalance(target.walletId);
      expect(balance.held).toBe(0n);
      expect(balance.paid).toBeGreaterThanOrEqual(0n);
      expect(balance.trial).toBeGreaterThanOrEqual(0n);
      if (balance.available > 0n) {
        const hold = await placeHold({ walletId: target.walletId, amount: balance.available, idempotencyKey: `after-crash:${target.walletId}` });
        await voidHold(hold);
      }
    }
  }, 60_000);
});
