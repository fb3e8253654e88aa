/**
 * Candidate channels for one request, in the order to try them: best priority first; among equal priority a
 * weighted random order (weight × live health factor, Efraimidis–Spirakis keys), so traffic spreads by weight and
 * drifts away from slow or failing channels. Channels whose circuit is open are left out — unless every candidate
 * is out, in which case the one due back soonest is tried rather than refusing the request.
 */
import type { Channel } from "../../channels/types";
import { healthFactor, isChannelAvailable } from "./health";

export function orderCandidates({ channels, now = Date.now(), random = Math.random }: { channels: Channel[]; now?: number; random?: () => number }): Channel[] {
  const available = channels.filter((c) => isChannelAvailable(c.id, now));
  if (available.length === 0) return channels.length ? [channels.reduce((a, b) => (a.priority >= b.priority ? a : b))] : [];
  const keyed = available.map((channel) => {
    const weight = Math.max(channel.weight, 0) * healthFactor(channel.id, now);
    // a zero-weight channel is a backup: only after every weighted one of its priority
    const key = weight > 0 ? Math.pow(random(), 1 / weight) : -1 + random() * 1e-6;
    return { channel, key };
  });
  keyed.sort((a, b) => b.channel.priority - a.channel.priority || b.key - a.key);
  return keyed.map((k) => k.channel);
}
