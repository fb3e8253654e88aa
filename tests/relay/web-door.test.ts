import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleWebRelay } from "../../lib/relay/route-handler";
import type { FakeUpstream } from "../fakes/upstream";
import { DEFAULT_TEXT } from "../fakes/upstream-types";
import { addChannel, balanceOf, createCustomer, createModel, lastLog, startFakeUpstream, testCost, type Customer } from "./support/harness";

// The route handlers under app/v1 (the door `next dev` uses) run the same pipeline over Web Request/Response.
describe("the Next route-handler door", () => {
  let fake: FakeUpstream;
  let customer: Customer;

  beforeAll(async () => {
    fake = await startFakeUpstream();
    await createModel({ id: "web-model" });
    await addChannel({ fake, type: "anthropic", models: ["web-model"] });
    customer = await createCustomer();
  });

  afterAll(() => fake.close());

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    handleWebRelay(
      new Request(`http://localhost:3000${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": "127.0.0.1", authorization: `Bearer ${customer.secret}`, ...headers },
        body: JSON.stringify(body),
      }),
    );

  it("serves JSON with the request id and bills it", async () => {
    const before = await balanceOf(customer.walletId);
    const response = await post("/v1/chat/completions", { model: "web-model", messages: [{ role: "user", content: "Hi" }] });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-request-id")).toMatch(/^req_/);
    const json = (await response.json()) as { choices: { message: { content: string } }[] };
    expect(json.choices[0].message.content).toBe(DEFAULT_TEXT);
    expect(await balanceOf(customer.walletId)).toBe(before - testCost({ input: 12, output: 5 }));
  });

  it("streams SSE as it arrives", async () => {
    const response = await post("/v1/messages", { model: "web-model", max_tokens: 20, stream: true, messages: [{ role: "user", content: "Hi" }] }, { "anthropic-version": "2023-06-01" });
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const wire = await response.text();
    expect(wire.startsWith("event: message_start")).toBe(true);
    expect(wire).toContain("event: message_stop");
    expect(await lastLog(customer.keyId)).toMatchObject({ is_stream: true, status: 200, output_tokens: 5 });
  });

  it("answers errors and unknown paths in the caller's dialect", async () => {
    const missing = await handleWebRelay(new Request("http://localhost:3000/v1/messages", { method: "POST", headers: { "x-forwarded-for": "127.0.0.1" }, body: "{}" }));
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ type: "error", error: { type: "authentication_error" } });
    const unknown = await handleWebRelay(new Request("http://localhost:3000/v1/nope", { headers: { "x-forwarded-for": "127.0.0.1" } }));
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { type: "invalid_request_error", code: "not_found" } });
  });
});
