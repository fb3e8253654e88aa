import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret, secretHint } from "./crypto";

describe("upstream secret encryption", () => {
  it("round-trips, never shows the plaintext, and differs on every call", () => {
    const key = randomBytes(32);
    const a = encryptSecret("sk-upstream-secret-1234", key);
    const b = encryptSecret("sk-upstream-secret-1234", key);
    expect(a).not.toBe(b);
    expect(a).not.toContain("upstream");
    expect(decryptSecret(a, key)).toBe("sk-upstream-secret-1234");
    expect(secretHint("sk-upstream-secret-1234")).toBe("…1234");
  });

  it("refuses a tampered ciphertext and another key", () => {
    const key = randomBytes(32);
    const text = encryptSecret("secret", key);
    const parts = text.split(".");
    const data = Buffer.from(parts[3], "base64url");
    data[0] ^= 1;
    parts[3] = data.toString("base64url");
    expect(() => decryptSecret(parts.join("."), key)).toThrow();
    expect(() => decryptSecret(text, randomBytes(32))).toThrow();
    expect(() => decryptSecret("plain", key)).toThrow(/not an encrypted secret/);
  });
});
