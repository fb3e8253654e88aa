/**
 * Which of a channel's upstream secrets to use: round-robin, skipping secrets that were rate limited (429) until
 * their retry-after passes. A 429 moves the next attempt to another secret of the same channel when it has one.
 */
import type { Channel } from "../../channels/types";
import { singleton } from "../../singleton";

type SecretState = { next: number; coolingUntil: Map<number, number> };

const states = () => singleton("relay.secrets", () => new Map<string, SecretState>());

function stateOf(channelId: string): SecretState {
  let s = states().get(channelId);
  if (!s) {
    s = { next: 0, coolingUntil: new Map() };
    states().set(channelId, s);
  }
  return s;
}

/** The index of the secret to use now, or null when every secret is cooling down. */
export function pickSecret(channel: Channel, now = Date.now(), exclude: ReadonlySet<number> = new Set()): number | null {
  const count = channel.secrets.length;
  if (count === 0) return null;
  const s = stateOf(channel.id);
  for (let i = 0; i < count; i++) {
    const index = (s.next + i) % count;
    if (exclude.has(index)) continue;
    if ((s.coolingUntil.get(index) ?? 0) > now) continue;
    s.next = (index + 1) % count;
    return index;
  }
  return null;
}

export function coolSecret(channelId: string, index: number, retryAfterMs: number, now = Date.now()): void {
  stateOf(channelId).coolingUntil.set(index, now + Math.min(Math.max(retryAfterMs, 1_000), 300_000));
}
