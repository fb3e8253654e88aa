/**
 * The one wrapper around every console route handler and the checks every protected page starts with.
 *
 * Route handlers: `export const POST = withSession(async ({ req, session, params }) => …, { operatorOnly })`.
 * It answers 401/403 in the console's JSON dialect, refuses cross-site state-changing requests (CSRF: the
 * Origin, else Referer, must be this site), and turns any thrown AppError/ZodError into the matching JSON
 * response (anything else becomes a 500 that leaks nothing). `withPublic` does the same for routes that need no
 * session (sign-up, forgot password).
 *
 * Server components: `const session = await requireSession()` (redirects to /login) and
 * `await requireOperator()` (404 for everyone but operators, so /admin does not even admit it exists).
 */
import "server-only";
import { notFound, redirect } from "next/navigation";
import { env } from "../env";
import { AppError, errorBody, toAppError } from "../errors";
import { logger } from "../log";
import { LOCALE_COOKIE, resolveLocale, type Locale } from "@/i18n/config";
import { getCurrentSession, type CurrentSession } from "./current-session";
import { sameSitePath } from "./same-site-path";
import { SIGN_IN_REQUIRED_HEADER } from "../http/sign-in-required";
import { authErrors } from "./schemas";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

type RouteParams = Record<string, string | string[] | undefined>;
type RouteContext<P extends RouteParams> = { params: Promise<P> };

export type PublicHandlerArgs<P extends RouteParams> = { req: Request; params: P; locale: Locale };
export type SessionHandlerArgs<P extends RouteParams> = PublicHandlerArgs<P> & { session: CurrentSession };

/** The console locale of a request (cookie, else Accept-Language). */
export function requestLocale(req: Request): Locale {
  const cookie = req.headers
    .get("cookie")
    ?.split(";")
    .map((part) => part.trim().split("="))
    .find(([key]) => key === LOCALE_COOKIE)?.[1];
  return resolveLocale({ cookie, acceptLanguage: req.headers.get("accept-language") });
}

/** The origin this request was addressed to: APP_URL when set, else the Host the browser used. */
function expectedOrigins(req: Request): Set<string> {
  const origins = new Set<string>();
  const { APP_URL } = env();
  if (APP_URL) origins.add(new URL(APP_URL).origin);
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
  if (host) {
    const proto = req.headers.get("x-forwarded-proto")?.split(",")[0].trim() ?? new URL(req.url).protocol.replace(":", "");
    origins.add(`${proto}://${host}`);
  }
  return origins;
}

function originOf(value: string | null): string | null {
  if (!value) return null;
  try {
    return new URL(value).origin;
  } catch {
    return null;
  }
}

/**
 * CSRF defence for state-changing methods: the browser's Origin (or, without it, Referer) must be this site.
 * Session cookies are SameSite=Lax as well; this check also covers same-site subdomains and old browsers.
 */
export function isSameOriginRequest(req: Request): boolean {
  if (SAFE_METHODS.has(req.method.toUpperCase())) return true;
  if (req.headers.get("sec-fetch-site") === "cross-site") return false;
  const origin = originOf(req.headers.get("origin")) ?? originOf(req.headers.get("referer"));
  if (!origin) return false;
  return expectedOrigins(req).has(origin);
}

export function errorResponse(error: AppError): Response {
  return Response.json(errorBody(error, "console"), { status: error.status, headers: error.headers });
}

async function run<P extends RouteParams>(
  req: Request,
  context: RouteContext<P> | undefined,
  work: (args: PublicHandlerArgs<P>) => Promise<Response>,
): Promise<Response> {
  const locale = requestLocale(req);
  try {
    if (!isSameOriginRequest(req)) throw new AppError("forbidden", authErrors(locale)("crossSite"));
    const params = ((await context?.params) ?? {}) as P;
    return await work({ req, params, locale });
  } catch (error) {
    const appError = toAppError(error);
    if (appError.code === "internal") logger().error({ err: error, path: new URL(req.url).pathname }, "route handler failed");
    return errorResponse(appError);
  }
}

/** A route handler for signed-in users (`operatorOnly`: operators only, 403 for others). */
export function withSession<P extends RouteParams = RouteParams>(
  handler: (args: SessionHandlerArgs<P>) => Promise<Response> | Response,
  { operatorOnly = false }: { operatorOnly?: boolean } = {},
): (req: Request, context: RouteContext<P>) => Promise<Response> {
  return (req, context) =>
    run(req, context, async (args) => {
      const session = await getCurrentSession();
      const t = authErrors(args.locale);
      if (!session) throw new AppError("unauthenticated", t("signInRequired"), { headers: { [SIGN_IN_REQUIRED_HEADER]: "1" } });
      if (operatorOnly && !session.user.isOperator) throw new AppError("forbidden", t("operatorOnly"));
      return handler({ ...args, session });
    });
}

/** A route handler that needs no session but keeps the CSRF check and the error mapping. */
export function withPublic<P extends RouteParams = RouteParams>(
  handler: (args: PublicHandlerArgs<P>) => Promise<Response> | Response,
): (req: Request, context: RouteContext<P>) => Promise<Response> {
  return (req, context) => run(req, context, async (args) => handler(args));
}

/** For server components and actions: the session, or a redirect to /login (back to `returnTo` afterwards). */
export async function requireSession({ returnTo }: { returnTo?: string } = {}): Promise<CurrentSession> {
  const session = await getCurrentSession();
  if (!session) {
    const next = sameSitePath(returnTo);
    redirect(next ? `/login?next=${encodeURIComponent(next)}` : "/login");
  }
  return session;
}

/** For /admin: the operator's session; signed-out visitors go to /login, other users get a 404. */
export async function requireOperator(): Promise<CurrentSession> {
  const session = await requireSession({ returnTo: "/admin" });
  if (!session.user.isOperator) notFound();
  return session;
}
