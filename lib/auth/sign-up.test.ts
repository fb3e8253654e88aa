import { afterEach, describe, expect, it } from "vitest";
import { getWalletBalance, walletId } from "../billing/accounts";
import { prisma } from "../db";
import { resetEnv } from "../env";
import { verifyPassword } from "./password";
import { signUp } from "./sign-up";

const BASE = "https://relay.example.com";

afterEach(() => {
  delete process.env.ADMIN_EMAIL;
  resetEnv();
});

// scrypt at OWASP cost is ~1 s of CPU per hash; on a loaded 2-core machine a few of them outlast the default timeout.
describe("sign-up", { timeout: 120_000 }, () => {
  it("creates the first account as the operator, verified at once, with the trial credit as a ledger entry", async () => {
    const outcome = await signUp({ input: { email: "  First@Example.com ", password: "a long passphrase", name: " Ada " }, baseUrl: BASE });
    if (outcome.status !== "created") throw new Error("the bootstrap operator must not wait for a link");
    const user = outcome.user;
    expect(user).toMatchObject({ email: "first@example.com", name: "Ada", isOperator: true, isEmailVerified: true, trialCredit: 1_000_000n });
    const row = await prisma().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.passwordHash).toMatch(/^scrypt\$/);
    expect(row.emailVerifiedAt).not.toBeNull();
    expect(await verifyPassword("a long passphrase", row.passwordHash!)).toBe(true);
    const balance = await getWalletBalance(await walletId({ userId: user.id }));
    expect(balance).toMatchObject({ trial: 1_000_000n, paid: 0n, available: 1_000_000n });
    expect(await prisma().ledgerTransaction.count({ where: { kind: "trial" } })).toBe(1);
    expect(await prisma().auditLog.count({ where: { action: "user.create", targetId: user.id } })).toBe(1);
  });

  it("creates later accounts unverified, as customers, with no credit until the link is opened", async () => {
    expect(await signUp({ input: { email: "second@example.com", password: "another passphrase" }, baseUrl: BASE })).toEqual({ status: "verification_sent" });
    const second = await prisma().user.findUniqueOrThrow({ where: { email: "second@example.com" } });
    expect(second).toMatchObject({ isOperator: false, emailVerifiedAt: null });
    expect(await prisma().ledgerTransaction.count({ where: { kind: "trial" } })).toBe(1);
    const mail = await prisma().outboxMessage.findFirstOrThrow({ where: { to: "second@example.com", kind: "email_verification" } });
    expect(mail.text).toMatch(/https:\/\/relay\.example\.com\/verify-email\/[A-Za-z0-9_-]{43}/);
  });

  it.each([
    [{ email: "", password: "" }, { email: "Enter your email address.", password: "Enter a password." }],
    [{ email: "not-an-email", password: "a long passphrase" }, { email: "Enter a valid email address, like name@example.com." }],
    [{ email: "short@example.com", password: "123456789" }, { password: "Use at least 10 characters." }],
    [{ email: "long@example.com", password: "x".repeat(201) }, { password: "Use at most 200 characters." }],
    [{ email: "name@example.com", password: "a long passphrase", name: "n".repeat(101) }, { name: "Use at most 100 characters." }],
    [{}, { email: "Enter your email address.", password: "Enter a password." }],
    ["not an object", { _: expect.any(String) }],
  ])("refuses %j with a message per field and changes nothing", async (input, fieldErrors) => {
    const users = await prisma().user.count();
    await expect(signUp({ input, baseUrl: BASE })).rejects.toMatchObject({ code: "validation_failed", status: 422, fieldErrors });
    expect(await prisma().user.count()).toBe(users);
  });

  it("answers in Simplified Chinese for a zh-CN visitor", async () => {
    await expect(signUp({ input: { email: "zh@example.com", password: "short" }, baseUrl: BASE, locale: "zh-CN" })).rejects.toMatchObject({
      fieldErrors: { password: "密码至少需要 10 个字符。" },
    });
  });
});
