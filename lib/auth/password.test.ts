import { describe, expect, it } from "vitest";
import { hashPassword, needsRehash, SCRYPT_PARAMS, verifyAgainstDummy, verifyPassword } from "./password";

// scrypt at OWASP cost is ~1 s of CPU per hash; on a loaded 2-core machine a few of them outlast the default timeout.
describe("password hashing", { timeout: 120_000 }, () => {
  it("uses scrypt with OWASP parameters, a 64-byte key and a per-password salt", async () => {
    const [first, second] = await Promise.all([hashPassword("correct horse battery"), hashPassword("correct horse battery")]);
    const [scheme, N, r, p, salt, key] = first.split("$");
    expect({ scheme, N: Number(N), r: Number(r), p: Number(p) }).toEqual({ scheme: "scrypt", N: 2 ** 17, r: 8, p: 1 });
    expect(Buffer.from(salt, "base64url")).toHaveLength(SCRYPT_PARAMS.saltLength);
    expect(Buffer.from(key, "base64url")).toHaveLength(64);
    expect(first).not.toBe(second);
    expect(first).not.toContain("correct horse");
  });

  it("verifies the right password and refuses a wrong one, a near miss and malformed hashes", async () => {
    const stored = await hashPassword("correct horse battery");
    expect(await verifyPassword("correct horse battery", stored)).toBe(true);
    expect(await verifyPassword("correct horse batterY", stored)).toBe(false);
    expect(await verifyPassword("", stored)).toBe(false);
    expect(await verifyPassword("correct horse battery", "plain-text")).toBe(false);
    expect(await verifyPassword("correct horse battery", "scrypt$1$1$1$$")).toBe(false);
    expect(await verifyPassword("correct horse battery", stored.replace(/\$[^$]+$/, "$AAAA"))).toBe(false);
    expect(await verifyAgainstDummy("anything at all")).toBe(false);
  });

  it("flags hashes made with weaker parameters for re-hashing", async () => {
    expect(needsRehash(await hashPassword("correct horse battery"))).toBe(false);
    expect(needsRehash(`scrypt$16384$8$1$${Buffer.alloc(16).toString("base64url")}$${Buffer.alloc(64).toString("base64url")}`)).toBe(true);
    expect(needsRehash("garbage")).toBe(true);
  });
});
