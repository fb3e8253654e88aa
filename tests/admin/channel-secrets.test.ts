/**
 * A channel's upstream secret, once saved, never leaves the server: not in any operator API response (create,
 * update, list, Test, Fetch from upstream — even when the upstream echoes the key back in its error), not in what the operator pages
 * load, not in the audit log or its CSV, and not in the log output of any of it. (The rendered HTML of every page
 * is searched by the browser test, e2e/admin.spec.ts.)
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { CurrentSession } from "@/lib/auth/current-session";

const captured = vi.hoisted(() => ({ lines: [] as string[] }));
vi.mock("pino", async (importOriginal) => {
  const actual = await importOriginal<typeof import("pino")>();
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      captured.lines.push(chunk.toString("utf8"));
      done();
    },
  });
  // the app's own options (level, redaction), with the output captured instead of written to stdout
  const capture = Object.assign((options: Parameters<typeof actual.default>[0]) => actual.default(options as never, sink), actual.default);
  return { ...actual, default: capture };
});

const session = vi.hoisted(() => ({ current: null as CurrentSession | null }));
vi.mock("@/lib/auth/current-session", () => ({ getCurrentSession: async () => session.current }));

const SECRET = "sk-live-Zq7xP2mWv9LkR4tYh8NcB3dF6gJ1sA5e";
const SECOND_SECRET = "sk-live-Mn4bV7cX2zL9kJ5hG8fD3sA6qW1eR0tY";
/** Fragments a careless message could carry: a masked key shows its beginning and its end. */
const FRAGMENTS = [SECRET, SECRET.slice(0, 16), SECRET.slice(-12), SECOND_SECRET, SECOND_SECRET.slice(-12)];

function expectNoSecret(label: string, text: string): void {
  for (const fragment of FRAGMENTS) expect({ label, leaks: text.includes(fragment) ? fragment : null }).toEqual({ label, leaks: null });
}

let upstream: http.Server;
let upstreamUrl: string;
let operator: CurrentSession;

beforeAll(async () => {
  process.env.LOG_LEVEL = "trace";
  process.env.ALLOW_LOCAL_UPSTREAMS = "1";
  const { resetEnv } = await import("@/lib/env");
  resetEnv();
  // An OpenAI-compatible upstream that accepts the second key and, like OpenAI, echoes a wrong key in its 401.
  upstream = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      const key = (req.headers.authorization ?? "").replace(/^Bearer /, "");
      if (key !== SECOND_SECRET) {
        res.writeHead(401, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: { message: `Incorrect API key provided: ${key}. You can find your API key at https://example.com.`, type: "invalid_request_error", code: "invalid_api_key" } }));
        return;
      }
      const model = (JSON.parse(body) as { model: string }).model;
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ id: "chatcmpl-1", object: "chat.completion", model, choices: [{ index: 0, message: { role: "assistant", content: "pong" }, finish_reason: "stop" }], usage: { prompt_tokens: 9, completion_tokens: 1, total_tokens: 10 } }));
    });
  });
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/v1`;
  const { prisma } = await import("@/lib/db");
  const user = await prisma().user.create({ data: { email: "ops@example.com", isOperator: true } });
  operator = { sessionId: "00000000-0000-4000-8000-000000000009", user: { id: user.id, email: user.email, name: null, isOperator: true, locale: "en" } };
});

afterAll(async () => {
  await new Promise<void>((resolve) => upstream.close(() => resolve()));
  delete process.env.LOG_LEVEL;
  delete process.env.ALLOW_LOCAL_UPSTREAMS;
});

function request(method: string, path: string, body?: unknown): Request {
  return new Request(`http://localhost${path}`, {
    method,
    headers: { origin: "http://localhost", host: "localhost", "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

describe("channel secrets", () => {
  it("never appear in API responses, page data, the audit log or the logs", async () => {
    session.current = operator;
    const channels = await import("@/app/api/admin/channels/route");
    const channel = await import("@/app/api/admin/channels/[id]/route");
    const test = await import("@/app/api/admin/channels/[id]/test/route");
    const responses: string[] = [];
    const call = async (response: Promise<Response>, expected: number) => {
      const res = await response;
      const text = await res.text();
      expect({ status: res.status, text: res.status === expected ? "" : text }).toEqual({ status: expected, text: "" });
      responses.push(text);
      return JSON.parse(text || "null") as Record<string, unknown>;
    };

    const created = await call(
      channels.POST(request("POST", "/api/admin/channels", { name: "fake-openai", type: "openai", baseUrl: upstreamUrl, secrets: [SECRET], models: ["gpt-4o-mini"], modelMapping: { "gpt-4o-mini": "gpt-4o-mini-2024" } }), { params: Promise.resolve({}) }),
      201,
    );
    const id = (created.channel as { id: string; secretHints: string[] }).id;
    expect((created.channel as { secretHints: string[] }).secretHints).toEqual([`…${SECRET.slice(-4)}`]);

    // Test with the wrong key: the upstream echoes it; the result must not.
    const failed = await call(test.POST(request("POST", `/api/admin/channels/${id}/test`, {}), { params: Promise.resolve({ id }) }), 200);
    const failure = failed.result as { isOk: boolean; status: number; error: string };
    expect(failure).toMatchObject({ isOk: false, status: 401 });
    expect(failure.error).toContain("Incorrect API key provided");
    // so must "Fetch from upstream", with the saved channel's key or one typed into the form
    const models = await import("@/app/api/admin/channels/models/route");
    for (const body of [{ channelId: id }, { type: "openai", baseUrl: upstreamUrl, secret: SECRET }]) {
      const refused = await call(models.POST(request("POST", "/api/admin/channels/models", body), { params: Promise.resolve({}) }), 502);
      expect((refused.error as { message: string }).message).toMatch(/^The upstream answered 401 to its model list: Incorrect API key provided/);
    }

    // Replace the secrets; then the Test passes through the mapping.
    await call(channel.PATCH(request("PATCH", `/api/admin/channels/${id}`, { secrets: [SECOND_SECRET], priority: 5 }), { params: Promise.resolve({ id }) }), 200);
    const passed = await call(test.POST(request("POST", `/api/admin/channels/${id}/test`, { model: "gpt-4o-mini" }), { params: Promise.resolve({ id }) }), 200);
    expect(passed.result).toMatchObject({ isOk: true, status: 200, reply: "pong", upstreamModel: "gpt-4o-mini-2024" });

    const list = await call(channels.GET(request("GET", "/api/admin/channels"), { params: Promise.resolve({}) }), 200);
    expect((list.channels as { name: string }[]).map((c) => c.name)).toEqual(["fake-openai"]);

    // What the operator pages load, and the audit log with its CSV export
    const { listChannelsWithHealth } = await import("@/lib/admin/list-channels-with-health");
    const { listCatalog } = await import("@/lib/admin/catalog");
    const { getServiceStatus } = await import("@/lib/admin/service-status");
    const { getRevenue } = await import("@/lib/admin/revenue");
    const audit = await import("@/app/api/admin/audit/route");
    const auditCsv = await import("@/app/api/admin/audit/export/route");
    const pageData = JSON.stringify([await listChannelsWithHealth(), await listCatalog(), await getServiceStatus(), await getRevenue()]);
    const auditJson = await call(audit.GET(request("GET", "/api/admin/audit?area=channel"), { params: Promise.resolve({}) }), 200);
    expect((auditJson.entries as { action: string }[]).map((e) => e.action)).toEqual(["channel.test", "channel.update", "channel.test", "channel.create"]);
    const csv = await (await auditCsv.GET(request("GET", "/api/admin/audit/export"), { params: Promise.resolve({}) })).text();
    expect(csv).toContain("channel.create");

    // The table the relay routes from does hold the secret (so the search below would find a leak)
    const { channelTable } = await import("@/lib/channels/channel-table");
    expect((await channelTable()).byId.get(id)?.secrets).toEqual([SECOND_SECRET]);

    // A route handler that fails logs the error: make one fail and check the log line too
    const bad = await channel.PATCH(request("PATCH", `/api/admin/channels/${id}`, { baseUrl: "ftp://nope" }), { params: Promise.resolve({ id }) });
    expect(bad.status).toBe(400);

    for (const [index, text] of responses.entries()) expectNoSecret(`response ${index}`, text);
    expectNoSecret("page data", pageData);
    expectNoSecret("audit csv", csv);
    // the capture works: both Tests were logged, the failed one with the upstream's (scrubbed) message
    expect(captured.lines.filter((line) => line.includes("channel tested"))).toHaveLength(2);
    expect(captured.lines.join("")).toContain("Incorrect API key provided");
    expectNoSecret("log output", captured.lines.join(""));
  });
});
