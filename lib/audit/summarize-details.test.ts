import { describe, expect, it } from "vitest";
import { summarizeAuditDetails } from "./summarize-details";

describe("summarizeAuditDetails", () => {
  it("shows amounts of money as dollars, and leaves out the display copy", () => {
    const adjustment = { email: "a@example.com", amount: "20000000", display: "$20.00", reason: "goodwill", transactionId: "t1", before: "1000000" };
    expect(summarizeAuditDetails("wallet.adjust", adjustment)).toBe("email=a@example.com amount=$20.00 reason=goodwill transactionId=t1");
    expect(summarizeAuditDetails("settings.trial_credit", { before: "1000000", after: 2_500_000 })).toBe("before=$1.00 after=$2.50");
    expect(summarizeAuditDetails("refund.approved", { amount: "-1500", note: null })).toBe("amount=-$0.0015 note=null");
  });

  it("reads from/to as money only where they are (an allowance), not a role or a name", () => {
    expect(summarizeAuditDetails("member.allowance", { from: null, to: "5000000" })).toBe("from=null to=$5.00");
    expect(summarizeAuditDetails("member.role", { from: "member", to: "admin" })).toBe("from=member to=admin");
    expect(summarizeAuditDetails("org.rename", { from: "2024", to: "2025" })).toBe("from=2024 to=2025");
  });

  it("keeps other values as they are, objects as JSON", () => {
    expect(summarizeAuditDetails("key.create", { name: "ci", creditCap: null, allowedModels: ["gpt-4o"] })).toBe('name=ci creditCap=null allowedModels=["gpt-4o"]');
    expect(summarizeAuditDetails("ledger.check", { isOk: true, problemCount: 0 })).toBe("isOk=true problemCount=0");
    expect(summarizeAuditDetails("x", null)).toBe("");
    expect(summarizeAuditDetails("x", ["a"])).toBe("");
  });
});
