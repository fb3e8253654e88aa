/**
 * Request bodies of the billing API (app/api/billing/**). Amounts are decimal USD strings, parsed exactly later.
 * Bodies that move money are strict: an unknown field (userId, accountId, balance…) is refused, not ignored, so a
 * client can never believe it assigned one.
 */
import { z } from "zod";

// checked where the limits are known (parseTopUpAmount, requestRefund), so a too-large amount is told the maximum
const usd = z.string().trim().min(1, "Enter an amount in dollars, e.g. 20 or 12.50").max(40, "Enter an amount in dollars, e.g. 20 or 12.50");

export const topUpBodySchema = z.strictObject({ amount: usd });

export const refundBodySchema = z.strictObject({ amount: usd, reason: z.string().trim().max(500).optional() });

export const decisionBodySchema = z.object({ note: z.string().trim().max(500).optional() });

export const refundListQuerySchema = z.object({
  status: z.enum(["requested", "approved", "rejected", "completed", "failed"]).optional(),
  userId: z.string().uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});

export const topUpListQuerySchema = z.object({
  status: z.enum(["pending", "paid", "failed", "expired"]).optional(),
  userId: z.string().uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});
