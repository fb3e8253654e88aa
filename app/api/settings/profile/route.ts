// PATCH /api/settings/profile – change the signed-in customer's display name
import { z } from "zod";
import { updateProfile } from "@/lib/account/account-settings";
import { withSession } from "@/lib/auth/guards";
import { readJson } from "@/lib/http/read-json";

const bodySchema = z.object({ name: z.string().max(1_000) });

export const PATCH = withSession(async ({ req, session, locale }) => {
  const { name } = bodySchema.parse(await readJson(req));
  return Response.json(await updateProfile({ userId: session.user.id, name, locale }));
});
