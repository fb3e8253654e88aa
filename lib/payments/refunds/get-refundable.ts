/**
 * How much a wallet can get back on its cards: the smaller of its unspent paid credit (paid − held − frozen) and
 * what its paid top-ups' charges still allow (refundable-charges.ts: amount − refunded − refunds already on their
 * way − lost disputes, nothing while disputed), less refund requests still waiting for an operator. Trial credit
 * and operator-added credit never reach a card.
 */
import "server-only";
import type pg from "pg";
import { lockWalletWithin, unspentPaid } from "../../billing/card-movements";
import { sql } from "../../db";
import { type RefundableCharge, refundableChargesWithin } from "./refundable-charges";

export type Refundable = {
  /** paid − held − frozen */
  unspentPaid: bigint;
  /** what the wallet's card charges can still take back */
  cardRefundable: bigint;
  /** amounts asked for and not yet decided */
  openRequests: bigint;
  /** min(unspentPaid, cardRefundable) − openRequests, never below zero */
  refundable: bigint;
  /** a card charge has an open dispute, so it cannot be refunded until the dispute closes */
  hasDisputedCharge: boolean;
};

type RefundableQuery = { accountId: string; excludeRequestId?: string; isCountingOpenRequests: boolean };

export async function refundableWithin(client: pg.PoolClient, query: RefundableQuery): Promise<Refundable> {
  const { charges: _charges, ...refundable } = await refundableWithChargesWithin(client, query);
  return refundable;
}

/** refundableWithin, with the charges it was read from (an approval plans its refund on them). */
export async function refundableWithChargesWithin(
  client: pg.PoolClient,
  { accountId, excludeRequestId, isCountingOpenRequests }: RefundableQuery,
): Promise<Refundable & { charges: RefundableCharge[] }> {
  const wallet = await lockWalletWithin(client, accountId);
  const charges = await refundableChargesWithin(client, accountId);
  const open = isCountingOpenRequests
    ? await sql<{ total: bigint }>(
        `select coalesce(sum(amount), 0)::bigint as total from refund_requests
          where account_id = $1 and status = 'requested' and ($2::uuid is null or id <> $2::uuid)`,
        [accountId, excludeRequestId ?? null],
        client,
      )
    : { rows: [{ total: 0n }] };
  const unspent = unspentPaid(wallet);
  const cardRefundable = charges.reduce((sum, charge) => sum + charge.remaining, 0n);
  const openRequests = open.rows[0].total;
  const ceiling = unspent < cardRefundable ? unspent : cardRefundable;
  const refundable = ceiling - openRequests > 0n ? ceiling - openRequests : 0n;
  return { unspentPaid: unspent, cardRefundable, openRequests, refundable, hasDisputedCharge: charges.some((charge) => charge.hasOpenDispute), charges };
}
