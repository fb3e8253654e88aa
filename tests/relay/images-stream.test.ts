import { describe, expect, it } from "vitest";
import { addChannel, balanceOf, createModel, lastLog, openaiClient, testCost, useRelay } from "./support/harness";

describe("streamed image generation (native OpenAI channels)", () => {
  const t = useRelay(async (fake) => {
    await createModel({ id: "gpt-image-stream", kind: "image", maxOutputTokens: 5_000 });
    await createModel({ id: "image-per-unit", kind: "image", maxOutputTokens: 0, perImage: 40_000n });
    await addChannel({ fake, type: "openai", models: ["gpt-image-stream", "image-per-unit"] });
  }, { balance: 5_000_000n });

  it("passes partial and completed events through and bills the completed event's token usage", async () => {
    const before = await balanceOf(t.customer.walletId);
    const stream = await openaiClient(t.relay, t.customer.secret).images.generate({ model: "gpt-image-stream", prompt: "a red fox", stream: true, partial_images: 2 });
    const events: { type: string; partial_image_index?: number; usage?: unknown }[] = [];
    for await (const event of stream) events.push(event);
    expect(t.fake.requests.at(-1)?.body).toMatchObject({ stream: true, partial_images: 2 });
    expect(events.map((e) => e.type)).toEqual(["image_generation.partial_image", "image_generation.partial_image", "image_generation.completed"]);
    expect(events[1].partial_image_index).toBe(1);
    expect(events[2].usage).toMatchObject({ input_tokens: 10, output_tokens: 100 });
    expect(await balanceOf(t.customer.walletId)).toBe(before - testCost({ input: 10, output: 100 }));
    expect(await lastLog(t.customer.keyId)).toMatchObject({ endpoint: "images.generations", is_stream: true, status: 200, input_tokens: 10, output_tokens: 100, image_count: 1, usage_estimated: false });
  });

  it("bills per image when the model is priced per image; n > 1 cannot be streamed", async () => {
    const client = openaiClient(t.relay, t.customer.secret);
    const before = await balanceOf(t.customer.walletId);
    const stream = await client.images.generate({ model: "image-per-unit", prompt: "a fox", stream: true });
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    expect(types).toEqual(["image_generation.completed"]);
    expect(await balanceOf(t.customer.walletId)).toBe(before - 40_000n);
    expect(await lastLog(t.customer.keyId)).toMatchObject({ image_count: 1, cost: 40_000n, status: 200, is_stream: true });
    await expect(client.images.generate({ model: "image-per-unit", prompt: "two foxes", n: 2, stream: true })).rejects.toMatchObject({ status: 400, param: "n" });
    expect(await balanceOf(t.customer.walletId)).toBe(before - 40_000n);
  });

  it("a stream cut before any image completed ends in an error event and costs nothing", async () => {
    t.fake.setBehavior({ cutAfterChunks: 1 });
    const before = await balanceOf(t.customer.walletId);
    const stream = await openaiClient(t.relay, t.customer.secret).images.generate({ model: "image-per-unit", prompt: "a fox", stream: true, partial_images: 2 });
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const event of stream) seen.push(event.type);
      })(),
    ).rejects.toThrow(/interrupted/);
    expect(seen).toEqual(["image_generation.partial_image"]);
    expect(await balanceOf(t.customer.walletId)).toBe(before);
    expect(await lastLog(t.customer.keyId)).toMatchObject({ status: 502, error_code: "cut", cost: 0n });
  });
});
