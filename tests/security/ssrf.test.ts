import dns from "node:dns";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { isPrivateAddress } from "../../lib/channels/private-address";
import { updateChannel } from "../../lib/channels/update-channel";
import { sql } from "../../lib/db";
import { resetEnv } from "../../lib/env";
import { isAppError } from "../../lib/errors";
import { invalidateChannels } from "../../lib/channels/channel-table";
import { testChannel } from "../../lib/relay/test-channel";
import { safeLookup } from "../../lib/relay/upstream/safe-lookup";
import { addChannel, createCustomer, createModel, startFakeUpstream, startRelay, type Customer, type Relay } from "../relay/support/harness";
import type { FakeUpstream } from "../fakes/upstream";

// Outbound requests (SSRF): no channel may make the relay call into the operator's own network — not by its saved
// base URL in any spelling, not by a public name that resolves to a private address when the connection is made
// (DNS rebinding), not by a redirect — unless the operator set ALLOW_LOCAL_UPSTREAMS.

let fake: FakeUpstream;
let relay: Relay;
let customer: Customer;
let counter = 0;

function allowLocalUpstreams(isAllowed: boolean): void {
  process.env.ALLOW_LOCAL_UPSTREAMS = isAllowed ? "1" : "";
  resetEnv();
}

beforeAll(async () => {
  fake = await startFakeUpstream();
  relay = await startRelay();
  customer = await createCustomer({ balance: 100_000_000n });
});

afterEach(() => {
  vi.restoreAllMocks();
  allowLocalUpstreams(false);
  fake.reset();
});

afterAll(async () => {
  allowLocalUpstreams(true);
  await relay.close();
  await fake.close();
});

/** A model served by one new channel at `baseUrl`, saved while local upstreams were allowed (or not). */
async function channelAt(baseUrl: string, { isSavedWhileAllowed = true } = {}): Promise<{ model: string; channelId: string }> {
  counter++;
  const model = `ssrf-model-${counter}`;
  await createModel({ id: model });
  allowLocalUpstreams(isSavedWhileAllowed);
  const channel = await addChannel({ fake, type: "openai", models: [model], baseUrl, timeoutMs: 5_000 });
  allowLocalUpstreams(false);
  await invalidateChannels();
  return { model, channelId: channel.id };
}

async function chat(model: string): Promise<{ status: number; body: { error?: { code?: string; message?: string } } }> {
  const response = await fetch(`${relay.url}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${customer.secret}` },
    body: JSON.stringify({ model, max_tokens: 5, messages: [{ role: "user", content: "hi" }] }),
  });
  return { status: response.status, body: (await response.json()) as { error?: { code?: string; message?: string } } };
}

/** Answer every lookup of `name` with `addresses`; other names resolve as usual. */
function resolveName(name: string, addresses: { address: string; family: 4 | 6 }[]): void {
  const real = dns.lookup.bind(dns);
  vi.spyOn(dns, "lookup").mockImplementation(((hostname: string, options: dns.LookupOptions, callback: (...args: unknown[]) => void) => {
    if (hostname !== name) return real(hostname, options, callback as never);
    if (options.all) return process.nextTick(callback, null, addresses);
    process.nextTick(callback, null, addresses[0].address, addresses[0].family);
  }) as unknown as typeof dns.lookup);
}

const port = () => new URL(fake.url).port;

/** Every way we know to write "this machine" or "the network next to it" in a URL. */
const PRIVATE_BASE_URLS = [
  "http://127.0.0.1:PORT/v1",
  "http://127.1:PORT/v1",
  "http://2130706433:PORT/v1", // decimal
  "http://0x7f.1:PORT/v1", // hex
  "http://0177.0.0.1:PORT/v1", // octal
  "http://0.0.0.0:PORT/v1",
  "http://0:PORT/v1",
  "http://[::1]:PORT/v1",
  "http://[::ffff:127.0.0.1]:PORT/v1", // IPv4-mapped IPv6
  "http://[::ffff:7f00:1]:PORT/v1",
  "http://[::127.0.0.1]:PORT/v1", // IPv4-compatible IPv6
  "http://[64:ff9b::a9fe:a9fe]/v1", // NAT64 of the metadata service
  "http://[2002:a00:1::]/v1", // 6to4 of 10.0.0.1
  "http://169.254.169.254/latest/meta-data",
  "http://[fe80::1]/v1",
  "http://[fd00:ec2::254]/v1",
  "http://10.0.0.1/v1",
  "http://172.16.0.1/v1",
  "http://172.31.255.254/v1",
  "http://192.168.1.1/v1",
  "http://100.64.0.1/v1", // CGNAT
  "http://localhost:PORT/v1",
  "http://LOCALHOST.:PORT/v1",
  "http://api.localhost:PORT/v1",
  "http://metadata.google.internal/v1",
];

const urls = () => PRIVATE_BASE_URLS.map((url) => url.replace("PORT", port()));

describe("saving a channel", () => {
  it("refuses a base URL on loopback, link-local, private or CGNAT ranges, in every spelling", async () => {
    for (const baseUrl of urls()) {
      const saved = channelAt(baseUrl, { isSavedWhileAllowed: false });
      await expect(saved, baseUrl).rejects.toSatisfy((error) => isAppError(error) && error.code === "bad_request" && error.param === "baseUrl");
    }
  });

  it("refuses the same when a channel is edited", async () => {
    const { channelId } = await channelAt("https://api.example.com/v1");
    for (const baseUrl of ["http://169.254.169.254/", "http://[::ffff:a9fe:a9fe]/", "http://2852039166/"]) {
      await expect(updateChannel({ id: channelId, input: { baseUrl }, actor: { kind: "system" } }), baseUrl).rejects.toSatisfy((error) => isAppError(error) && error.param === "baseUrl");
    }
  });

  it("accepts public addresses and names, and private ones once the operator allows local upstreams", async () => {
    for (const baseUrl of ["https://api.openai.com/v1", "http://8.8.8.8/v1", "http://[2001:4860:4860::8888]/v1", "http://[64:ff9b::808:808]/v1", "http://rebind.example.com/v1"]) {
      await expect(channelAt(baseUrl, { isSavedWhileAllowed: false }), baseUrl).resolves.toBeTruthy();
    }
    await expect(channelAt(`http://127.0.0.1:${port()}/v1`, { isSavedWhileAllowed: true })).resolves.toBeTruthy();
  });

  it("classifies IPv6 forms that carry an IPv4 address by the address they carry", () => {
    expect(isPrivateAddress("::ffff:10.1.2.3")).toBe(true);
    expect(isPrivateAddress("64:ff9b::c0a8:101")).toBe(true); // NAT64 of 192.168.1.1
    expect(isPrivateAddress("64:ff9b:1::a00:1")).toBe(true);
    expect(isPrivateAddress("2002:c0a8:101::1")).toBe(true); // 6to4 of 192.168.1.1
    expect(isPrivateAddress("fe80::1%eth0")).toBe(true);
    expect(isPrivateAddress("::ffff:8.8.8.8")).toBe(false);
    expect(isPrivateAddress("2002:808:808::1")).toBe(false);
    expect(isPrivateAddress("2606:4700::1111")).toBe(false);
  });
});

describe("calling an upstream", () => {
  it("refuses a saved private base URL when the request is made, for every spelling that reaches the fake upstream", async () => {
    // these are saved while allowed (an operator who later turned the switch off, a row edited by hand)
    for (const baseUrl of urls().filter((url) => url.includes(`:${port()}`) && !url.includes("localhost") && !url.includes("LOCALHOST"))) {
      const { model } = await channelAt(baseUrl);
      const answer = await chat(model);
      expect(answer.status, baseUrl).toBe(502);
      expect(answer.body.error?.message, baseUrl).toMatch(/address is not allowed/);
    }
    expect(fake.requests).toHaveLength(0);
  });

  it("refuses a name that resolves to loopback (localhost) when the request is made", async () => {
    const { model } = await channelAt(`http://localhost:${port()}/v1`);
    expect(await chat(model)).toMatchObject({ status: 502, body: { error: { message: expect.stringMatching(/address is not allowed/) } } });
    expect(fake.requests).toHaveLength(0);
  });

  it("DNS rebinding: a public-looking name saved without complaint is refused when it resolves to loopback at connect time", async () => {
    const { model, channelId } = await channelAt(`http://rebind.example.com:${port()}/v1`, { isSavedWhileAllowed: false });
    for (const address of [
      { address: "127.0.0.1", family: 4 as const },
      { address: "::ffff:127.0.0.1", family: 6 as const },
      { address: "169.254.169.254", family: 4 as const },
    ]) {
      resolveName("rebind.example.com", [address]);
      expect(await chat(model), address.address).toMatchObject({ status: 502, body: { error: { message: expect.stringMatching(/address is not allowed/) } } });
      const tested = await testChannel({ channelId, actor: { kind: "system" } });
      expect(tested).toMatchObject({ isOk: false, status: null, error: expect.stringMatching(/private address/) });
      vi.restoreAllMocks();
    }
    expect(fake.requests).toHaveLength(0);
  });

  it("the rebinding test can fail: the same stubbed name does reach the fake upstream when local upstreams are allowed", async () => {
    const { model } = await channelAt(`http://rebind-allowed.example.com:${port()}/v1`, { isSavedWhileAllowed: false });
    resolveName("rebind-allowed.example.com", [{ address: "127.0.0.1", family: 4 }]);
    allowLocalUpstreams(true);
    expect((await chat(model)).status).toBe(200);
    expect(fake.requests).toHaveLength(1);
  });

  it("a name resolving to both public and private addresses connects only to the public ones", async () => {
    resolveName("mixed.example.com", [
      { address: "127.0.0.1", family: 4 },
      { address: "203.0.113.7", family: 4 },
      { address: "fd00::1", family: 6 },
      { address: "2001:db8::7", family: 6 },
    ]);
    const all = await new Promise<unknown>((resolve, reject) => safeLookup("mixed.example.com", { all: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))));
    expect(all).toEqual([
      { address: "203.0.113.7", family: 4 },
      { address: "2001:db8::7", family: 6 },
    ]);
    const first = await new Promise<unknown>((resolve, reject) => safeLookup("mixed.example.com", {}, (error, address) => (error ? reject(error) : resolve(address))));
    expect(first).toBe("203.0.113.7");
  });
});

describe("redirects", () => {
  let redirector: http.Server;
  let redirectorUrl: string;
  let redirectStatus = 307;

  beforeAll(async () => {
    // an upstream that sends every request on to the fake upstream (standing in for an internal address)
    redirector = http.createServer((req, res) => {
      res.writeHead(redirectStatus, { location: `${fake.url}${req.url ?? "/"}` }).end();
    });
    await new Promise<void>((resolve) => redirector.listen(0, "127.0.0.1", resolve));
    redirectorUrl = `http://127.0.0.1:${(redirector.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => redirector.close(() => resolve())));

  it("are never followed, whatever the status, on the relay path and by the channel test", async () => {
    allowLocalUpstreams(true); // both servers are on loopback: only the redirect rule is under test
    for (const status of [301, 302, 303, 307, 308]) {
      redirectStatus = status;
      const { model, channelId } = await channelAt(`${redirectorUrl}/v1`);
      allowLocalUpstreams(true);
      expect(await chat(model), String(status)).toMatchObject({ status: 502, body: { error: { message: expect.stringMatching(/redirect/) } } });
      const tested = await testChannel({ channelId, actor: { kind: "system" } });
      expect(tested, String(status)).toMatchObject({ isOk: false, error: expect.stringMatching(/redirect/) });
    }
    expect(fake.requests).toHaveLength(0);
  });
});

describe("the switch", () => {
  it("is named ALLOW_LOCAL_UPSTREAMS and is off unless set", async () => {
    const { rows } = await sql<{ count: string }>("select count(*) from channels");
    expect(Number(rows[0].count)).toBeGreaterThan(0);
    delete process.env.ALLOW_LOCAL_UPSTREAMS;
    resetEnv();
    await expect(channelAt(`http://127.0.0.1:${port()}/v1`, { isSavedWhileAllowed: false })).rejects.toThrow(/ALLOW_LOCAL_UPSTREAMS/);
  });
});
