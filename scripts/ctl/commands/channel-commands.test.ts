import { execFile } from "node:child_process";
import { describe, expect, it } from "vitest";
import { sql } from "../../../lib/db";
import { startFakeUpstream } from "../../../tests/fakes/upstream";

type Run = { code: number; stdout: string; stderr: string };

function ctl(env: Record<string, string>, ...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--no-warnings", "--import", "tsx", "--import", "./scripts/register-hooks.mjs", "scripts/ctl.ts", ...args],
      { env: { ...process.env, LOG_LEVEL: "silent", ...env }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe("channel CLI commands", () => {
  it("channel:add encrypts keys, refuses local URLs unless allowed; channel:list never shows keys; enable/disable", async () => {
    const refused = await ctl({ ALLOW_LOCAL_UPSTREAMS: "0" }, "channel:add", "--name", "local", "--type", "openai", "--base-url", "http://127.0.0.1:9/v1", "--key", "sk-local-secret-1", "--models", "m1");
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("--base-url");
    const bad = await ctl({}, "channel:add", "--name", "x", "--type", "azure", "--base-url", "https://a.example/v1", "--key", "k", "--models", "m1");
    expect(bad.code).toBe(2);

    const added = await ctl(
      { ALLOW_LOCAL_UPSTREAMS: "1" },
      "channel:add", "--name", "deepseek", "--type", "openai", "--base-url", "http://127.0.0.1:9/v1", "--key", "sk-first-secret-1111,sk-second-secret-2222",
      "--models", "deepseek-chat,ds-alias", "--priority", "5", "--weight", "3", "--timeout-ms", "30000", "--map", "ds-alias=deepseek-chat",
    );
    expect(added.stderr).toBe("");
    expect(added.code).toBe(0);
    expect(added.stdout).toContain("…1111 …2222");
    const { rows } = await sql<{ secrets: string[]; model_mapping: unknown; priority: number; weight: number; timeout_ms: number }>(`select secrets, model_mapping, priority, weight, timeout_ms from channels where name = 'deepseek'`);
    expect(rows[0]).toMatchObject({ model_mapping: { "ds-alias": "deepseek-chat" }, priority: 5, weight: 3, timeout_ms: 30000 });
    expect(rows[0].secrets.join(" ")).not.toContain("secret");

    const listed = await ctl({}, "channel:list");
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain("deepseek  openai  http://127.0.0.1:9/v1  models=deepseek-chat,ds-alias  map=ds-alias→deepseek-chat  priority=5  weight=3");
    expect(listed.stdout).not.toContain("sk-first");

    expect((await ctl({}, "channel:disable", "--name", "deepseek", "--reason", "maintenance")).code).toBe(0);
    expect((await ctl({}, "channel:list")).stdout).toContain("disabled (maintenance)");
    expect((await ctl({}, "channel:enable", "--name", "deepseek")).code).toBe(0);
    expect((await ctl({}, "channel:list")).stdout).toContain("  enabled  ");
    expect((await ctl({}, "channel:enable", "--name", "nope")).code).toBe(1);
  }, 240_000); // eight CLI processes

  it("channel:models lists an upstream's models by URL and key, or a saved channel's; a half-given source is refused", async () => {
    const fake = await startFakeUpstream();
    try {
      const byUrl = await ctl({ ALLOW_LOCAL_UPSTREAMS: "1" }, "channel:models", "--type", "anthropic", "--base-url", fake.url, "--key", "sk-ant-listing-key-1234");
      expect(byUrl).toEqual({ code: 0, stdout: "claude-haiku-4-5-20251001\nclaude-opus-4-1-20250805\nclaude-sonnet-4-5-20250929\n", stderr: "" });
      expect((await ctl({ ALLOW_LOCAL_UPSTREAMS: "1" }, "channel:add", "--name", "listed", "--type", "gemini", "--base-url", fake.url, "--key", "AIza-listing-key-123456", "--models", "gemini-2.5-pro")).code).toBe(0);
      expect(await ctl({ ALLOW_LOCAL_UPSTREAMS: "1" }, "channel:models", "--name", "listed")).toEqual({ code: 0, stdout: "gemini-2.5-flash\ngemini-2.5-pro\ntext-embedding-004\n", stderr: "" });
      expect(fake.requests.map((r) => r.headers["x-goog-api-key"] ?? r.headers["x-api-key"])).toEqual(["sk-ant-listing-key-1234", "AIza-listing-key-123456"]);

      const half = await ctl({}, "channel:models", "--type", "openai");
      expect(half.code).toBe(2);
      expect(half.stderr).toContain("--type, --base-url and --key together");
      const both = await ctl({}, "channel:models", "--name", "listed", "--type", "openai", "--base-url", fake.url, "--key", "k");
      expect(both.code).toBe(2);
      expect((await ctl({}, "channel:models", "--name", "nope")).code).toBe(1);
      expect(fake.requests).toHaveLength(2);
    } finally {
      await fake.close();
    }
  }, 120_000); // five CLI processes
});
