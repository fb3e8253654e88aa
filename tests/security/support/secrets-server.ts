/**
 * For the secrets suite: an upstream that misbehaves the worst way (its error bodies echo the whole request, with
 * the Authorization header it was sent), and a browser-less sign-in to a real server.ts through next-auth's own
 * endpoints (CSRF token, credentials callback), returning the cookies a browser would keep.
 */
import http from "node:http";
import { listenLocal, type LocalServer } from "../../support/listen-local";

export type EchoUpstream = LocalServer;

/** Answers every request with `status` and an OpenAI-style error whose message repeats the request verbatim. */
export async function startEchoUpstream({ status }: { status: number }): Promise<EchoUpstream> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const echoed = `auth=${req.headers.authorization ?? ""} body=${Buffer.concat(chunks).toString("utf8")}`;
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { message: `Invalid request: ${echoed}`, type: "invalid_request_error", param: null, code: null } }));
    });
  });
  return listenLocal(server);
}

type Answer = { status: number; cookies: Map<string, string>; body: string };

/** One HTTP request on its own connection (no keep-alive reuse between the sign-in steps). */
function once(url: string, { method = "GET", headers = {}, body }: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers: { ...headers, ...(body ? { "content-length": String(Buffer.byteLength(body)) } : {}) }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const cookies = new Map<string, string>();
        for (const line of res.headers["set-cookie"] ?? []) cookies.set(line.split("=")[0], line);
        resolve({ status: res.statusCode ?? 0, cookies, body: Buffer.concat(chunks).toString("utf8") });
      });
    });
    req.on("error", reject);
    req.end(body);
  });
}

function cookieHeader(cookies: Map<string, string>): string {
  return [...cookies.values()].map((line) => line.split(";")[0]).join("; ");
}

/**
 * Sign in with email and password the way the login form does (next-auth credentials); returns the Cookie header
 * for later requests and the Set-Cookie lines of the sign-in answer.
 */
export async function signInOverHttp({
  url,
  email,
  password,
  headers = {},
}: {
  url: string;
  email: string;
  password: string;
  /** sent with both steps (e.g. what a proxy in front would add) */
  headers?: Record<string, string>;
}): Promise<{ cookie: string; issued: Map<string, string> }> {
  const csrf = await once(`${url}/api/auth/csrf`, { headers });
  const jar = new Map(csrf.cookies);
  const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
  const answer = await once(`${url}/api/auth/callback/credentials`, {
    method: "POST",
    headers: { ...headers, "content-type": "application/x-www-form-urlencoded", cookie: cookieHeader(jar) },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }).toString(),
  });
  if (answer.status >= 400) throw new Error(`sign-in answered ${answer.status}: ${answer.body.slice(0, 200)}`);
  for (const [name, line] of answer.cookies) jar.set(name, line);
  return { cookie: cookieHeader(jar), issued: answer.cookies };
}
