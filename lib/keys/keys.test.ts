import { describe, expect, it } from "vitest";
import { prisma } from "../db";
import { createApiKey } from "./create-api-key";
import { hashSecret, KEY_PATTERN } from "./secret";
import { verifyApiKey } from "./verify-api-key";

describe("api keys", () => {
  it("stores only the hash, shows the secret once, and verifies it", async () => {
    const user = await prisma().user.create({ data: { email: "keys@example.com" } });
    const created = await createApiKey({
      userId: user.id,
      input: { name: "ci", creditCap: "2.5", allowedModels: ["gpt-4o", "gpt-4o"], allowedIps: ["10.0.0.0/8"] },
      actor: { kind: "user", id: user.id },
    });
    expect(created.secret).toMatch(KEY_PATTERN);
    const row = await prisma().apiKey.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.secretHash).toBe(hashSecret(created.secret));
    expect(JSON.stringify(row, (_k, v) => (typeof v === "bigint" ? v.toString() : v))).not.toContain(created.secret.slice(3, 40));
    expect(row).toMatchObject({ creditCap: 2_500_000n, allowedModels: ["gpt-4o"], last4: created.secret.slice(-4) });
    const auth = await verifyApiKey(created.secret);
    expect(auth).toMatchObject({ id: created.id, userId: user.id, isEnabled: true, creditCap: 2_500_000n });
    expect(await verifyApiKey("sk-" + "x".repeat(48))).toBeNull();
    expect(await verifyApiKey("not a key")).toBeNull();
  });

  it("refuses bad limits with a message per field and saves nothing", async () => {
    const user = await prisma().user.create({ data: { email: "badkeys@example.com" } });
    await expect(
      createApiKey({
        userId: user.id,
        input: { name: "", creditCap: "-1", allowedIps: ["300.1.1.1/8"], expiresAt: "2001-01-01" },
        actor: { kind: "user", id: user.id },
      }),
    ).rejects.toMatchObject({ code: "validation_failed", fieldErrors: expect.objectContaining({ name: expect.any(String), creditCap: expect.any(String), "allowedIps.0": expect.any(String), expiresAt: expect.any(String) }) });
    expect(await prisma().apiKey.count({ where: { userId: user.id } })).toBe(0);
  });
});
