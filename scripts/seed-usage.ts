/**
 * Generates request-log rows (and their hourly rollups) for one customer, for benchmarks and demos:
 *
 *   node --import tsx --import ./scripts/register-hooks.mjs scripts/seed-usage.ts --rows 10000000 --email bench@example.com
 *
 * Rows are made inside PostgreSQL with generate_series (no data crosses the wire), in chunks so progress shows and
 * no single statement grows unbounded. Keys, models, statuses and token counts are skewed like real traffic; costs
 * follow the models' prices. Uses DATABASE_URL, else the embedded database in DATA_DIR (like the CLI).
 */
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";

export type SeedUsageOptions = {
  email: string;
  password: string;
  rows: number;
  days: number;
  keys: number;
  chunk: number;
  /** delete this customer's existing request logs first */
  isReset: boolean;
  now?: Date;
  log?: (line: string) => void;
};

export type SeedUsageResult = { userId: string; keyIds: string[]; rows: number; rollups: number; seconds: number };

const MODELS = ["gpt-4o", "claude-sonnet-4-6", "gpt-4o-mini", "deepseek-chat", "gemini-2.5-flash", "claude-haiku-4-5", "o4-mini", "qwen-plus"];

export async function seedUsage(options: SeedUsageOptions): Promise<SeedUsageResult> {
  const log = options.log ?? (() => undefined);
  const started = Date.now();
  const { sql } = await import("../lib/db");
  const { seedDefaultCatalog } = await import("../lib/billing/seed-default-catalog");
  const { getPrice } = await import("../lib/billing/pricing");
  const { createApiKey } = await import("../lib/keys/create-api-key");
  const { rebuildUsageRollups } = await import("../lib/usage/rebuild-rollups");

  await seedDefaultCatalog();
  const userId = await ensureUser(options);
  const existing = await sql<{ id: string }>(
    `select id from api_keys where user_id = $1 and deleted_at is null and name like 'seed-%' order by name`,
    [userId],
  );
  const keyIds = existing.rows.map((row) => row.id);
  for (let i = keyIds.length; i < options.keys; i += 1) {
    const key = await createApiKey({ userId, input: { name: `seed-${String(i + 1).padStart(2, "0")}` }, actor: { kind: "cli" } });
    keyIds.push(key.id);
  }
  if (options.isReset) {
    await sql(`delete from request_logs where user_id = $1`, [userId]);
    log("deleted existing request logs");
  }

  const prices = await Promise.all(MODELS.map((model) => getPrice(model)));
  const inputPrices = prices.map((p) => (p?.inputPerM ?? 1_000_000n).toString());
  const outputPrices = prices.map((p) => (p?.outputPerM ?? 2_000_000n).toString());
  const cachePrices = prices.map((p) => (p?.cacheReadPerM ?? p?.inputPerM ?? 1_000_000n).toString());

  const end = options.now ?? new Date();
  const spanMs = options.days * 86_400_000;
  const runId = Date.now().toString(36);
  for (let from = 0; from < options.rows; from += options.chunk) {
    const to = Math.min(options.rows, from + options.chunk) - 1;
    await sql(
      `insert into request_logs (request_id, created_at, user_id, api_key_id, endpoint, model, is_stream, status, error_code,
              input_tokens, cache_read_tokens, cache_write_tokens, output_tokens, reasoning_tokens, cost, latency_ms, ttft_ms)
       select 'seed_' || $3 || '_' || s.g,
              $4::timestamptz - ((($5::bigint - s.g)::float8 * $6::float8 / $5::float8) + s.jitter) * interval '1 millisecond',
              $1::uuid, ($2::uuid[])[1 + s.ki], case when s.mi % 4 = 1 then '/v1/messages' else '/v1/chat/completions' end,
              ($7::text[])[1 + s.mi], s.stream, s.status, case s.status when 429 then 'rate_limited' when 502 then 'upstream_error' end,
              case when s.status = 200 then s.input else 0 end,
              case when s.status = 200 then s.cache_read else 0 end, 0,
              case when s.status = 200 then s.output else 0 end, 0,
              case when s.status = 200 then
                (s.input::bigint * ($8::bigint[])[1 + s.mi] + s.cache_read::bigint * ($10::bigint[])[1 + s.mi]
                  + s.output::bigint * ($9::bigint[])[1 + s.mi] + 999999) / 1000000
              else 0 end,
              s.latency, case when s.stream then least(s.latency, 150 + (s.latency / 8)) end
         from (
           select g, floor(random() ^ 2 * $11::int)::int as ki, floor(random() ^ 1.6 * $12::int)::int as mi,
                  random() * 1000 as jitter, random() < 0.6 as stream,
                  case when random() < 0.015 then 429 when random() < 0.004 then 502 else 200 end as status,
                  50 + floor(random() ^ 2 * 6000)::int as input,
                  case when random() < 0.35 then floor(random() * 4000)::int else 0 end as cache_read,
                  5 + floor(random() ^ 2 * 1500)::int as output,
                  200 + floor(random() ^ 3 * 9000)::int as latency
             from generate_series($13::bigint, $14::bigint) g
         ) s`,
      [
        userId,
        keyIds,
        runId,
        end,
        options.rows,
        spanMs,
        MODELS,
        inputPrices,
        outputPrices,
        cachePrices,
        keyIds.length,
        MODELS.length,
        from,
        to,
      ],
    );
    log(`request_logs: ${to + 1} / ${options.rows}`);
  }
  await sql(`update api_keys k set last_used_at = (select max(created_at) from request_logs l where l.api_key_id = k.id)
              where k.user_id = $1`, [userId]);
  log("rebuilding hourly rollups…");
  const rollups = await rebuildUsageRollups({ userId });
  await sql(`analyze request_logs`);
  await sql(`analyze usage_rollups`);
  return { userId, keyIds, rows: options.rows, rollups, seconds: (Date.now() - started) / 1000 };
}

async function ensureUser({ email, password }: SeedUsageOptions): Promise<string> {
  const { sql } = await import("../lib/db");
  const found = await sql<{ id: string }>(`select id from users where email = $1`, [email.toLowerCase()]);
  if (found.rows[0]) return found.rows[0].id;
  const { hashPassword } = await import("../lib/auth/password");
  const { createUser } = await import("../lib/auth/create-user");
  const user = await createUser({ email, passwordHash: await hashPassword(password), name: "Benchmark customer", actor: { kind: "cli" } });
  return user.id;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      email: { type: "string", default: "bench@example.com" },
      password: { type: "string", default: "benchmark-password" },
      rows: { type: "string", default: "10000000" },
      days: { type: "string", default: "90" },
      keys: { type: "string", default: "6" },
      chunk: { type: "string", default: "500000" },
      reset: { type: "boolean", default: false },
    },
  });
  const { bootstrapDatabase } = await import("../lib/db/bootstrap");
  const database = await bootstrapDatabase({ log: (line) => console.log(line) });
  try {
    const result = await seedUsage({
      email: values.email,
      password: values.password,
      rows: Number(values.rows),
      days: Number(values.days),
      keys: Number(values.keys),
      chunk: Number(values.chunk),
      isReset: values.reset,
      log: (line) => console.log(line),
    });
    console.log(
      `seeded ${result.rows} request logs (${result.rollups} hourly rollups) for ${values.email} in ${result.seconds.toFixed(1)} s`,
    );
  } finally {
    const { closeDatabase } = await import("../lib/db");
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
