/**
 * Console speed with a big request log (seed it first with scripts/seed-usage.ts):
 *
 *   node --import tsx --import ./scripts/register-hooks.mjs scripts/bench-console.ts --email bench@example.com
 *
 * Measures the data loading of the home page (balance, summary, daily series) and of the first logs page
 * (default, filtered by model, sorted by cost, and a deep page), each warm, as median and p95 of N runs; then
 * streams a CSV export of about `--csv-rows` rows in a child process and reports its time and peak RSS.
 * Uses DATABASE_URL, else the embedded database in DATA_DIR.
 */
import { execFileSync } from "node:child_process";
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";

type Timing = { name: string; median: number; p95: number; rows?: number };

async function time(name: string, runs: number, work: () => Promise<number | undefined>): Promise<Timing> {
  await work();
  const samples: number[] = [];
  let rows: number | undefined;
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    rows = await work();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return { name, median: samples[Math.floor(samples.length / 2)], p95: samples[Math.min(samples.length - 1, Math.ceil(samples.length * 0.95) - 1)], rows };
}

/** Child mode: stream the CSV to nowhere and print rows, bytes, seconds and peak RSS as JSON. */
async function exportChild(userId: string, fromIso: string): Promise<void> {
  const { requestLogCsvStream } = await import("../lib/usage/export-request-logs-csv");
  const { parseLogQuery } = await import("../lib/usage/log-query");
  const { personalScope } = await import("../lib/usage/data-scope");
  const { filters, sort } = parseLogQuery({ from: fromIso });
  const started = performance.now();
  const reader = requestLogCsvStream({ scope: personalScope(userId), filters, sort }).getReader();
  let bytes = 0;
  let lines = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    for (const byte of value) if (byte === 10) lines += 1;
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(JSON.stringify({ rows: lines - 1, bytes, seconds, peakRssMb: process.resourceUsage().maxRSS / 1024 }));
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      email: { type: "string", default: "bench@example.com" },
      runs: { type: "string", default: "20" },
      "csv-rows": { type: "string", default: "1000000" },
      "export-child": { type: "string" },
      from: { type: "string" },
    },
  });
  const { bootstrapDatabase } = await import("../lib/db/bootstrap");
  const database = await bootstrapDatabase();
  const { sql, closeDatabase } = await import("../lib/db");
  try {
    if (values["export-child"]) {
      await exportChild(values["export-child"], values.from ?? new Date(0).toISOString());
      return;
    }
    const user = await sql<{ id: string }>(`select id from users where email = $1`, [values.email]);
    const userId = user.rows[0]?.id;
    if (!userId) throw new Error(`no user ${values.email}: run scripts/seed-usage.ts first`);
    const { personalScope } = await import("../lib/usage/data-scope");
    const scope = personalScope(userId);
    const { getUserBalance } = await import("../lib/account/get-user-balance");
    const { getUsageSummary } = await import("../lib/usage/get-usage-summary");
    const { getUsageSeries } = await import("../lib/usage/get-usage-series");
    const { listRequestLogs } = await import("../lib/usage/list-request-logs");
    const { listLogFilterOptions } = await import("../lib/usage/list-log-filter-options");
    const { listKeyLabels } = await import("../lib/keys/list-key-labels");
    const { parseLogQuery } = await import("../lib/usage/log-query");
    const total = await sql<{ n: bigint }>(`select count(*)::bigint as n from request_logs where user_id = $1`, [userId]);
    console.log(`request_logs for ${values.email}: ${total.rows[0].n}`);
    const runs = Number(values.runs);
    const timings: Timing[] = [];

    timings.push(
      await time("home: balance + summary + daily series", runs, async () => {
        await Promise.all([getUserBalance(userId), getUsageSummary({ scope, timeZone: "UTC" }), getUsageSeries({ scope, granularity: "day", timeZone: "UTC" })]);
        return undefined;
      }),
    );
    timings.push(await time("home: monthly series (12 months)", runs, async () => (await getUsageSeries({ scope, granularity: "month", timeZone: "Asia/Shanghai" })).points.length));
    const logsPage = (params: Record<string, string>) => async () => {
      const [page] = await Promise.all([listRequestLogs({ scope, query: parseLogQuery(params) }), listLogFilterOptions({ scope })]);
      return page.rows.length;
    };
    timings.push(await time("logs: first page (newest first)", runs, logsPage({})));
    timings.push(await time("logs: first page, one model", runs, logsPage({ model: "deepseek-chat" })));
    timings.push(await time("logs: first page, errors only", runs, logsPage({ status: "error" })));
    timings.push(await time("logs: first page, sorted by cost", runs, logsPage({ sort: "cost" })));
    timings.push(await time("logs: first page, last 24 h, one key", runs, async () => {
      const keys = await listKeyLabels({ scope });
      return logsPage({ range: "24h", key: [...keys.keys()][0] })();
    }));
    // a deep page: follow 200 cursors, then time the 201st
    let query = parseLogQuery({});
    for (let i = 0; i < 200; i += 1) {
      const page = await listRequestLogs({ scope, query });
      if (!page.nextCursor) break;
      query = { ...query, cursor: parseLogQuery({ after: page.nextCursor }).cursor };
    }
    timings.push(await time("logs: page 201 (keyset)", runs, async () => (await listRequestLogs({ scope, query })).rows.length));

    console.log("\n| measurement | median | p95 | rows |\n|---|---|---|---|");
    for (const t of timings) console.log(`| ${t.name} | ${t.median.toFixed(1)} ms | ${t.p95.toFixed(1)} ms | ${t.rows ?? ""} |`);

    const csvRows = Number(values["csv-rows"]);
    const cut = await sql<{ at: Date }>(
      `select created_at as at from request_logs where user_id = $1 order by created_at desc, id desc offset $2 limit 1`,
      [userId, Math.max(0, csvRows - 1)],
    );
    const from = (cut.rows[0]?.at ?? new Date(0)).toISOString();
    const output = execFileSync(
      process.execPath,
      ["--import", "tsx", "--import", "./scripts/register-hooks.mjs", "scripts/bench-console.ts", "--export-child", userId, "--from", from],
      { env: process.env, encoding: "utf8", maxBuffer: 1024 * 1024 },
    );
    const result = JSON.parse(output.trim().split("\n").pop() ?? "{}") as { rows: number; bytes: number; seconds: number; peakRssMb: number };
    console.log(
      `\nCSV export: ${result.rows} rows, ${(result.bytes / 1e6).toFixed(1)} MB in ${result.seconds.toFixed(1)} s ` +
        `(${Math.round(result.rows / result.seconds)} rows/s), peak RSS ${result.peakRssMb.toFixed(0)} MB`,
    );
  } finally {
    await closeDatabase();
    await database.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
