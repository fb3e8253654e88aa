import { beforeAll, describe, expect, it } from "vitest";
import { personalScope } from "./data-scope";
import { insertLogs } from "../../tests/support/usage-fixtures";
import { prisma } from "../db";
import { createApiKey } from "../keys/create-api-key";
import { deleteApiKey } from "../keys/delete-api-key";
import { listLogFilterOptions } from "./list-log-filter-options";
import { rebuildUsageRollups } from "./rebuild-rollups";

const AT = new Date("2025-03-10T12:00:00.000Z");

let userId: string;
let otherUserId: string;
const keys: Record<"live" | "rpm2" | "unused" | "later", string> = { live: "", rpm2: "", unused: "", later: "" };

beforeAll(async () => {
  userId = (await prisma().user.create({ data: { email: "filter-options@example.com" } })).id;
  otherUserId = (await prisma().user.create({ data: { email: "filter-options-other@example.com" } })).id;
  const actor = { kind: "user" as const, id: userId };
  for (const name of ["live", "rpm2", "unused", "later"] as const) keys[name] = (await createApiKey({ userId, input: { name }, actor })).id;
  const other = await createApiKey({ userId: otherUserId, input: { name: "theirs" }, actor: { kind: "user", id: otherUserId } });
  await insertLogs([
    { userId, createdAt: AT, apiKeyId: keys.live, model: "gpt-4o" },
    { userId, createdAt: AT, apiKeyId: keys.rpm2, model: "claude-sonnet-4-5" },
    // a body that could not be read is logged without a model
    { userId, createdAt: AT, apiKeyId: keys.rpm2, model: "", status: 400 },
    // a model id no filter can name (the relay logs what the client sent)
    { userId, createdAt: AT, apiKeyId: keys.live, model: "gpt 4o", status: 404 },
    { userId, createdAt: AT, apiKeyId: null, model: "deepseek-chat" },
    { userId: otherUserId, createdAt: AT, apiKeyId: other.id, model: "their-model" },
  ]);
  await rebuildUsageRollups({ userId });
  await rebuildUsageRollups({ userId: otherUserId });
  await deleteApiKey({ scope: personalScope(userId), keyId: keys.rpm2, actor });
  await deleteApiKey({ scope: personalScope(userId), keyId: keys.unused, actor });
});

describe("the request log's filter options", () => {
  it("offers the live keys, then the deleted keys the log has requests of, marked deleted", async () => {
    const options = await listLogFilterOptions({ scope: personalScope(userId) });
    expect(options.keys.map((key) => [key.name, key.isDeleted])).toEqual([
      ["live", false],
      ["later", false],
      ["rpm2", true],
    ]);
  });

  it("offers the models a filter can name, and requests without a model as their own choice, never blank", async () => {
    const options = await listLogFilterOptions({ scope: personalScope(userId) });
    expect(options.models).toEqual(["claude-sonnet-4-5", "deepseek-chat", "gpt-4o"]);
    expect(options.hasNoModel).toBe(true);
  });

  it("never offers another customer's keys or models", async () => {
    const options = await listLogFilterOptions({ scope: personalScope(otherUserId) });
    expect(options).toMatchObject({ models: ["their-model"], hasNoModel: false });
    expect(options.keys.map((key) => key.name)).toEqual(["theirs"]);
  });
});
