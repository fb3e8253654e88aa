import { describe, expect, it } from "vitest";
import { FAKE_PNG } from "../fakes/upstream-types";
import { addChannel, balanceOf, createModel, lastLog, openaiClient, testCost, useRelay } from "./support/harness";

describe("embeddings and image generation through Gemini channels", () => {
  const t = useRelay(async (fake) => {
    await createModel({ id: "gemini-embed", kind: "embedding", maxOutputTokens: 0 });
    await createModel({ id: "imagen-test", kind: "image", maxOutputTokens: 0, perImage: 40_000n });
    await addChannel({ fake, type: "gemini", models: ["gemini-embed", "imagen-test"], modelMapping: { "gemini-embed": "gemini-embedding-001" } });
  }, { balance: 5_000_000n });

  it("converts embeddings to batchEmbedContents (the SDK's base64 included) and bills the input counted locally", async () => {
    const before = await balanceOf(t.customer.walletId);
    const result = await openaiClient(t.relay, t.customer.secret).embeddings.create({ model: "gemini-embed", input: ["one", "two"] });
    expect(t.fake.requests.at(-1)).toMatchObject({
      path: "/v1beta/models/gemini-embedding-001:batchEmbedContents",
      body: { requests: [{ model: "models/gemini-embedding-001", content: { parts: [{ text: "one" }] } }, { model: "models/gemini-embedding-001", content: { parts: [{ text: "two" }] } }] },
    });
    expect(t.fake.requests.at(-1)?.headers["x-goog-api-key"]).toMatch(/^upstream-secret-/);
    expect(result).toMatchObject({ object: "list", model: "gemini-embed", usage: { prompt_tokens: 2, total_tokens: 2 } });
    expect(result.data.map((d) => d.index)).toEqual([0, 1]);
    expect(result.data[0].embedding).toHaveLength(8);
    expect(result.data[0].embedding[1]).toBeCloseTo(-0.2);
    expect(await balanceOf(t.customer.walletId)).toBe(before - testCost({ input: 2, output: 0 }));
    expect(await lastLog(t.customer.keyId)).toMatchObject({ endpoint: "embeddings", status: 200, input_tokens: 2, output_tokens: 0, usage_estimated: true });
  });

  it("passes dimensions as outputDimensionality and answers floats when asked", async () => {
    const response = await fetch(`${t.relay.url}/v1/embeddings`, {
      method: "POST",
      headers: { authorization: `Bearer ${t.customer.secret}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "gemini-embed", input: "hello world", dimensions: 4, encoding_format: "float" }),
    });
    expect(response.status).toBe(200);
    const json = (await response.json()) as { data: { embedding: number[] }[] };
    expect(json.data[0].embedding).toEqual([0.1, -0.2, 0.3, 0.4]);
    expect(t.fake.requests.at(-1)?.body).toMatchObject({ requests: [{ outputDimensionality: 4, content: { parts: [{ text: "hello world" }] } }] });
  });

  it("refuses token-array input for a Gemini channel, at no cost", async () => {
    const before = await balanceOf(t.customer.walletId);
    await expect(openaiClient(t.relay, t.customer.secret).embeddings.create({ model: "gemini-embed", input: [[1, 2, 3]] })).rejects.toMatchObject({ status: 400, param: "input" });
    expect(t.fake.requests).toHaveLength(0);
    expect(await balanceOf(t.customer.walletId)).toBe(before);
  });

  it("generates images with Imagen predict (n → sampleCount, size → aspect ratio) and bills per image", async () => {
    const before = await balanceOf(t.customer.walletId);
    const result = await openaiClient(t.relay, t.customer.secret).images.generate({ model: "imagen-test", prompt: "a red fox", n: 2, size: "1792x1024" });
    expect(t.fake.requests.at(-1)).toMatchObject({ path: "/v1beta/models/imagen-test:predict", body: { instances: [{ prompt: "a red fox" }], parameters: { sampleCount: 2, aspectRatio: "16:9" } } });
    expect(result.data?.map((d) => d.b64_json)).toEqual([FAKE_PNG, FAKE_PNG]);
    expect(await balanceOf(t.customer.walletId)).toBe(before - 80_000n);
    expect(await lastLog(t.customer.keyId)).toMatchObject({ endpoint: "images.generations", status: 200, image_count: 2, cost: 80_000n });
  });

  it("refuses what Imagen cannot do (URLs, streaming) before calling it", async () => {
    const client = openaiClient(t.relay, t.customer.secret);
    await expect(client.images.generate({ model: "imagen-test", prompt: "a fox", response_format: "url" })).rejects.toMatchObject({ status: 400, param: "response_format" });
    await expect(client.images.generate({ model: "imagen-test", prompt: "a fox", stream: true })).rejects.toMatchObject({ status: 400, param: "stream" });
    expect(t.fake.requests).toHaveLength(0);
  });
});
