/**
 * Operator settings stored in the database (trial credit amount, top-up presets, …), read through a short cache.
 */
import "server-only";
import { prisma } from "./db";
import { env } from "./env";
import { parseUsd } from "./money";
import { singleton } from "./singleton";

type Cache = Map<string, { value: unknown; at: number }>;
const cache = () => singleton<Cache>("settings.cache", () => new Map());
const TTL_MS = 5_000;

export async function getSetting<T>(key: string, fallback: T): Promise<T> {
  const hit = cache().get(key);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.value as T;
  const row = await prisma().setting.findUnique({ where: { key } });
  const value = (row?.value as T | undefined) ?? fallback;
  cache().set(key, { value, at: Date.now() });
  return value;
}

export async function setSetting(key: string, value: unknown): Promise<void> {
  await prisma().setting.upsert({ where: { key }, create: { key, value: value as object }, update: { value: value as object } });
  cache().delete(key);
}

/** Trial credit for new accounts, in micro-units (setting `trial_credit_micros`, else TRIAL_CREDIT_USD). */
export async function trialCreditMicros(): Promise<bigint> {
  const stored = await getSetting<string | null>("trial_credit_micros", null);
  if (stored !== null) return BigInt(stored);
  return parseUsd(env().TRIAL_CREDIT_USD) ?? 1_000_000n;
}
