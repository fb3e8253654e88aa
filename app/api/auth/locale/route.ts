// POST /api/auth/locale – remember the signed-in user's language (for e-mail); the cookie already set it for pages
import { withSession } from "@/lib/auth/guards";
import { setUserLocale } from "@/lib/auth/set-user-locale";
import { readJson } from "@/lib/http/read-json";

export const POST = withSession(async ({ req, session }) => Response.json(await setUserLocale({ userId: session.user.id, input: await readJson(req) })));
