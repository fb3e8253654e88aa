/**
 * A member's monthly allowance (organization keys), cached for a short while: holds need it on every request of an
 * org key and the key cache does not carry it.
 */
import "server-only";
import { sql } from "../db";
import { singleton } from "../singleton";

const TTL_MS = 10_000;

const cache = () => singleton("relay.member-allowance", () => new Map<string, { value: bigint; at: number }>());

export async function memberAllowance(membershipId: string): Promise<bigint> {
  const hit = cache().get(membershipId);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.value;
  const { rows } = await sql<{ monthly_allowance: bigint }>(`select monthly_allowance from memberships where id = $1`, [membershipId]);
  const value = rows[0]?.monthly_allowance ?? 0n;
  cache().set(membershipId, { value, at: Date.now() });
  return value;
}

export function forgetMemberAllowance(membershipId: string): void {
  cache().delete(membershipId);
}
