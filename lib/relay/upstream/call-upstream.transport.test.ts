import http from "node:http";
import net, { type AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { listenLocal, type LocalServer } from "../../../tests/support/listen-local";
import { resetEnv } from "../../env";
import { callUpstream, readUpstreamBody } from "./call-upstream";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// One local upstream: each test sets `handle`; every request's method, url, headers and client port are recorded.
type Seen = { method: string; url: string; rawHeaders: string[]; body: string; remotePort: number };
let handle: (req: http.IncomingMessage, res: http.ServerResponse) => void;
let seen: Seen[] = [];
const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    seen.push({ method: req.method ?? "", url: req.url ?? "", rawHeaders: req.rawHeaders, body: Buffer.concat(chunks).toString("utf8"), remotePort: req.socket.remotePort ?? 0 });
    handle(req, res);
  });
});
let local: LocalServer;

const headers = { authorization: "Bearer sk-test", "content-type": "application/json" };
const call = (path: string, options: { timeoutMs?: number; method?: "GET" | "POST" | "DELETE"; body?: string | Buffer; origin?: string } = {}) =>
  callUpstream({ request: { url: `${options.origin ?? local.url}${path}`, headers, body: options.body ?? "{}", method: options.method }, timeoutMs: options.timeoutMs ?? 2_000 });

function setAllowLocal(isAllowed: boolean): void {
  process.env.ALLOW_LOCAL_UPSTREAMS = isAllowed ? "1" : "";
  resetEnv();
}

beforeAll(async () => {
  setAllowLocal(true);
  local = await listenLocal(server);
});

afterEach(() => {
  seen = [];
  setAllowLocal(true);
});

afterAll(async () => {
  await local.close();
});

describe("callUpstream", () => {
  it("sends the method, path, headers and exact body bytes, adding only Host, Connection and content-length", async () => {
    handle = (_req, res) => res.writeHead(200, { "content-type": "application/json", "retry-after": "7" }).end('{"ok":true}');
    const text = '{"model":"m","messages":[{"role":"user","content":"héllo – 你好 🙂"}]}';
    for (const body of [text, Buffer.from(text)]) {
      const response = await call("/v1/chat/completions?x=1", { body });
      expect(response.status).toBe(200);
      expect(response.headers["content-type"]).toBe("application/json");
      expect(response.headers["retry-after"]).toBe("7");
      expect((await readUpstreamBody({ body: response.body, timeoutMs: 2_000 })).toString()).toBe('{"ok":true}');
      const request = seen.at(-1) as Seen;
      expect(request).toMatchObject({ method: "POST", url: "/v1/chat/completions?x=1", body: text });
      const sent: Record<string, string> = {};
      for (let i = 0; i < request.rawHeaders.length; i += 2) sent[request.rawHeaders[i].toLowerCase()] = request.rawHeaders[i + 1];
      expect(sent).toEqual({ ...headers, host: new URL(local.url).host, connection: "keep-alive", "content-length": String(Buffer.byteLength(text)) });
    }
  });

  it("sends GET and DELETE as the request says", async () => {
    handle = (_req, res) => res.writeHead(200).end("{}");
    for (const method of ["GET", "DELETE"] as const) {
      const response = await call("/v1/responses/abc", { method, body: "" });
      await readUpstreamBody({ body: response.body, timeoutMs: 2_000 });
      expect(seen.at(-1)).toMatchObject({ method, url: "/v1/responses/abc", body: "" });
    }
  });

  it("reads a body written in many pieces exactly, a multi-byte character split across two writes", async () => {
    const text = `data: {"delta":"你好 🙂 – ${"é".repeat(50)}"}\n\n`.repeat(20);
    const bytes = Buffer.from(text);
    handle = async (_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      // 7-byte pieces cut through the 3- and 4-byte characters; each is its own chunk on the wire
      for (let at = 0; at < bytes.length; at += 7) {
        res.write(bytes.subarray(at, at + 7));
        if (at % 140 === 0) await sleep(1);
      }
      res.end();
    };
    const response = await call("/v1/chat/completions");
    const chunks: Buffer[] = [];
    response.body.on("data", (chunk: Buffer) => chunks.push(chunk));
    await new Promise((resolve) => response.body.on("end", resolve));
    expect(chunks.length).toBeGreaterThan(1);
    expect(Buffer.concat(chunks).toString("utf8")).toBe(text);
  });

  it("returns everything buffered from read() while paused, as the stream delivery does after the first chunk", async () => {
    handle = async (_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      for (let i = 0; i < 5; i++) {
        res.write(`data: ${i}\n\n`);
        await sleep(5);
      }
      res.end();
    };
    const response = await call("/v1/chat/completions");
    const first = await new Promise<Buffer>((resolve) =>
      response.body.once("data", (chunk: Buffer) => {
        response.body.pause();
        resolve(chunk);
      }),
    );
    await sleep(100);
    let rest = "";
    for (let more = response.body.read() as Buffer | null; more !== null; more = response.body.read() as Buffer | null) rest += more.toString();
    expect(first.toString() + rest).toBe([0, 1, 2, 3, 4].map((i) => `data: ${i}\n\n`).join(""));
    response.body.resume();
    await new Promise((resolve) => response.body.on("end", resolve));
  });

  it("applies backpressure to the socket: a paused body stops the upstream's writes until it is read", async () => {
    const piece = Buffer.alloc(64 * 1024, "x");
    let written = 0;
    let isFull = false;
    handle = (_req, res) => {
      res.writeHead(200, { "content-type": "application/octet-stream" });
      const pump = () => {
        while (written < 64 * 1024 * 1024) {
          written += piece.length;
          if (!res.write(piece)) {
            isFull = true;
            res.once("drain", pump);
            return;
          }
        }
        res.end();
      };
      pump();
    };
    const response = await call("/v1/files");
    response.body.pause();
    // the socket and kernel buffers take a few MB, then the upstream's writes stop until the body is read
    await sleep(400);
    const writtenWhilePaused = written;
    await sleep(300);
    expect(isFull).toBe(true);
    expect(written).toBe(writtenWhilePaused);
    expect(written).toBeLessThan(32 * 1024 * 1024);
    let received = 0;
    response.body.on("data", (chunk: Buffer) => {
      received += chunk.length;
    });
    response.body.resume();
    await new Promise((resolve) => response.body.on("end", resolve));
    expect(received).toBe(64 * 1024 * 1024);
  });

  it("aborts the upstream request when the body (and request) are destroyed mid-stream", async () => {
    let closed: Promise<void> = Promise.resolve();
    handle = (req, res) => {
      closed = new Promise((resolve) => req.socket.once("close", () => resolve()));
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write("data: 1\n\n");
    };
    const response = await call("/v1/chat/completions");
    let isAborted = false;
    response.body.on("aborted", () => {
      isAborted = true;
    });
    await new Promise((resolve) => response.body.once("data", resolve));
    response.body.destroy();
    response.request.destroy();
    await closed;
    expect(isAborted).toBe(true);
  });

  it("closes the upstream connection when the header timeout fires", async () => {
    let closed: Promise<void> = Promise.resolve();
    handle = (req) => {
      closed = new Promise((resolve) => req.socket.once("close", () => resolve()));
    };
    const pending = call("/v1/chat/completions", { timeoutMs: 200 });
    await expect(pending).rejects.toMatchObject({ kind: "timeout", message: "no response within 200 ms" });
    await closed;
  });

  it("reports a connection broken mid-body as aborted and error to its listeners, and to nobody without them", async () => {
    handle = (_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": "100" });
      res.write('{"partial":');
      setTimeout(() => res.socket?.destroy(), 20);
    };
    const watched = await call("/v1/chat/completions");
    await expect(readUpstreamBody({ body: watched.body, timeoutMs: 2_000 })).rejects.toMatchObject({ kind: "connection", message: "the upstream connection broke while sending the response" });
    // no listeners at all: the process must not see an unhandled "error"
    const unwatched = await call("/v1/chat/completions");
    unwatched.body.pause();
    await sleep(100);
    expect(unwatched.body.destroyed).toBe(true);
  });

  it("times out when the response headers never come", async () => {
    handle = () => undefined;
    const started = performance.now();
    await expect(call("/v1/chat/completions", { timeoutMs: 300 })).rejects.toMatchObject({ kind: "timeout", message: "no response within 300 ms" });
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });

  it("fails a refused connection as a connection failure", async () => {
    const closedServer = net.createServer();
    await new Promise<void>((resolve) => closedServer.listen(0, "127.0.0.1", resolve));
    const { port } = closedServer.address() as AddressInfo;
    await new Promise((resolve) => closedServer.close(resolve));
    await expect(call("/v1/chat/completions", { origin: `http://127.0.0.1:${port}` })).rejects.toMatchObject({ kind: "connection", message: "connection failed (ECONNREFUSED)" });
  });

  it("fails an invalid URL as a connection failure", async () => {
    await expect(callUpstream({ request: { url: "not a url", headers, body: "{}" }, timeoutMs: 1_000 })).rejects.toMatchObject({ kind: "connection", message: "the channel's base URL is invalid" });
  });

  it("refuses a private literal IP and a name resolving to loopback unless ALLOW_LOCAL_UPSTREAMS is set", async () => {
    handle = (_req, res) => res.writeHead(200).end("{}");
    const { port } = new URL(local.url);
    setAllowLocal(false);
    await expect(call("/v1/chat/completions", { origin: `http://127.0.0.1:${port}` })).rejects.toMatchObject({ kind: "refused_address", message: "the channel points at a private address" });
    await expect(call("/v1/chat/completions", { origin: `http://localhost:${port}` })).rejects.toMatchObject({ kind: "refused_address", message: "the channel resolves to a private address" });
    expect(seen).toHaveLength(0);
    setAllowLocal(true);
    for (const origin of [`http://127.0.0.1:${port}`, `http://localhost:${port}`]) {
      const response = await call("/v1/chat/completions", { origin });
      expect((await readUpstreamBody({ body: response.body, timeoutMs: 2_000 })).toString()).toBe("{}");
    }
    expect(seen).toHaveLength(2);
  });

  it("never follows a redirect", async () => {
    handle = (req, res) => {
      if (req.url === "/elsewhere") res.writeHead(200).end("{}");
      else res.writeHead(307, { location: `${local.url}/elsewhere` }).end();
    };
    await expect(call("/v1/chat/completions")).rejects.toMatchObject({ kind: "redirect", message: "the upstream answered with a redirect (HTTP 307), which is not followed" });
    await sleep(50);
    expect(seen.map((request) => request.url)).toEqual(["/v1/chat/completions"]);
  });

  it("reuses one kept-alive connection for sequential calls", async () => {
    handle = (_req, res) => res.writeHead(200, { "content-type": "application/json" }).end("{}");
    for (let i = 0; i < 3; i++) {
      await readUpstreamBody({ body: (await call("/v1/chat/completions")).body, timeoutMs: 2_000 });
      // undici hands a connection back one event-loop turn after its response ended (a request made in the same
      // turn gets another connection), so the next call comes a turn later, as a next client request would
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(seen).toHaveLength(3);
    expect(new Set(seen.map((request) => request.remotePort)).size).toBe(1);
  });

  it("works with an upstream that closes each connection (Connection: close)", async () => {
    handle = (_req, res) => res.writeHead(200, { "content-type": "application/json", connection: "close" }).end('{"n":1}');
    for (let i = 0; i < 3; i++) expect((await readUpstreamBody({ body: (await call("/v1/chat/completions")).body, timeoutMs: 2_000 })).toString()).toBe('{"n":1}');
    expect(seen).toHaveLength(3);
    expect(new Set(seen.map((request) => request.remotePort)).size).toBe(3);
  });

  it("hands back a 4xx/5xx answer with its body, not as a failure", async () => {
    handle = (_req, res) => res.writeHead(429, { "retry-after": "3" }).end('{"error":{"message":"slow down"}}');
    const response = await call("/v1/chat/completions");
    expect(response.status).toBe(429);
    expect(response.headers["retry-after"]).toBe("3");
    expect((await readUpstreamBody({ body: response.body, timeoutMs: 2_000 })).toString()).toBe('{"error":{"message":"slow down"}}');
  });
});
