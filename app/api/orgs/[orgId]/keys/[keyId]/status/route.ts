// POST /api/orgs/:orgId/keys/:keyId/status – enable or disable any key of the organization ({ "isEnabled" }) (owner, admin)
import { z } from "zod";
import { readJson } from "@/lib/http/read-json";
import { getApiKey } from "@/lib/keys/list-api-keys";
import { setApiKeyEnabled } from "@/lib/keys/set-api-key-enabled";
import { withOrg } from "@/lib/orgs/with-org";
import type { DataScope } from "@/lib/usage/data-scope";

const bodySchema = z.strictObject({ isEnabled: z.boolean() });

export const POST = withOrg<{ orgId: string; keyId: string }>(
  async ({ req, params, access, actor }) => {
    const { isEnabled } = bodySchema.parse(await readJson(req));
    const scope: DataScope = { kind: "org", orgId: access.orgId, userId: null };
    await setApiKeyEnabled({ scope, keyId: params.keyId, isEnabled, actor });
    return Response.json({ key: await getApiKey({ scope, keyId: params.keyId }) });
  },
  { permission: "keys.all" },
);
