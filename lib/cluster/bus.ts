/**
 * The cluster bus: Redis pub/sub between app instances (key revocations, channel health). Messages are JSON
 * `{ from, payload }` on `<prefix>bus:<topic>`; an instance ignores its own. Pub/sub is at-most-once: whenever the
 * subscription (re)connects, `onResync` handlers run so that anything cached from missed messages is dropped, and
 * `onPublisherReady` handlers run when the publishing connection returns, so news that could not be sent is resent.
 */
import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { logger } from "../log";
import { createRedisConnection, isReady, redisKey } from "./redis";

export type BusHandler = (payload: unknown) => void;

export type ClusterBus = {
  instanceId: string;
  /** Resolves false when Redis is away (nothing was sent). */
  publish: (topic: string, payload: unknown) => Promise<boolean>;
  subscribe: (topic: string, handler: BusHandler) => void;
  onResync: (handler: () => void) => void;
  onPublisherReady: (handler: () => void) => void;
  /** Whether the subscription is live now. */
  isListening: () => boolean;
  close: () => Promise<void>;
};

type Envelope = { from: string; payload: unknown };

/** The Redis channel of a topic. */
export function busChannel(topic: string, prefix: string): string {
  return redisKey(`bus:${topic}`, prefix);
}

/** A message as every subscriber reads it. */
export function busMessage(from: string, payload: unknown): string {
  return JSON.stringify({ from, payload } satisfies Envelope);
}

export function createBus({ url, prefix, publisher, instanceId = randomUUID() }: { url: string; prefix: string; publisher: Redis; instanceId?: string }): ClusterBus {
  const channelOf = (topic: string) => busChannel(topic, prefix);
  const handlers = new Map<string, Set<BusHandler>>();
  const topicOf = new Map<string, string>();
  const resyncHandlers = new Set<() => void>();
  const publisherReadyHandlers = new Set<() => void>();
  let isSubscribed = false;

  const subscriber = createRedisConnection({ url, role: "subscriber" });
  subscriber.options.autoResubscribe = false; // re-subscribed explicitly below, so resync runs after it

  const subscribeAll = async () => {
    isSubscribed = false;
    const channels = [...topicOf.keys()];
    if (channels.length > 0) await subscriber.subscribe(...channels);
    isSubscribed = true;
    for (const handler of resyncHandlers) handler();
  };
  subscriber.on("ready", () => {
    subscribeAll().catch((error: unknown) => logger().warn({ err: error instanceof Error ? error.message : String(error) }, "cluster bus subscribe failed"));
  });
  subscriber.on("close", () => {
    isSubscribed = false;
  });
  subscriber.on("message", (channel: string, text: string) => {
    const topic = topicOf.get(channel);
    if (!topic) return;
    let envelope: Envelope;
    try {
      envelope = JSON.parse(text) as Envelope;
    } catch {
      return;
    }
    if (envelope.from === instanceId) return;
    for (const handler of handlers.get(topic) ?? []) handler(envelope.payload);
  });
  const onPublisherReady = () => {
    for (const handler of publisherReadyHandlers) handler();
  };
  publisher.on("ready", onPublisherReady);

  return {
    instanceId,
    async publish(topic, payload) {
      if (!isReady(publisher)) return false;
      try {
        await publisher.publish(channelOf(topic), busMessage(instanceId, payload));
        return true;
      } catch {
        return false;
      }
    },
    subscribe(topic, handler) {
      const channel = channelOf(topic);
      let set = handlers.get(topic);
      if (!set) {
        set = new Set();
        handlers.set(topic, set);
        topicOf.set(channel, topic);
        if (isReady(subscriber)) void subscriber.subscribe(channel).catch(() => undefined);
      }
      set.add(handler);
    },
    onResync(handler) {
      resyncHandlers.add(handler);
    },
    onPublisherReady(handler) {
      publisherReadyHandlers.add(handler);
    },
    isListening: () => isSubscribed && isReady(subscriber),
    async close() {
      publisher.off("ready", onPublisherReady);
      subscriber.disconnect();
    },
  };
}
