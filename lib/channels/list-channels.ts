/**
 * Channels as operators see them: everything but the secrets (hints only).
 */
import "server-only";
import { sql } from "../db";
import { AppError } from "../errors";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import { invalidateChannels, selectChannelRows, summaryFromRow } from "./channel-table";
import type { ChannelSummary } from "./types";

export async function listChannels(): Promise<ChannelSummary[]> {
  return (await selectChannelRows()).map(summaryFromRow);
}

export async function getChannel(id: string): Promise<ChannelSummary | null> {
  const [row] = await selectChannelRows("where id = $1", [id]);
  return row ? summaryFromRow(row) : null;
}

export async function findChannelByName(name: string): Promise<ChannelSummary | null> {
  const [row] = await selectChannelRows("where name = $1", [name]);
  return row ? summaryFromRow(row) : null;
}

export async function deleteChannel({ id, actor }: { id: string; actor: AuditActor }): Promise<void> {
  const result = await sql(`delete from channels where id = $1`, [id]);
  if (result.rowCount === 0) throw new AppError("not_found", "No such channel");
  await recordAudit({ actor, action: "channel.delete", targetType: "channel", targetId: id });
  await invalidateChannels();
}
