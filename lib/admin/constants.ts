/** Choices the operator console offers, shared by the server (validation) and the browser (controls). */
export const REVENUE_RANGES = [7, 30, 90] as const;
export type RevenueRange = (typeof REVENUE_RANGES)[number];

/** Areas of the audit log: actions are "<area>.<verb>". */
export const AUDIT_AREAS = ["wallet", "refund", "topup", "dispute", "price", "model", "group", "settings", "channel", "key", "user", "org", "member", "invitation", "ledger"] as const;
export type AuditArea = (typeof AUDIT_AREAS)[number];

/** The most an operator's money field takes: trial credit, a price, one balance adjustment either way ($1,000,000). */
export const MAX_OPERATOR_AMOUNT_MICROS = 1_000_000_000_000n;
