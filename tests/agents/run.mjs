// Agent CLIs against the relay: Claude Code (`claude -p`) and Codex CLI (`codex exec`), installed on demand into a
// cache folder (not project dependencies), each pointed at the relay through an Anthropic channel and through an
// OpenAI-compatible (chat-only) channel, must complete a prompt; and through a tool loop, Codex on Claude keeps its
// thinking, Claude Code on DeepSeek gives its reasoning back and on Gemini 3 its signatures, and on gpt-5-codex (an
// OpenAI channel's Responses-only model) Codex and Claude Code both give its encrypted reasoning back. Writes
// {passed, failed, skipped} to argv[2].
// Usage: node tests/agents/run.mjs [artifacts/agents.json]   (SWITCHYARD_AGENTS_CACHE overrides the cache folder)
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const output = process.argv[2] ?? path.join(root, "artifacts", "agents.json");
const cache = process.env.SWITCHYARD_AGENTS_CACHE ?? path.join(os.homedir(), ".cache", "switchyard-agents");
const PACKAGES = { "@anthropic-ai/claude-code": "2.1.330", "@openai/codex": "0.169.0" };
const EXPECTED = "pong — served through Switchyard.";
const results = [];

function write(summary) {
  fs.mkdirSync(path.dirname(output), { recursive: true });
  fs.writeFileSync(output, JSON.stringify(summary, null, 2));
}

function install() {
  fs.mkdirSync(cache, { recursive: true });
  const pkgFile = path.join(cache, "package.json");
  if (!fs.existsSync(pkgFile)) fs.writeFileSync(pkgFile, JSON.stringify({ name: "switchyard-agents", private: true }));
  const installed = Object.entries(PACKAGES).every(([name, version]) => {
    try {
      return JSON.parse(fs.readFileSync(path.join(cache, "node_modules", name, "package.json"), "utf8")).version === version;
    } catch {
      return false;
    }
  });
  if (installed) return true;
  console.log(`installing ${Object.entries(PACKAGES).map(([n, v]) => `${n}@${v}`).join(" ")} into ${cache} …`);
  const result = spawnSync("npm", ["install", "--no-audit", "--no-fund", "--no-save", ...Object.entries(PACKAGES).map(([n, v]) => `${n}@${v}`)], { cwd: cache, stdio: "inherit" });
  return result.status === 0;
}

function startStack() {
  const child = spawn(process.execPath, ["--no-warnings", "--import", "tsx", "--import", "./scripts/register-hooks.mjs", "tests/agents/start-stack.ts"], {
    cwd: root,
    stdio: ["pipe", "pipe", "inherit"],
    env: { ...process.env, NODE_ENV: "production" },
  });
  const lines = readline.createInterface({ input: child.stdout });
  const pending = [];
  lines.on("line", (line) => pending.shift()?.(line));
  const next = () => new Promise((resolve) => pending.push(resolve));
  return { child, next };
}

function run(command, args, { env, cwd, timeoutMs = 180_000 }) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

function cleanEnv(extra) {
  const env = { ...process.env };
  for (const name of Object.keys(env)) if (/^(ANTHROPIC|OPENAI|CODEX|CLAUDE)_/.test(name)) delete env[name];
  return { ...env, ...extra };
}

async function check(name, promise, also = async () => true) {
  const started = Date.now();
  const { code, stdout, stderr } = await promise;
  const ok = code === 0 && stdout.includes(EXPECTED) && (await also());
  results.push({ name, ok, code, ms: Date.now() - started });
  console.log(`${ok ? "✓" : "✗"} ${name} (${Date.now() - started} ms)`);
  if (!ok) console.log(`  exit ${code}\n  stdout: ${stdout.slice(-1500)}\n  stderr: ${stderr.slice(-1500)}`);
}

async function main() {
  if (!install()) {
    console.log("could not install the agent CLIs (no registry access?): skipped");
    write({ passed: 0, failed: 0, skipped: 7 });
    return;
  }
  const bin = (name) => path.join(cache, "node_modules", ".bin", name);
  const stack = startStack();
  const info = JSON.parse(await stack.next());
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "switchyard-agents-"));
  // Claude Code: the Anthropic base URL is the site root; it calls /v1/messages?beta=true
  const claude = (model, prompt) =>
    run(bin("claude"), ["-p", prompt, "--model", model], {
      cwd: work,
      env: cleanEnv({
        HOME: fs.mkdtempSync(path.join(work, "claude-home-")),
        ANTHROPIC_BASE_URL: info.relayUrl,
        ANTHROPIC_AUTH_TOKEN: info.key,
        ANTHROPIC_MODEL: model,
        ANTHROPIC_DEFAULT_HAIKU_MODEL: model,
        ANTHROPIC_DEFAULT_SONNET_MODEL: model,
        ANTHROPIC_DEFAULT_OPUS_MODEL: model,
        ANTHROPIC_SMALL_FAST_MODEL: model,
        CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
        DISABLE_AUTOUPDATER: "1",
        DISABLE_TELEMETRY: "1",
      }),
    });
  // Codex CLI: a model provider with wire_api = "responses" and the key in an environment variable
  const codex = (model, prompt, settings = []) => {
    const codexHome = fs.mkdtempSync(path.join(work, "codex-home-"));
    fs.writeFileSync(
      path.join(codexHome, "config.toml"),
      [
        `model = "${model}"`,
        `model_provider = "switchyard"`,
        ...settings,
        "",
        "[model_providers.switchyard]",
        `name = "Switchyard"`,
        `base_url = "${info.relayUrl}/v1"`,
        `env_key = "SWITCHYARD_API_KEY"`,
        `wire_api = "responses"`,
        "",
      ].join("\n"),
    );
    return run(bin("codex"), ["exec", "--skip-git-repo-check", prompt], { cwd: work, env: cleanEnv({ HOME: codexHome, CODEX_HOME: codexHome, SWITCHYARD_API_KEY: info.key }) });
  };
  const ask = async (command) => {
    stack.child.stdin.write(`${command}\n`);
    return stack.next();
  };
  // a tool loop: the stack queues an answer that calls a tool (`queue`), the CLI runs, and what the loop's second
  // request carried (`inspect`) must keep what the first answer gave
  const loopCheck = async (name, { queue, start, inspect, isKept }) => {
    await ask(queue);
    let carried = null;
    await check(name, start(), async () => {
      carried = JSON.parse(await ask(inspect));
      return isKept(carried);
    });
    if (carried && !results.at(-1).ok) console.log(`  the loop's second request carried: ${JSON.stringify(carried).slice(0, 600)}`);
  };
  try {
    for (const [route, model] of [["Anthropic channel", info.models.anthropic], ["OpenAI-compatible channel", info.models.openaiCompatible]]) {
      await check(`claude -p through the ${route} (${model})`, claude(model, "Reply with the single word pong."));
      await check(`codex exec through the ${route} (${model})`, codex(model, "Reply with the single word pong."));
    }
    // Codex CLI on Claude with an effort, through a tool loop: Claude's signed thinking comes back in the reasoning
    // item Codex keeps (store false, encrypted_content) and goes up again, so the turn after the tool call thinks too;
    // and Codex's prompt_cache_key gives the conversation's last block a caching breakpoint
    await loopCheck(`codex exec through a tool loop on the Anthropic channel, thinking kept and the prompt cached (${info.models.anthropic})`, {
      queue: "loop",
      start: () => codex(info.models.anthropic, "Make a plan, then reply with the single word pong.", [`model_reasoning_effort = "high"`]),
      inspect: "last-messages",
      isKept: (sent) => sent.thinking?.type === "adaptive" && sent.firstBlock?.type === "thinking" && sent.firstBlock?.thinking === "First a plan." && sent.cached === true,
    });
    // Claude Code on DeepSeek through a tool call: DeepSeek's reasoning came back as a thinking block, and the turn
    // after the tool call must give it back as reasoning_content (DeepSeek's thinking mode refuses a loop without)
    await loopCheck(`claude -p through a tool loop on the OpenAI-compatible channel, reasoning given back (${info.models.openaiCompatible})`, {
      queue: "loop-chat",
      start: () => claude(info.models.openaiCompatible, "Read /nonexistent/a.txt, then reply with the single word pong."),
      inspect: "last-chat",
      isKept: (sent) => sent.reasoning === "First read the file." && sent.toolCalls === 1,
    });
    // Claude Code on Gemini 3 through a tool call: the call goes back with the thought signature Gemini gave it (kept
    // by the relay under the tool_use id Claude Code echoes), not Google's stand-in
    await loopCheck(`claude -p through a tool loop on the Gemini channel, Gemini's signature given back (${info.models.gemini})`, {
      queue: "loop-chat",
      start: () => claude(info.models.gemini, "Read /nonexistent/a.txt, then reply with the single word pong."),
      inspect: "last-gemini",
      isKept: (sent) => typeof sent.signature === "string" && sent.signature.startsWith("fake-gemini-signature-"),
    });
    // Codex CLI on gpt-5-codex through an OpenAI channel that speaks the Responses API (its requests go up as they
    // are): the reasoning item the first answer gave (encrypted) goes up again before the call it led to
    await loopCheck(`codex exec through a tool loop on the OpenAI channel, its reasoning items given back (${info.models.openai})`, {
      queue: "loop",
      start: () => codex(info.models.openai, "Make a plan, then reply with the single word pong."),
      inspect: "last-responses",
      isKept: (sent) => sent.reasoningAt >= 0 && sent.callAt === sent.reasoningAt + 1,
    });
    // Claude Code on gpt-5-codex (served through the Responses API only): through the chat pivot, the relay keeps
    // the answer's encrypted reasoning under the tool call and puts it back before the call in the loop's next turn
    await loopCheck(`claude -p through a tool loop on the OpenAI channel's Responses-only model, reasoning given back (${info.models.openai})`, {
      queue: "loop-chat",
      start: () => claude(info.models.openai, "Read /nonexistent/a.txt, then reply with the single word pong."),
      inspect: "last-responses",
      isKept: (sent) => sent.store === false && sent.reasoningAt >= 0 && sent.callAt === sent.reasoningAt + 1,
    });
  } finally {
    stack.child.kill("SIGTERM");
    await new Promise((resolve) => stack.child.on("exit", resolve));
    fs.rmSync(work, { recursive: true, force: true });
  }
  const passed = results.filter((r) => r.ok).length;
  write({ passed, failed: results.length - passed, skipped: 0, results });
  console.log(`${passed} passed, ${results.length - passed} failed`);
  process.exitCode = passed === results.length ? 0 : 1;
}

main().catch((error) => {
  console.error(error);
  write({ passed: 0, failed: 1, skipped: 0, error: String(error) });
  process.exitCode = 1;
});
