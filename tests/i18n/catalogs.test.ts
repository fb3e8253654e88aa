import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createTranslator } from "use-intl/core";
import { LOCALES, localeFromAcceptLanguage, resolveLocale } from "@/i18n/config";
import { loadMessages } from "@/i18n/messages";
import { translator } from "@/i18n/translator";

type Tree = { [key: string]: string | Tree };

function leafKeys(tree: Tree, prefix = ""): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === "string" ? [`${prefix}${key}`] : leafKeys(value, `${prefix}${key}.`),
  );
}

function leafPaths(tree: Tree, prefix: string[] = []): string[][] {
  return Object.entries(tree).flatMap(([key, value]) => (typeof value === "string" ? [[...prefix, key]] : leafPaths(value, [...prefix, key])));
}

function readCatalog(locale: string): Record<string, Tree> {
  const dir = path.join("messages", locale);
  return Object.fromEntries(
    fs
      .readdirSync(dir)
      .filter((file) => file.endsWith(".json"))
      .map((file) => [file.replace(/\.json$/, ""), JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")) as Tree]),
  );
}

describe("message catalogs", () => {
  const english = readCatalog("en");

  it.each(LOCALES.filter((locale) => locale !== "en"))("%s has exactly the namespaces and keys of English", (locale) => {
    const other = readCatalog(locale);
    expect(Object.keys(other).sort()).toEqual(Object.keys(english).sort());
    for (const namespace of Object.keys(english)) {
      expect({ namespace, keys: leafKeys(other[namespace]).sort() }).toEqual({ namespace, keys: leafKeys(english[namespace]).sort() });
    }
  });

  it("the Chinese console addresses its reader one way, as 您 (the chat's speaker label is the one 你)", () => {
    const informal = Object.entries(readCatalog("zh-CN")).flatMap(([namespace, tree]) =>
      leafPaths(tree)
        .map((path) => ({ path, text: path.reduce<string | Tree>((node, key) => (node as Tree)[key], tree) as string }))
        .filter(({ path, text }) => text.replace(/迷你/g, "").includes("你") && !(namespace === "playground" && path.join(".") === "roles.user"))
        .map(({ path }) => `${namespace}: ${path.join(" › ")}`),
    );
    expect(informal).toEqual([]);
  });

  it("customer pages do not speak of how usage is stored (rollups are the operator's word)", () => {
    const JARGON: Record<string, RegExp> = { en: /roll-?ups?\b/i, "zh-CN": /按小时汇总|汇总的统计/ };
    const found = Object.entries(JARGON).flatMap(([locale, pattern]) =>
      Object.entries(readCatalog(locale))
        .filter(([namespace]) => !namespace.startsWith("admin"))
        .flatMap(([namespace, tree]) =>
          leafPaths(tree)
            .filter((path) => pattern.test(path.reduce<string | Tree>((node, key) => (node as Tree)[key], tree) as string))
            .map((path) => `${locale} ${namespace}: ${path.join(" › ")}`),
        ),
    );
    expect(found).toEqual([]);
  });

  it.each(LOCALES)("no %s key contains a dot (next-intl reads dots as nesting)", (locale) => {
    const dotted = Object.entries(loadMessages(locale)).flatMap(([namespace, tree]) =>
      leafPaths(tree as Tree).filter((path) => path.some((part) => part.includes("."))).map((path) => `${namespace}: ${path.join(" › ")}`),
    );
    expect(dotted).toEqual([]);
  });

  it.each(LOCALES)("every %s message is valid ICU and formats", (locale) => {
    const messages = loadMessages(locale);
    const t = createTranslator({ locale, messages, onError: (error) => { throw error; } });
    for (const [namespace, tree] of Object.entries(messages)) {
      for (const path of leafPaths(tree as Tree)) {
        if (path.some((part) => part.includes("."))) continue; // reported by the test above
        const raw = path.reduce<unknown>((node, part) => (node as Tree)[part], tree);
        // Rich-text tags and arguments need values; parsing is what we check, so only plain messages are formatted.
        if (typeof raw === "string" && !/[{<]/.test(raw)) expect(typeof t([namespace, ...path].join(".") as never)).toBe("string");
      }
    }
  });

  it("merges namespaces from separate files and falls back to English for a missing key", () => {
    const zh = loadMessages("zh-CN");
    expect(Object.keys(zh)).toEqual(expect.arrayContaining(["common", "nav"]));
    expect(translator({ locale: "zh-CN", namespace: "common" })("close")).toBe("关闭");
    expect(translator({ locale: "xx", namespace: "common" })("close")).toBe("Close");
  });
});

describe("locale resolution", () => {
  it("prefers a valid cookie, then Accept-Language, then English", () => {
    expect(resolveLocale({ cookie: "zh-CN", acceptLanguage: "en-US" })).toBe("zh-CN");
    expect(resolveLocale({ cookie: "fr", acceptLanguage: "zh-CN,zh;q=0.9" })).toBe("zh-CN");
    expect(resolveLocale({ cookie: undefined, acceptLanguage: undefined })).toBe("en");
  });

  it("reads quality values and maps Chinese variants", () => {
    expect(localeFromAcceptLanguage("fr-FR,zh;q=0.8,en;q=0.5")).toBe("zh-CN");
    expect(localeFromAcceptLanguage("zh-Hans-CN")).toBe("zh-CN");
    expect(localeFromAcceptLanguage("zh-TW,en;q=0.3")).toBe("en");
    expect(localeFromAcceptLanguage("de-DE")).toBe("en");
    expect(localeFromAcceptLanguage("en;q=0.1,zh-CN;q=0.9")).toBe("zh-CN");
  });
});
