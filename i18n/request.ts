/**
 * next-intl's per-request configuration (wired in next.config.ts). No locale segment in URLs: the locale comes
 * from the `locale` cookie, else Accept-Language.
 */
import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { LOCALE_COOKIE, resolveLocale } from "./config";
import { loadMessages } from "./messages";

export default getRequestConfig(async () => {
  const [cookieStore, headerList] = await Promise.all([cookies(), headers()]);
  const locale = resolveLocale({ cookie: cookieStore.get(LOCALE_COOKIE)?.value, acceptLanguage: headerList.get("accept-language") });
  return { locale, messages: loadMessages(locale), timeZone: "UTC" };
});
