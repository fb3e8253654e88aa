import { beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { AppError } from "../errors";
import type { CurrentSession } from "./current-session";

const current = vi.hoisted(() => ({ session: null as CurrentSession | null }));
vi.mock("./current-session", () => ({ getCurrentSession: async () => current.session }));

const { isSameOriginRequest, requireOperator, requireSession, withPublic, withSession } = await import("./guards");

const CUSTOMER: CurrentSession = { sessionId: "s1", user: { id: "u1", email: "c@example.com", name: null, isOperator: false, locale: "en" } };
const OPERATOR: CurrentSession = { sessionId: "s2", user: { id: "u2", email: "o@example.com", name: null, isOperator: true, locale: "en" } };
const SITE = "http://localhost:3000";

function request(method: string, headers: Record<string, string> = {}, path = "/api/thing"): Request {
  return new Request(`${SITE}${path}`, { method, headers: { host: "localhost:3000", ...headers } });
}

const context = { params: Promise.resolve({ id: "42" }) };
const ok = withSession<{ id: string }>(async ({ session, params }) => Response.json({ user: session.user.email, id: params.id }));
const adminOnly = withSession(async () => Response.json({ ok: true }), { operatorOnly: true });

beforeEach(() => {
  current.session = null;
});

describe("withSession", () => {
  it("answers 401 in the console dialect without a session, in the visitor's language", async () => {
    const response = await ok(request("GET"), context);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: { code: "unauthenticated", message: "Sign in to continue." } });
    // the mark the browser's JSON helpers follow to /login?next=<page> (a wrong password's 401 has none)
    expect(response.headers.get("x-sign-in-required")).toBe("1");
    const zh = await ok(request("GET", { cookie: "locale=zh-CN" }), context);
    expect((await zh.json()).error.message).toBe("请先登录。");
  });

  it("passes the session and route params to the handler", async () => {
    current.session = CUSTOMER;
    const response = await ok(request("GET"), context);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ user: "c@example.com", id: "42" });
  });

  it("keeps operator routes to operators (403 for customers)", async () => {
    current.session = CUSTOMER;
    const refused = await adminOnly(request("POST", { origin: SITE }), context);
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.code).toBe("forbidden");
    current.session = OPERATOR;
    expect((await adminOnly(request("POST", { origin: SITE }), context)).status).toBe(200);
  });

  it("refuses state-changing requests from another site, or with no Origin or Referer (CSRF)", async () => {
    current.session = OPERATOR;
    const cases: [Record<string, string>, number][] = [
      [{ origin: SITE }, 200],
      [{ referer: `${SITE}/admin` }, 200],
      [{ origin: "https://evil.example" }, 403],
      [{ origin: "http://localhost:3001" }, 403],
      [{ referer: "https://evil.example/page" }, 403],
      [{}, 403],
      [{ origin: "null" }, 403],
      [{ origin: SITE, "sec-fetch-site": "cross-site" }, 403],
    ];
    for (const [headers, status] of cases) {
      const response = await adminOnly(request("DELETE", headers), context);
      expect({ headers, status: response.status }).toEqual({ headers, status });
    }
    const refused = await adminOnly(request("POST", { origin: "https://evil.example" }), context);
    expect(await refused.json()).toEqual({ error: { code: "forbidden", message: "This request came from another site and was refused." } });
    // Reading is not a state change: a GET needs no Origin.
    expect((await ok(request("GET"), context)).status).toBe(200);
  });

  it("trusts the forwarded host behind a proxy", () => {
    expect(isSameOriginRequest(request("POST", { origin: "https://relay.example.com", "x-forwarded-host": "relay.example.com", "x-forwarded-proto": "https" }))).toBe(true);
    expect(isSameOriginRequest(request("POST", { origin: "http://relay.example.com", "x-forwarded-host": "relay.example.com", "x-forwarded-proto": "https" }))).toBe(false);
  });

  it("maps thrown AppErrors and zod errors to their statuses, and anything else to a 500 that leaks nothing", async () => {
    current.session = CUSTOMER;
    const conflict = withSession(async () => {
      throw new AppError("conflict", "Name taken", { fieldErrors: { name: "Name taken" } });
    });
    const invalid = withSession(async () => {
      z.object({ name: z.string() }).parse({});
      return new Response(null);
    });
    const crash = withSession(async () => {
      throw new Error("database password is hunter2");
    });
    const conflictResponse = await conflict(request("POST", { origin: SITE }), context);
    expect(conflictResponse.status).toBe(409);
    expect(await conflictResponse.json()).toEqual({ error: { code: "conflict", message: "Name taken", fieldErrors: { name: "Name taken" } } });
    const invalidResponse = await invalid(request("POST", { origin: SITE }), context);
    expect(invalidResponse.status).toBe(422);
    expect((await invalidResponse.json()).error.fieldErrors).toHaveProperty("name");
    const crashResponse = await crash(request("POST", { origin: SITE }), context);
    expect(crashResponse.status).toBe(500);
    expect(await crashResponse.text()).not.toContain("hunter2");
  });
});

describe("withPublic", () => {
  it("needs no session but keeps the CSRF check", async () => {
    const handler = withPublic(async ({ locale }) => Response.json({ locale }));
    expect(await (await handler(request("POST", { origin: SITE, "accept-language": "zh-CN,zh;q=0.9" }), context)).json()).toEqual({ locale: "zh-CN" });
    expect((await handler(request("POST", { origin: "https://evil.example" }), context)).status).toBe(403);
  });
});

describe("page guards", () => {
  it("requireSession redirects to /login (keeping a safe return path) and returns the session otherwise", async () => {
    await expect(requireSession()).rejects.toMatchObject({ digest: expect.stringContaining(";/login;") });
    await expect(requireSession({ returnTo: "/keys" })).rejects.toMatchObject({ digest: expect.stringContaining("/login?next=%2Fkeys") });
    await expect(requireSession({ returnTo: "//evil.example" })).rejects.toMatchObject({ digest: expect.stringContaining(";/login;") });
    current.session = CUSTOMER;
    await expect(requireSession()).resolves.toEqual(CUSTOMER);
  });

  it("requireOperator answers 404 to customers and passes operators", async () => {
    current.session = CUSTOMER;
    await expect(requireOperator()).rejects.toMatchObject({ digest: expect.stringContaining("404") });
    current.session = OPERATOR;
    await expect(requireOperator()).resolves.toEqual(OPERATOR);
  });
});
