import { afterAll, describe, expect, it } from "vitest";
import { prisma } from "../db";
import { resetEnv } from "../env";
import { signUp } from "./sign-up";

const BASE = "https://relay.example.com";

// A file of its own: it needs an empty users table, where the first account would otherwise become the operator.
// scrypt at OWASP cost is ~1 s of CPU per hash; on a loaded 2-core machine a few of them outlast the default timeout.
describe("sign-up with ADMIN_EMAIL", { timeout: 120_000 }, () => {
  afterAll(() => {
    delete process.env.ADMIN_EMAIL;
    resetEnv();
  });

  it("makes that account the operator, and not the first account", async () => {
    process.env.ADMIN_EMAIL = "boss@example.com";
    resetEnv();
    // The first account is an ordinary customer who proves the mailbox; so does the ADMIN_EMAIL account: whoever
    // merely types the address must not get an operator account.
    expect(await signUp({ input: { email: "early@example.com", password: "a long passphrase" }, baseUrl: BASE })).toEqual({ status: "verification_sent" });
    expect(await signUp({ input: { email: "Boss@Example.com", password: "a long passphrase" }, baseUrl: BASE })).toEqual({ status: "verification_sent" });
    expect(await prisma().user.findUniqueOrThrow({ where: { email: "boss@example.com" } })).toMatchObject({ isOperator: true, emailVerifiedAt: null });
    expect(await prisma().user.findUniqueOrThrow({ where: { email: "early@example.com" } })).toMatchObject({ isOperator: false, emailVerifiedAt: null });
    const link = await prisma().outboxMessage.findFirstOrThrow({ where: { to: "boss@example.com" }, orderBy: { createdAt: "desc" } });
    expect(link.text).toMatch(/\/verify-email\/[A-Za-z0-9_-]{43}/);
  });
});
