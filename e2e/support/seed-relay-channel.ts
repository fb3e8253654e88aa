/**
 * Adds a priced chat model and an OpenAI-protocol channel serving it from the e2e fake upstream, in the database of
 * the app under test (found through DATA_DIR, as the CLI finds it). Run by specs that call the relay:
 * `node --import tsx --import ./scripts/register-hooks.mjs e2e/support/seed-relay-channel.ts <model> <upstreamUrl> [vendor]`
 * with DATA_DIR set. The app picks the channel up within the channel table's reload interval.
 */
import { runAgainstAppDatabase } from "./app-database";

const [model, upstreamUrl, vendor = "openai"] = process.argv.slice(2);
if (!model || !upstreamUrl) throw new Error("usage: seed-relay-channel.ts <model> <upstreamUrl>");

runAgainstAppDatabase(async () => {
  const { setPrice, upsertModel } = await import("../../lib/billing/pricing");
  const { createChannel } = await import("../../lib/channels/create-channel");
  await upsertModel({ id: model, vendor, kind: "chat", contextWindow: 128_000, maxOutputTokens: 1_000, modalities: ["text"], isVisible: true });
  await setPrice({ modelId: model, inputPerM: 2_500_000n, outputPerM: 10_000_000n, effectiveFrom: new Date(Date.now() - 60_000), actor: { kind: "system" } });
  await createChannel({
    input: { name: `e2e-${model}`, type: "openai", baseUrl: `${upstreamUrl}/v1`, secrets: ["e2e-upstream-secret-abcdef"], models: [model] },
    actor: { kind: "system" },
  });
});
