/**
 * The console's context: personal, or one organization the user belongs to. The choice is remembered in a cookie
 * and re-checked against the membership on every request (a stale or forged cookie falls back to personal), and
 * it decides which data every console page and JSON route reads: `dataScopeFor` turns it into the DataScope that
 * lib/keys, lib/usage and lib/payments queries are built from, refusing roles without the permission.
 */
import "server-only";
import { cookies } from "next/headers";
import type { WalletOwner } from "../billing/accounts";
import { AppError } from "../errors";
import { personalScope, type DataScope } from "../usage/data-scope";
import { findOrgAccess, type OrgAccess } from "./org-access";
import { orgErrors } from "./org-errors";
import { can } from "./permissions";

export const ORG_CONTEXT_COOKIE = "sy_org";
export const ORG_CONTEXT_MAX_AGE_S = 400 * 24 * 3600;

export type ConsoleOrgContext = { kind: "personal"; userId: string } | { kind: "org"; userId: string; access: OrgAccess };

export async function resolveConsoleContext({ userId, orgId }: { userId: string; orgId: string | null | undefined }): Promise<ConsoleOrgContext> {
  if (!orgId) return { kind: "personal", userId };
  const access = await findOrgAccess({ orgId, userId });
  return access ? { kind: "org", userId, access } : { kind: "personal", userId };
}

/** For server components: the context of the signed-in user from the cookie. */
export async function currentConsoleContext(userId: string): Promise<ConsoleOrgContext> {
  const store = await cookies();
  return resolveConsoleContext({ userId, orgId: store.get(ORG_CONTEXT_COOKIE)?.value });
}

/** For route handlers: the context from the request's cookie header. */
export async function requestConsoleContext(req: Request, userId: string): Promise<ConsoleOrgContext> {
  const orgId = req.headers
    .get("cookie")
    ?.split(";")
    .map((part) => part.trim().split("="))
    .find(([name]) => name === ORG_CONTEXT_COOKIE)?.[1];
  return resolveConsoleContext({ userId, orgId: orgId ? decodeURIComponent(orgId) : null });
}

export type ScopeArea = "keys" | "usage";

/**
 * The rows a context may read in an area: personal rows; in an organization, every member's (keys.all /
 * usage.all) or the caller's own (keys.own / usage.own); a role with neither is refused.
 */
export function dataScopeFor(context: ConsoleOrgContext, area: ScopeArea, locale?: string | null): DataScope {
  if (context.kind === "personal") return personalScope(context.userId);
  const { access } = context;
  if (can(access.role, `${area}.all`)) return { kind: "org", orgId: access.orgId, userId: null };
  if (can(access.role, `${area}.own`)) return { kind: "org", orgId: access.orgId, userId: context.userId };
  throw new AppError("forbidden", orgErrors(locale)(area === "keys" ? "noKeysForRole" : "noUsageForRole", { role: access.role }));
}

/** The caller's own rows in the context (what they may change: their own keys), whatever their role may read. */
export function ownScopeFor(context: ConsoleOrgContext, locale?: string | null): DataScope {
  if (context.kind === "personal") return personalScope(context.userId);
  if (!can(context.access.role, "keys.own")) throw new AppError("forbidden", orgErrors(locale)("noKeysForRole", { role: context.access.role }));
  return { kind: "org", orgId: context.access.orgId, userId: context.userId };
}

/** The wallet the context's billing pages read and top-ups credit; an org role without billing rights is refused. */
export function walletOwnerFor(context: ConsoleOrgContext, permission: "billing.view" | "billing.topup", locale?: string | null): WalletOwner {
  if (context.kind === "personal") return { userId: context.userId };
  if (!can(context.access.role, permission)) throw new AppError("forbidden", orgErrors(locale)("noBillingForRole", { role: context.access.role }));
  return { orgId: context.access.orgId };
}

/** For route handlers: the scope of the request's context in an area ("own": the caller's own keys). */
export async function requestDataScope({ req, userId, area, locale }: { req: Request; userId: string; area: ScopeArea | "own"; locale?: string | null }): Promise<DataScope> {
  const context = await requestConsoleContext(req, userId);
  return area === "own" ? ownScopeFor(context, locale) : dataScopeFor(context, area, locale);
}

/** For route handlers: the wallet of the request's context (refused for org roles without the billing permission). */
export async function requestWalletOwner({
  req,
  userId,
  permission,
  locale,
}: {
  req: Request;
  userId: string;
  permission: "billing.view" | "billing.topup";
  locale?: string | null;
}): Promise<WalletOwner> {
  return walletOwnerFor(await requestConsoleContext(req, userId), permission, locale);
}

/**
 * For console pages: the context and the scope of an area, or `scope: null` when the role has no access to it in
 * this organization (the page then says so instead of showing anything).
 */
export async function pageDataScope(userId: string, area: ScopeArea | "own"): Promise<{ context: ConsoleOrgContext; scope: DataScope | null }> {
  const context = await currentConsoleContext(userId);
  try {
    return { context, scope: area === "own" ? ownScopeFor(context) : dataScopeFor(context, area) };
  } catch {
    return { context, scope: null };
  }
}

/** For console pages: the wallet of the context, or null when the role has no billing access. */
export async function pageWalletOwner(userId: string, permission: "billing.view" | "billing.topup" = "billing.view"): Promise<{ context: ConsoleOrgContext; owner: WalletOwner | null }> {
  const context = await currentConsoleContext(userId);
  try {
    return { context, owner: walletOwnerFor(context, permission) };
  } catch {
    return { context, owner: null };
  }
}

/** The Set-Cookie value that selects a context (null: personal). HttpOnly: only the server reads it. */
export function contextCookie({ orgId, isSecure }: { orgId: string | null; isSecure: boolean }): string {
  const attributes = `Path=/; SameSite=Lax; HttpOnly${isSecure ? "; Secure" : ""}`;
  return orgId ? `${ORG_CONTEXT_COOKIE}=${orgId}; Max-Age=${ORG_CONTEXT_MAX_AGE_S}; ${attributes}` : `${ORG_CONTEXT_COOKIE}=; Max-Age=0; ${attributes}`;
}
