/**
 * The app under test for Playwright: a fresh embedded PostgreSQL in a temp folder, the fake upstreams and the fake
 * Stripe server from tests/fakes, and server.ts in production mode on E2E_PORT. Everything stops with this process.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "../../lib/db/embedded";
import { startE2eFakes } from "./fakes";

async function main(): Promise<void> {
  const port = Number(process.env.E2E_PORT ?? 3100);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "switchyard-e2e-"));
  fs.chmodSync(dataDir, 0o755);
  const fakes = await startE2eFakes({ appUrl: `http://localhost:${port}` });
  fs.writeFileSync(path.join(os.tmpdir(), `switchyard-e2e-${port}.json`), JSON.stringify({ dataDir, ...fakes.info }));
  const child = spawn(process.execPath, ["--import", "./scripts/ts-hooks.mjs", "server.ts"], {
    stdio: "inherit",
    env: {
      ...process.env,
      ...fakes.env,
      NODE_ENV: "production",
      PORT: String(port),
      APP_URL: `http://localhost:${port}`,
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(await freePort()),
      DATABASE_URL: "",
      ALLOW_LOCAL_UPSTREAMS: "1",
      NEXT_TELEMETRY_DISABLED: "1",
      LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
    },
  });
  const stop = () => {
    child.kill("SIGTERM");
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  child.on("exit", async (code) => {
    await fakes.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
    process.exit(code ?? 0);
  });
}

void main();
