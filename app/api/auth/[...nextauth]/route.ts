// GET|POST /api/auth/* – next-auth: sign in (credentials, OAuth), sign out, session, CSRF token
import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/options";

type Context = { params: Promise<{ nextauth: string[] }> };

// Options are built per request, so `next build` never reads secrets or the environment.
async function handler(req: Request, context: Context): Promise<Response> {
  return NextAuth(req as never, context as never, authOptions()) as Promise<Response>;
}

export { handler as GET, handler as POST };
