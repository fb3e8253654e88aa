import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { channelTable, type ChannelTable } from "../../lib/channels/channel-table";
import type { FakeUpstream } from "../fakes/upstream";
import { DEFAULT_TEXT } from "../fakes/upstream-types";
import { addChannel, createCustomer, createModel, openaiClient, startFakeUpstream, startRelay, type Relay } from "./support/harness";

type TableState = { table: ChannelTable | null };
const tableState = () => (globalThis as unknown as Record<symbol, TableState>)[Symbol.for("switchyard.channels.table")];

describe("channels added by another process", () => {
  let relay: Relay;
  let upstream: FakeUpstream;

  beforeAll(async () => {
    upstream = await startFakeUpstream();
    relay = await startRelay();
    await createModel({ id: "known-model" });
    await createModel({ id: "new-model" });
    await addChannel({ fake: upstream, type: "openai", models: ["known-model"] });
  });

  afterAll(async () => {
    await relay.close();
    await upstream.close();
  });

  it("serve the very next request, without waiting for the background reload", async () => {
    await channelTable();
    const before = tableState().table!;
    await addChannel({ fake: upstream, type: "openai", models: ["new-model"] });
    // This process has not heard of the new channel: as if the CLI or another instance had added it 2 s ago.
    tableState().table = { ...before, loadedAt: Date.now() - 2_000 };
    const customer = await createCustomer({ balance: 1_000_000n });
    const completion = await openaiClient(relay, customer.secret).chat.completions.create({ model: "new-model", messages: [{ role: "user", content: "Hi" }] });
    expect(completion.choices[0].message.content).toBe(DEFAULT_TEXT);
  });

  it("still answer 503 for a model no channel serves, and do not reload on every such request", async () => {
    const customer = await createCustomer({ balance: 1_000_000n });
    await createModel({ id: "orphan-model" });
    const client = openaiClient(relay, customer.secret);
    await expect(client.chat.completions.create({ model: "orphan-model", messages: [{ role: "user", content: "Hi" }] })).rejects.toMatchObject({ status: 503 });
    const loadedAt = tableState().table!.loadedAt;
    await expect(client.chat.completions.create({ model: "orphan-model", messages: [{ role: "user", content: "Hi" }] })).rejects.toMatchObject({ status: 503 });
    expect(tableState().table!.loadedAt).toBe(loadedAt);
  });
});
