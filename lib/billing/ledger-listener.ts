/**
 * The process's PostgreSQL LISTEN connection for ledger news: `switchyard_ledger` (a wallet's new state, sent by a
 * trigger on every committed change of ledger_accounts), `switchyard_prices` (a model or price changed) and
 * `switchyard_channels` (a channel was added, changed or removed).
 * One connection per process (lib/singleton). On every (re)connect, subscribers are told to treat what they cached
 * as stale, since notifications sent while the connection was down are lost.
 */
import "server-only";
import pg from "pg";
import { env } from "../env";
import { logger } from "../log";
import { singleton } from "../singleton";

export const LEDGER_CHANNEL = "switchyard_ledger";
export const PRICES_CHANNEL = "switchyard_prices";
export const CHANNELS_CHANNEL = "switchyard_channels";
type Channel = typeof LEDGER_CHANNEL | typeof PRICES_CHANNEL | typeof CHANNELS_CHANNEL;

type Subscriber = { onMessage: (payload: string) => void; onReset: () => void };

type ListenerState = {
  client: pg.Client | null;
  connecting: Promise<void> | null;
  subscribers: Map<Channel, Set<Subscriber>>;
  retryTimer: NodeJS.Timeout | null;
  isStopped: boolean;
};

function state(): ListenerState {
  return singleton<ListenerState>("billing.listener", () => ({
    client: null,
    connecting: null,
    subscribers: new Map(),
    retryTimer: null,
    isStopped: false,
  }));
}

function resetAll(s: ListenerState): void {
  for (const set of s.subscribers.values()) for (const sub of set) sub.onReset();
}

async function connect(s: ListenerState): Promise<void> {
  const url = env().DATABASE_URL ?? process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set");
  const client = new pg.Client({ connectionString: url });
  client.on("error", () => undefined);
  await client.connect();
  // The listener must not keep a CLI or a test process alive.
  (client as unknown as { connection?: { stream?: { unref?: () => void } } }).connection?.stream?.unref?.();
  client.on("notification", (message) => {
    const subs = s.subscribers.get(message.channel as Channel);
    if (!subs || message.payload === undefined) return;
    for (const sub of subs) {
      try {
        sub.onMessage(message.payload);
      } catch (error) {
        // a malformed payload (someone NOTIFYing by hand) must not take the process down; drop the caches instead
        logger().warn({ channel: message.channel, err: error instanceof Error ? error.message : String(error) }, "bad ledger notification");
        sub.onReset();
      }
    }
  });
  client.on("end", () => {
    if (s.client !== client) return;
    s.client = null;
    if (!s.isStopped) scheduleReconnect(s);
  });
  for (const channel of [LEDGER_CHANNEL, PRICES_CHANNEL, CHANNELS_CHANNEL]) await client.query(`LISTEN ${channel}`);
  s.client = client;
  resetAll(s);
}

function scheduleReconnect(s: ListenerState): void {
  if (s.retryTimer || s.isStopped) return;
  resetAll(s);
  s.retryTimer = setTimeout(() => {
    s.retryTimer = null;
    void ensureListening();
  }, 1_000);
  s.retryTimer.unref();
}

/** Start listening (once per process). Resolves when LISTEN is active; never rejects (it retries in the background). */
export async function ensureListening(): Promise<void> {
  const s = state();
  if (s.client || s.isStopped) return;
  if (!s.connecting) {
    s.connecting = connect(s)
      .catch((error: unknown) => {
        logger().warn({ err: error instanceof Error ? error.message : String(error) }, "ledger listener failed to connect");
        scheduleReconnect(s);
      })
      .finally(() => {
        s.connecting = null;
      });
  }
  await s.connecting;
}

/** Subscribe to a channel. `onReset` runs whenever notifications may have been missed (every (re)connect). */
export function subscribe(channel: Channel, subscriber: Subscriber): () => void {
  const s = state();
  let set = s.subscribers.get(channel);
  if (!set) {
    set = new Set();
    s.subscribers.set(channel, set);
  }
  set.add(subscriber);
  void ensureListening();
  return () => set.delete(subscriber);
}

/** Whether LISTEN is active now (when it is not, cached views must not be trusted for long). */
export function isListening(): boolean {
  return state().client !== null;
}

/** Close the connection (process shutdown, tests). */
export async function stopListening(): Promise<void> {
  const s = state();
  s.isStopped = true;
  if (s.retryTimer) clearTimeout(s.retryTimer);
  const client = s.client;
  s.client = null;
  await client?.end().catch(() => undefined);
}
