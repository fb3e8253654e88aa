import { describe, expect, it } from "vitest";
import { creditWallet } from "../billing/ledger";
import { prisma } from "../db";
import { hashPassword, verifyPassword } from "../auth/password";
import { createAuthSession, getActiveSession } from "../auth/sessions";
import { createApiKey } from "../keys/create-api-key";
import { verifyApiKey } from "../keys/verify-api-key";
import { changePassword, deleteAccount, revokeOwnSession, updateProfile } from "./account-settings";

async function newUser(email: string) {
  return prisma().user.create({ data: { email, passwordHash: await hashPassword("old password 123") } });
}
const actor = (id: string) => ({ kind: "user" as const, id });

describe("account settings", { timeout: 120_000 }, () => {
  it("changes the password only with the current one, and signs the other browsers out", async () => {
    const user = await newUser("pw@example.com");
    const here = await createAuthSession({ userId: user.id });
    const there = await createAuthSession({ userId: user.id });
    await expect(changePassword({ userId: user.id, sessionId: here.id, currentPassword: "wrong", newPassword: "new password 456", actor: actor(user.id) })).rejects.toMatchObject({ fieldErrors: { currentPassword: expect.any(String) } });
    await expect(changePassword({ userId: user.id, sessionId: here.id, currentPassword: "old password 123", newPassword: "short", locale: "zh-CN", actor: actor(user.id) })).rejects.toMatchObject({ fieldErrors: { newPassword: "至少使用 10 个字符。" } });
    expect(await changePassword({ userId: user.id, sessionId: here.id, currentPassword: "old password 123", newPassword: "new password 456", actor: actor(user.id) })).toEqual({ signedOut: 1 });
    const row = await prisma().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(await verifyPassword("new password 456", row.passwordHash!)).toBe(true);
    expect(await getActiveSession(here.id)).not.toBeNull();
    expect(await getActiveSession(there.id)).toBeNull();
  });

  it("revokes only the customer's own sessions", async () => {
    const alice = await newUser("sess-a@example.com");
    const bob = await newUser("sess-b@example.com");
    const bobs = await createAuthSession({ userId: bob.id });
    await expect(revokeOwnSession({ userId: alice.id, sessionId: bobs.id, actor: actor(alice.id) })).rejects.toMatchObject({ code: "not_found" });
    expect(await getActiveSession(bobs.id)).not.toBeNull();
    await revokeOwnSession({ userId: bob.id, sessionId: bobs.id, actor: actor(bob.id) });
    expect(await getActiveSession(bobs.id)).toBeNull();
  });

  it("updates the name within limits", async () => {
    const user = await newUser("profile@example.com");
    expect(await updateProfile({ userId: user.id, name: "  Ada  " })).toEqual({ name: "Ada" });
    await expect(updateProfile({ userId: user.id, name: "x".repeat(101) })).rejects.toMatchObject({ fieldErrors: { name: expect.any(String) } });
  });

  it("deletes an account only with the password and an explicit forfeit of a remaining balance; keys die at once", async () => {
    const user = await newUser("delete-me@example.com");
    const key = await createApiKey({ userId: user.id, input: { name: "k" }, actor: actor(user.id) });
    await verifyApiKey(key.secret);
    const session = await createAuthSession({ userId: user.id });
    await creditWallet({ owner: { userId: user.id }, amount: 2_000_000n, bucket: "paid", source: "card_payments", kind: "topup", idempotencyKey: `delete-test:${user.id}` });
    await expect(deleteAccount({ userId: user.id, password: "nope", isBalanceForfeited: true, actor: actor(user.id) })).rejects.toMatchObject({ fieldErrors: { password: expect.any(String) } });
    await expect(deleteAccount({ userId: user.id, password: "old password 123", isBalanceForfeited: false, actor: actor(user.id) })).rejects.toMatchObject({ fieldErrors: { acknowledge: expect.stringContaining("$2.00") } });
    expect(await verifyApiKey(key.secret)).not.toBeNull();
    await deleteAccount({ userId: user.id, password: "old password 123", isBalanceForfeited: true, actor: actor(user.id) });
    expect(await verifyApiKey(key.secret)).toBeNull();
    expect(await getActiveSession(session.id)).toBeNull();
    const row = await prisma().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row).toMatchObject({ passwordHash: null, name: null });
    expect(row.disabledAt).not.toBeNull();
    expect(row.email).not.toBe("delete-me@example.com");
  });
});
