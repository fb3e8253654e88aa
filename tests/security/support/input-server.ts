/**
 * The input tests' server: a real `server.ts` process (relay door + Next console) on this test file's database,
 * with small timeouts, and a raw-socket client that can send a request as slowly, as badly formed and as large as
 * an attacker would, counting the bytes it got out before the server answered.
 *
 * The console is the shared production build (.next-h, built once like the cluster tests'); INPUT_TEST_DIST_DIR
 * names an already-built one instead, for quick local runs.
 */
import net from "node:net";
import { buildOnce, startInstance, type Instance } from "../../cluster/support/instances";

export async function startInputServer(env: Record<string, string>): Promise<Instance> {
  const distDir = process.env.INPUT_TEST_DIST_DIR;
  if (!distDir) await buildOnce();
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error("DATABASE_URL is not set (tests/support/setup-database.ts sets it)");
  return startInstance({ name: "input", env: { DATABASE_URL: databaseUrl, ...(distDir ? { NEXT_DIST_DIR: distDir } : {}), ...env } });
}

export type RawAnswer = {
  /** the status line's code, or null when the server closed without answering */
  status: number | null;
  headers: Record<string, string>;
  body: string;
  /** body bytes the client had written when the first byte of the answer arrived (-1: no answer) */
  sentAtAnswer: number;
  /** body bytes written before the connection ended */
  sent: number;
  /** the server closed the connection (rather than the client finishing its request) */
  isClosedByServer: boolean;
};

export type RawRequest = {
  url: string;
  /** the request line and headers, without the final blank line */
  head: string;
  /** the body, produced chunk by chunk; the client stops early when the server closes */
  body?: AsyncIterable<Buffer> | Iterable<Buffer>;
  /** keep writing after the answer arrived (an attacker that ignores the 413); also what makes `isClosedByServer` exact */
  isDeaf?: boolean;
  /** the head is not finished: `body` sends the rest of the headers (a slow-loris header) */
  isHeadOpen?: boolean;
};

/** One request over a raw socket: resolves when the server has answered and closed, or the client has finished. */
export function rawRequest({ url, head, body = [], isDeaf = false, isHeadOpen = false }: RawRequest): Promise<RawAnswer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), hostname);
    let received = Buffer.alloc(0);
    let sent = 0;
    let sentAtAnswer = -1;
    let isEnded = false;
    let isClientDone = false;
    const finish = () => {
      if (isEnded) return;
      isEnded = true;
      socket.destroy();
      resolve({ ...parseAnswer(received), sentAtAnswer, sent, isClosedByServer: !isClientDone });
    };
    socket.on("data", (data: Buffer) => {
      if (sentAtAnswer < 0) sentAtAnswer = sent;
      received = Buffer.concat([received, data]);
      if (isAnswerComplete(received) && isClientDone) finish();
    });
    socket.on("error", finish);
    socket.on("close", finish);
    const write = (data: Buffer | string) => new Promise<boolean>((done) => socket.write(data, (error) => done(!error)));
    void (async () => {
      if (!(await write(`${head}\r\n${isHeadOpen ? "" : "\r\n"}`))) return;
      for await (const chunk of body) {
        if (isEnded || (sentAtAnswer >= 0 && !isDeaf)) break;
        if (!(await write(chunk))) return;
        sent += chunk.length;
      }
      isClientDone = true;
      if (isAnswerComplete(received)) finish();
    })();
  });
}

function splitHead(received: Buffer): { head: string; body: Buffer } | null {
  const end = received.indexOf("\r\n\r\n");
  return end < 0 ? null : { head: received.subarray(0, end).toString("latin1"), body: received.subarray(end + 4) };
}

function isAnswerComplete(received: Buffer): boolean {
  const parts = splitHead(received);
  if (!parts) return false;
  const length = /\r\ncontent-length: *(\d+)/i.exec(parts.head);
  if (length) return parts.body.length >= Number(length[1]);
  return /\r\ntransfer-encoding: *chunked/i.test(parts.head) ? parts.body.includes("0\r\n\r\n") : false;
}

function parseAnswer(received: Buffer): Pick<RawAnswer, "status" | "headers" | "body"> {
  const parts = splitHead(received);
  if (!parts) return { status: null, headers: {}, body: "" };
  const [statusLine, ...lines] = parts.head.split("\r\n");
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const isChunked = /chunked/i.test(headers["transfer-encoding"] ?? "");
  return { status: Number(statusLine.split(" ")[1]), headers, body: isChunked ? dechunk(parts.body) : parts.body.toString("utf8") };
}

function dechunk(data: Buffer): string {
  const out: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = data.indexOf("\r\n", at);
    if (lineEnd < 0) break;
    const size = parseInt(data.subarray(at, lineEnd).toString("latin1"), 16);
    if (!size) break;
    out.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(out).toString("utf8");
}

/** `total` bytes of JSON-ish filler, in chunks of `size`, each after a macrotask (so the answer can arrive between). */
export async function* filler({ total, size = 256 * 1024, isChunked = false, pauseMs = 0 }: { total: number; size?: number; isChunked?: boolean; pauseMs?: number }): AsyncGenerator<Buffer> {
  const chunk = Buffer.alloc(size, 0x20);
  const framed = isChunked ? Buffer.concat([Buffer.from(`${size.toString(16)}\r\n`), chunk, Buffer.from("\r\n")]) : chunk;
  for (let sent = 0; sent + size <= total; sent += size) {
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
    yield framed;
  }
  if (isChunked) yield Buffer.from("0\r\n\r\n");
}

/** Bytes one at a time, `pauseMs` apart: a slow-loris body or header. */
export async function* dribble(text: string, pauseMs: number): AsyncGenerator<Buffer> {
  for (const byte of Buffer.from(text)) {
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
    yield Buffer.from([byte]);
  }
}
