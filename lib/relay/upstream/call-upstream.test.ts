import net, { type AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { resetEnv } from "../../env";
import { callUpstream, readUpstreamBody, UpstreamFailure } from "./call-upstream";

// A raw TCP upstream: it records the request bytes exactly as they arrived and answers as each test says.
type Answer = (socket: net.Socket) => void;
let answer: Answer;
let received: string[] = [];
const sockets = new Set<net.Socket>();
let connections = 0;
const server = net.createServer((socket) => {
  connections++;
  sockets.add(socket);
  socket.on("close", () => sockets.delete(socket));
  let data = "";
  socket.on("data", (chunk: Buffer) => {
    data += chunk.toString("latin1");
    const headerEnd = data.indexOf("\r\n\r\n");
    if (headerEnd < 0) return;
    const length = Number(/\r\ncontent-length: (\d+)/i.exec(data)?.[1] ?? 0);
    if (data.length < headerEnd + 4 + length) return;
    received.push(data);
    data = "";
    answer(socket);
  });
  socket.on("error", () => undefined);
});
let port = 0;

const OK = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}";

beforeAll(async () => {
  process.env.ALLOW_LOCAL_UPSTREAMS = "1";
  resetEnv();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterEach(() => {
  received = [];
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => server.close(resolve));
});

describe("readUpstreamBody", () => {
  const request = () => ({ url: `http://127.0.0.1:${port}/v1/chat/completions`, headers: { "content-type": "application/json" }, body: "{}" });

  it("reads a body that arrives slowly, each pause shorter than the idle timeout, though the whole takes longer", async () => {
    const parts = ['{"a":', '"slow",', '"b":1}'];
    answer = (socket) => {
      socket.write(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${parts.join("").length}\r\n\r\n`);
      parts.forEach((part, i) => setTimeout(() => socket.write(part), 200 * (i + 1)));
    };
    const response = await callUpstream({ request: request(), timeoutMs: 350 });
    const started = performance.now();
    const body = await readUpstreamBody({ body: response.body, timeoutMs: 350 });
    expect(body.toString()).toBe(parts.join(""));
    expect(performance.now() - started).toBeGreaterThan(350);
  });

  it("times out when the upstream stops sending after the headers", async () => {
    answer = (socket) => socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 20\r\n\r\n{"partial":');
    const response = await callUpstream({ request: request(), timeoutMs: 300 });
    const read = readUpstreamBody({ body: response.body, timeoutMs: 300 });
    await expect(read).rejects.toBeInstanceOf(UpstreamFailure);
    await expect(read).rejects.toMatchObject({ kind: "timeout" });
  });

  it("takes a body that came whole with its headers at once, and the connection then serves the next request", async () => {
    answer = (socket) => socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 11\r\n\r\n{"whole":1}');
    const before = connections;
    for (let i = 0; i < 2; i++) {
      const response = await callUpstream({ request: request(), timeoutMs: 1_000 });
      expect((await readUpstreamBody({ body: response.body, timeoutMs: 1_000 })).toString()).toBe('{"whole":1}');
    }
    expect(received).toHaveLength(2);
    // the second request went over the first one's connection: the body was read to its end
    expect(connections - before).toBeLessThanOrEqual(1);
  });

  it("refuses a body over the size cap", async () => {
    answer = (socket) => socket.write(`HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n${"x".repeat(100)}`);
    const response = await callUpstream({ request: request(), timeoutMs: 1_000 });
    await expect(readUpstreamBody({ body: response.body, timeoutMs: 1_000, maxBytes: 50 })).rejects.toMatchObject({ kind: "connection", message: "the upstream response is too large" });
  });
});
