// Runs `next build` when .next/BUILD_ID is missing or older than any source file. Shared by start and test.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const SOURCES = ["app", "components", "lib", "config", "messages", "i18n", "public", "next.config.ts", "package.json", "postcss.config.mjs", "tsconfig.json"];

function newestMtime(target) {
  if (!fs.existsSync(target)) return 0;
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return target.endsWith(".test.ts") ? 0 : stat.mtimeMs;
  let newest = 0;
  for (const entry of fs.readdirSync(target)) {
    if (entry === "node_modules") continue;
    newest = Math.max(newest, newestMtime(path.join(target, entry)));
  }
  return newest;
}

export function isBuildStale() {
  const buildId = path.join(root, process.env.NEXT_DIST_DIR ?? ".next", "BUILD_ID");
  if (!fs.existsSync(buildId)) return true;
  const builtAt = fs.statSync(buildId).mtimeMs;
  return SOURCES.some((source) => newestMtime(path.join(root, source)) > builtAt);
}

export function buildIfStale({ force = false } = {}) {
  if (!force && !isBuildStale()) return 0;
  console.log("Building the console (next build)…");
  // (BUILD_ID is written at the end, after `next build` has rewritten tsconfig.json: a source saved during a build is
  // not noticed, and dating the build from its start would make every build look stale to the next check)
  const build = spawnSync("npx", ["next", "build"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
  });
  return build.status ?? 1;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exit(buildIfStale({ force: process.argv.includes("--force") }));
