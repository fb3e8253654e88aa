import { describe, expect, it } from "vitest";
import { insertLogs } from "../../tests/support/usage-fixtures";
import { prisma } from "../db";
import { personalScope } from "./data-scope";
import { hasMadeRequests } from "./has-made-requests";
import { rebuildUsageRollups } from "./rebuild-rollups";

describe("has made requests", () => {
  it("is false for a new account and true once it has a request, counting only its own scope", async () => {
    const user = await prisma().user.create({ data: { email: "first-request@example.com" } });
    const other = await prisma().user.create({ data: { email: "first-request-other@example.com" } });
    await insertLogs([{ userId: other.id, createdAt: new Date(), cost: 1_000n }]);
    await rebuildUsageRollups({ userId: other.id });
    expect(await hasMadeRequests({ scope: personalScope(user.id) })).toBe(false);

    await insertLogs([{ userId: user.id, createdAt: new Date("2024-01-01T00:00:00.000Z"), status: 429, cost: 0n }]);
    await rebuildUsageRollups({ userId: user.id });
    expect(await hasMadeRequests({ scope: personalScope(user.id) })).toBe(true);
    expect(await hasMadeRequests({ scope: { kind: "org", orgId: user.id, userId: null } })).toBe(false);
  });
});
