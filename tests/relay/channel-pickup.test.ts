import { describe, expect, it, vi } from "vitest";
import { channelTable, type ChannelTable } from "../../lib/channels/channel-table";
import { sql } from "../../lib/db";
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

  it("stop serving as soon as another process disables them: a notification reloads the table, not its age", async () => {
    await createModel({ id: "switched-model" });
    const channel = await addChannel({ fake: t.fake, type: "openai", models: ["switched-model"] });
    const customer = await createCustomer({ balance: 1_000_000n });
    const client = openaiClient(t.relay, customer.secret);
    await client.chat.completions.create({ model: "switched-model", messages: [{ role: "user", content: "Hi" }] });
    // a table that never grows old: only the notification can make this process load it again
    await vi.waitFor(() => expect(tableState().table?.byId.get(channel.id)?.isEnabled).toBe(true));
    tableState().table = { ...tableState().table!, loadedAt: Number.MAX_SAFE_INTEGER };
    // as the CLI (`channel:disable`) or another instance does it: in the database, not through this process
    await sql(`update channels set is_enabled = false, disabled_reason = 'maintenance' where id = $1`, [channel.id]);
    await vi.waitFor(() => expect(tableState().table?.byId.get(channel.id)?.isEnabled).toBe(false), { timeout: 5_000 });
    await expect(client.chat.completions.create({ model: "switched-model", messages: [{ role: "user", content: "Hi" }] })).rejects.toMatchObject({ status: 503 });
  });
});
