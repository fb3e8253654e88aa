/** A member's allowance this month (UTC): the cap, what is spent and held, what is left. Read-only. */
import "server-only";
import { utcMonth } from "../billing/hold-types";
import { sql } from "../db";

export type AllowanceStatus = {
  month: string;
  /** micro-units as strings; allowance "0" = no cap, then remaining is null */
  allowance: string;
  spent: string;
  held: string;
  remaining: string | null;
};

export async function getMemberAllowance({ membershipId, allowance, now = new Date() }: { membershipId: string; allowance: bigint; now?: Date }): Promise<AllowanceStatus> {
  const month = utcMonth(now);
  const { rows } = await sql<{ spent: bigint; held: bigint }>(`select spent, held from allowance_usage where membership_id = $1 and month = $2`, [membershipId, month]);
  const spent = rows[0]?.spent ?? 0n;
  const held = rows[0]?.held ?? 0n;
  const left = allowance - spent - held;
  return {
    month,
    allowance: allowance.toString(),
    spent: spent.toString(),
    held: held.toString(),
    remaining: allowance === 0n ? null : (left > 0n ? left : 0n).toString(),
  };
}
