import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SYSTEM_MEMOS, systemMemoKey } from "./system-memos";

const messages = (locale: string) => JSON.parse(fs.readFileSync(path.resolve(`messages/${locale}/admin-customers.json`), "utf8")) as { memos: Record<string, string> };

describe("systemMemoKey", () => {
  it("knows the memos the ledger writes itself, and nothing else", () => {
    expect(systemMemoKey("Trial credit for a new account")).toBe("trialCredit");
    expect(systemMemoKey("Card top-up")).toBe("cardTopUp");
    expect(systemMemoKey("Refund to card")).toBe("refundToCard");
    expect(systemMemoKey("Credit for the outage")).toBeNull();
    expect(systemMemoKey("card top-up")).toBeNull();
    expect(systemMemoKey("gpt-4o")).toBeNull();
    expect(systemMemoKey(null)).toBeNull();
  });

  it("every one has a translation in each console language", () => {
    for (const locale of ["en", "zh-CN"]) {
      for (const key of Object.keys(SYSTEM_MEMOS)) expect(messages(locale).memos[key], `${locale} memos.${key}`).toBeTruthy();
    }
    expect(messages("zh-CN").memos.trialCredit).not.toBe(SYSTEM_MEMOS.trialCredit);
  });
});
