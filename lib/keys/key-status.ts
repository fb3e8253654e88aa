/**
 * A key's state as a customer reads it. Order matters: a disabled key that has also expired reads "disabled"
 * (the customer's own switch), an enabled one past its expiry reads "expired", then a spent cap reads "exhausted".
 */
export const KEY_STATUSES = ["active", "disabled", "expired", "exhausted"] as const;
export type KeyStatus = (typeof KEY_STATUSES)[number];

export function keyStatus({
  isEnabled,
  expiresAt,
  creditCap,
  spent,
  now = new Date(),
}: {
  isEnabled: boolean;
  expiresAt: Date | null;
  creditCap: bigint;
  spent: bigint;
  now?: Date;
}): KeyStatus {
  if (!isEnabled) return "disabled";
  if (expiresAt && expiresAt.getTime() <= now.getTime()) return "expired";
  if (creditCap > 0n && spent >= creditCap) return "exhausted";
  return "active";
}
