/**
 * Input of organization operations, with messages in the caller's language. Bodies are strict objects: a field
 * the operation does not take (orgId, balance, uses…) is refused, never silently applied.
 */
import { z } from "zod";
import { parseUsd } from "../money";
import { orgErrors } from "./org-errors";
import { ASSIGNABLE_ROLES } from "./roles";

export const ORG_NAME_MIN = 2;
export const ORG_NAME_MAX = 60;
export const INVITE_MAX_USES = 100;
export const INVITE_MAX_DAYS = 30;
export const INVITE_DEFAULT_DAYS = 7;
/** The largest allowance one can set: $1,000,000 a month. */
export const MAX_ALLOWANCE_MICROS = 1_000_000_000_000n;

export function orgSchemas(locale?: string | null) {
  const t = orgErrors(locale);
  const name = z
    .string({ error: t("nameRequired") })
    .trim()
    .min(ORG_NAME_MIN, { error: t("nameLength", { min: ORG_NAME_MIN, max: ORG_NAME_MAX }) })
    .max(ORG_NAME_MAX, { error: t("nameLength", { min: ORG_NAME_MIN, max: ORG_NAME_MAX }) });
  const role = z.enum(ASSIGNABLE_ROLES, { error: t("roleInvalid") });
  const allowance = z
    .union([z.string().max(40), z.number()], { error: t("allowanceInvalid") })
    .transform((value, ctx) => {
      const micros = parseUsd(String(value).trim() === "" ? "0" : String(value));
      if (micros === undefined || micros < 0n || micros > MAX_ALLOWANCE_MICROS) {
        ctx.addIssue({ code: "custom", message: t("allowanceInvalid") });
        return z.NEVER;
      }
      return micros;
    });
  const email = z
    .string({ error: t("emailInvalid") })
    .trim()
    .max(254, { error: t("emailInvalid") })
    .pipe(z.email({ error: t("emailInvalid") }))
    .transform((value) => value.toLowerCase());
  return {
    createOrg: z.strictObject({ name }),
    renameOrg: z.strictObject({ name }),
    updateMember: z
      .strictObject({ role: role.optional(), monthlyAllowance: allowance.optional() })
      .refine((value) => value.role !== undefined || value.monthlyAllowance !== undefined, { error: t("nothingToChange") }),
    invite: z.discriminatedUnion(
      "kind",
      [
        z.strictObject({
          kind: z.literal("email"),
          email,
          role,
          expiresInDays: z.number().int().min(1, { error: t("expiryRange", { max: INVITE_MAX_DAYS }) }).max(INVITE_MAX_DAYS, { error: t("expiryRange", { max: INVITE_MAX_DAYS }) }).optional(),
        }),
        z.strictObject({
          kind: z.literal("link"),
          role,
          maxUses: z.number({ error: t("maxUsesRange", { max: INVITE_MAX_USES }) }).int().min(1, { error: t("maxUsesRange", { max: INVITE_MAX_USES }) }).max(INVITE_MAX_USES, { error: t("maxUsesRange", { max: INVITE_MAX_USES }) }),
          expiresInDays: z.number().int().min(1, { error: t("expiryRange", { max: INVITE_MAX_DAYS }) }).max(INVITE_MAX_DAYS, { error: t("expiryRange", { max: INVITE_MAX_DAYS }) }).optional(),
        }),
      ],
      { error: t("inviteKindInvalid") },
    ),
    acceptInvite: z.strictObject({ token: z.string().min(1).max(200) }),
    transfer: z.strictObject({ membershipId: z.uuid({ error: t("memberNotFound") }) }),
    deleteOrg: z.strictObject({ confirmName: z.string().max(200) }),
    switchContext: z.strictObject({ orgId: z.uuid().nullable() }),
  };
}

export type OrgSchemas = ReturnType<typeof orgSchemas>;
