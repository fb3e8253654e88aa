import { beforeAll, describe, expect, it } from "vitest";
import { personalScope } from "../usage/data-scope";
import { insertLogs } from "../../tests/support/usage-fixtures";
import { prisma, sql } from "../db";
import { listRequestLogs } from "../usage/list-request-logs";
import { parseLogQuery } from "../usage/log-query";
import { rebuildUsageRollups } from "../usage/rebuild-rollups";
import { createApiKey } from "./create-api-key";
import { deleteApiKey } from "./delete-api-key";
import { keyStatus } from "./key-status";
import { getApiKey, listApiKeys } from "./list-api-keys";
import { rotateApiKey } from "./rotate-api-key";
import { setApiKeyEnabled } from "./set-api-key-enabled";
import { updateApiKeyLimits } from "./update-api-key-limits";
import { verifyApiKey } from "./verify-api-key";

let alice: string;
let bob: string;
const actorOf = (id: string) => ({ kind: "user" as const, id });

beforeAll(async () => {
  alice = (await prisma().user.create({ data: { email: "alice-keys@example.com" } })).id;
  bob = (await prisma().user.create({ data: { email: "bob-keys@example.com" } })).id;
});

describe("rotate", () => {
  it("kills the old secret at once, even when it was cached, and keeps name, limits and history", async () => {
    const created = await createApiKey({ userId: alice, input: { name: "rotating", creditCap: "3" }, actor: actorOf(alice) });
    expect(await verifyApiKey(created.secret)).toMatchObject({ id: created.id }); // now cached
    const rotated = await rotateApiKey({ scope: personalScope(alice), keyId: created.id, actor: actorOf(alice) });
    expect(rotated.secret).not.toBe(created.secret);
    expect(rotated.id).toBe(created.id);
    expect(await verifyApiKey(created.secret)).toBeNull();
    expect(await verifyApiKey(rotated.secret)).toMatchObject({ id: created.id, name: "rotating", creditCap: 3_000_000n });
    const summary = await getApiKey({ scope: personalScope(alice), keyId: created.id });
    expect(summary.masked).toBe(`sk-…${rotated.secret.slice(-4)}`);
    const audit = await prisma().auditLog.findFirst({ where: { action: "key.rotate", targetId: created.id } });
    expect(audit).not.toBeNull();
    expect(JSON.stringify(audit?.details)).not.toContain(rotated.secret.slice(3));
  });
});

describe("enable / disable", () => {
  it("a disabled key verifies as disabled on the next request, and again enabled after", async () => {
    const created = await createApiKey({ userId: alice, input: { name: "toggle" }, actor: actorOf(alice) });
    expect((await verifyApiKey(created.secret))?.isEnabled).toBe(true);
    await setApiKeyEnabled({ scope: personalScope(alice), keyId: created.id, isEnabled: false, actor: actorOf(alice) });
    expect((await verifyApiKey(created.secret))?.isEnabled).toBe(false);
    expect((await getApiKey({ scope: personalScope(alice), keyId: created.id })).status).toBe("disabled");
    await setApiKeyEnabled({ scope: personalScope(alice), keyId: created.id, isEnabled: true, actor: actorOf(alice) });
    expect((await verifyApiKey(created.secret))?.isEnabled).toBe(true);
  });
});

describe("delete", () => {
  it("stops the key at once and removes it from the list, but its usage history stays", async () => {
    const created = await createApiKey({ userId: alice, input: { name: "short-lived" }, actor: actorOf(alice) });
    await verifyApiKey(created.secret);
    await insertLogs([{ userId: alice, apiKeyId: created.id, createdAt: new Date(), requestId: "req_deleted_key", cost: 1234n }]);
    await rebuildUsageRollups({ userId: alice });
    await deleteApiKey({ scope: personalScope(alice), keyId: created.id, actor: actorOf(alice) });
    expect(await verifyApiKey(created.secret)).toBeNull();
    expect((await listApiKeys({ scope: personalScope(alice) })).map((k) => k.id)).not.toContain(created.id);
    await expect(getApiKey({ scope: personalScope(alice), keyId: created.id })).rejects.toMatchObject({ code: "not_found" });
    const logs = await listRequestLogs({ scope: personalScope(alice), query: parseLogQuery({ key: created.id }) });
    expect(logs.rows.map((r) => [r.requestId, r.cost, r.key?.isDeleted])).toEqual([["req_deleted_key", "1234", true]]);
    const { rows } = await sql<{ n: bigint }>(`select count(*) as n from usage_rollups where api_key_id = $1`, [created.id]);
    expect(rows[0].n).toBe(1n);
    // deleting twice: the key is gone
    await expect(deleteApiKey({ scope: personalScope(alice), keyId: created.id, actor: actorOf(alice) })).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("another customer's key", () => {
  it("is not found for every operation, and nothing changes", async () => {
    const mine = await createApiKey({ userId: alice, input: { name: "alice-only", creditCap: "1" }, actor: actorOf(alice) });
    const asBob = { scope: personalScope(bob), keyId: mine.id, actor: actorOf(bob) };
    await expect(rotateApiKey(asBob)).rejects.toMatchObject({ code: "not_found", status: 404 });
    await expect(deleteApiKey(asBob)).rejects.toMatchObject({ code: "not_found" });
    await expect(setApiKeyEnabled({ ...asBob, isEnabled: false })).rejects.toMatchObject({ code: "not_found" });
    await expect(updateApiKeyLimits({ ...asBob, input: { name: "stolen" } })).rejects.toMatchObject({ code: "not_found" });
    await expect(getApiKey({ scope: personalScope(bob), keyId: mine.id })).rejects.toMatchObject({ code: "not_found" });
    await expect(getApiKey({ scope: personalScope(bob), keyId: "not-a-uuid" })).rejects.toMatchObject({ code: "not_found" });
    await expect(rotateApiKey({ ...asBob, keyId: "../../etc" })).rejects.toMatchObject({ code: "not_found" });
    expect(await verifyApiKey(mine.secret)).toMatchObject({ name: "alice-only", isEnabled: true, creditCap: 1_000_000n });
    expect(await listApiKeys({ scope: personalScope(bob) })).toEqual([]);
  });
});

describe("edit limits", () => {
  it("replaces name and limits, evicting the cached key", async () => {
    const created = await createApiKey({ userId: alice, input: { name: "limits" }, actor: actorOf(alice) });
    await verifyApiKey(created.secret);
    const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
    await updateApiKeyLimits({
      scope: personalScope(alice),
      keyId: created.id,
      input: { name: "limits-2", creditCap: "12.5", allowedModels: ["gpt-4o"], allowedIps: ["10.0.0.0/8"], expiresAt, rpmLimit: 60, concurrencyLimit: 5 },
      actor: actorOf(alice),
    });
    expect(await verifyApiKey(created.secret)).toMatchObject({
      name: "limits-2",
      creditCap: 12_500_000n,
      allowedModels: ["gpt-4o"],
      allowedIps: ["10.0.0.0/8"],
      rpmLimit: 60,
      concurrencyLimit: 5,
    });
    const summary = await getApiKey({ scope: personalScope(alice), keyId: created.id });
    expect(summary).toMatchObject({ creditCap: "12500000", expiresAt: new Date(expiresAt).toISOString() });
  });

  it("refuses bad input field by field and saves nothing", async () => {
    const created = await createApiKey({ userId: alice, input: { name: "unchanged", creditCap: "2" }, actor: actorOf(alice) });
    await expect(
      updateApiKeyLimits({
        scope: personalScope(alice),
        keyId: created.id,
        input: { name: "x".repeat(65), creditCap: "-5", allowedModels: ["bad model!"], allowedIps: ["10.0.0.0/33"], expiresAt: "2001-01-01" },
        actor: actorOf(alice),
      }),
    ).rejects.toMatchObject({
      code: "validation_failed",
      fieldErrors: expect.objectContaining({
        name: expect.any(String),
        creditCap: expect.any(String),
        "allowedModels.0": expect.any(String),
        "allowedIps.0": expect.any(String),
        expiresAt: expect.any(String),
      }),
    });
    expect(await getApiKey({ scope: personalScope(alice), keyId: created.id })).toMatchObject({ name: "unchanged", creditCap: "2000000" });
  });

  it("keeps an expiry that has already passed when it is sent back unchanged", async () => {
    const created = await createApiKey({ userId: alice, input: { name: "old" }, actor: actorOf(alice) });
    const past = new Date(Date.now() - 86_400_000);
    await sql(`update api_keys set expires_at = $2 where id = $1`, [created.id, past]);
    expect((await getApiKey({ scope: personalScope(alice), keyId: created.id })).status).toBe("expired");
    await updateApiKeyLimits({ scope: personalScope(alice), keyId: created.id, input: { name: "old-renamed", expiresAt: past.toISOString() }, actor: actorOf(alice) });
    expect(await getApiKey({ scope: personalScope(alice), keyId: created.id })).toMatchObject({ name: "old-renamed", status: "expired", expiresAt: past.toISOString() });
  });
});

describe("list", () => {
  it("shows status, cap and used, and 30-day spend from the rollups", async () => {
    const user = (await prisma().user.create({ data: { email: "list-keys@example.com" } })).id;
    const key = await createApiKey({ userId: user, input: { name: "busy", creditCap: "1" }, actor: actorOf(user) });
    await sql(`update api_keys set spent = 1000000 where id = $1`, [key.id]);
    await insertLogs([
      { userId: user, apiKeyId: key.id, createdAt: new Date(Date.now() - 3_600_000), cost: 400n },
      { userId: user, apiKeyId: key.id, createdAt: new Date(Date.now() - 40 * 86_400_000), cost: 99n },
    ]);
    await rebuildUsageRollups({ userId: user });
    const [summary] = await listApiKeys({ scope: personalScope(user) });
    expect(summary).toMatchObject({ name: "busy", status: "exhausted", creditCap: "1000000", spent: "1000000", spend30d: "400", requests30d: 1 });
  });

  it("shows when a key was last used, from its newest request (it said Never used for keys in daily use)", async () => {
    const user = (await prisma().user.create({ data: { email: "last-used@example.com" } })).id;
    const used = await createApiKey({ userId: user, input: { name: "used" }, actor: actorOf(user) });
    await createApiKey({ userId: user, input: { name: "idle" }, actor: actorOf(user) });
    const newest = new Date(Date.now() - 60_000);
    await insertLogs([
      { userId: user, apiKeyId: used.id, createdAt: new Date(Date.now() - 3_600_000) },
      { userId: user, apiKeyId: used.id, createdAt: newest },
    ]);
    const byName = Object.fromEntries((await listApiKeys({ scope: personalScope(user) })).map((k) => [k.name, k.lastUsedAt]));
    expect(byName).toEqual({ used: newest.toISOString(), idle: null });
    const { getCustomer } = await import("../admin/customers");
    expect((await getCustomer({ id: user }))?.keys.find((k) => k.name === "used")?.lastUsedAt).toBe(newest.toISOString());
  });

  it("derives status in a fixed order", () => {
    const now = new Date("2025-01-01T00:00:00Z");
    const past = new Date("2024-12-31T00:00:00Z");
    expect(keyStatus({ isEnabled: false, expiresAt: past, creditCap: 1n, spent: 1n, now })).toBe("disabled");
    expect(keyStatus({ isEnabled: true, expiresAt: past, creditCap: 1n, spent: 1n, now })).toBe("expired");
    expect(keyStatus({ isEnabled: true, expiresAt: null, creditCap: 1n, spent: 1n, now })).toBe("exhausted");
    expect(keyStatus({ isEnabled: true, expiresAt: null, creditCap: 0n, spent: 10n, now })).toBe("active");
  });
});

describe("key form validation", () => {
  it("reports every bad field at once, unknown models included, in the customer's language", async () => {
    const { seedDefaultCatalog } = await import("../billing/seed-default-catalog");
    const { validateKeyInput } = await import("./validate-key-input");
    await seedDefaultCatalog();
    const bad = { name: "", creditCap: "-1", allowedModels: ["gpt-4o", "no-such-model"], allowedIps: ["10.0.0.0/99"], expiresAt: "2001-01-01" };
    await expect(validateKeyInput({ input: bad })).rejects.toMatchObject({
      code: "validation_failed",
      fieldErrors: {
        name: "Give the key a name",
        creditCap: "The amount cannot be negative",
        "allowedModels.1": "Unknown model: no-such-model",
        "allowedIps.0": "Not a valid IP address or CIDR range: 10.0.0.0/99",
        expiresAt: "The expiry must be in the future",
      },
    });
    await expect(validateKeyInput({ input: bad, locale: "zh-CN" })).rejects.toMatchObject({
      fieldErrors: expect.objectContaining({ name: "请为密钥命名", "allowedModels.1": "未知模型：no-such-model" }),
    });
    const ok = await validateKeyInput({ input: { name: "fine", creditCap: "5", allowedModels: ["gpt-4o"] } });
    expect(ok).toMatchObject({ name: "fine", creditCap: 5_000_000n, allowedModels: ["gpt-4o"] });
  });
});
