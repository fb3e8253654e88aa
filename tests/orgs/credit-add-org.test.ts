/** The operator CLI credits an organization's shared wallet with `credit:add --org SLUG`. */
import { execFile } from "node:child_process";
import { describe, expect, it } from "vitest";
import { getWalletBalance, walletId } from "../../lib/billing/accounts";
import { checkLedger } from "../../lib/billing/ledger";
import { sql } from "../../lib/db";
import { createTeam } from "./support";

function ctl(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--no-warnings", "--import", "tsx", "--import", "./scripts/register-hooks.mjs", "scripts/ctl.ts", ...args],
      { env: { ...process.env, LOG_LEVEL: "silent" }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe("credit:add --org", () => {
  it("credits the organization's wallet, refuses both or neither target and unknown slugs", async () => {
    const team = await createTeam("cli");
    const added = await ctl("credit:add", "--org", team.slug, "--amount", "12.5", "--reason", "invoice 7");
    expect(added.stderr).toBe("");
    expect(added.stdout).toContain(`Added $12.50 to ${team.name}`);
    expect((await getWalletBalance(await walletId({ orgId: team.orgId }))).paid).toBe(12_500_000n);
    expect((await ctl("credit:add", "--org", team.slug, "--email", team.people.owner.email, "--amount", "1", "--reason", "x")).code).toBe(2);
    expect((await ctl("credit:add", "--amount", "1", "--reason", "x")).code).toBe(2);
    const unknown = await ctl("credit:add", "--org", "no-such-org", "--amount", "1", "--reason", "x");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("no-such-org");
    expect((await checkLedger()).ok).toBe(true);
  });

  it("reads and settles a deleted organization's remaining balance by its slug (balance --org, credit:add --org)", async () => {
    const team = await createTeam("cli-deleted");
    expect((await ctl("credit:add", "--org", team.slug, "--amount", "3", "--reason", "invoice 8")).code).toBe(0);
    expect((await ctl("balance", "--org", team.slug)).stdout.trim()).toBe("$3.00");
    await sql(`update organizations set deleted_at = now() where id = $1`, [team.orgId]);
    // the owner deleted it with $3 left: the operator still sees it, and takes it out (after refunding it)
    expect((await ctl("balance", "--org", team.slug)).stdout.trim()).toBe("$3.00");
    const removed = await ctl("credit:add", "--org", team.slug, "--amount", "-3", "--reason", "refunded after deletion");
    expect(removed.stderr).toBe("");
    expect(removed.stdout).toContain(`Removed $3.00 from ${team.name} (deleted). Balance: $0.00`);
    expect((await getWalletBalance(await walletId({ orgId: team.orgId }))).total).toBe(0n);
    expect((await ctl("balance", "--org", team.slug, "--email", team.people.owner.email)).code).toBe(2);
    expect((await checkLedger()).ok).toBe(true);
  });
});
