/**
 * Work the relay finishes after a response has ended (settlements, request-log rows), tracked so tests and a
 * graceful shutdown can wait for it (relayIdle).
 */
import { flushRequestLogs } from "../usage/record-request";
import { logger } from "../log";
import { singleton } from "../singleton";

const pending = () => singleton("relay.pending", () => new Set<Promise<unknown>>());

export function track(work: Promise<unknown>, what: string): void {
  const set = pending();
  const tracked = work
    .catch((error: unknown) => logger().error({ err: error instanceof Error ? error.message : String(error), what }, "relay background work failed"))
    .finally(() => set.delete(tracked));
  set.add(tracked);
}

/** Resolves when every settlement and request-log row of finished requests is durable. */
export async function relayIdle(): Promise<void> {
  for (;;) {
    const set = pending();
    if (set.size > 0) await Promise.all([...set]);
    await flushRequestLogs();
    if (pending().size === 0) return;
  }
}
