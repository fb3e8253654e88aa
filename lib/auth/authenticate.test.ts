import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../db";
import { authLimiter, AUTH_POLICIES } from "./attempt-limiter";
import { authenticate, signInAccountKey, signInIpKey } from "./authenticate";
import { signUpVerified } from "../../tests/support/sign-up-verified";

const PASSWORD = "a long passphrase";

beforeAll(async () => {
  await signUpVerified({ email: "owner@example.com", password: PASSWORD });
  await signUpVerified({ email: "victim@example.com", password: PASSWORD });
  await signUpVerified({ email: "disabled@example.com", password: PASSWORD });
  await prisma().user.update({ where: { email: "disabled@example.com" }, data: { disabledAt: new Date() } });
}, 120_000);

// scrypt at OWASP cost is ~1 s of CPU per hash; on a loaded 2-core machine a few of them outlast the default timeout.
describe("sign-in", { timeout: 120_000 }, () => {
  it("returns the user for the right password, whatever the email's case", async () => {
    const user = await authenticate({ input: { email: "Owner@Example.com", password: PASSWORD }, ip: "203.0.113.1" });
    expect(user).toMatchObject({ email: "owner@example.com", isOperator: true });
  });

  it("answers a wrong password and an unknown email with the same message", async () => {
    const wrong = authenticate({ input: { email: "owner@example.com", password: "not the password" }, ip: "203.0.113.2" });
    const unknown = authenticate({ input: { email: "nobody@example.com", password: PASSWORD }, ip: "203.0.113.2" });
    await expect(wrong).rejects.toMatchObject({ code: "unauthenticated", message: "Incorrect email or password." });
    await expect(unknown).rejects.toMatchObject({ code: "unauthenticated", message: "Incorrect email or password." });
  });

  it("refuses empty or malformed input without touching the database", async () => {
    await expect(authenticate({ input: { email: "", password: "" } })).rejects.toMatchObject({
      code: "validation_failed",
      fieldErrors: { email: "Enter your email address.", password: "Enter a password." },
    });
  });

  it("locks an account after 5 failures, even for the right password, and says for how long", async () => {
    for (let i = 0; i < AUTH_POLICIES.signInAccount.limit; i++) {
      await expect(authenticate({ input: { email: "victim@example.com", password: `wrong ${i}` }, ip: `198.51.100.${i}` })).rejects.toMatchObject({ code: "unauthenticated" });
    }
    const locked = authenticate({ input: { email: "victim@example.com", password: PASSWORD }, ip: "198.51.100.99" });
    await expect(locked).rejects.toMatchObject({ code: "rate_limited", status: 429, message: "Too many attempts. Try again in 15 minutes." });
    await expect(authenticate({ input: { email: "victim@example.com", password: PASSWORD }, locale: "zh-CN" })).rejects.toMatchObject({
      message: "尝试次数过多，请在 15 分钟后重试。",
    });
    // Other accounts are unaffected.
    await expect(authenticate({ input: { email: "owner@example.com", password: PASSWORD }, ip: "198.51.100.99" })).resolves.toMatchObject({ email: "owner@example.com" });
  });

  it("locks an IP address that keeps failing across accounts", async () => {
    const ip = "192.0.2.77";
    const limiter = authLimiter("signInIp");
    for (let i = 0; i < AUTH_POLICIES.signInIp.limit - 1; i++) await limiter.recordFailure(signInIpKey(ip));
    await expect(authenticate({ input: { email: `guess@example.com`, password: "guess" }, ip })).rejects.toMatchObject({ code: "unauthenticated" });
    await expect(authenticate({ input: { email: "owner@example.com", password: PASSWORD }, ip })).rejects.toMatchObject({ code: "rate_limited" });
    await expect(authenticate({ input: { email: "owner@example.com", password: PASSWORD }, ip: "192.0.2.78" })).resolves.toBeTruthy();
  });

  it("a successful sign-in clears the account's failure count", async () => {
    await signUpVerified({ email: "forgetful@example.com", password: PASSWORD });
    const limiter = authLimiter("signInAccount");
    const key = signInAccountKey("forgetful@example.com");
    for (let i = 0; i < AUTH_POLICIES.signInAccount.limit - 1; i++) await limiter.recordFailure(key);
    await expect(authenticate({ input: { email: "forgetful@example.com", password: PASSWORD } })).resolves.toBeTruthy();
    for (let i = 0; i < AUTH_POLICIES.signInAccount.limit - 1; i++) await limiter.recordFailure(key);
    expect((await limiter.check(key)).isLimited).toBe(false);
  });

  it("tells a disabled account so, only after the right password", async () => {
    await expect(authenticate({ input: { email: "disabled@example.com", password: "wrong password" } })).rejects.toMatchObject({ code: "unauthenticated" });
    await expect(authenticate({ input: { email: "disabled@example.com", password: PASSWORD } })).rejects.toMatchObject({ code: "account_disabled" });
  });
});
