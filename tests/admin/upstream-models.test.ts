/**
 * "Fetch from upstream" in the channel form: the model ids an upstream account lists, in each provider's list shape
 * and paging, from a form's type, URL and key or from a saved channel; the upstream's refusal reaches the operator
 * as a 502 with the key scrubbed; bad input is a 400 that calls nobody; a private address is refused.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { CurrentSession } from "@/lib/auth/current-session";
import { startFakeUpstream, type FakeUpstream } from "../fakes/upstream";

const session = vi.hoisted(() => ({ current: null as CurrentSession | null }));
vi.mock("@/lib/auth/current-session", () => ({ getCurrentSession: async () => session.current }));

const KEY = "sk-upstream-Hq3vN8wP5zK2mX7cR4tJ";
let fake: FakeUpstream;

beforeAll(async () => {
  process.env.ALLOW_LOCAL_UPSTREAMS = "1";
  const { resetEnv } = await import("@/lib/env");
  resetEnv();
  fake = await startFakeUpstream({ keys: [KEY] });
  const { prisma } = await import("@/lib/db");
  const user = await prisma().user.create({ data: { email: "models-ops@example.com", isOperator: true } });
  session.current = { sessionId: "00000000-0000-4000-8000-000000000010", user: { id: user.id, email: user.email, name: null, isOperator: true, locale: "en" } };
});

afterAll(async () => {
  await fake.close();
  delete process.env.ALLOW_LOCAL_UPSTREAMS;
  const { resetEnv } = await import("@/lib/env");
  resetEnv();
});

async function fetchModels(body: unknown): Promise<{ status: number; json: { models?: string[]; error?: { message: string; param?: string } } }> {
  const route = await import("@/app/api/admin/channels/models/route");
  const response = await route.POST(
    new Request("http://localhost/api/admin/channels/models", {
      method: "POST",
      headers: { origin: "http://localhost", host: "localhost", "content-type": "application/json" },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
    { params: Promise.resolve({}) },
  );
  return { status: response.status, json: await response.json() };
}

describe("listing an upstream's models", () => {
  it("reads each provider's list with its own headers, sorted, Gemini's without prefix and only what a channel can serve", async () => {
    fake.reset();
    expect(await fetchModels({ type: "openai", baseUrl: `${fake.url}/v1`, secret: KEY })).toEqual({
      status: 200,
      json: { models: ["gpt-4o", "gpt-4o-mini", "gpt-image-1", "text-embedding-3-small", "whisper-1"] },
    });
    expect(fake.requests.at(-1)).toMatchObject({ method: "GET", path: "/v1/models", headers: { authorization: `Bearer ${KEY}` } });

    expect((await fetchModels({ type: "anthropic", baseUrl: fake.url, secret: KEY })).json.models).toEqual(["claude-haiku-4-5-20251001", "claude-opus-4-1-20250805", "claude-sonnet-4-5-20250929"]);
    expect(fake.requests.at(-1)).toMatchObject({ path: "/v1/models?limit=1000", headers: { "x-api-key": KEY, "anthropic-version": "2023-06-01" } });

    expect((await fetchModels({ type: "gemini", baseUrl: fake.url, secret: KEY })).json.models).toEqual(["gemini-2.5-flash", "gemini-2.5-pro", "text-embedding-004"]);
    expect(fake.requests.at(-1)).toMatchObject({ path: "/v1beta/models?pageSize=1000", headers: { "x-goog-api-key": KEY } });
  });

  it("follows Anthropic's and Gemini's pages to the end", async () => {
    const many = Array.from({ length: 7 }, (_, i) => `model-${String(i).padStart(2, "0")}`);
    fake.reset();
    fake.setBehavior({ models: many, modelPageSize: 3 });
    expect((await fetchModels({ type: "anthropic", baseUrl: fake.url, secret: KEY })).json.models).toEqual(many);
    expect(fake.requests.map((r) => r.path)).toEqual(["/v1/models?limit=1000", "/v1/models?limit=1000&after_id=model-02", "/v1/models?limit=1000&after_id=model-05"]);
    fake.reset();
    fake.setBehavior({ models: many, modelPageSize: 3 });
    expect((await fetchModels({ type: "gemini", baseUrl: fake.url, secret: KEY })).json.models).toEqual(many);
    expect(fake.requests).toHaveLength(3);
    fake.reset();
  });

  it("lists a saved channel's models with its own URL and key", async () => {
    const { createChannel } = await import("@/lib/channels/create-channel");
    const channel = await createChannel({ input: { name: "saved-gemini", type: "gemini", baseUrl: fake.url, secrets: [KEY], models: ["gemini-2.5-pro"] }, actor: { kind: "system" } });
    const { invalidateChannels } = await import("@/lib/channels/channel-table");
    await invalidateChannels();
    expect(await fetchModels({ channelId: channel.id })).toEqual({ status: 200, json: { models: ["gemini-2.5-flash", "gemini-2.5-pro", "text-embedding-004"] } });
    expect((await fetchModels({ channelId: "00000000-0000-4000-8000-00000000abcd" })).status).toBe(404);
  });

  it("answers the upstream's refusal with a 502 that names it, without the key", async () => {
    const wrong = "sk-upstream-Wr0ngK3yZ9vB6nM1qL8x";
    const { status, json } = await fetchModels({ type: "openai", baseUrl: `${fake.url}/v1`, secret: wrong });
    expect(status).toBe(502);
    expect(json.error?.message).toMatch(/^The upstream answered 401 to its model list: /);
    expect(JSON.stringify(json)).not.toContain(wrong.slice(-10));
  });

  it("refuses bad input with a clear error before calling anyone (422 for a wrong field, 400 for what is not JSON or not a URL), and a private address unless allowed", async () => {
    fake.reset();
    const cases: [unknown, number][] = [
      [{}, 422],
      [{ type: "openai", baseUrl: `${fake.url}/v1` }, 422],
      [{ type: "azure", baseUrl: `${fake.url}/v1`, secret: KEY }, 422],
      [{ channelId: "not-a-uuid" }, 422],
      ["{not json", 400],
      [{ type: "openai", baseUrl: "ftp://example.com", secret: KEY }, 400],
    ];
    for (const [body, expected] of cases) {
      const { status, json } = await fetchModels(body);
      expect({ body, status, hasMessage: typeof json.error?.message === "string" && json.error.message.length > 0 }).toEqual({ body, status: expected, hasMessage: true });
    }
    expect(fake.requests).toHaveLength(0);
    process.env.ALLOW_LOCAL_UPSTREAMS = "";
    const { resetEnv } = await import("@/lib/env");
    resetEnv();
    try {
      const { status, json } = await fetchModels({ type: "openai", baseUrl: `${fake.url}/v1`, secret: KEY });
      expect(status).toBe(400);
      expect(json.error?.message).toMatch(/local or private network/);
    } finally {
      process.env.ALLOW_LOCAL_UPSTREAMS = "1";
      resetEnv();
    }
    expect(fake.requests).toHaveLength(0);
  });
});
