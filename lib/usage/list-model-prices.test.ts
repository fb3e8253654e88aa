import { describe, expect, it } from "vitest";
import { prisma } from "../db";
import { listPricedModels, setGroupMultiplier, setPrice, upsertModel } from "../billing/pricing";
import { seedDefaultCatalog } from "../billing/seed-default-catalog";
import { createChannel } from "../channels/create-channel";
import { applyMultiplier, listModelPrices, sampleAcrossVendors } from "./list-model-prices";

describe("models and prices", () => {
  it("lists what /v1/models lists, at list price for visitors and after the group multiplier when signed in", async () => {
    await seedDefaultCatalog();
    const priced = (await listPricedModels()).map((m) => m.id);
    await createChannel({
      input: { name: "models-page", type: "openai", baseUrl: "https://api.openai.com/v1", secrets: ["sk-models-page-test-secret"], models: priced },
      actor: { kind: "cli" },
    });
    const visitor = await listModelPrices();
    expect(visitor.models.map((m) => m.id)).toEqual(priced);
    const gpt = visitor.models.find((m) => m.id === "gpt-4o")!;
    expect(gpt).toMatchObject({ inputPerM: "2500000", outputPerM: "10000000", cacheReadPerM: "1250000", contextWindow: 128_000, modalities: ["text", "image"] });

    const group = await setGroupMultiplier({ name: "partners", multiplierPpm: 800_000, actor: { kind: "cli" } });
    const user = await prisma().user.create({ data: { email: "models-partner@example.com", groupId: group.id } });
    const partner = await listModelPrices({ userId: user.id });
    expect(partner).toMatchObject({ multiplierPpm: 800_000, groupName: "partners" });
    expect(partner.models.find((m) => m.id === "gpt-4o")).toMatchObject({ inputPerM: "2000000", outputPerM: "8000000", cacheReadPerM: "1000000" });

    const plain = await prisma().user.create({ data: { email: "models-plain@example.com" } });
    expect((await listModelPrices({ userId: plain.id })).models.find((m) => m.id === "gpt-4o")?.inputPerM).toBe("2500000");
  });

  it("leaves out priced models no enabled channel serves: the playground offered them and answered 503", async () => {
    for (const id of ["served-model", "unserved-model", "disabled-model"]) {
      await upsertModel({ id, vendor: "openai", kind: "chat", contextWindow: 128_000, maxOutputTokens: 1_000, modalities: ["text"], isVisible: true });
      await setPrice({ modelId: id, inputPerM: 1_000_000n, outputPerM: 2_000_000n, effectiveFrom: new Date(Date.now() - 60_000), actor: { kind: "cli" } });
    }
    const ids = async () => (await listModelPrices()).models.map((m) => m.id).filter((id) => id.endsWith("-model"));
    expect(await ids()).toEqual([]);
    await createChannel({
      input: { name: "served", type: "openai", baseUrl: "https://api.openai.com/v1", secrets: ["sk-served-test-secret-1"], models: ["served-model"] },
      actor: { kind: "cli" },
    });
    await createChannel({
      input: { name: "off", type: "openai", baseUrl: "https://api.openai.com/v1", secrets: ["sk-off-test-secret-12"], models: ["disabled-model"], isEnabled: false },
      actor: { kind: "cli" },
    });
    expect(await ids()).toEqual(["served-model"]);
  });

  it("rounds scaled prices half up", () => {
    expect(applyMultiplier(3n, 500_000)).toBe(2n);
    expect(applyMultiplier(1_000_001n, 1_000_000)).toBe(1_000_001n);
    expect(applyMultiplier(10n, 1_250_000)).toBe(13n);
  });
});

describe("a short list across vendors (the landing page's models)", () => {
  const model = (id: string, vendor: string) => ({ id, vendor });
  const list = [model("claude-haiku-4-5", "anthropic"), model("claude-opus-4-1", "anthropic"), model("claude-sonnet-4-5", "anthropic"), model("deepseek-chat", "deepseek"), model("gpt-4o", "openai"), model("gpt-4o-mini", "openai")];

  it("takes one of each vendor's before a second of any, in the list's order", () => {
    expect(sampleAcrossVendors(list, 4).map((m) => m.id)).toEqual(["claude-haiku-4-5", "deepseek-chat", "gpt-4o", "claude-opus-4-1"]);
    expect(sampleAcrossVendors(list, 6).map((m) => m.id)).toEqual(["claude-haiku-4-5", "deepseek-chat", "gpt-4o", "claude-opus-4-1", "gpt-4o-mini", "claude-sonnet-4-5"]);
  });

  it("returns the whole list when it is shorter, and nothing from nothing", () => {
    expect(sampleAcrossVendors(list, 10)).toHaveLength(6);
    expect(sampleAcrossVendors([], 6)).toEqual([]);
  });
});
