/**
 * Message catalogs, split per namespace so that every domain owns its own files:
 * `messages/<locale>/<namespace>.json` holds the object for that namespace, and all files of a locale are merged
 * into `{ [namespace]: {...} }` at load. Add a namespace by adding a file to both locale folders.
 */
import fs from "node:fs";
import path from "node:path";
import type { AbstractIntlMessages } from "use-intl/core";
import { DEFAULT_LOCALE, type Locale } from "./config";

export type Messages = Record<string, AbstractIntlMessages>;

const cache = new Map<Locale, Messages>();

export function messagesDir(): string {
  return path.join(/* turbopackIgnore: true */ process.cwd(), "messages");
}

function readLocale(locale: Locale): Messages {
  const dir = path.join(messagesDir(), locale);
  const messages: Messages = {};
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((file) => file.endsWith(".json")).sort() : [];
  for (const file of files) {
    const namespace = file.slice(0, -".json".length);
    const text = fs.readFileSync(path.join(dir, file), "utf8");
    try {
      messages[namespace] = JSON.parse(text) as AbstractIntlMessages;
    } catch (error) {
      throw new Error(`messages/${locale}/${file} is not valid JSON: ${(error as Error).message}`);
    }
  }
  return messages;
}

/** Deep merge: keys missing from `primary` come from `fallback`, so a half-translated catalog still renders. */
function withFallback(primary: AbstractIntlMessages, fallback: AbstractIntlMessages): AbstractIntlMessages {
  const merged: AbstractIntlMessages = { ...fallback };
  for (const [key, value] of Object.entries(primary)) {
    const base = fallback[key];
    merged[key] =
      typeof value === "object" && value !== null && typeof base === "object" && base !== null ? withFallback(value, base) : value;
  }
  return merged;
}

/** Every namespace of a locale, with English filling any key the locale lacks. Cached outside development. */
export function loadMessages(locale: Locale): Messages {
  const isCached = process.env.NODE_ENV === "production";
  const hit = isCached ? cache.get(locale) : undefined;
  if (hit) return hit;
  const own = readLocale(locale);
  const messages = locale === DEFAULT_LOCALE ? own : (withFallback(own, readLocale(DEFAULT_LOCALE)) as Messages);
  if (isCached) cache.set(locale, messages);
  return messages;
}
