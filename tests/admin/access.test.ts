/**
 * Nobody but an operator reaches the operator console. Every page under app/admin and every operator API route is
 * found on disk (so a new one cannot be forgotten) and called as a signed-out visitor and as a signed-in customer:
 * pages answer 404 (notFound) to customers and send visitors to /login; API routes answer 401 and 403.
 */
import fs from "node:fs";
import path from "node:path";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { CurrentSession } from "@/lib/auth/current-session";

const session = vi.hoisted(() => ({ current: null as CurrentSession | null }));
vi.mock("@/lib/auth/current-session", () => ({ getCurrentSession: async () => session.current }));

const CUSTOMER: CurrentSession = { sessionId: "00000000-0000-4000-8000-000000000001", user: { id: "00000000-0000-4000-8000-000000000002", email: "customer@example.com", name: "Customer", isOperator: false, locale: "en" } };
const SAMPLE_ID = "00000000-0000-4000-8000-0000000000aa";
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

function walk(dir: string, file: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return walk(full, file);
    return entry.name === file ? [full] : [];
  });
}

/** Every page of the operator console. */
const ADMIN_PAGES = walk("app/admin", "page.tsx").sort();

/** Every operator route: anything under an `admin` folder of app/api, and any route declared operatorOnly. */
const OPERATOR_ROUTES = walk("app/api", "route.ts")
  .filter((file) => file.split(path.sep).includes("admin") || fs.readFileSync(file, "utf8").includes("operatorOnly: true"))
  .sort();

/** The URL a file answers at, with a sample id in every dynamic segment. */
function urlOf(file: string): { url: string; params: Record<string, string> } {
  const params: Record<string, string> = {};
  const parts = path
    .dirname(file)
    .split(path.sep)
    .slice(1)
    .filter((part) => !part.startsWith("("))
    .map((part) => {
      const match = /^\[(.+)\]$/.exec(part);
      if (!match) return part;
      params[match[1]] = SAMPLE_ID;
      return SAMPLE_ID;
    });
  return { url: `http://localhost/${parts.join("/")}`, params };
}

function digestOf(error: unknown): string {
  return typeof error === "object" && error !== null && "digest" in error ? String((error as { digest: unknown }).digest) : String(error);
}

describe("operator console access", () => {
  beforeEach(() => {
    session.current = null;
  });

  it("finds the pages and routes on disk", () => {
    expect(ADMIN_PAGES).toEqual(expect.arrayContaining(["app/admin/(pages)/page.tsx", "app/admin/(pages)/channels/page.tsx", "app/admin/(pages)/audit/page.tsx", "app/admin/customers/[id]/page.tsx"]));
    expect(ADMIN_PAGES.length).toBeGreaterThanOrEqual(10);
    expect(OPERATOR_ROUTES).toEqual(expect.arrayContaining(["app/api/admin/channels/route.ts", "app/api/admin/audit/export/route.ts", "app/api/billing/refunds/[id]/approve/route.ts"]));
    expect(OPERATOR_ROUTES.length).toBeGreaterThanOrEqual(18);
  });

  it("every route under an admin folder is declared operator-only", () => {
    const open = OPERATOR_ROUTES.filter((file) => file.split(path.sep).includes("admin") && !fs.readFileSync(file, "utf8").includes("operatorOnly: true"));
    expect(open).toEqual([]);
  });

  it.each(ADMIN_PAGES)("%s: 404 for a customer, /login for a visitor", async (file) => {
    const page = (await import(path.resolve(file))) as { default: (props: unknown) => Promise<unknown> };
    const { params } = urlOf(file);
    const props = { params: Promise.resolve(params), searchParams: Promise.resolve({}) };

    session.current = CUSTOMER;
    const asCustomer = await page.default(props).then(() => "rendered", digestOf);
    expect(asCustomer).toMatch(/^NEXT_HTTP_ERROR_FALLBACK;404$/);

    session.current = null;
    const asVisitor = await page.default(props).then(() => "rendered", digestOf);
    expect(asVisitor).toMatch(/^NEXT_REDIRECT;.*\/login/);
  });

  it("the admin layout itself refuses customers", async () => {
    const layout = (await import(path.resolve("app/admin/layout.tsx"))) as { default: (props: unknown) => Promise<unknown> };
    session.current = CUSTOMER;
    expect(await layout.default({ children: null }).then(() => "rendered", digestOf)).toMatch(/404/);
  });

  it.each(OPERATOR_ROUTES)("%s: 401 for a visitor, 403 for a customer, for every method", async (file) => {
    const route = (await import(path.resolve(file))) as Partial<Record<(typeof METHODS)[number], (req: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>>>;
    const { url, params } = urlOf(file);
    const methods = METHODS.filter((method) => typeof route[method] === "function");
    expect(methods.length).toBeGreaterThan(0);
    for (const method of methods) {
      const request = () =>
        new Request(url, {
          method,
          headers: { origin: "http://localhost", host: "localhost", "content-type": "application/json" },
          body: method === "GET" ? undefined : JSON.stringify({}),
        });
      session.current = null;
      const visitor = await route[method]!(request(), { params: Promise.resolve(params) });
      expect({ method, status: visitor.status }).toEqual({ method, status: 401 });
      session.current = CUSTOMER;
      const customer = await route[method]!(request(), { params: Promise.resolve(params) });
      expect({ method, status: customer.status }).toEqual({ method, status: 403 });
      const body = (await customer.json()) as { error?: { message?: string } };
      expect(body.error?.message).toBeTruthy();
    }
  });
});
