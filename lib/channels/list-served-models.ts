/**
 * The models some enabled channel can serve: what a key can call. Read from the relay's own channel table (the one
 * /v1/models and routing use), so a channel without a usable secret counts for none of them here either.
 */
import "server-only";
import { channelTable } from "./channel-table";

export async function listServedModelIds(): Promise<Set<string>> {
  return new Set((await channelTable()).byModel.keys());
}
