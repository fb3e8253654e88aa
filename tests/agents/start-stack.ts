/**
 * The stack the agent CLIs talk to: a fresh embedded PostgreSQL, the fake upstream, and the relay's production door
 * (the Node handler server.ts mounts) — seeded through the library functions with one model per route (an Anthropic
 * channel, an OpenAI-compatible chat-only channel, a Gemini channel and an OpenAI channel that speaks the Responses
 * API, with a model OpenAI serves through it only) and a funded customer key. Prints one JSON line
 * `{relayUrl, key, models}` on stdout, then runs until it receives SIGTERM.
 */
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { freePort, startEmbeddedPostgres } from "../../lib/db/embedded";
import { migrate } from "../../lib/db/migrate";
import { resetEnv } from "../../lib/env";
import { startFakeUpstream } from "../fakes/upstream";

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "switchyard-agents-pg-"));
fs.chmodSync(dataDir, 0o755);
const pg = await startEmbeddedPostgres({ dataDir, port: await freePort(), database: "agents" });
Object.assign(process.env, { DATABASE_URL: pg.url, ALLOW_LOCAL_UPSTREAMS: "1", LOG_LEVEL: process.env.LOG_LEVEL ?? "warn", AUTH_SECRET: "agents-secret-agents-secret-agents-secret-01" });
resetEnv();
await migrate(pg.url);

const fake = await startFakeUpstream({ behavior: { text: "pong — served through Switchyard." } });
const { upsertModel, setPrice } = await import("../../lib/billing/pricing");
const { createChannel } = await import("../../lib/channels/create-channel");
const { creditWallet } = await import("../../lib/billing/ledger");
const { createApiKey } = await import("../../lib/keys/create-api-key");
const { sql } = await import("../../lib/db");
const { createRelayServerHandler } = await import("../../lib/relay/server-handler");

const models = { anthropic: "claude-sonnet-4-6", openaiCompatible: "deepseek-chat", gemini: "gemini-3-pro-preview", openai: "gpt-5-codex" };
for (const id of Object.values(models)) {
  await upsertModel({ id, vendor: "agents", kind: "chat", contextWindow: 200_000, maxOutputTokens: 32_000, modalities: ["text"], isVisible: true });
  await setPrice({ modelId: id, inputPerM: 1_000_000n, outputPerM: 2_000_000n, effectiveFrom: new Date(Date.now() - 60_000), actor: { kind: "system" } });
}
await createChannel({ input: { name: "anthropic", type: "anthropic", baseUrl: fake.url, secrets: ["sk-ant-upstream"], models: [models.anthropic] }, actor: { kind: "system" } });
await createChannel({ input: { name: "deepseek", type: "openai", baseUrl: `${fake.url}/v1`, secrets: ["sk-ds-upstream"], models: [models.openaiCompatible], supportsResponses: false }, actor: { kind: "system" } });
await createChannel({ input: { name: "gemini", type: "gemini", baseUrl: fake.url, secrets: ["gemini-upstream"], models: [models.gemini] }, actor: { kind: "system" } });
await createChannel({ input: { name: "openai", type: "openai", baseUrl: `${fake.url}/v1`, secrets: ["sk-openai-upstream"], models: [models.openai], supportsResponses: true }, actor: { kind: "system" } });
const { rows } = await sql<{ id: string }>(`insert into users (email) values ('agents@example.com') returning id`);
await creditWallet({ owner: { userId: rows[0].id }, amount: 100_000_000n, bucket: "paid", source: "card_payments", kind: "topup", idempotencyKey: "agents-topup" });
const key = await createApiKey({ userId: rows[0].id, input: { name: "agents" }, actor: { kind: "system" } });

const handle = createRelayServerHandler();
const server = http.createServer((req, res) => {
  if (!handle(req, res)) res.writeHead(404, { "content-type": "application/json" }).end('{"error":"not the relay"}');
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const relayUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const stop = async () => {
  server.closeAllConnections();
  server.close();
  await fake.close();
  const { relayIdle } = await import("../../lib/relay/idle");
  await relayIdle().catch(() => undefined);
  const { closeDatabase } = await import("../../lib/db");
  await closeDatabase();
  await pg.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
};
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());

// what each CLI asked for, by path, so the runner can show it when a CLI fails
setInterval(() => undefined, 60_000);
process.stdout.write(`${JSON.stringify({ relayUrl, key: key.secret, models, upstreamUrl: fake.url })}\n`);
process.on("message", () => undefined);
// "loop": the next answer thinks and calls Codex's plan tool, the one after answers as usual (a tool loop);
// "loop-chat": the same with reasoning_content and Claude Code's Read tool, for the OpenAI-compatible channel;
// "last-chat": what the last chat request's assistant turn carried of reasoning; "last-gemini": the signature the last
// Gemini request's first function call carried;
// "last-messages": what the last Anthropic request carried of thinking (the runner checks the loop's second turn);
// "last-responses": whether the last Responses request carried encrypted reasoning right before a function call
process.stdin.on("data", (data) => {
  const command = String(data).trim();
  if (command === "requests") process.stdout.write(`${JSON.stringify(fake.requests.map((r) => ({ method: r.method, path: r.path })))}\n`);
  if (command === "loop") {
    fake.queue({ text: "Planning.", reasoning: "First a plan.", toolCall: { name: "update_plan", arguments: { plan: [{ step: "Answer pong", status: "completed" }] } } });
    process.stdout.write("queued\n");
  }
  if (command === "loop-chat") {
    fake.queue({ text: "Reading.", reasoning: "First read the file.", toolCall: { name: "Read", arguments: { file_path: "/nonexistent/a.txt" } } });
    process.stdout.write("queued\n");
  }
  if (command === "last-gemini") {
    const last = fake.requests.findLast((r) => r.path.includes(":generateContent") || r.path.includes(":streamGenerateContent"));
    const contents = ((last?.body ?? {}) as { contents?: { role: string; parts: Record<string, unknown>[] }[] }).contents ?? [];
    const call = contents.filter((c) => c.role === "model").flatMap((c) => c.parts).find((part) => part.functionCall !== undefined);
    process.stdout.write(`${JSON.stringify({ signature: call?.thoughtSignature ?? null, turns: contents.length })}\n`);
  }
  if (command === "last-chat") {
    const last = fake.requests.findLast((r) => r.path.startsWith("/v1/chat/completions"));
    const messages = ((last?.body ?? {}) as { messages?: Record<string, unknown>[] }).messages ?? [];
    const assistant = messages.findLast((m) => m.role === "assistant");
    process.stdout.write(`${JSON.stringify({ reasoning: assistant?.reasoning_content ?? null, toolCalls: Array.isArray(assistant?.tool_calls) ? assistant.tool_calls.length : 0, turns: messages.length })}\n`);
  }
  if (command === "last-responses") {
    const last = fake.requests.findLast((r) => r.path.startsWith("/v1/responses"));
    const body = (last?.body ?? {}) as { store?: unknown; include?: unknown; input?: Record<string, unknown>[] };
    const input = Array.isArray(body.input) ? body.input : [];
    const reasoning = input.findIndex((item) => item.type === "reasoning" && typeof item.encrypted_content === "string" && item.encrypted_content.startsWith("gAAAAAB"));
    const call = input.findIndex((item) => item.type === "function_call");
    process.stdout.write(`${JSON.stringify({ store: body.store ?? null, include: body.include ?? null, reasoningAt: reasoning, callAt: call, items: input.length })}\n`);
  }
  if (command === "last-messages") {
    const last = fake.requests.findLast((r) => r.path.startsWith("/v1/messages"));
    const body = (last?.body ?? {}) as { thinking?: unknown; messages?: { role: string; content: unknown }[] };
    const assistant = body.messages?.findLast((m) => m.role === "assistant");
    const first = Array.isArray(assistant?.content) ? (assistant.content[0] as Record<string, unknown>) : null;
    const lastTurn = body.messages?.at(-1)?.content;
    const cached = Array.isArray(lastTurn) && (lastTurn.at(-1) as { cache_control?: unknown } | undefined)?.cache_control !== undefined;
    process.stdout.write(`${JSON.stringify({ thinking: body.thinking ?? null, firstBlock: first, turns: body.messages?.length ?? 0, cached })}\n`);
  }
});
