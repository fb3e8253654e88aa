import { execFile } from "node:child_process";
import { describe, expect, it } from "vitest";
import { getWalletBalance, walletId } from "../lib/billing/accounts";
import { prisma } from "../lib/db";
import { KEY_PATTERN } from "../lib/keys/secret";
import { verifyApiKey } from "../lib/keys/verify-api-key";

type Run = { code: number; stdout: string; stderr: string };

/** The CLI as an operator runs it, as a child process against this test file's database. */
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

async function counts() {
  return { users: await prisma().user.count(), keys: await prisma().apiKey.count(), transactions: await prisma().ledgerTransaction.count() };
}

// Each case spawns the CLI (and hashes passwords): generous timeouts for a loaded 2-core machine.
describe("operator CLI", { timeout: 120_000 }, () => {
  it("lists its commands", async () => {
    const run = await ctl("help");
    expect(run.code).toBe(0);
    for (const name of ["user:create", "key:create", "credit:add", "balance", "ledger:check", "help"]) expect(run.stdout).toContain(name);
  });

  it("shows a command's usage for --help after it, as `help <command>` does, and runs nothing", async () => {
    const before = await counts();
    for (const args of [["key:create", "--help"], ["key:create", "--email", "a@example.com", "-h"]]) {
      const run = await ctl(...args);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain("key:create — Create an API key");
      expect(run.stdout).toContain("Usage: npm run ctl -- key:create --email E --name N");
      expect(run.stderr).not.toContain("required");
    }
    expect(await counts()).toEqual(before);
  });

  it("refuses an unknown command, a missing flag, a malformed flag and an unknown flag with exit 2, changing nothing", async () => {
    const before = await counts();
    const unknown = await ctl("user:delete", "--email", "a@example.com");
    expect(unknown).toMatchObject({ code: 2 });
    expect(unknown.stderr).toContain('Unknown command "user:delete"');
    expect(unknown.stderr).toContain("help");

    const missing = await ctl("user:create", "--email", "new@example.com");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("--password: required");
    expect(missing.stderr).toContain("Usage: npm run ctl -- user:create");

    const malformed = await ctl("user:create", "--email", "not-an-email", "--password", "short");
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain("--email: Enter a valid email address");
    expect(malformed.stderr).toContain("--password: Use at least 10 characters.");

    const badAmount = await ctl("credit:add", "--email", "a@example.com", "--amount", "ten", "--reason", "x", "--colour", "red");
    expect(badAmount.code).toBe(2);
    expect(badAmount.stderr).toContain('--amount: "ten" is not an amount in USD');
    expect(badAmount.stderr).toContain("--colour: unknown flag");

    // amounts are read as the consoles read them: a bound in dollars, decimals, sign — each with its own reason
    const huge = await ctl("credit:add", "--email", "a@example.com", "--amount", "99999999999999999999", "--reason", "x");
    expect(huge.code).toBe(2);
    expect(huge.stderr).toContain("--amount: must be at most $1,000,000.00");
    const precise = await ctl("credit:add", "--email", "a@example.com", "--amount", "1.0000001", "--reason", "x");
    expect(precise.stderr).toContain("--amount: use at most 6 decimals");
    const negativeCredit = await ctl("user:create", "--email", "n@example.com", "--password", "a long passphrase", "--credit", "-5");
    expect(negativeCredit.stderr).toContain("--credit: must not be negative");
    const bigCap = await ctl("key:create", "--email", "a@example.com", "--name", "k", "--cap", "2000000");
    expect(bigCap.code).toBe(2);
    expect(bigCap.stderr).toContain("--cap: must be at most $1,000,000.00");

    expect(await counts()).toEqual(before);
  });

  it("creates an operator with extra credit, adjusts and prints the balance, refuses a duplicate", async () => {
    const created = await ctl("user:create", "--email", "Ops@Example.com", "--password", "a long passphrase", "--admin", "--credit", "5");
    expect(created.stderr).toBe("");
    expect(created.code).toBe(0);
    expect(created.stdout).toContain("ops@example.com");
    const user = await prisma().user.findUniqueOrThrow({ where: { email: "ops@example.com" } });
    expect(user.isOperator).toBe(true);
    expect(await getWalletBalance(await walletId({ userId: user.id }))).toMatchObject({ paid: 5_000_000n, trial: 1_000_000n });

    const again = await ctl("user:create", "--email", "ops@example.com", "--password", "another passphrase");
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("already exists");
    expect(await prisma().user.count({ where: { email: "ops@example.com" } })).toBe(1);

    const added = await ctl("credit:add", "--email", "ops@example.com", "--amount", "2.5", "--reason", "invoice 1042");
    expect(added.code).toBe(0);
    expect(added.stdout).toContain("$8.50");
    expect(await prisma().auditLog.count({ where: { action: "wallet.adjust", targetId: user.id } })).toBe(1);

    const overdraw = await ctl("credit:add", "--email", "ops@example.com", "--amount", "-100", "--reason", "mistake");
    expect(overdraw.code).toBe(1);
    expect(overdraw.stderr).toContain("exceeds the available balance");

    const balance = await ctl("balance", "--email", "ops@example.com");
    expect(balance).toMatchObject({ code: 0, stdout: "$8.50\n" });

    const nobody = await ctl("balance", "--email", "nobody@example.com");
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toContain("No account has the email nobody@example.com");
  });

  it("creates a key with its limits and prints the secret as the last line", async () => {
    await prisma().user.create({ data: { email: "dev@example.com" } });
    const run = await ctl(
      "key:create", "--email", "dev@example.com", "--name", "laptop", "--models", "gpt-4o, claude-sonnet-4-5", "--cap", "5",
      "--expires", "2031-01-31T00:00:00Z", "--ips", "203.0.113.0/24,2001:db8::/32",
    );
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const lastLine = run.stdout.trim().split("\n").at(-1) ?? "";
    expect(lastLine).toMatch(KEY_PATTERN);
    expect(await verifyApiKey(lastLine)).toMatchObject({
      creditCap: 5_000_000n,
      allowedModels: ["gpt-4o", "claude-sonnet-4-5"],
      allowedIps: ["203.0.113.0/24", "2001:db8::/32"],
    });

    const keys = await prisma().apiKey.count();
    const bad = await ctl("key:create", "--email", "dev@example.com", "--name", "bad", "--ips", "10.0.0.0/99");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--ips.0:");
    expect(await prisma().apiKey.count()).toBe(keys);
  });

  it("ledger:check passes on a consistent ledger and exits 1 naming the account that disagrees", async () => {
    const ok = await ctl("ledger:check");
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^Ledger OK: \d+ accounts and \d+ transactions agree/);

    const user = await prisma().user.findUniqueOrThrow({ where: { email: "ops@example.com" } });
    const wallet = await walletId({ userId: user.id });
    await prisma().$executeRaw`update ledger_accounts set paid = paid + 1 where id = ${wallet}::uuid`;
    const broken = await ctl("ledger:check");
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain(wallet);
    expect(broken.stderr).toContain("paid");
    await prisma().$executeRaw`update ledger_accounts set paid = paid - 1 where id = ${wallet}::uuid`;
  });
});
