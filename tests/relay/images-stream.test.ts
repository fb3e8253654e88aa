import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { FakeUpstream } from "../fakes/upstream";
import { addChannel, balanceOf, createCustomer, createModel, lastLog, openaiClient, startFakeUpstream, startRelay, testCost, type Customer, type Relay } from "./support/harness";

describe("streamed image generation (native OpenAI channels)", () => {
  let relay: Relay;
  let fake: FakeUpstream;
  let customer: Customer;

  beforeAll(async () => {
    fake = await startFakeUpstream();
    relay = await startRelay();
    await createModel({ id: "gpt-image-stream", kind: "image", maxOutputTokens: 5_000 });
    await createModel({ id: "image-per-unit", kind: "image", maxOutputTokens: 0, perImage: 40_000n });
    await addChannel({ fake, type: "openai", models: ["gpt-image-stream", "image-per-unit"] });
    customer = await createCustomer({ balance: 5_000_000n });
  });

  afterEach(() => fake.reset());

  afterAll(async () => {
    await relay.close();
    await fake.close();
  });

  it("passes partial and completed events through and bills the completed event's token usage", async () => {
    const before = await balanceOf(customer.walletId);
    const stream = await openaiClient(relay, customer.secret).images.generate({ model: "gpt-image-stream", prompt: "a red fox", stream: true, partial_images: 2 });
    const events: { type: string; partial_image_index?: number; usage?: unknown }[] = [];
    for await (const event of stream) events.push(event);
    expect(fake.requests.at(-1)?.body).toMatchObject({ stream: true, partial_images: 2 });
    expect(events.map((e) => e.type)).toEqual(["image_generation.partial_image", "image_generation.partial_image", "image_generation.completed"]);
    expect(events[1].partial_image_index).toBe(1);
    expect(events[2].usage).toMatchObject({ input_tokens: 10, output_tokens: 100 });
    expect(await balanceOf(customer.walletId)).toBe(before - testCost({ input: 10, output: 100 }));
    expect(await lastLog(customer.keyId)).toMatchObject({ endpoint: "images.generations", is_stream: true, status: 200, input_tokens: 10, output_tokens: 100, image_count: 1, usage_estimated: false });
  });

  it("bills per image when the model is priced per image; n > 1 cannot be streamed", async () => {
    const client = openaiClient(relay, customer.secret);
    const before = await balanceOf(customer.walletId);
    const stream = await client.images.generate({ model: "image-per-unit", prompt: "a fox", stream: true });
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    expect(types).toEqual(["image_generation.completed"]);
    expect(await balanceOf(customer.walletId)).toBe(before - 40_000n);
    expect(await lastLog(customer.keyId)).toMatchObject({ image_count: 1, cost: 40_000n, status: 200, is_stream: true });
    await expect(client.images.generate({ model: "image-per-unit", prompt: "two foxes", n: 2, stream: true })).rejects.toMatchObject({ status: 400, param: "n" });
    expect(await balanceOf(customer.walletId)).toBe(before - 40_000n);
  });

  it("a stream cut before any image completed ends in an error event and costs nothing", async () => {
    fake.setBehavior({ cutAfterChunks: 1 });
    const before = await balanceOf(customer.walletId);
    const stream = await openaiClient(relay, customer.secret).images.generate({ model: "image-per-unit", prompt: "a fox", stream: true, partial_images: 2 });
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const event of stream) seen.push(event.type);
      })(),
    ).rejects.toThrow(/interrupted/);
    expect(seen).toEqual(["image_generation.partial_image"]);
    expect(await balanceOf(customer.walletId)).toBe(before);
    expect(await lastLog(customer.keyId)).toMatchObject({ status: 502, error_code: "cut", cost: 0n });
  });
});
