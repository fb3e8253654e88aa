/**
 * Sign-up reveals nothing about which emails have accounts (issue #10): a free, a verified and an unverified address
 * get byte-identical answers after the same scrypt work (counted, not timed); only the mailbox learns which case it
 * was. Verification links are hashed, single use and expire; nothing unverified signs in or holds credit.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { prisma } from "../../lib/db";
import { AUTH_POLICIES } from "../../lib/auth/attempt-limiter";
import { authenticate } from "../../lib/auth/authenticate";
import { verifyPassword } from "../../lib/auth/password";
import { hashVerificationToken, verifyByOAuth, verifyEmail } from "../../lib/auth/verify-email";
import { getWalletBalance, walletId } from "../../lib/billing/accounts";
import { hashInvitationToken, newInvitationToken } from "../../lib/orgs/invitations/invitation-token";
import { latestVerificationToken, signUpVerified } from "../support/sign-up-verified";
import { takeScryptCalls } from "./support/counted-scrypt";

vi.mock("../../lib/http/site-origin", () => ({ siteOrigin: async () => "http://localhost:3000" }));

// Every scrypt derivation's cost parameters are counted, to show the cases take the same path.
vi.mock("node:crypto", async (importOriginal) => (await import("./support/counted-scrypt")).countedCrypto(importOriginal));
const signUpRoute = await import("../../app/api/auth/signup/route");
const resendRoute = await import("../../app/api/auth/verify-email/resend/route");

const PASSWORD = "correct horse battery";
const TRIAL = 1_000_000n;
let nextIp = 1;
/** A fresh client address per request, so the per-IP throttle only counts where a test means it to. */
const freshIp = () => `198.51.100.${nextIp++}`;

type Answer = { status: number; body: string; headers: [string, string][] };

async function post(route: { POST: (req: Request, ctx: { params: Promise<Record<string, never>> }) => Promise<Response> }, path: string, body: unknown, ip = freshIp()): Promise<Answer> {
  const res = await route.POST(
    new Request(`http://localhost:3000${path}`, {
      method: "POST",
      headers: { origin: "http://localhost:3000", host: "localhost:3000", "content-type": "application/json", "x-forwarded-for": ip },
      body: JSON.stringify(body),
    }),
    { params: Promise.resolve({}) },
  );
  // Every header, names and values, except the clock.
  const headers = [...res.headers.entries()].filter(([name]) => name !== "date").sort(([a], [b]) => a.localeCompare(b));
  return { status: res.status, body: await res.text(), headers };
}

const signUpAs = (email: string, password = PASSWORD, name?: string, ip?: string) => post(signUpRoute, "/api/auth/signup", { email, password, name }, ip);

async function user(email: string) {
  return prisma().user.findUniqueOrThrow({ where: { email } });
}

async function trialBalance(email: string): Promise<bigint> {
  return (await getWalletBalance(await walletId({ userId: (await user(email)).id }))).trial;
}

beforeAll(async () => {
  // The first account is the bootstrap operator (verified at once); everyone after proves the mailbox.
  await signUpVerified({ email: "operator@example.com", password: PASSWORD });
  await signUpVerified({ email: "owner@example.com", password: PASSWORD, name: "Olive" });
}, 120_000);

afterAll(() => vi.restoreAllMocks());

// scrypt at OWASP cost is ~1 s of CPU per hash; on a loaded 2-core machine a few of them outlast the default timeout.
describe("sign-up reveals nothing about accounts", { timeout: 180_000 }, () => {
  it("a free, a verified and an unverified email get byte-identical answers after the same scrypt work", async () => {
    await signUpAs("pending@example.com", "the first passphrase");
    const outcomes: Record<string, { answer: Answer; work: unknown[] }> = {};
    for (const email of ["fresh@example.com", "owner@example.com", "pending@example.com"]) {
      takeScryptCalls();
      const answer = await signUpAs(email, "an attacker passphrase", "Mallory");
      outcomes[email] = { answer, work: takeScryptCalls() };
    }
    const fresh = outcomes["fresh@example.com"];
    expect(fresh.answer.status).toBe(202);
    expect(JSON.parse(fresh.answer.body)).toEqual({ status: "verification_sent" });
    expect(outcomes["owner@example.com"].answer).toEqual(fresh.answer);
    expect(outcomes["pending@example.com"].answer).toEqual(fresh.answer);
    // One derivation each, at the same cost: the same code path, not a stopwatch.
    expect(fresh.work).toHaveLength(1);
    expect(outcomes["owner@example.com"].work).toEqual(fresh.work);
    expect(outcomes["pending@example.com"].work).toEqual(fresh.work);
  });

  it("the verified owner is told by mail and nothing of theirs changes", async () => {
    const owner = await user("owner@example.com");
    expect(owner.name).toBe("Olive");
    expect(await verifyPassword(PASSWORD, owner.passwordHash!)).toBe(true);
    expect(await verifyPassword("an attacker passphrase", owner.passwordHash!)).toBe(false);
    const notice = await prisma().outboxMessage.findFirstOrThrow({ where: { to: "owner@example.com", kind: "sign_up_attempt" } });
    expect(notice.subject).toBe("Someone tried to sign up with your email on Switchyard");
    expect(notice.text).toContain("http://localhost:3000/login");
    expect(notice.text).toContain("http://localhost:3000/forgot-password");
    expect(await prisma().outboxMessage.count({ where: { to: "owner@example.com", kind: "email_verification", createdAt: { gt: owner.emailVerifiedAt! } } })).toBe(0);
    expect(await trialBalance("owner@example.com")).toBe(TRIAL);
  });

  it("an unverified address takes the newest sign-up's password and name; only the newest link works", async () => {
    const pending = await user("pending@example.com");
    expect(pending).toMatchObject({ name: "Mallory", emailVerifiedAt: null });
    expect(await verifyPassword("an attacker passphrase", pending.passwordHash!)).toBe(true);
    const links = await prisma().emailVerificationToken.findMany({ where: { userId: pending.id }, orderBy: { createdAt: "asc" } });
    expect(links).toHaveLength(2);
    expect(links[0].usedAt).not.toBeNull();
    expect(links[1].usedAt).toBeNull();
  });

  it("the link is stored only as its SHA-256, expires after 24 hours and works once", async () => {
    await signUpAs("linked@example.com");
    const token = await latestVerificationToken("linked@example.com");
    const rows = await prisma().emailVerificationToken.findMany({ where: { user: { email: "linked@example.com" } } });
    expect(rows.map((row) => row.tokenHash)).toEqual([hashVerificationToken(token)]);
    expect(JSON.stringify(rows)).not.toContain(token);
    // created_at comes from the database clock, expires_at from the app's: allow a second between them.
    const lifetimeMs = rows[0].expiresAt.getTime() - rows[0].createdAt.getTime();
    expect(lifetimeMs).toBeGreaterThan(24 * 60 * 60_000 - 1_000);
    expect(lifetimeMs).toBeLessThanOrEqual(24 * 60 * 60_000 + 1_000);

    const confirm = (input: { token: string; password: string }) =>
      verifyEmail({ input, ip: freshIp() }).then(
        () => "verified",
        (error: { code: string }) => error.code,
      );
    expect(await confirm({ token: `${token}x`, password: PASSWORD })).toBe("bad_request");
    await prisma().emailVerificationToken.update({ where: { id: rows[0].id }, data: { expiresAt: new Date(Date.now() - 1) } });
    expect(await confirm({ token, password: PASSWORD })).toBe("bad_request");
    expect((await user("linked@example.com")).emailVerifiedAt).toBeNull();

    await prisma().emailVerificationToken.update({ where: { id: rows[0].id }, data: { expiresAt: new Date(Date.now() + 60_000) } });
    // The wrong password leaves the link usable; of two racing right ones, one wins.
    expect(await confirm({ token, password: "not the sign-up password" })).toBe("unauthenticated");
    const outcomes = await Promise.all([confirm({ token, password: PASSWORD }), confirm({ token, password: PASSWORD })]);
    expect(outcomes.sort()).toEqual(["bad_request", "verified"]);
    expect((await user("linked@example.com")).emailVerifiedAt).not.toBeNull();
  });

  it("a stranger who re-signs-up an unconfirmed address cannot have the owner activate the stranger's password", async () => {
    await signUpAs("victim@example.com", "the owner's passphrase");
    await signUpAs("victim@example.com", "the stranger's passphrase");
    // The owner opens the newest link (the stranger's sign-up sent it) and types their own password: refused.
    const token = await latestVerificationToken("victim@example.com");
    await expect(verifyEmail({ input: { token, password: "the owner's passphrase" }, ip: freshIp() })).rejects.toMatchObject({
      code: "unauthenticated",
      fieldErrors: { password: expect.stringContaining("latest sign-up") },
    });
    expect((await user("victim@example.com")).emailVerifiedAt).toBeNull();
    // Signing up again takes the address back, and that link works with the owner's password.
    await signUpAs("victim@example.com", "the owner's passphrase");
    await verifyEmail({ input: { token: await latestVerificationToken("victim@example.com"), password: "the owner's passphrase" }, ip: freshIp() });
    await expect(authenticate({ input: { email: "victim@example.com", password: "the owner's passphrase" }, ip: freshIp() })).resolves.toMatchObject({ email: "victim@example.com" });
  });
});

describe("nothing unverified signs in or spends", { timeout: 180_000 }, () => {
  it("the right password for an unconfirmed address says so (naming it); a wrong one reads like any failure", async () => {
    await signUpAs("unconfirmed@example.com");
    await expect(authenticate({ input: { email: "unconfirmed@example.com", password: PASSWORD }, ip: freshIp() })).rejects.toMatchObject({
      code: "email_unverified",
      status: 403,
      message: "Confirm your email first — we sent a link to unconfirmed@example.com. Open it, then sign in.",
    });
    const fail = (email: string) =>
      authenticate({ input: { email, password: "a wrong guess!" }, ip: freshIp() }).then(
        () => "signed in",
        (error: { code: string; status: number; message: string }) => ({ code: error.code, status: error.status, message: error.message }),
      );
    expect(await fail("unconfirmed@example.com")).toEqual(await fail("nobody-at-all@example.com"));
  });

  it("the trial credit arrives once, when the email is verified", async () => {
    expect(await trialBalance("unconfirmed@example.com")).toBe(0n);
    const { id } = await user("unconfirmed@example.com");
    expect(await verifyEmail({ input: { token: await latestVerificationToken("unconfirmed@example.com"), password: PASSWORD } })).toEqual({ email: "unconfirmed@example.com" });
    expect(await trialBalance("unconfirmed@example.com")).toBe(TRIAL);
    // A later OAuth sign-in with the same address changes nothing and pays nothing again.
    await verifyByOAuth({ userId: id, replacementPasswordHash: "scrypt$unused" });
    expect(await trialBalance("unconfirmed@example.com")).toBe(TRIAL);
    await expect(authenticate({ input: { email: "unconfirmed@example.com", password: PASSWORD }, ip: freshIp() })).resolves.toMatchObject({ id });
  });

  it("an OAuth sign-in verifies an unconfirmed account and drops the password its sign-up chose", async () => {
    await signUpAs("squatted@example.com", "the squatter's passphrase");
    const { id } = await user("squatted@example.com");
    await verifyByOAuth({ userId: id, replacementPasswordHash: "scrypt$replaced" });
    const row = await user("squatted@example.com");
    expect(row.emailVerifiedAt).not.toBeNull();
    expect(row.passwordHash).toBe("scrypt$replaced");
    expect(await prisma().emailVerificationToken.count({ where: { userId: id, usedAt: null } })).toBe(0);
    expect(await trialBalance("squatted@example.com")).toBe(TRIAL);
  });
});

describe("an e-mailed invitation proves the mailbox", { timeout: 180_000 }, () => {
  async function invite(email: string | null): Promise<string> {
    const operator = await user("operator@example.com");
    const org = await prisma().organization.create({ data: { name: "Acme", slug: `acme-${nextIp++}` } });
    const token = newInvitationToken();
    await prisma().invitation.create({
      data: { orgId: org.id, email, role: "member", tokenHash: hashInvitationToken(token), expiresAt: new Date(Date.now() + 60_000), createdBy: operator.id },
    });
    return token;
  }

  it("a sign-up for the invited address is ready at once; another address or a shareable link still needs the link", async () => {
    const invited = await post(signUpRoute, "/api/auth/signup", { email: "invitee@example.com", password: PASSWORD, invitation: await invite("invitee@example.com") });
    expect(invited.status).toBe(201);
    expect((await user("invitee@example.com")).emailVerifiedAt).not.toBeNull();
    expect(await trialBalance("invitee@example.com")).toBe(TRIAL);

    const elsewhere = await post(signUpRoute, "/api/auth/signup", { email: "not-invitee@example.com", password: PASSWORD, invitation: await invite("invitee2@example.com") });
    const shareable = await post(signUpRoute, "/api/auth/signup", { email: "link-holder@example.com", password: PASSWORD, invitation: await invite(null) });
    expect(elsewhere.status).toBe(202);
    expect(shareable.status).toBe(202);
    expect((await user("not-invitee@example.com")).emailVerifiedAt).toBeNull();
    expect((await user("link-holder@example.com")).emailVerifiedAt).toBeNull();
  });

  it("the confirmation link of a sign-up from an invitation leads back to that invitation", async () => {
    const token = await invite(null);
    expect((await post(signUpRoute, "/api/auth/signup", { email: "link-joiner@example.com", password: PASSWORD, invitation: token })).status).toBe(202);
    const mail = await prisma().outboxMessage.findFirstOrThrow({ where: { to: "link-joiner@example.com", kind: "email_verification" } });
    expect(mail.text).toMatch(new RegExp(`/verify-email/[A-Za-z0-9_-]+\\?next=%2Finvite%2F${token}`));
    // no invitation, or one that is no longer pending: a plain link
    expect((await post(signUpRoute, "/api/auth/signup", { email: "plain-joiner@example.com", password: PASSWORD, invitation: "no-such-invitation" })).status).toBe(202);
    const plain = await prisma().outboxMessage.findFirstOrThrow({ where: { to: "plain-joiner@example.com", kind: "email_verification" } });
    expect(plain.text).toMatch(/\/verify-email\/[A-Za-z0-9_-]+(\s|$)/);
    expect(plain.text).not.toContain("next=");
  });

  it("an invitation to a taken address answers like any other sign-up and changes nothing", async () => {
    const before = await user("owner@example.com");
    const answer = await post(signUpRoute, "/api/auth/signup", { email: "owner@example.com", password: "an attacker passphrase", invitation: await invite("owner@example.com") });
    expect(answer.status).toBe(202);
    expect(JSON.parse(answer.body)).toEqual({ status: "verification_sent" });
    expect((await user("owner@example.com")).passwordHash).toBe(before.passwordHash);
  });
});

describe("resend and throttles", { timeout: 180_000 }, () => {
  it("resend answers the same for every address; only an unconfirmed one gets a new link", async () => {
    await signUpAs("resend@example.com");
    const before = await prisma().outboxMessage.count();
    const answers = [];
    for (const email of ["resend@example.com", "owner@example.com", "never-signed-up@example.com"]) answers.push(await post(resendRoute, "/api/auth/verify-email/resend", { email }));
    expect(answers[0].status).toBe(202);
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    expect(await prisma().outboxMessage.count()).toBe(before + 1);
    expect(await prisma().emailVerificationToken.count({ where: { user: { email: "resend@example.com" }, usedAt: null } })).toBe(1);
  });

  it("sign-up mails are throttled per address, taken or free, with the same 429", async () => {
    // Both addresses have one sign-up behind them: one verified account, one never seen before its first try.
    await signUpVerified({ email: "steady@example.com", password: PASSWORD });
    for (let i = 0; i < AUTH_POLICIES.signUpAccount.limit; i++) {
      if (i > 0) await signUpAs("steady@example.com");
      await signUpAs("flood@example.com");
    }
    const taken = await signUpAs("steady@example.com");
    const free = await signUpAs("flood@example.com");
    expect(taken.status).toBe(429);
    expect(free.status).toBe(429);
    // Retry-After counts seconds from each address's first try, so compare its presence, not its value.
    expect(taken.body).toEqual(free.body);
    expect(taken.headers.map(([name]) => name)).toEqual(free.headers.map(([name]) => name));
    expect(taken.headers.map(([name]) => name)).toContain("retry-after");
    expect(await prisma().outboxMessage.count({ where: { to: "flood@example.com" } })).toBe(AUTH_POLICIES.signUpAccount.limit);
  });

  it("sign-up mails are throttled per IP address across addresses (bad input costs no mail and does not count)", async () => {
    const ip = "203.0.113.77";
    expect((await signUpAs("x@example.com", "short", undefined, ip)).status).toBe(422);
    for (let i = 0; i < AUTH_POLICIES.signUpIp.limit; i++) {
      // A cheap way to spend the IP's budget: resend shares the throttle and costs no scrypt.
      expect((await post(resendRoute, "/api/auth/verify-email/resend", { email: `burst-${i}@example.com` }, ip)).status).toBe(202);
    }
    const limited = await signUpAs("one-more@example.com", PASSWORD, undefined, ip);
    expect(limited.status).toBe(429);
    expect(limited.headers.map(([name]) => name)).toContain("retry-after");
    expect(await prisma().user.count({ where: { email: "one-more@example.com" } })).toBe(0);
  });
});
