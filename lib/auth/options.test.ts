import { describe, expect, it } from "vitest";
import type { JWT } from "next-auth/jwt";
import { prisma } from "../db";
import { authOptions } from "./options";
import { createAuthSession, getActiveSession } from "./sessions";

async function sessionFor(token: JWT) {
  const callback = authOptions().callbacks!.session!;
  return callback({ session: { expires: new Date(Date.now() + 60_000).toISOString(), user: {} }, token } as never);
}

describe("next-auth session callback", () => {
  it("turns a live session row into the console session, and refuses revoked rows and disabled users", async () => {
    const user = await prisma().user.create({ data: { email: "jwt@example.com", isOperator: true } });
    const row = await createAuthSession({ userId: user.id });
    await expect(sessionFor({ sid: row.id, sub: user.id })).resolves.toMatchObject({ sessionId: row.id, user: { id: user.id, email: "jwt@example.com", isOperator: true } });

    // Signing out (next-auth's signOut event) revokes the row, so a copied cookie stops working too.
    await authOptions().events!.signOut!({ token: { sid: row.id }, session: undefined as never });
    expect(await getActiveSession(row.id)).toBeNull();
    await expect(sessionFor({ sid: row.id, sub: user.id })).rejects.toThrow("session ended");

    const other = await createAuthSession({ userId: user.id });
    await prisma().user.update({ where: { id: user.id }, data: { disabledAt: new Date() } });
    await expect(sessionFor({ sid: other.id, sub: user.id })).rejects.toThrow("session ended");
    await expect(sessionFor({ sub: user.id })).rejects.toThrow("session ended");
  });

  it("offers OAuth providers only when both of their variables are set", async () => {
    const { enabledOAuthProviders } = await import("./options");
    const { resetEnv } = await import("../env");
    expect(enabledOAuthProviders()).toEqual([]);
    process.env.GITHUB_CLIENT_ID = "id";
    resetEnv();
    expect(enabledOAuthProviders()).toEqual([]);
    process.env.GITHUB_CLIENT_SECRET = "secret";
    resetEnv();
    expect(enabledOAuthProviders()).toEqual([{ id: "github", name: "GitHub" }]);
    expect(authOptions().providers.map((provider) => provider.id)).toEqual(["credentials", "github"]);
    delete process.env.GITHUB_CLIENT_ID;
    delete process.env.GITHUB_CLIENT_SECRET;
    resetEnv();
  });
});
