import { describe, expect, it } from "vitest";
import { channelInputSchema, channelUpdateSchema } from "./schema";

const valid = { name: "main", type: "openai", baseUrl: "https://api.openai.com/v1", secrets: ["sk-test"], models: ["gpt-4o"] };

/** The first message per field, as fromZodError reports them. */
function messages(input: Record<string, unknown>, schema: typeof channelInputSchema | typeof channelUpdateSchema = channelInputSchema) {
  const result = schema.safeParse(input);
  if (result.success) return {};
  const byField: Record<string, string> = {};
  for (const issue of result.error.issues) byField[String(issue.path[0])] ??= issue.message;
  return byField;
}

describe("channel input messages", () => {
  it("name the range, in words, for numbers out of it (QA: 'Too big: expected int to be <=9007199254740991')", () => {
    expect(messages({ ...valid, priority: 1e20 })).toEqual({ priority: "Priority is a whole number from -1,000 to 1,000" });
    expect(messages({ ...valid, priority: 1.5 })).toEqual({ priority: "Priority is a whole number from -1,000 to 1,000" });
    expect(messages({ ...valid, weight: -1 })).toEqual({ weight: "Weight is a whole number from 0 to 10,000" });
    expect(messages({ ...valid, timeoutMs: 99_999_999_000 })).toEqual({
      timeoutMs: "Timeout is 100 to 3,600,000 milliseconds (0.1 to 3,600 seconds), in whole milliseconds",
    });
    expect(messages({ ...valid, timeoutMs: 50 }).timeoutMs).toMatch(/^Timeout is 100 to 3,600,000 milliseconds/);
    expect(messages({ ...valid, costRatioPpm: 100_000_001 })).toEqual({
      costRatioPpm: "Cost ratio is 0 to 100,000,000 parts per million (0% to 10,000% of the list price), a whole number",
    });
    expect(messages({ weight: "3" }, channelUpdateSchema)).toEqual({ weight: "Weight is a whole number from 0 to 10,000" });
  });

  it("never fall back to zod's internal wording for any field", () => {
    const bad = {
      name: "x".repeat(65),
      type: "openai",
      baseUrl: 42,
      secrets: ["", "y".repeat(4097)],
      models: ["bad id"],
      modelMapping: { "bad id": "x" },
      priority: "high",
      weight: 1e12,
      timeoutMs: null,
      costRatioPpm: -1,
      supportsResponses: "yes",
      isEnabled: 1,
    };
    const byField = messages(bad);
    expect(Object.keys(byField).sort()).toEqual(["baseUrl", "costRatioPpm", "isEnabled", "modelMapping", "models", "name", "priority", "secrets", "supportsResponses", "timeoutMs", "weight"]);
    for (const message of Object.values(byField)) expect(message).not.toMatch(/Too (big|small)|expected|Invalid/);
    expect(byField).toMatchObject({ name: "A channel name is at most 64 characters", secrets: "A secret cannot be empty", models: expect.stringMatching(/^A model id is/), modelMapping: expect.stringMatching(/^Mapping from: A model id is/) });
  });
});
