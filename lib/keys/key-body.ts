/**
 * The JSON body of the console's key forms (create and edit). Only the shape is checked here; the rules and their
 * messages are validateKeyInput's.
 */
import { z } from "zod";
import type { KeyLimitsInput } from "./schema";

export const keyBodySchema = z.object({
  name: z.string().max(1_000),
  creditCap: z.union([z.string().max(40), z.number()]).optional(),
  allowedModels: z.array(z.string().max(200)).max(1_000).optional(),
  allowedIps: z.array(z.string().max(200)).max(1_000).optional(),
  expiresAt: z.string().max(64).nullable().optional(),
  rpmLimit: z.number().nullable().optional(),
  concurrencyLimit: z.number().optional(),
});

export function toKeyLimitsInput(body: z.output<typeof keyBodySchema>): KeyLimitsInput {
  return {
    name: body.name,
    creditCap: body.creditCap ?? "0",
    allowedModels: body.allowedModels ?? [],
    allowedIps: body.allowedIps ?? [],
    expiresAt: body.expiresAt ? body.expiresAt : null,
    rpmLimit: body.rpmLimit ?? null,
    concurrencyLimit: body.concurrencyLimit ?? 100,
  };
}
