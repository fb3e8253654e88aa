import { describe, expect, it } from "vitest";
import { channelTable, type ChannelTable } from "../../lib/channels/channel-table";
import { peekSingleton } from "../../lib/singleton";
import { DEFAULT_TEXT } from "../fakes/upstream-types";
import { addChannel, createCustomer, createModel, openaiClient, useRelay } from "./support/harness";

type TableState = { table: ChannelTable | null };
const tableState = () => peekSingleton<TableState>("channels.table") as TableState;

describe("channels added by another process", () => {
  const t = useRelay(async (fake) => {
    await createModel({ id: "known-model" });
    await createModel({ id: "new-model" });
    await addChannel({ fake, type: "openai", models: ["known-model"] });
  });

  it("serve the very next request, without waiting for the background reload", async () => {
    await channelTable();
    const before = tableState().table!;
    await addChannel({ fake: t.fake, type: "openai", models: ["new-model"] });
    // This process has not heard of the new channel: as if the CLI or another instance had added it 2 s ago.
    tableState().table = { ...before, loadedAt: Date.now() - 2_000 };
    const customer = await createCustomer({ balance: 1_000_000n });
    const completion = await openaiClient(t.relay, customer.secret).chat.completions.create({ model: "new-model", messages: [{ role: "user", content: "Hi" }] });
    expect(completion.choices[0].message.content).toBe(DEFAULT_TEXT);
  });

  it("still answer 503 for a model no channel serves, and do not reload on every such request", async () => {
    const customer = await createCustomer({ balance: 1_000_000n });
    await createModel({ id: "orphan-model" });
    const client = openaiClient(t.relay, customer.secret);
    await expect(client.chat.completions.create({ model: "orphan-model", messages: [{ role: "user", content: "Hi" }] })).rejects.toMatchObject({ status: 503 });
    const loadedAt = tableState().table!.loadedAt;
    await expect(client.chat.completions.create({ model: "orphan-model", messages: [{ role: "user", content: "Hi" }] })).rejects.toMatchObject({ status: 503 });
    expect(tableState().table!.loadedAt).toBe(loadedAt);
  });
});
