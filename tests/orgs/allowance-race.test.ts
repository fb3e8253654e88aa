/**
 * A member's monthly allowance is enforced in the same atomic hold as the wallet and the key cap, through the real
 * relay: 30 concurrent requests from one member against an allowance that covers 5 → at most 5 served, each
 * refusal a 402 naming the allowance; another member of the same organization is still served from the shared
 * wallet; the ledger checks out. Removing a member stops their keys on the very next request.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import OpenAI from "openai";
import { checkLedger } from "../../lib/billing/ledger";
import { getWalletBalance } from "../../lib/billing/accounts";
import { sql } from "../../lib/db";
import { createApiKey } from "../../lib/keys/create-api-key";
import { removeMember } from "../../lib/orgs/remove-member";
import { updateMember } from "../../lib/orgs/update-member";
import type { FakeUpstream } from "../fakes/upstream";
import { addChannel, createModel, openaiClient, relayIdle, startFakeUpstream, startRelay, type Relay } from "../relay/support/harness";
import { createTeam, creditOrg, ownerAccess, type Team } from "./support";

const MODEL = "allowance-model";
/** max_tokens 1,000 at 2 µ$/token is 2,000 µ$ of output; a short prompt adds well under 100 µ$, so 10,500 covers exactly 5 worst cases. */
const ALLOWANCE_USD = "0.0105";

describe("member allowance through the relay", () => {
  let relay: Relay;
  let fake: FakeUpstream;
  let team: Team;
  let walletId: string;

  beforeAll(async () => {
    fake = await startFakeUpstream();
    relay = await startRelay();
    await createModel({ id: MODEL });
    await addChannel({ fake, type: "openai", models: [MODEL] });
    team = await createTeam("race");
    walletId = await creditOrg(team.orgId, 5_000_000n);
    const owner = await ownerAccess(team.orgId, team.people.owner.id);
    await updateMember({ access: owner, membershipId: team.memberships.member, input: { monthlyAllowance: ALLOWANCE_USD }, actor: { kind: "system" } });
  });

  afterAll(async () => {
    await relay.close();
    await fake.close();
  });

  const ask = (client: OpenAI) => client.chat.completions.create({ model: MODEL, max_tokens: 1_000, messages: [{ role: "user", content: "Hi" }] });

  it("serves at most 5 of 30 concurrent requests, refuses the rest with 402 naming the allowance, and others continue", async () => {
    const memberKey = await createApiKey({ userId: team.people.member.id, orgId: team.orgId, input: { name: "race" }, actor: { kind: "system" } });
    const adminKey = await createApiKey({ userId: team.people.admin.id, orgId: team.orgId, input: { name: "other" }, actor: { kind: "system" } });
    const before = await getWalletBalance(walletId);
    // Every request stays in flight long enough for all 30 holds to meet.
    fake.setBehavior({ latencyMs: 600 });
    const client = openaiClient(relay, memberKey.secret);
    const results = await Promise.allSettled(Array.from({ length: 30 }, () => ask(client)));
    fake.setBehavior({});
    const served = results.filter((result) => result.status === "fulfilled").length;
    const refused = results.flatMap((result) => (result.status === "rejected" ? [result.reason as { status?: number; message?: string }] : []));
    expect(served).toBeLessThanOrEqual(5);
    expect(served).toBeGreaterThan(0);
    expect(refused).toHaveLength(30 - served);
    for (const error of refused) {
      expect(error.status).toBe(402);
      expect(error.message).toMatch(/monthly allowance/);
    }

    // The organization's wallet still serves another member.
    const other = await ask(openaiClient(relay, adminKey.secret));
    expect(other.choices[0].message.content).toBeTruthy();

    await relayIdle(); // settlements and log rows are written after the responses
    const { rows } = await sql<{ spent: bigint; held: bigint }>(`select spent, held from allowance_usage where membership_id = $1`, [team.memberships.member]);
    expect(rows[0].spent).toBeGreaterThan(0n);
    expect(rows[0].spent).toBeLessThanOrEqual(10_500n);
    const after = await getWalletBalance(walletId);
    expect(after.available).toBeLessThan(before.available);
    const logs = await sql<{ org_id: string; membership_id: string; n: bigint }>(
      `select org_id, membership_id, count(*)::bigint as n from request_logs where api_key_id = $1 and status = 200 group by 1, 2`,
      [memberKey.id],
    );
    expect(logs.rows).toEqual([{ org_id: team.orgId, membership_id: team.memberships.member, n: BigInt(served) }]);
    const ledger = await checkLedger();
    expect(ledger.problems).toEqual([]);
    expect(ledger.ok).toBe(true);
  });

  it("a changed allowance applies on the next request; removing the member stops their keys at once", async () => {
    const key = await createApiKey({ userId: team.people.member.id, orgId: team.orgId, input: { name: "after" }, actor: { kind: "system" } });
    const client = openaiClient(relay, key.secret);
    const owner = await ownerAccess(team.orgId, team.people.owner.id);
    expect((await ask(client)).choices.length).toBe(1);
    // Below one request's worst case: refused at once, although the relay has just seen the old allowance.
    await updateMember({ access: owner, membershipId: team.memberships.member, input: { monthlyAllowance: "0.001" }, actor: { kind: "system" } });
    await expect(ask(client)).rejects.toMatchObject({ status: 402 });
    await updateMember({ access: owner, membershipId: team.memberships.member, input: { monthlyAllowance: "0" }, actor: { kind: "system" } });
    expect((await ask(client)).choices.length).toBe(1);
    await removeMember({ access: owner, membershipId: team.memberships.member, actor: { kind: "system" } });
    const stopped = await ask(client).then(
      () => null,
      (error: { status?: number }) => error.status,
    );
    expect([401, 403]).toContain(stopped);
  });
});
