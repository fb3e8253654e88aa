import { afterAll, describe, expect, it } from "vitest";
import { resetEnv } from "../env";
import { signUp } from "./sign-up";

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
    const first = await signUp({ input: { email: "early@example.com", password: "a long passphrase" } });
    const boss = await signUp({ input: { email: "Boss@Example.com", password: "a long passphrase" } });
    expect(first.isOperator).toBe(false);
    expect(boss.isOperator).toBe(true);
  });
});
