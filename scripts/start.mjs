// `npm start`: build the console when the build is missing or stale, then run server.ts (the custom server:
// relay door + Next) in production mode. Ctrl-C stops the server and the embedded database with it.
import { spawn } from "node:child_process";
import { buildIfStale, root } from "./build-if-stale.mjs";

const status = buildIfStale({ force: process.argv.includes("--build") });
if (status !== 0) process.exit(status);

const child = spawn(process.execPath, ["--import", "./scripts/ts-hooks.mjs", "server.ts"], {
  cwd: root,
  stdio: "inherit",
  env: { NEXT_TELEMETRY_DISABLED: "1", ...process.env, NODE_ENV: "production" },
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
