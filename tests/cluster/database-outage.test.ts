/**
 * PostgreSQL goes away under running instances (a PostgreSQL of the test's own, which it stops and starts again):
 * requests that would move money fail fast with 503 and nothing reaches the upstream unbilled; when the database
 * returns, the instances recover by themselves. Both hold engines: the clustered one (REDIS_URL set: holds in
 * PostgreSQL) and the one-instance hot path (holds in memory).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkLedger } from "../../lib/billing/ledger";
import { closeDatabase } from "../../lib/db";
import { freePort, startEmbeddedPostgres, type EmbeddedDatabase } from "../../lib/db/embedded";
import { migrate } from "../../lib/db/migrate";
import { resetEnv } from "../../lib/env";
import { startFakeUpstream, type FakeUpstream } from "../fakes/upstream";
import { addChannel, createCustomer, createModel, type Customer } from "../relay/support/harness";
import { CLUSTER_AUTH_SECRET, buildOnce, chat, startInstance, type Instance } from "./support/instances";
import { ensureSharedRedis, testPrefix, waitFor } from "./support/redis-servers";

let dataDir: string;
let port: number;
let postgres: EmbeddedDatabase;
let upstream: FakeUpstream;
let customer: Customer;
let instances: Instance[] = [];

async function startPostgres(): Promise<EmbeddedDatabase> {
  return startEmbeddedPostgres({ dataDir, port });
}

beforeAll(async () => {
  await buildOnce();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "switchyard-outage-pg-"));
  fs.chmodSync(dataDir, 0o755);
  port = await freePort();
  postgres = await startPostgres();
  await migrate(postgres.url);
  Object.assign(process.env, { DATABASE_URL: postgres.url, AUTH_SECRET: CLUSTER_AUTH_SECRET });
  resetEnv();
  await closeDatabase();

  upstream = await startFakeUpstream({ behavior: { inputTokens: 8 } });
  await createModel({ id: "outage-model" });
  await addChannel({ fake: upstream, type: "openai", models: ["outage-model"] });
  customer = await createCustomer();

  const redisUrl = await ensureSharedRedis();
  instances = await Promise.all([
    startInstance({ name: "clustered", env: { DATABASE_URL: postgres.url, REDIS_URL: redisUrl, REDIS_PREFIX: testPrefix("outage") } }),
    startInstance({ name: "single", env: { DATABASE_URL: postgres.url } }),
  ]);
}, 600_000);

afterAll(async () => {
  await Promise.all(instances.map((i) => i.stop()));
  await upstream?.close();
  await closeDatabase();
  await postgres?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
}, 120_000);

describe("PostgreSQL away", () => {
  it("refuses money-moving requests with 503 while it is down, reaches no upstream, and recovers by itself", async () => {
    for (const instance of instances) expect((await chat(instance, customer.secret, { model: "outage-model" })).status).toBe(200);

    await postgres.stop();
    const upstreamBefore = upstream.requests.length;
    for (const instance of instances) {
      for (let i = 0; i < 3; i++) {
        const { status, body } = await chat(instance, customer.secret, { model: "outage-model" });
        expect(status, `${instance.name}: ${body}`).toBe(503);
      }
      expect((await fetch(`${instance.url}/api/ready`)).status).toBe(503);
      expect((await fetch(`${instance.url}/api/health`)).status).toBe(200);
    }
    expect(upstream.requests.length).toBe(upstreamBefore);

    postgres = await startPostgres();
    for (const instance of instances) {
      await waitFor(`${instance.name} serving again`, async () => (await chat(instance, customer.secret, { model: "outage-model" })).status === 200, 60_000);
      await waitFor(`${instance.name} ready again`, async () => (await fetch(`${instance.url}/api/ready`)).status === 200, 30_000);
    }
    await closeDatabase(); // this process's connections died with the server
    const check = await checkLedger();
    expect(check.problems).toEqual([]);
    expect(check.ok).toBe(true);
  }, 240_000);
});
