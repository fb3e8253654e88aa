import { describe, expect, it } from "vitest";
import { auditDetailFields, summarizeAuditDetails } from "./summarize-details";

describe("summarizeAuditDetails", () => {
  it("leads with the amount and the reason, shows money as dollars, and leaves out the display copy", () => {
    // as the database returns a jsonb object: shortest keys first
    const adjustment = { after: "905499739", email: "a@example.com", amount: "25000000", before: "880499739", reason: "goodwill", display: "$25.00", transactionId: "t1" };
    expect(summarizeAuditDetails("wallet.adjust", adjustment)).toBe("amount=$25.00 · reason=goodwill · after=$905.499739 · before=$880.499739");
    expect(summarizeAuditDetails("settings.trial_credit", { before: "1000000", after: 2_500_000 })).toBe("before=$1.00 · after=$2.50");
    expect(summarizeAuditDetails("refund.approved", { note: null, amount: "-1500" })).toBe("amount=-$0.0015 · note=null");
    expect(summarizeAuditDetails("refund.completed", { refunded: "5000000", refundIds: ["re_1"] })).toBe('refunded=$5.00 · refundIds=["re_1"]');
  });

  it("reads from/to as money only where they are (an allowance), not a role or a name", () => {
    expect(summarizeAuditDetails("member.allowance", { from: null, to: "5000000" })).toBe("from=null · to=$5.00");
    expect(summarizeAuditDetails("member.role", { from: "member", to: "admin" })).toBe("from=member · to=admin");
    expect(summarizeAuditDetails("org.rename", { from: "2024", to: "2025" })).toBe("from=2024 · to=2025");
  });

  it("keeps other values as they are, objects as JSON", () => {
    expect(summarizeAuditDetails("key.create", { creditCap: null, name: "ci", allowedModels: ["gpt-4o"] })).toBe('name=ci · creditCap=null · allowedModels=["gpt-4o"]');
    expect(summarizeAuditDetails("ledger.check", { isOk: true, problemCount: 0 })).toBe("isOk=true · problemCount=0");
    expect(summarizeAuditDetails("price.set", { id: "p1", model: "gpt-4o", perImage: null, inputPerM: "2500000" })).toBe("model=gpt-4o · perImage=null · inputPerM=$2.50 · id=p1");
    expect(summarizeAuditDetails("x", null)).toBe("");
    expect(summarizeAuditDetails("x", ["a"])).toBe("");
  });
});

describe("auditDetailFields", () => {
  it("lists every field but the display copy, ids and the e-mail last, money marked", () => {
    const fields = auditDetailFields("refund.approved", { chargeId: "ch_1", email: "a@example.com", amount: "5000000", topUpId: "tu_1", display: "$5.00", shortfall: "0" });
    expect(fields).toEqual([
      { field: "amount", value: "$5.00", isMoney: true },
      { field: "shortfall", value: "$0.00", isMoney: true },
      { field: "chargeId", value: "ch_1", isMoney: false },
      { field: "email", value: "a@example.com", isMoney: false },
      { field: "topUpId", value: "tu_1", isMoney: false },
    ]);
  });
});
