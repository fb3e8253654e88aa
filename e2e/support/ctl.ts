/**
 * Run the operator CLI against the app under test (its embedded database, found through the data folder that
 * e2e-server.ts records), the way an operator would on the same machine. Seeds operators, credit and keys.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

function e2eInfo(): { dataDir: string; upstreamUrl: string } {
  const port = Number(process.env.E2E_PORT ?? 3100);
  return JSON.parse(fs.readFileSync(path.join(os.tmpdir(), `switchyard-e2e-${port}.json`), "utf8")) as { dataDir: string; upstreamUrl: string };
}

export function e2eDataDir(): string {
  return e2eInfo().dataDir;
}

/** A priced chat model ($2.50 / $10 per 1M) and a channel serving it from the e2e fake upstream (support/seed-relay-channel.ts). */
export function seedRelayChannel(model: string, { vendor = "openai" }: { vendor?: string } = {}): void {
  execFileSync(process.execPath, ["--import", "tsx", "--import", "./scripts/register-hooks.mjs", "e2e/support/seed-relay-channel.ts", model, e2eInfo().upstreamUrl, vendor], {
    env: { ...process.env, DATA_DIR: e2eDataDir(), DATABASE_URL: "", ALLOW_LOCAL_UPSTREAMS: "1", LOG_LEVEL: "warn" },
    encoding: "utf8",
    timeout: 60_000,
  });
}

/** stdout of `npm run ctl -- …args`; throws with stderr when the command fails. */
export function ctl(...args: string[]): string {
  return execFileSync(process.execPath, ["--no-warnings", "--import", "tsx", "--import", "./scripts/register-hooks.mjs", "scripts/ctl.ts", ...args], {
    env: { ...process.env, DATA_DIR: e2eDataDir(), DATABASE_URL: "", LOG_LEVEL: "silent", NODE_ENV: "production" },
    encoding: "utf8",
    timeout: 60_000,
  });
}
