// `npm test`: the whole suite. Vitest (unit + integration on a real PostgreSQL), then Playwright in Debian's
// Chromium against a production build, then the agent CLIs (Claude Code, Codex) when their suite exists.
// Ends with one line: `N passed, N failed`.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { buildIfStale, root } from "./build-if-stale.mjs";

const artifacts = path.join(root, "artifacts");
fs.mkdirSync(artifacts, { recursive: true });
const only = process.argv.slice(2);
const wants = (suite) => only.length === 0 || only.includes(suite);
const totals = { passed: 0, failed: 0, skipped: 0 };
const lines = [];

function run(command, args, env = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
  return result.status ?? 1;
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
}

function count(suite, passed, failed, skipped) {
  totals.passed += passed;
  totals.failed += failed;
  totals.skipped += skipped;
  lines.push(`${suite}: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
}

if (wants("types")) {
  const status = run("npx", ["tsc", "--noEmit", "-p", "tsconfig.json"]);
  count("typecheck", status === 0 ? 1 : 0, status === 0 ? 0 : 1, 0);
}

if (wants("unit")) {
  const file = path.join(artifacts, "vitest.json");
  fs.rmSync(file, { force: true });
  const status = run("npx", ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${file}`]);
  const report = readJson(file);
  if (report) {
    const failed = report.numFailedTests + (report.numFailedTestSuites > 0 && report.numFailedTests === 0 ? report.numFailedTestSuites : 0);
    // a run that failed without a failed test (an unhandled error) is a failure too
    count("vitest", report.numPassedTests, failed > 0 || status === 0 ? failed : 1, report.numPendingTests + report.numTodoTests);
  } else count("vitest", 0, status === 0 ? 0 : 1, 0);
}

if (wants("e2e")) {
  const buildStatus = buildIfStale();
  if (buildStatus !== 0) count("build", 0, 1, 0);
  else {
    const file = path.join(artifacts, "playwright.json");
    fs.rmSync(file, { force: true });
    const status = run("npx", ["playwright", "test"], { PLAYWRIGHT_JSON_OUTPUT_NAME: file });
    const report = readJson(file);
    if (report?.stats) {
      const { expected = 0, unexpected = 0, flaky = 0, skipped = 0 } = report.stats;
      // a run that failed without a failed test (its web server could not start, a global error) is a failure too
      const failed = unexpected > 0 || status === 0 ? unexpected : Math.max(1, report.errors?.length ?? 0);
      count("playwright", expected + flaky, failed, skipped);
    } else count("playwright", 0, status === 0 ? 0 : 1, 0);
  }
}

if (wants("agents") && fs.existsSync(path.join(root, "tests", "agents", "run.mjs"))) {
  const file = path.join(artifacts, "agents.json");
  fs.rmSync(file, { force: true });
  const status = run(process.execPath, ["tests/agents/run.mjs", file]);
  const report = readJson(file);
  if (report) count("agents", report.passed, report.failed, report.skipped ?? 0);
  else count("agents", 0, status === 0 ? 0 : 1, 0);
}

console.log("");
for (const line of lines) console.log(`  ${line}`);
console.log(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ""}`);
process.exit(totals.failed > 0 || lines.length === 0 ? 1 : 0);
