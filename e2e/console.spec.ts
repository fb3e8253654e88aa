import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import OpenAI from "openai";
import { expect, test, type Page } from "@playwright/test";
import { formatUsd, parseUsd } from "../lib/money";
import { ctl } from "./support/ctl";
import { holdPageScripts, waitForHydration } from "./support/hold-scripts";
import { signUpAndVerify } from "./support/sign-up-and-verify";

// The customer console end to end: sign up, keys, a real relay call through the openai SDK, logs, charts, CSV,
// disable → 401; the keys table; the playground against the fake upstream; bad input in every form.
test.describe.configure({ mode: "serial" });

const PORT = Number(process.env.E2E_PORT ?? 3100);
const ORIGIN = `http://localhost:${PORT}`;
const stamp = Date.now().toString(36);
const EMAIL = `console-${stamp}@example.com`;
const PASSWORD = "console passphrase 1";
const MODEL = "gpt-e2e-console";
const MODEL_2 = "gpt-e2e-second";
// The fake upstream reports 12 prompt and 5 completion tokens for a one-line chat; the seeded price is
// $2.50 / 1M input and $10 / 1M output, so one call costs 12 × 2.5 + 5 × 10 = 80 micro-dollars.
const CALL_COST = "$0.00008";
const DEFAULT_TEXT = "Hello from the fake upstream, nice to meet you.";

function e2eInfo(): { dataDir: string; upstreamUrl: string } {
  return JSON.parse(fs.readFileSync(path.join(os.tmpdir(), `switchyard-e2e-${PORT}.json`), "utf8")) as { dataDir: string; upstreamUrl: string };
}

function runSupport(script: string, args: string[]): string {
  return execFileSync(process.execPath, ["--import", "tsx", "--import", "./scripts/register-hooks.mjs", `e2e/support/${script}`, ...args], {
    env: { ...process.env, DATA_DIR: e2eInfo().dataDir, DATABASE_URL: "", ALLOW_LOCAL_UPSTREAMS: "1", LOG_LEVEL: "warn" },
    encoding: "utf8",
  });
}

function client(secret: string): OpenAI {
  return new OpenAI({ baseURL: `${ORIGIN}/v1`, apiKey: secret, maxRetries: 0, timeout: 20_000 });
}

/** Call the relay until the channel seeded by another process is picked up (the channel table reloads every 5 s). */
async function callRelay(secret: string, model = MODEL): Promise<string> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      const completion = await client(secret).chat.completions.create({ model, messages: [{ role: "user", content: "Hi" }] });
      return completion.choices[0].message.content ?? "";
    } catch (error) {
      if (!(error instanceof OpenAI.APIError) || error.status !== 503 || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

async function signIn(page: Page) {
  await page.goto("/login");
  await page.locator("input[name=email]").fill(EMAIL);
  await page.locator("input[name=password]").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
}

/** Fill and submit the create-key dialog; returns the secret shown once. */
async function createKey(page: Page, { name, cap, models = [] }: { name: string; cap?: string; models?: string[] }): Promise<string> {
  await page.goto("/keys");
  await page.getByRole("button", { name: "Create key" }).first().click();
  const form = page.getByTestId("key-form");
  await form.getByLabel("Name").fill(name);
  if (cap) await form.getByLabel("Credit cap (USD)").fill(cap);
  for (const model of models) {
    await form.getByLabel("Allowed models").fill(model);
    await form.getByLabel("Allowed models").press("Enter");
  }
  await page.getByRole("button", { name: "Create key" }).last().click();
  const secret = (await page.getByTestId("new-secret").textContent())?.trim() ?? "";
  expect(secret).toMatch(/^sk-[0-9A-Za-z]{48}$/);
  return secret;
}

/** The messages of the curl sample in the open "Copy as code" dialog. */
async function copiedMessages(page: Page): Promise<unknown> {
  const code = (await page.getByTestId("code-block").textContent()) ?? "";
  const body = code.slice(code.indexOf("-d '") + 4, code.lastIndexOf("'")).replace(/'\\''/g, "'");
  return (JSON.parse(body) as { messages: unknown }).messages;
}

/** The top bar's balance in micro-dollars. */
async function topBarBalance(page: Page): Promise<bigint> {
  const text = (await page.getByTestId("topbar-balance").textContent()) ?? "";
  const micros = parseUsd(/\$([\d,.]+)/.exec(text)?.[1]?.replace(/,/g, "") ?? "");
  if (micros === undefined) throw new Error(`no amount in the top bar: ${text}`);
  return micros;
}

async function keyMenu(page: Page, name: string) {
  await page.getByRole("button", { name: `Actions for ${name}` }).click();
}

test.beforeAll(() => {
  ctl("user:create", "--email", `console-ops-${stamp}@example.com`, "--password", "operator passphrase 1", "--admin");
  runSupport("seed-relay-channel.ts", [MODEL, e2eInfo().upstreamUrl]);
  runSupport("seed-relay-channel.ts", [MODEL_2, e2eInfo().upstreamUrl]);
});

let secret = "";

test("a new customer: trial balance, a capped key for one model, a relay call, logs, charts, CSV, disable → 401", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: ORIGIN });
  await signUpAndVerify(page, { email: EMAIL, password: PASSWORD });
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByTestId("balance-trial")).toContainText("$1.00");
  await expect(page.getByTestId("spend-today")).toContainText("$0.00");

  // the allow-list suggests the models a key can call (served by a channel), not every priced one
  await page.goto("/keys");
  await page.getByRole("button", { name: "Create key" }).first().click();
  const suggested = await page.getByTestId("key-form").locator("datalist option").evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
  expect(suggested).toEqual(expect.arrayContaining([MODEL, MODEL_2]));
  expect(suggested).not.toContain("qwen-plus");
  await page.keyboard.press("Escape");

  secret = await createKey(page, { name: "laptop", cap: "0.50", models: [MODEL] });
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("button", { name: "Copy", exact: true }).click();
  await expect(dialog.getByRole("button", { name: "Copied", exact: true })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
  await page.getByRole("button", { name: "I have copied it" }).click();
  const row = page.locator("tr", { hasText: "laptop" });
  await expect(row).toContainText(`sk-…${secret.slice(-4)}`);
  await expect(row).toContainText("$0.00 of $0.50");
  await expect(row).toContainText(MODEL);
  await expect(row.getByText("Active")).toBeVisible();

  // the openai SDK with the copied key: allowed model works, any other model is refused by the allow-list
  expect(await callRelay(secret)).toBe(DEFAULT_TEXT);
  await expect(client(secret).chat.completions.create({ model: MODEL_2, messages: [{ role: "user", content: "Hi" }] })).rejects.toMatchObject({ status: 403 });

  // the request shows up in the logs with the right cost, and its details in the drawer
  await expect(async () => {
    await page.goto("/usage");
    await expect(page.locator("tbody tr").filter({ hasText: MODEL }).filter({ hasText: "200" }).first()).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  const logRow = page.locator("tbody tr").filter({ hasText: MODEL }).filter({ hasText: "200" }).first();
  await expect(logRow).toContainText(CALL_COST);
  await expect(logRow).toContainText("laptop");
  await logRow.click();
  const details = page.getByTestId("request-details");
  await expect(details).toContainText(CALL_COST);
  await expect(details).toContainText("chat.completions");
  await expect(details).toContainText("12");
  await expect(details.getByText(/^req_/)).toBeVisible();
  await page.keyboard.press("Escape");

  // the same spend on the home page, from the rollups
  await page.goto("/dashboard");
  await expect(page.getByTestId("spend-today")).toContainText(CALL_COST);
  // an account that has made requests is greeted back and no longer shown the first-request steps
  await expect(page.getByRole("heading", { name: /^Welcome back/ })).toBeVisible();
  await expect(page.getByTestId("first-request")).toHaveCount(0);
  await expect(page.getByTestId("usage-breakdown")).toContainText("laptop");
  await page.getByRole("button", { name: "By model" }).click();
  await expect(page.getByTestId("usage-breakdown")).toContainText(MODEL);
  await page.getByRole("button", { name: "Monthly" }).click();
  await expect(page.getByTestId("usage-chart")).toBeVisible();

  // export the filtered set as CSV and read it back
  await page.goto("/usage?status=success");
  const download = page.waitForEvent("download");
  await page.getByTestId("export-csv").click();
  const file = await (await download).path();
  const lines = fs.readFileSync(file, "utf8").trim().split("\r\n");
  expect(lines[0]).toBe(
    "request_id,time_utc,key_name,key,model,endpoint,stream,status,error_code,input_tokens,cache_read_tokens,cache_write_tokens,output_tokens,reasoning_tokens,images,cost_usd,latency_ms,ttft_ms,usage_estimated",
  );
  const rows = lines.slice(1).map((line) => line.split(","));
  const call = rows.find((cells) => cells[4] === MODEL && cells[2] === "laptop");
  expect(call).toBeDefined();
  expect(call![1]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  expect(call![7]).toBe("200");
  expect(call![15]).toBe("0.000080");
  expect(rows.every((cells) => Number(cells[7]) < 400)).toBe(true);

  // disable the key in the table: the relay answers 401 on the next request
  await page.goto("/keys");
  await keyMenu(page, "laptop");
  await page.getByRole("menuitem", { name: "Disable" }).click();
  await expect(page.locator("tr", { hasText: "laptop" }).getByText("Disabled")).toBeVisible();
  await expect(client(secret).chat.completions.create({ model: MODEL, messages: [{ role: "user", content: "Hi" }] })).rejects.toMatchObject({ status: 401 });
});

test("keys table: sorting, filtering, rotate (old secret dies), delete (history stays), expired shown as expired", async ({ page }) => {
  await signIn(page);
  const origin = { origin: ORIGIN };
  for (const name of ["alpha", "charlie", "bravo"]) {
    const response = await page.request.post("/api/keys", { data: { name }, headers: origin });
    expect(response.status()).toBe(201);
  }
  const expiring = await page.request.post("/api/keys", { data: { name: "old-ci", expiresAt: new Date(Date.now() + 86_400_000).toISOString() }, headers: origin });
  runSupport("expire-key.ts", [(await expiring.json()).key.id]);

  await page.goto("/keys");
  const names = () => page.locator("tbody tr td:first-child .font-medium").allTextContents();
  await page.getByRole("button", { name: "Name" }).click();
  expect(await names()).toEqual(["alpha", "bravo", "charlie", "laptop", "old-ci"]);
  await page.getByRole("button", { name: "Name" }).click();
  expect(await names()).toEqual(["old-ci", "laptop", "charlie", "bravo", "alpha"]);

  // five letters: no masked key (`sk-…` + 4 random characters) can contain them, so only the name matches
  await page.getByLabel("Search keys").fill("CHARL");
  expect(await names()).toEqual(["charlie"]);
  await page.getByLabel("Search keys").fill("");
  await page.getByLabel("Status").selectOption("expired");
  expect(await names()).toEqual(["old-ci"]);
  await expect(page.locator("tr", { hasText: "old-ci" }).getByText("Expired")).toBeVisible();
  await page.getByLabel("Status").selectOption("disabled");
  expect(await names()).toEqual(["laptop"]);
  await page.getByRole("button", { name: "Clear filters" }).click();

  // rotate: the new secret works, the old one is refused at once
  const fresh = await createKey(page, { name: "rotating" });
  await page.getByRole("button", { name: "I have copied it" }).click();
  expect(await callRelay(fresh)).toBe(DEFAULT_TEXT);
  await keyMenu(page, "rotating");
  await page.getByRole("menuitem", { name: "Rotate secret" }).click();
  await page.getByRole("button", { name: "Rotate secret" }).click();
  const rotated = (await page.getByTestId("new-secret").textContent())?.trim() ?? "";
  expect(rotated).toMatch(/^sk-/);
  expect(rotated).not.toBe(fresh);
  await page.getByRole("button", { name: "I have copied it" }).click();
  await expect(client(fresh).chat.completions.create({ model: MODEL, messages: [{ role: "user", content: "Hi" }] })).rejects.toMatchObject({ status: 401 });
  expect(await callRelay(rotated)).toBe(DEFAULT_TEXT);

  // delete: gone from the table and the relay, still in the logs under its name
  await keyMenu(page, "rotating");
  await page.getByRole("menuitem", { name: "Delete" }).click();
  await page.getByRole("button", { name: "Delete key" }).click();
  await expect(page.locator("tr", { hasText: "rotating" })).toHaveCount(0);
  await expect(client(rotated).chat.completions.create({ model: MODEL, messages: [{ role: "user", content: "Hi" }] })).rejects.toMatchObject({ status: 401 });
  await page.goto("/usage");
  await expect(page.locator("tbody tr", { hasText: "rotating (deleted)" }).first()).toBeVisible();
  // and the key filter still offers it, after the live keys, to find its requests
  const keyFilter = page.getByLabel("Key", { exact: true });
  expect((await keyFilter.locator("option").allTextContents()).at(-1)).toBe("rotating (deleted)");
  await keyFilter.selectOption({ label: "rotating (deleted)" });
  await expect(page).toHaveURL(/[?&]key=[0-9a-f-]{36}$/);
  await expect(page.locator("tbody tr").filter({ hasNotText: "rotating (deleted)" })).toHaveCount(0);
  await expect(page.locator("tbody tr").first()).toContainText("rotating (deleted)");
});

test("playground: a model picked while the page is still loading its scripts is the model asked", async ({ page }) => {
  await signIn(page);
  const scripts = await holdPageScripts(page);
  await page.goto("/playground", { waitUntil: "domcontentloaded" });
  const model = page.getByLabel("Model", { exact: true });
  const picked = (await model.inputValue()) === MODEL ? MODEL_2 : MODEL;
  await model.selectOption(picked);
  scripts.release();
  await waitForHydration(page, "#pg-model");
  // typing re-renders the form: the select still shows the pick, and the request is made for it
  await page.getByLabel("Message").fill("Hi");
  await expect(model).toHaveValue(picked);
  await page.getByRole("button", { name: "Copy as code" }).click();
  await expect(page.getByTestId("code-block")).toContainText(`"model": "${picked}"`);
});

test("playground: a streamed reply with its cost, compare mode side by side, copy as code", async ({ page }) => {
  await signIn(page);
  await page.goto("/playground");
  const balanceBefore = await topBarBalance(page);
  await page.getByLabel("Model", { exact: true }).selectOption(MODEL);
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page.getByText("Write a message first.")).toBeVisible();
  await page.getByLabel("Message").fill("Hi");
  await page.getByRole("button", { name: "Send" }).click();
  const transcript = page.getByTestId("chat-transcript");
  await expect(transcript.getByTestId("reply-text")).toHaveText(DEFAULT_TEXT);
  await expect(transcript.getByTestId("reply-cost")).toHaveText(CALL_COST, { timeout: 10_000 });
  await expect(transcript.getByTestId("reply-latency")).toBeVisible();
  // the top bar's balance follows the settled request, without a reload
  await expect(page.getByTestId("topbar-balance")).toHaveText(`Balance${formatUsd(balanceBefore - (parseUsd(CALL_COST.slice(1)) ?? 0n))}`);

  // copy as code is the last request as sent (the question once, not ending on the answer); unsent input is the next turn
  await page.getByRole("button", { name: "Copy as code" }).click();
  expect(await copiedMessages(page)).toEqual([{ role: "user", content: "Hi" }]);
  await page.keyboard.press("Escape");
  await page.getByLabel("Message").fill("And then?");
  await page.getByRole("button", { name: "Copy as code" }).click();
  expect(await copiedMessages(page)).toEqual([
    { role: "user", content: "Hi" },
    { role: "assistant", content: DEFAULT_TEXT },
    { role: "user", content: "And then?" },
  ]);
  await page.keyboard.press("Escape");

  await page.getByRole("button", { name: "Compare" }).click();
  // a column cannot pick a model another column shows: set column 2 first, whatever the defaults were
  await page.getByLabel("Model 2").selectOption(MODEL_2);
  await page.getByLabel("Model 1").selectOption(MODEL);
  await page.getByLabel("Message").fill("Hi");
  await page.getByRole("button", { name: "Send" }).click();
  const columns = page.getByTestId("compare-column");
  await expect(columns).toHaveCount(2);
  for (const index of [0, 1]) {
    await expect(columns.nth(index).getByTestId("reply-text")).toHaveText(DEFAULT_TEXT);
    await expect(columns.nth(index).getByTestId("reply-cost")).toHaveText(CALL_COST, { timeout: 10_000 });
  }
  await expect(columns.nth(1)).toContainText(MODEL_2);

  await page.getByRole("button", { name: "Copy as code" }).click();
  await expect(page.getByTestId("code-block")).toContainText(`curl ${ORIGIN}/v1/chat/completions`);
  await page.getByRole("tab", { name: "Anthropic SDK" }).click();
  await expect(page.getByTestId("code-block")).toContainText(`base_url="${ORIGIN}"`);

  // a phone opens the playground at its top, the title not scrolled under the top bar (the click proves the page is
  // hydrated, so its effects have run)
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/playground");
  await page.getByRole("button", { name: "Compare" }).click();
  await expect(page.getByRole("button", { name: "Compare" })).toHaveAttribute("aria-pressed", "true");
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
  // a model's label wider than its select ends in an ellipsis and reads in full on hover
  // (whichever model comes first: other specs add theirs to the same database)
  const modelSelect = page.getByLabel("Model 1");
  const selectedLabel = (await modelSelect.locator("option:checked").textContent())?.trim() ?? "";
  expect(selectedLabel).not.toBe("");
  await expect(modelSelect).toHaveAttribute("title", selectedLabel);
});

test("playground: a reasoning setting shows the model's thinking above its reply, and goes into the code", async ({ page }) => {
  await signIn(page);
  await page.goto("/playground");
  await page.getByLabel("Model", { exact: true }).selectOption(MODEL);
  await page.getByLabel("Reasoning").selectOption({ label: "High" });
  await page.getByLabel("Message").fill("Think first");
  await page.getByRole("button", { name: "Send" }).click();
  const transcript = page.getByTestId("chat-transcript");
  await expect(transcript.getByTestId("reply-text")).toHaveText(DEFAULT_TEXT);
  // the thinking (the fake reasons as OpenAI-compatible reasoning vendors do) is folded above the answer, a click away
  const thought = transcript.getByTestId("reply-reasoning");
  await expect(thought.locator("summary")).toHaveText("Thought process");
  if ((await thought.getAttribute("open")) === null) await thought.locator("summary").click();
  await expect(thought.getByTestId("reply-reasoning-text")).toHaveText("Reasoned with high effort.");
  // its thinking is billed as output: 12 tokens in, 5 of answer and 3 of thinking out
  await expect(transcript.getByTestId("reply-cost")).toHaveText("$0.00011", { timeout: 10_000 });

  await page.getByRole("button", { name: "Copy as code" }).click();
  await expect(page.getByTestId("code-block")).toContainText('"reasoning_effort": "high"');
  await page.keyboard.press("Escape");
  // back to the model's default: nothing about reasoning is sent
  await page.getByLabel("Reasoning").selectOption({ label: "Model default" });
  await page.getByRole("button", { name: "Copy as code" }).click();
  await expect(page.getByTestId("code-block")).not.toContainText("reasoning_effort");
});

test("bad input in every form: a message beside the field, nothing saved", async ({ page }) => {
  await signIn(page);
  await page.goto("/keys");
  const before = await page.locator("tbody tr").count();
  await page.getByRole("button", { name: "Create key" }).first().click();
  const form = page.getByTestId("key-form");
  await page.getByRole("button", { name: "Create key" }).last().click();
  await expect(form.getByText("Give the key a name")).toBeVisible();
  await expect(form.getByLabel("Name")).toHaveAttribute("aria-invalid", "true");

  await form.getByLabel("Name").fill("x".repeat(65));
  await form.getByLabel("Credit cap (USD)").fill("-5");
  await form.getByLabel("Allowed models").fill("no-such-model");
  await form.getByLabel("Allowed models").press("Enter");
  await form.getByLabel("Expires").fill("2020-01-01");
  await form.getByLabel("IP allow-list").fill("10.0.0.0/33");
  await page.getByRole("button", { name: "Create key" }).last().click();
  await expect(form.getByText("At most 64 characters")).toBeVisible();
  await expect(form.getByText("The amount cannot be negative")).toBeVisible();
  await expect(form.getByText("Unknown model: no-such-model")).toBeVisible();
  await expect(form.getByText("The expiry must be in the future")).toBeVisible();
  await expect(form.getByText("Not a valid IP address or CIDR range: 10.0.0.0/33")).toBeVisible();
  await page.getByRole("button", { name: "Cancel" }).click();
  await page.reload();
  await expect(page.locator("tbody tr")).toHaveCount(before);

  // the edit form checks the same rules
  await keyMenu(page, "alpha");
  await page.getByRole("menuitem", { name: "Edit limits" }).click();
  await page.getByTestId("key-form").getByLabel("Name").fill("");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByTestId("key-form").getByText("Give the key a name")).toBeVisible();
  await page.getByRole("button", { name: "Cancel" }).click();
  await expect(page.locator("tr", { hasText: "alpha" })).toHaveCount(1);

  // settings: threshold and password
  await page.goto("/settings");
  await page.getByLabel("Alert below (USD)").fill("-1");
  await page.getByRole("button", { name: "Save alert" }).click();
  await expect(page.getByText("The amount cannot be negative")).toBeVisible();
  await page.getByLabel("Alert below (USD)").fill("abc");
  await page.getByRole("button", { name: "Save alert" }).click();
  await expect(page.getByText("Enter an amount in USD, e.g. 2.50")).toBeVisible();
  await page.getByLabel("Current password").fill("not my password");
  await page.getByLabel("New password").fill("a brand new password");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("That is not your current password.")).toBeVisible();
  await page.getByLabel("Current password").fill(PASSWORD);
  await page.getByLabel("New password").fill("short");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("Use at least 10 characters.").last()).toBeVisible();

  // a threshold above the balance shows the low-balance banner on the home page
  await page.getByLabel("Alert below (USD)").fill("50");
  await page.getByRole("button", { name: "Save alert" }).click();
  await expect(page.getByText("Alert saved")).toBeVisible();
  await page.goto("/dashboard");
  await expect(page.getByTestId("low-balance-banner")).toContainText("$50.00");
});

test("usage log: cache reads and writes, a request without a model, a request found by its id", async ({ page }) => {
  await signIn(page);
  const created = await page.request.post("/api/keys", { data: { name: "usage-probe" }, headers: { origin: ORIGIN } });
  expect(created.status()).toBe(201);
  const secret = ((await created.json()) as { key: { secret: string } }).key.secret;

  // cache reads and writes side by side in the table (the column said "Cache read" and showed their sum)
  runSupport("record-request.ts", [EMAIL, JSON.stringify({ model: "claude-e2e-cache", cacheReadTokens: 1200, cacheWriteTokens: 345 })]);
  await page.goto("/usage");
  await expect(page.getByRole("columnheader", { name: "Cache read / write" })).toBeVisible();
  const cached = page.locator("tbody tr").filter({ hasText: "claude-e2e-cache" });
  await expect(cached.locator("td").nth(4)).toHaveText("1,200 / 345");
  await cached.click();
  await expect(page.getByTestId("request-details").locator("div", { hasText: /^Cache write345$/ })).toBeVisible();
  await page.keyboard.press("Escape");

  // a body that cannot be read is logged without a model: the model filter still shows "All models" (it showed a
  // blank option), offers "(no model)" for it, and the request is found by the id its error carried
  const malformed = await fetch(`${ORIGIN}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
    body: "{not json",
  });
  expect(malformed.status).toBe(400);
  const requestId = malformed.headers.get("x-request-id") ?? "";
  expect(requestId).toMatch(/^req_[0-9a-f]{32}$/);
  const logRows = page.locator("tbody tr");
  await expect(async () => {
    await page.goto("/usage");
    // (this probe's row: a refused request of another test's key is logged without a model too)
    await expect(logRows.filter({ hasText: "usage-probe" }).filter({ hasText: "(no model)" })).toHaveCount(1, { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  const modelFilter = page.getByLabel("Model", { exact: true });
  expect(await modelFilter.evaluate((select: HTMLSelectElement) => select.selectedOptions[0]?.text)).toBe("All models");
  await modelFilter.selectOption({ label: "(no model)" });
  await expect(page).toHaveURL(/[?&]model=_none/);
  await expect(logRows.filter({ hasNotText: "(no model)" })).toHaveCount(0);
  await expect(logRows.filter({ hasText: "usage-probe" })).toHaveCount(1);
  await expect(logRows.filter({ hasText: "usage-probe" })).toContainText("400");
  await page.getByRole("button", { name: "Reset" }).click();
  await expect(page).toHaveURL(/\/usage$/);
  await expect(logRows).not.toHaveCount(1);

  const requestField = page.getByLabel("Request ID", { exact: true });
  await requestField.fill(`  ${requestId} `);
  await requestField.press("Enter");
  await expect(page).toHaveURL(new RegExp(`[?&]request=${requestId}$`));
  await expect(logRows).toHaveCount(1);
  await logRows.first().click();
  await expect(page.getByTestId("request-details")).toContainText(requestId);
  await page.keyboard.press("Escape");
  // clearing the field shows every request again; an id that cannot be one finds nothing, without an error
  await requestField.fill("");
  await expect(page).toHaveURL(/\/usage$/);
  await expect(logRows).not.toHaveCount(1);
  await page.goto(`/usage?request=${encodeURIComponent("req_' or 1=1 --")}`);
  await expect(page.getByText("No requests match these filters")).toBeVisible();
  await expect(requestField).toHaveValue("req_' or 1=1 --");
});
