import { z } from "zod";
import { AppError, isAppError } from "../../../lib/errors";
import { createApiKey } from "../../../lib/keys/create-api-key";
import { MAX_CREDIT_CAP_MICROS } from "../../../lib/keys/schema";
import { formatUsdExact } from "../../../lib/money";
import { defineCommand } from "../command";
import { findUserByEmail } from "../find-user";
import { list, text, usd } from "../flag-types";

/** The key schema's field names → this command's flags, so errors name what the operator typed. */
const FLAG_FOR_FIELD: Record<string, string> = { name: "name", creditCap: "cap", allowedModels: "models", allowedIps: "ips", expiresAt: "expires" };

function renameFields(error: AppError): AppError {
  const fieldErrors: Record<string, string> = {};
  for (const [field, message] of Object.entries(error.fieldErrors ?? {})) {
    const [head, ...rest] = field.split(".");
    fieldErrors[[FLAG_FOR_FIELD[head] ?? head, ...rest].join(".")] = message;
  }
  return new AppError(error.code, error.message, { fieldErrors });
}

export default defineCommand({
  name: "key:create",
  summary: "Create an API key for an account; prints the secret (sk-…) as the last line",
  usage: "key:create --email E --name N [--models m1,m2] [--cap USD] [--expires ISO-8601] [--ips CIDR,…]",
  flags: z.object({
    email: text("the owner's email"),
    name: text("a name for the key"),
    models: list("comma-separated model ids").optional(),
    cap: usd({ allowZero: true, max: MAX_CREDIT_CAP_MICROS }).optional(),
    expires: text("an ISO-8601 date, like 2030-01-31T00:00:00Z")
      .refine((value) => /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value.trim()) && !Number.isNaN(Date.parse(value)), {
        message: "is not an ISO-8601 date (like 2030-01-31 or 2030-01-31T00:00:00Z)",
      })
      .optional(),
    ips: list("comma-separated CIDRs, like 203.0.113.0/24").optional(),
  }),
  async run({ flags, out }) {
    const user = await findUserByEmail(flags.email);
    let created;
    try {
      created = await createApiKey({
        userId: user.id,
        input: {
          name: flags.name,
          creditCap: flags.cap === undefined ? undefined : formatUsdExact(flags.cap),
          allowedModels: flags.models,
          allowedIps: flags.ips,
          expiresAt: flags.expires ?? null,
        },
        actor: { kind: "cli" },
      });
    } catch (error) {
      throw isAppError(error) ? renameFields(error) : error;
    }
    out(`Created key "${flags.name.trim()}" (${created.id}) for ${user.email}: ${created.prefix}…${created.last4}`);
    out("The secret is shown once; store it now:");
    out(created.secret);
  },
});
