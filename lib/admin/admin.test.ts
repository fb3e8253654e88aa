import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { insertLogs } from "../../tests/support/usage-fixtures";
import { createUser } from "../auth/create-user";
import { createAuthSession, getActiveSession } from "../auth/sessions";
import { getWalletBalance, walletId } from "../billing/accounts";
import { checkLedger } from "../billing/ledger";
import { setGroupMultiplier } from "../billing/pricing";
import { invalidateChannels } from "../channels/channel-table";
import { recordFailure, resetChannelHealth } from "../relay/routing/health";
import { encryptSecret } from "../crypto";
import { sql } from "../db";
import { createApiKey } from "../keys/create-api-key";
import { deleteApiKey } from "../keys/delete-api-key";
import { personalScope } from "../usage/data-scope";
import { verifyApiKey } from "../keys/verify-api-key";
import { auditCsv, listAuditLog } from "./audit-log";
import { getTrialCredit, saveModel, setTrialCredit } from "./catalog";
import { getAdminOverview } from "./get-overview";
import { adjustCustomerBalance, getCustomer, searchCustomers, setCustomerDisabled, setCustomerGroup } from "./customers";
import { listChannelsWithHealth } from "./list-channels-with-health";
import { getRevenue } from "./revenue";
import { getOverallStatus, getPublicStatus, getServiceStatus } from "./service-status";

const OPERATOR = { kind: "operator" as const, id: randomUUID(), ip: "203.0.113.9" };

async function customer(email: string) {
  return createUser({ email, passwordHash: "not-a-real-hash", name: email.split("@")[0], actor: { kind: "system" } });
}

async function auditActions(targetId: string): Promise<string[]> {
  const { rows } = await sql<{ action: string }>(`select action from audit_logs where target_id = $1 order by id`, [targetId]);
  return rows.map((r) => r.action);
}

async function rollup({ hour, userId, model, channelId, requests, errors, cost, upstreamCost, latency }: { hour: Date; userId: string; model: string; channelId: string; requests: number; errors: number; cost: bigint; upstreamCost: bigint; latency: number }) {
  await sql(
    `insert into usage_rollups (hour, user_id, model, channel_id, requests, errors, cost, upstream_cost, latency_ms_sum) values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [hour, userId, model, channelId, requests, errors, cost, upstreamCost, latency],
  );
}

describe("operator actions on customers", () => {
  it("an adjustment is one ledger entry with its reason, audited once even when submitted twice", async () => {
    const user = await customer("adjust@example.com");
    const requestKey = randomUUID();
    const before = await getWalletBalance(await walletId({ userId: user.id }));
    const first = await adjustCustomerBalance({ userId: user.id, amount: 12_500_000n, reason: "Goodwill for the outage", requestKey, actor: OPERATOR });
    const again = await adjustCustomerBalance({ userId: user.id, amount: 12_500_000n, reason: "Goodwill for the outage", requestKey, actor: OPERATOR });
    expect(again).toMatchObject({ transactionId: first.transactionId, isDuplicate: true });
    expect(BigInt(first.balance.paid)).toBe(before.paid + 12_500_000n);
    const removed = await adjustCustomerBalance({ userId: user.id, amount: -1_000_000n, reason: "Correction", requestKey: randomUUID(), actor: OPERATOR });
    // taken from trial credit first
    expect(BigInt(removed.balance.trial)).toBe(before.trial - 1_000_000n);
    await expect(adjustCustomerBalance({ userId: user.id, amount: -1_000_000_000n, reason: "Too much", requestKey: randomUUID(), actor: OPERATOR })).rejects.toMatchObject({ code: "insufficient_quota" });
    await expect(adjustCustomerBalance({ userId: user.id, amount: 1n, reason: " ", requestKey: randomUUID(), actor: OPERATOR })).rejects.toMatchObject({ code: "bad_request" });

    expect(await auditActions(user.id)).toEqual(["user.create", "wallet.adjust", "wallet.adjust"]);
    const { rows } = await sql<{ details: { reason: string; amount: string; before: string; after: string }; actor_id: string; ip: string }>(
      `select details, actor_id, ip from audit_logs where target_id = $1 and action = 'wallet.adjust' order by id limit 1`,
      [user.id],
    );
    expect(rows[0]).toMatchObject({ actor_id: OPERATOR.id, ip: OPERATOR.ip, details: { reason: "Goodwill for the outage", amount: "12500000" } });
    expect(BigInt(rows[0].details.after) - BigInt(rows[0].details.before)).toBe(12_500_000n);

    const detail = await getCustomer({ id: user.id });
    expect(detail?.ledger.map((l) => [l.kind, l.memo, l.paid])).toEqual(expect.arrayContaining([["adjustment", "Goodwill for the outage", "12500000"]]));
    expect((await checkLedger()).ok).toBe(true);
  });

  it("disabling an account stops its keys at once and ends its sessions; enabling restores the keys", async () => {
    const user = await customer("disable@example.com");
    const { secret } = await createApiKey({ userId: user.id, input: { name: "laptop" }, actor: { kind: "user", id: user.id } });
    expect((await verifyApiKey(secret))?.isUserDisabled).toBe(false); // now cached
    const { id: sessionId } = await createAuthSession({ userId: user.id });
    expect(await getActiveSession(sessionId)).not.toBeNull();

    const result = await setCustomerDisabled({ userId: user.id, isDisabled: true, reason: "Abuse report 17", actor: OPERATOR });
    expect(result.sessionsEnded).toBe(1);
    expect((await verifyApiKey(secret))?.isUserDisabled).toBe(true);
    expect(await getActiveSession(sessionId)).toBeNull();
    expect((await getCustomer({ id: user.id }))?.keys[0].status).toBe("disabled");

    await setCustomerDisabled({ userId: user.id, isDisabled: false, actor: OPERATOR });
    expect((await verifyApiKey(secret))?.isUserDisabled).toBe(false);
    expect(await auditActions(user.id)).toEqual(["user.create", "user.disable", "user.enable"]);
    await expect(setCustomerDisabled({ userId: OPERATOR.id, isDisabled: true, actor: OPERATOR })).rejects.toMatchObject({ code: "not_found" });
  });

  it("an operator cannot disable themselves", async () => {
    const ops = await customer("self@example.com");
    await expect(setCustomerDisabled({ userId: ops.id, isDisabled: true, actor: { kind: "operator", id: ops.id } })).rejects.toMatchObject({ code: "conflict" });
  });

  it("search finds customers by e-mail, name and organization; groups apply to their keys", async () => {
    const user = await customer("grace.hopper@navy.example");
    const org = await sql<{ id: string }>(`insert into organizations (name, slug) values ('Cobol Works', 'cobol-works') returning id`);
    await sql(`insert into memberships (org_id, user_id, role) values ($1, $2, 'owner')`, [org.rows[0].id, user.id]);
    for (const query of ["hopper@navy", "GRACE", "cobol"]) expect((await searchCustomers({ query })).map((c) => c.email)).toEqual(["grace.hopper@navy.example"]);
    expect(await searchCustomers({ query: "%" })).toEqual([]);

    await setGroupMultiplier({ name: "partners", multiplierPpm: 800_000, actor: OPERATOR });
    const { secret } = await createApiKey({ userId: user.id, input: { name: "ci" }, actor: { kind: "user", id: user.id } });
    expect((await verifyApiKey(secret))?.groupMultiplierPpm).toBe(1_000_000);
    await setCustomerGroup({ userId: user.id, group: "partners", actor: OPERATOR });
    expect((await verifyApiKey(secret))?.groupMultiplierPpm).toBe(800_000);
    expect((await searchCustomers({ query: "cobol" }))[0].group).toBe("partners");
    expect(await auditActions(user.id)).toContain("user.set_group");
  });

  it("the trial credit for new accounts changes, audited with before and after", async () => {
    const before = await getTrialCredit();
    await setTrialCredit({ amount: 2_500_000n, actor: OPERATOR });
    expect(await getTrialCredit()).toBe(2_500_000n);
    const fresh = await customer("trial@example.com");
    expect(fresh.trialCredit).toBe(2_500_000n);
    const { entries } = await listAuditLog({ action: "settings.trial_credit" });
    expect(entries[0].details).toEqual({ before: before.toString(), after: "2500000" });
    await expect(setTrialCredit({ amount: -1n, actor: OPERATOR })).rejects.toMatchObject({ code: "bad_request" });
  });

  it("adding a model whose id the catalog has is refused and changes nothing; editing it changes it", async () => {
    const model = { id: "dup-model", vendor: "openai", displayName: null, kind: "chat" as const, contextWindow: 128_000, maxOutputTokens: 16_384, modalities: ["text", "image"], isVisible: true };
    await saveModel({ model, isNew: true, actor: OPERATOR });
    await expect(saveModel({ model: { ...model, maxOutputTokens: 8_192, modalities: ["text"] }, isNew: true, actor: OPERATOR })).rejects.toMatchObject({
      code: "conflict",
      fieldErrors: { id: "A model named dup-model already exists: edit it instead" },
    });
    const read = async () => (await sql<{ max_output_tokens: number; modalities: string[] }>(`select max_output_tokens, modalities from models where id = 'dup-model'`)).rows[0];
    expect(await read()).toEqual({ max_output_tokens: 16_384, modalities: ["text", "image"] });
    expect(await auditActions("dup-model")).toEqual(["model.create"]);
    await saveModel({ model: { ...model, maxOutputTokens: 8_192 }, actor: OPERATOR });
    expect((await read()).max_output_tokens).toBe(8_192);
    expect(await auditActions("dup-model")).toEqual(["model.create", "model.update"]);
  });
});

describe("the overview's key counts", () => {
  it("counts active keys, and every key ever created (deleted ones too) in all", async () => {
    const user = await customer(`overview-keys-${randomUUID()}@example.com`);
    const before = await getAdminOverview();
    const actor = { kind: "user" as const, id: user.id };
    await createApiKey({ userId: user.id, input: { name: "kept" }, actor });
    const gone = await createApiKey({ userId: user.id, input: { name: "gone" }, actor });
    await deleteApiKey({ scope: personalScope(user.id), keyId: gone.id, actor });
    const after = await getAdminOverview();
    expect(after.totalKeys - before.totalKeys).toBe(2);
    expect(after.activeKeys - before.activeKeys).toBe(1);
  });
});

describe("revenue and status from the rollups", () => {
  it("revenue per day, model, channel and customer with the margin; availability per model and channel", async () => {
    const a = await customer("rev-a@example.com");
    const b = await customer("rev-b@example.com");
    const channel = await sql<{ id: string }>(`insert into channels (name, type, base_url, secrets, models) values ('primary', 'openai', 'https://api.example.com/v1', $1, '{gpt-4o}') returning id`, [[encryptSecret("sk-primary-test-secret")]]);
    const channelId = channel.rows[0].id;
    const now = new Date();
    const thisHour = new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000);
    const yesterday = new Date(thisHour.getTime() - 24 * 3_600_000);
    await rollup({ hour: thisHour, userId: a.id, model: "gpt-4o", channelId, requests: 90, errors: 0, cost: 9_000_000n, upstreamCost: 6_000_000n, latency: 90_000 });
    await rollup({ hour: thisHour, userId: b.id, model: "gpt-4o", channelId, requests: 10, errors: 10, cost: 0n, upstreamCost: 0n, latency: 20_000 });
    await rollup({ hour: yesterday, userId: b.id, model: "claude-sonnet-4-5", channelId, requests: 5, errors: 0, cost: 3_000_000n, upstreamCost: 1_000_000n, latency: 5_000 });
    // refused before routing: revenue-neutral, and not counted against availability
    await rollup({ hour: thisHour, userId: b.id, model: "gpt-4o", channelId: "00000000-0000-0000-0000-000000000000", requests: 50, errors: 50, cost: 0n, upstreamCost: 0n, latency: 0 });

    const report = await getRevenue({ days: 7, now });
    expect(report.total).toEqual({ requests: 155, revenue: "12000000", upstreamCost: "7000000", margin: "5000000" });
    expect(report.byDay).toHaveLength(7);
    expect(report.byDay.at(-1)?.day).toBe(now.toISOString().slice(0, 10));
    expect(report.byModel.map((m) => [m.id, m.margin])).toEqual([["gpt-4o", "3000000"], ["claude-sonnet-4-5", "2000000"]]);
    expect(report.byChannel.find((c) => c.id === channelId)).toMatchObject({ label: "primary", revenue: "12000000", margin: "5000000" });
    expect(report.byCustomer.map((c) => [c.label, c.revenue])).toEqual([["rev-a@example.com", "9000000"], ["rev-b@example.com", "3000000"]]);
    // only what moved money: the requests refused before routing are in the totals, not a $0 row of their own
    expect(report.byChannel.map((c) => c.id)).toEqual([channelId]);
    // a deleted channel keeps its revenue under a name that says so, not its raw id
    await sql(`delete from channels where id = $1`, [channelId]);
    expect((await getRevenue({ days: 7, now })).byChannel).toEqual([expect.objectContaining({ id: channelId, label: channelId.slice(0, 8), isDeleted: true, revenue: "12000000" })]);
    await sql(`insert into channels (id, name, type, base_url, secrets, models) values ($1, 'primary', 'openai', 'https://api.example.com/v1', $2, '{gpt-4o}')`, [channelId, [encryptSecret("sk-primary-test-secret")]]);

    const status = await getServiceStatus({ now });
    const gpt = status.models.find((m) => m.id === "gpt-4o");
    expect(gpt).toMatchObject({ requests: 100, errors: 10, availability: 0.9, meanLatencyMs: 1100 });
    expect(gpt?.hours).toHaveLength(24);
    expect(gpt?.hours.at(-1)).toMatchObject({ requests: 100, availability: 0.9 });
    expect(status.channels.map((c) => c.label)).toEqual(["primary"]);

    await sql(`insert into models (id, vendor) values ('gpt-4o', 'openai'), ('claude-sonnet-4-5', 'anthropic'), ('secret-preview', 'openai'), ('unserved-model', 'openai'), ('disabled-model', 'openai')`);
    await sql(`update models set is_visible = false where id = 'secret-preview'`);
    // listed as "no traffic" although no key could call them: only what an enabled channel serves, as /v1/models
    await sql(`update channels set models = '{gpt-4o,claude-sonnet-4-5,secret-preview}' where id = $1`, [channelId]);
    await sql(`insert into channels (name, type, base_url, models, is_enabled) values ('off', 'openai', 'https://api.example.com/v1', '{disabled-model}', false)`);
    await invalidateChannels();
    const publicStatus = await getPublicStatus({ now, isFresh: true });
    expect(publicStatus.models.map((m) => m.id)).toEqual(["claude-sonnet-4-5", "gpt-4o"]);
    expect(publicStatus.models[1]).toMatchObject({ last24h: { requests: 100, availability: 0.9 }, last7d: { requests: 100 } });
    expect(publicStatus.models[0].last7d).toMatchObject({ requests: 5, availability: 1 });
    expect(publicStatus.models[0].days).toHaveLength(7);
    expect(JSON.stringify(publicStatus)).not.toContain("primary");
  });
});

describe("the overview's last 24 hours", () => {
  it("sums every model hour by hour, charges and upstream cost, channels taken out, refund requests waiting", async () => {
    const user = await customer(`overview-day-${randomUUID()}@example.com`);
    const now = new Date();
    const thisHour = new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000);
    const before = await getAdminOverview();
    const statusBefore = await getOverallStatus({ now });
    const channel = await sql<{ id: string }>(`insert into channels (name, type, base_url, secrets, models) values ('day-a', 'openai', 'https://api.example.com/v1', $1, '{gpt-day}') returning id`, [[encryptSecret("sk-day-a-test-secret")]]);
    const channelId = channel.rows[0].id;
    await sql(`insert into channels (name, type, base_url, models, is_enabled) values ('day-off', 'openai', 'https://api.example.com/v1', '{gpt-day}', false)`);
    await rollup({ hour: thisHour, userId: user.id, model: "gpt-day", channelId, requests: 30, errors: 3, cost: 4_000_000n, upstreamCost: 3_000_000n, latency: 30_000 });
    await rollup({ hour: thisHour, userId: user.id, model: "claude-day", channelId, requests: 10, errors: 1, cost: 1_000_000n, upstreamCost: 500_000n, latency: 2_000 });
    await rollup({ hour: new Date(thisHour.getTime() - 5 * 3_600_000), userId: user.id, model: "gpt-day", channelId, requests: 4, errors: 0, cost: 200_000n, upstreamCost: 100_000n, latency: 400 });
    // the 25th hour back is outside the window
    await rollup({ hour: new Date(thisHour.getTime() - 24 * 3_600_000), userId: user.id, model: "gpt-day", channelId, requests: 7, errors: 7, cost: 9_000_000n, upstreamCost: 9_000_000n, latency: 700 });
    await sql(`insert into refund_requests (account_id, user_id, amount) values ($1, $2, 1000000), ($1, $2, 2000000)`, [await walletId({ userId: user.id }), user.id]);

    const status = await getOverallStatus({ now });
    // the status page's figures for every model together are the overview's
    const { overall, overallHours, from, to } = await getServiceStatus({ now });
    expect({ overall, overallHours, from, to }).toEqual(status);
    expect(status.overallHours).toHaveLength(24);
    const last = status.overallHours.at(-1)!;
    const lastBefore = statusBefore.overallHours.at(-1)!;
    expect(last.requests - lastBefore.requests).toBe(40);
    expect(last.errors - lastBefore.errors).toBe(4);
    expect(status.overallHours.at(-6)!.requests - statusBefore.overallHours.at(-6)!.requests).toBe(4);
    expect(status.overall.requests - statusBefore.overall.requests).toBe(44);
    expect(status.overall.requests).toBe(status.overallHours.reduce((sum, hour) => sum + hour.requests, 0));

    resetChannelHealth(channelId);
    for (let i = 0; i < 20; i++) recordFailure(channelId, "upstream 500");
    const after = await getAdminOverview();
    expect(after.revenue24h - before.revenue24h).toBe(5_200_000n);
    expect(after.upstreamCost24h - before.upstreamCost24h).toBe(3_600_000n);
    expect(after.totalChannels - before.totalChannels).toBe(2);
    expect(after.enabledChannels - before.enabledChannels).toBe(1);
    expect(after.takenOut).toContainEqual({ id: channelId, name: "day-a" });
    expect(after.waitingRefunds - before.waitingRefunds).toBe(2);
    resetChannelHealth(channelId);
    expect((await getAdminOverview()).takenOut).not.toContainEqual({ id: channelId, name: "day-a" });
  });
});

describe("the channel table's health, from the request log", () => {
  it("counts each channel's requests and failures in the last 5 and 60 minutes and names its latest failure of the last day", async () => {
    const user = await customer("channel-health@example.com");
    const insert = (name: string) =>
      sql<{ id: string }>(`insert into channels (name, type, base_url, secrets, models) values ($1, 'openai', 'https://api.example.com/v1', $2, '{gpt-4o}') returning id`, [name, [encryptSecret(`sk-${name}-test-secret`)]]);
    const [a, b, quiet] = [(await insert("health-a")).rows[0].id, (await insert("health-b")).rows[0].id, (await insert("health-quiet")).rows[0].id];
    invalidateChannels();
    const now = new Date();
    const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
    await insertLogs([
      { userId: user.id, channelId: a, createdAt: ago(1), latencyMs: 100 },
      { userId: user.id, channelId: a, createdAt: ago(2), status: 502, errorCode: "upstream_error" },
      { userId: user.id, channelId: a, createdAt: ago(30), status: 429, errorCode: "rate_limited" },
      { userId: user.id, channelId: a, createdAt: ago(30), latencyMs: 300 },
      // a client's mistake is not the channel's failure
      { userId: user.id, channelId: a, createdAt: ago(0.5), status: 400, errorCode: "bad_request" },
      { userId: user.id, channelId: b, createdAt: ago(600), status: 503, errorCode: null },
      { userId: user.id, channelId: b, createdAt: ago(300), status: 500, errorCode: "upstream_error" },
      { userId: user.id, channelId: b, createdAt: ago(3), latencyMs: 200 },
      // older than a day: not the channel's latest failure any more
      { userId: user.id, channelId: quiet, createdAt: ago(25 * 60), status: 500, errorCode: "upstream_error" },
    ]);
    const channels = new Map((await listChannelsWithHealth({ now })).map((c) => [c.id, c]));
    const healthA = channels.get(a)!.health;
    expect(healthA.last5m).toMatchObject({ requests: 3, failures: 1 });
    expect(healthA.last60m).toMatchObject({ requests: 5, failures: 2 });
    expect(healthA.lastError).toEqual({ message: "502 upstream_error", at: ago(2).toISOString() });
    const healthB = channels.get(b)!.health;
    expect(healthB.last60m).toMatchObject({ requests: 1, failures: 0, successRate: 1 });
    expect(healthB.lastError).toEqual({ message: "500 upstream_error", at: ago(300).toISOString() });
    expect(channels.get(quiet)!.health.lastError).toBeNull();
  });
});

describe("audit log", () => {
  it("filters by area, actor and target, pages by id and exports every row as CSV", async () => {
    const ops = await customer("auditor@example.com");
    const target = await customer("audited@example.com");
    const actor = { kind: "operator" as const, id: ops.id };
    for (let i = 0; i < 5; i++) await adjustCustomerBalance({ userId: target.id, amount: BigInt(i + 1) * 1_000_000n, reason: `credit ${i}`, requestKey: randomUUID(), actor });
    await setCustomerDisabled({ userId: target.id, isDisabled: true, actor });

    const wallet = await listAuditLog({ area: "wallet", actor: "auditor@" });
    expect(wallet.entries).toHaveLength(5);
    expect(wallet.entries.every((e) => e.actorEmail === "auditor@example.com" && e.targetLabel === "audited@example.com")).toBe(true);
    const byTarget = await listAuditLog({ target: "audited@example.com" });
    expect(byTarget.entries.map((e) => e.action)).toEqual(["user.disable", "wallet.adjust", "wallet.adjust", "wallet.adjust", "wallet.adjust", "wallet.adjust", "user.create"]);

    const first = await listAuditLog({ area: "wallet" }, { limit: 2 });
    expect(first.nextBefore).not.toBeNull();
    const second = await listAuditLog({ area: "wallet", before: BigInt(first.nextBefore ?? "0") }, { limit: 2 });
    expect(second.entries.map((e) => e.id)).not.toContain(first.entries[0].id);
    expect(Number(second.entries[0].id)).toBeLessThan(Number(first.entries[1].id));

    let csv = "";
    for await (const chunk of auditCsv({ target: "audited@example.com" })) csv += chunk;
    const lines = csv.trim().split("\r\n");
    expect(lines[0]).toBe("id,time_utc,actor_kind,actor_email,actor_id,action,target_type,target_id,target,ip,details_json");
    expect(lines).toHaveLength(8);
    expect(lines[1]).toContain("user.disable");
    expect(csv).toContain("credit 4");
  });
});
