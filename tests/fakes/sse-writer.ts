/**
 * Writes SSE events with the fake upstream's pacing knobs: delay between chunks, a cut after N content chunks
 * (socket destroyed mid-body, or a clean end without the terminal event).
 */
import type { ServerResponse } from "node:http";
import type { FakeBehavior } from "./upstream-types";

export type SseFrame = { event?: string; data: unknown; isContent?: boolean; crlf?: boolean };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function writeSse(res: ServerResponse, frames: SseFrame[], behavior: FakeBehavior): Promise<void> {
  res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", connection: "keep-alive" });
  if (behavior.cutBeforeBody) {
    res.flushHeaders();
    await sleep(10);
    res.socket?.destroy();
    return;
  }
  let content = 0;
  for (const frame of frames) {
    if (res.destroyed) return;
    if (frame.isContent && behavior.cutAfterChunks !== undefined && content >= behavior.cutAfterChunks) {
      if (behavior.cutMode === "end") {
        res.end();
        return;
      }
      await sleep(20); // let what was written reach the client before the connection drops
      res.socket?.destroy();
      return;
    }
    if (frame.isContent) content++;
    const data = typeof frame.data === "string" ? frame.data : JSON.stringify(frame.data);
    const nl = frame.crlf ? "\r\n" : "\n";
    res.write(`${frame.event ? `event: ${frame.event}${nl}` : ""}data: ${data}${nl}${nl}`);
    if (behavior.chunkDelayMs && frame.isContent) await sleep(behavior.chunkDelayMs);
  }
  res.end();
}
