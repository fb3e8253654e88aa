import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import OpenAI from "openai";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { ctl } from "./support/ctl";
import { signUpAndVerify } from "./support/sign-up-and-verify";

// The operator console end to end, as an operator in the browser: add a model and its price, add a channel pointing
// at the fake upstream and Test it, a customer's request (openai SDK) is billed at that price, a new price applies to
// the next request, adjust the customer's balance, approve their refund against the fake Stripe, and find each of
// these in the audit log. The channel's secret never appears in any admin page or admin API response.
test.describe.configure({ mode: "serial" });
test.setTimeout(240_000);

const PORT = Number(process.env.E2E_PORT ?? 3100);
const ORIGIN = `http://localhost:${PORT}`;
const stamp = Date.now().toString(36);
const OPERATOR = { email: `admin-ops-${stamp}@example.com`, password: "operator passphrase 1" };
const CUSTOMER = { email: `admin-customer-${stamp}@example.com`, password: "customer passphrase 1" };
const MODEL = `gpt-admin-${stamp}`;
const CHANNEL = `fake-openai-${stamp}`;
const UPSTREAM_SECRET = `sk-upstream-${stamp}-Hx7Kq2Lw9Pz4Vb6Nc3`;
const SHOTS = "artifacts/screenshots";

function e2eInfo(): { upstreamUrl: string } {
  return JSON.parse(fs.readFileSync(path.join(os.tmpdir(), `switchyard-e2e-${PORT}.json`), "utf8")) as { upstreamUrl: string };
}

/** "$1,234.500001" → micro-units, exactly. */
function micros(text: string): bigint {
  const match = /(-?)\$([\d,]+)(?:\.(\d{1,6}))?/.exec(text.trim());
  if (!match) throw new Error(`not a dollar amount: ${text}`);
  const value = BigInt(match[2].replace(/,/g, "")) * 1_000_000n + BigInt((match[3] ?? "").padEnd(6, "0"));
  return match[1] ? -value : value;
}

/** The price rounded once, upward, as the ledger does: tokens × (micro-dollars per 1M tokens) / 1M. */
function cost({ input, output }: { input: number; output: number }, { inputPerM, outputPerM }: { inputPerM: bigint; outputPerM: bigint }): bigint {
  const numerator = BigInt(input) * inputPerM + BigInt(output) * outputPerM;
  return (numerator + 999_999n) / 1_000_000n;
}

async function signIn(browser: Browser, { email, password }: { email: string; password: string }): Promise<Page> {
  const context = await browser.newContext({ baseURL: ORIGIN });
  await context.addCookies([{ name: "locale", value: "en", url: ORIGIN }]);
  const page = await context.newPage();
  await page.goto("/login");
  await page.locator("input[name=email]").fill(email);
  await page.locator("input[name=password]").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  return page;
}

async function availableBalance(page: Page, customerId: string): Promise<bigint> {
  await page.goto(`/admin/customers/${customerId}`);
  return micros(await page.getByTestId("customer-available").locator("dd").first().innerText());
}

/** Add a channel to the fake upstream serving MODEL through the channel form. */
async function addChannel(ops: Page, { name, secret, costPercent }: { name: string; secret: string; costPercent?: string }) {
  await ops.goto("/admin/channels");
  await ops.getByTestId("channel-new").click();
  const dialog = ops.getByRole("dialog");
  await dialog.getByLabel("Name", { exact: true }).fill(name);
  await dialog.getByLabel("Base URL").fill(`${e2eInfo().upstreamUrl}/v1`);
  await dialog.getByLabel("API keys").fill(secret);
  await dialog.getByLabel("Models served").fill(MODEL);
  if (costPercent) await dialog.getByLabel("Upstream cost (% of list price)").fill(costPercent);
  await ops.getByTestId("channel-save").click();
  await expect(ops.getByText(`Channel ${name} added`)).toBeVisible();
}

/** Call the relay; a 503 while the new channel reaches the routing table is retried for a few seconds. */
async function chat(secret: string): Promise<{ input: number; output: number }> {
  const client = new OpenAI({ baseURL: `${ORIGIN}/v1`, apiKey: secret, maxRetries: 0, timeout: 20_000 });
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      const completion = await client.chat.completions.create({ model: MODEL, messages: [{ role: "user", content: "Hi" }] });
      expect(completion.usage).toBeTruthy();
      return { input: completion.usage?.prompt_tokens ?? 0, output: completion.usage?.completion_tokens ?? 0 };
    } catch (error) {
      if (!(error instanceof OpenAI.APIError) || error.status !== 503 || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

async function setPrice(page: Page, { input, output }: { input: string; output: string }) {
  await page.goto("/admin/models");
  await page.getByLabel("Filter models").fill(MODEL);
  await page.getByRole("button", { name: `Set the price of ${MODEL}` }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Input", { exact: true }).fill(input);
  await dialog.getByLabel("Output", { exact: true }).fill(output);
  await page.getByTestId("price-save").click();
  await expect(page.getByText(`New price of ${MODEL} is in force`)).toBeVisible();
}

test.beforeAll(() => {
  ctl("user:create", "--email", OPERATOR.email, "--password", OPERATOR.password, "--admin");
});

test("operate: model, price, channel and Test, billing at that price, a new price, balance adjustment, refund, audit log", async ({ browser }) => {
  // The customer signs up and creates a key.
  const customer = await (await browser.newContext({ baseURL: ORIGIN })).newPage();
  await signUpAndVerify(customer, CUSTOMER);
  await expect(customer).toHaveURL(/\/dashboard$/);
  await customer.goto("/keys");
  await customer.getByRole("button", { name: "Create key" }).first().click();
  await customer.getByTestId("key-form").getByLabel("Name").fill("admin-e2e");
  await customer.getByRole("button", { name: "Create key" }).last().click();
  const keySecret = (await customer.getByTestId("new-secret").textContent())?.trim() ?? "";
  expect(keySecret).toMatch(/^sk-/);

  const ops = await signIn(browser, OPERATOR);

  // 1. A model in the catalog, with a price
  await ops.goto("/admin/models");
  await ops.getByTestId("model-new").click();
  const modelDialog = ops.getByRole("dialog");
  await modelDialog.getByLabel("Model id").fill(MODEL);
  await modelDialog.getByLabel("Vendor").fill("openai");
  await modelDialog.getByRole("button", { name: "Save" }).click();
  await expect(ops.getByText(`${MODEL} saved`)).toBeVisible();
  await setPrice(ops, { input: "2", output: "8" });

  // 2. A channel pointing at the fake upstream; its secret is shown only as a hint afterwards
  await addChannel(ops, { name: CHANNEL, secret: UPSTREAM_SECRET, costPercent: "60" });
  const row = ops.locator("tr", { hasText: CHANNEL });
  await expect(row).toContainText("Active");

  // 3. Test: a real request through the channel, with the result and its latency
  await row.getByRole("button", { name: `Test ${CHANNEL}` }).click();
  const result = ops.getByTestId("channel-test-result");
  await expect(result).toHaveAttribute("data-ok", "true");
  await expect(result).toContainText("Works");
  await expect(ops.getByTestId("channel-test-latency")).toHaveText(/\d+(\.\d+)? m?s/);
  await expect(ops.getByTestId("channel-details")).toContainText(`…${UPSTREAM_SECRET.slice(-4)}`);
  await ops.keyboard.press("Escape");

  // 4. The customer's request is billed at the price set above
  await ops.goto(`/admin/customers?q=${encodeURIComponent(CUSTOMER.email)}`);
  await ops.getByRole("link", { name: CUSTOMER.email }).click();
  await expect(ops.getByTestId("customer-email")).toHaveText(CUSTOMER.email);
  const customerId = new URL(ops.url()).pathname.split("/").pop() ?? "";
  const before = await availableBalance(ops, customerId);
  const firstUsage = await chat(keySecret);
  const firstCost = cost(firstUsage, { inputPerM: 2_000_000n, outputPerM: 8_000_000n });
  expect(firstCost).toBeGreaterThan(0n);
  await expect.poll(() => availableBalance(ops, customerId)).toBe(before - firstCost);

  // 5. A new price: the next request pays it
  await setPrice(ops, { input: "4", output: "16" });
  const secondUsage = await chat(keySecret);
  const secondCost = cost(secondUsage, { inputPerM: 4_000_000n, outputPerM: 16_000_000n });
  expect(secondCost).toBeGreaterThan(firstCost);
  await expect.poll(() => availableBalance(ops, customerId)).toBe(before - firstCost - secondCost);

  // 6. Adjust the balance with a reason: a ledger entry the customer can see
  await ops.getByTestId("customer-adjust").click();
  const adjust = ops.getByRole("dialog");
  await adjust.getByLabel("Amount (USD)").fill("25");
  await adjust.getByLabel("Reason").fill("Credit for the e2e outage");
  await ops.getByTestId("adjust-save").click();
  await expect(ops.getByText("$25 added")).toBeVisible();
  await expect.poll(() => availableBalance(ops, customerId)).toBe(before - firstCost - secondCost + 25_000_000n);
  await expect(ops.getByTestId("ledger-line").and(ops.locator("[data-kind=adjustment]"))).toContainText("Credit for the e2e outage");
  // each usage line says how many requests it sums (one batch posts one per wallet), then the model
  await expect(ops.getByTestId("ledger-line").and(ops.locator("[data-kind=usage]")).first()).toContainText(/\d+ requests? · /);

  // 7. The customer tops up $20 by card (fake Stripe) and asks for $5 back; the operator approves it
  await customer.goto("/billing");
  await customer.getByRole("radio", { name: "$20" }).click();
  await customer.getByTestId("topup-submit").click();
  await customer.waitForURL(/\/checkout\/cs_test_/);
  await customer.getByRole("button", { name: /^Pay/ }).click();
  await customer.waitForURL(/\/billing\?topup=/);
  await expect(customer.getByTestId("topup-paid")).toBeVisible();
  await customer.locator("#refund-amount").fill("5");
  await customer.locator("#refund-reason").fill("Over-bought for the test");
  await customer.getByRole("button", { name: "Request refund" }).click();
  await expect(customer.getByTestId("refund-row").first()).toContainText("Awaiting review");

  await ops.goto("/admin/refunds");
  const pending = ops.getByTestId("refund-pending").filter({ hasText: CUSTOMER.email });
  await expect(pending).toContainText("$5.00");
  await pending.getByTestId("refund-approve").click();
  await ops.getByTestId("refund-confirm").click();
  await expect(ops.getByText("Refund of $5.00 sent to Stripe")).toBeVisible();
  // Stripe's charge.refunded webhook completes it
  await expect
    .poll(async () => {
      await ops.goto("/admin/refunds");
      return ops.getByTestId("refund-decided").filter({ hasText: CUSTOMER.email }).first().getAttribute("data-status");
    })
    .toBe("completed");
  await expect(ops.locator("tr", { hasText: CUSTOMER.email }).first()).toBeVisible();

  // 8. Each of these is in the audit log, and the CSV export has them too
  await ops.goto("/admin/audit");
  for (const action of ["model.create", "price.set", "channel.create", "channel.test", "wallet.adjust", "refund.approved"]) {
    await expect(ops.locator(`[data-action="${action}"]`).first()).toBeVisible();
  }
  await ops.goto(`/admin/audit?area=price&target=${encodeURIComponent(MODEL)}`);
  await expect(ops.locator('[data-action="price.set"]')).toHaveCount(2);
  await ops.goto(`/admin/audit?target=${encodeURIComponent(CUSTOMER.email)}`);
  await expect(ops.locator('[data-action="wallet.adjust"]')).toHaveCount(1);
  const csv = await ops.request.get("/api/admin/audit/export?area=wallet");
  expect(csv.headers()["content-type"]).toContain("text/csv");
  expect(await csv.text()).toContain("Credit for the e2e outage");

  // 9. The channel secret is in no admin page and no admin API response
  const pages = ["/admin", "/admin/channels", "/admin/models", "/admin/customers", `/admin/customers/${customerId}`, "/admin/refunds", "/admin/revenue", "/admin/status", "/admin/audit", "/admin/outbox", "/status"];
  for (const url of pages) {
    const response = await ops.goto(url);
    expect({ url, status: response?.status(), leaks: (await ops.content()).includes(UPSTREAM_SECRET) }).toEqual({ url, status: 200, leaks: false });
  }
  // an unknown customer is a real 404, not the not-found page streamed as a 200 after the loading UI
  expect((await ops.goto("/admin/customers/00000000-0000-4000-8000-000000000404"))?.status()).toBe(404);
  for (const url of ["/api/admin/channels", "/api/admin/audit", "/api/admin/audit/export", "/api/admin/status", "/api/admin/revenue", "/api/admin/models"]) {
    const body = await (await ops.request.get(url)).text();
    expect({ url, leaks: body.includes(UPSTREAM_SECRET) }).toEqual({ url, leaks: false });
  }

  // 10. Revenue shows the margin from the channel's 60% cost ratio; status shows the model
  // (the hourly rollups are written in small batches after requests settle)
  await expect
    .poll(async () => {
      await ops.goto("/admin/revenue?days=7");
      return micros(await ops.getByTestId("revenue-total").locator("dd").first().innerText());
    })
    .toBeGreaterThanOrEqual(firstCost + secondCost);
  await ops.getByRole("tab", { name: "By channel" }).click();
  await expect(ops.locator("tr", { hasText: CHANNEL })).toBeVisible();
  await expect
    .poll(async () => {
      await ops.goto("/admin/status");
      return ops.getByTestId("status-model").filter({ hasText: MODEL }).count();
    })
    .toBe(1);

  // 11. Delete a channel: only after a confirmation, and it is gone from the table and the channels API
  const SPARE = `${CHANNEL}-spare`;
  await addChannel(ops, { name: SPARE, secret: `${UPSTREAM_SECRET}-spare` });
  // (disabling asks for an optional reason, which the channel keeps)
  await ops.getByRole("button", { name: `Actions for ${SPARE}` }).click();
  await ops.getByRole("menuitem", { name: "Disable" }).click();
  const disable = ops.getByRole("dialog", { name: `Disable channel ${SPARE}?` });
  await disable.getByLabel("Reason (optional)").fill("quota used up");
  await disable.getByRole("button", { name: "Disable channel" }).click();
  await expect(ops.getByText(`${SPARE} disabled`)).toBeVisible();
  const disabled = (await (await ops.request.get("/api/admin/channels")).json()) as { channels: { name: string; isEnabled: boolean; disabledReason: string | null }[] };
  expect(disabled.channels.find((c) => c.name === SPARE)).toMatchObject({ isEnabled: false, disabledReason: "quota used up" });
  await ops.getByRole("button", { name: `Actions for ${SPARE}` }).click();
  await ops.getByRole("menuitem", { name: "Delete" }).click();
  const confirm = ops.getByRole("dialog", { name: `Delete channel ${SPARE}?` });
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(ops.locator("tr", { hasText: SPARE })).toBeVisible();
  await ops.getByRole("button", { name: `Actions for ${SPARE}` }).click();
  await ops.getByRole("menuitem", { name: "Delete" }).click();
  await confirm.getByRole("button", { name: "Delete channel" }).click();
  await expect(ops.getByText(`Channel ${SPARE} deleted`)).toBeVisible();
  await expect(ops.locator("tr", { hasText: SPARE })).toHaveCount(0);
  await expect(ops.locator("tr", { hasText: CHANNEL }).first()).toBeVisible();
  const listed = (await (await ops.request.get("/api/admin/channels")).json()) as { channels: { name: string }[] };
  expect(listed.channels.map((c) => c.name)).not.toContain(SPARE);
});

test("screenshots of every operator page: desktop and phone, light and dark", async ({ browser }) => {
  test.setTimeout(400_000);
  fs.mkdirSync(SHOTS, { recursive: true });
  const ops = await signIn(browser, OPERATOR);
  await ops.goto(`/admin/customers?q=${encodeURIComponent(CUSTOMER.email)}`);
  await ops.getByRole("link", { name: CUSTOMER.email }).click();
  await expect(ops.getByTestId("customer-email")).toBeVisible();
  const customerPath = new URL(ops.url()).pathname;
  const pages = [
    { name: "channels", path: "/admin/channels" },
    { name: "models", path: "/admin/models" },
    { name: "customers", path: "/admin/customers" },
    { name: "customer", path: customerPath },
    { name: "refunds", path: "/admin/refunds" },
    { name: "revenue", path: "/admin/revenue" },
    { name: "status", path: "/admin/status" },
    { name: "audit", path: "/admin/audit" },
    { name: "public-status", path: "/status" },
  ];
  for (const colorScheme of ["light", "dark"] as const) {
    await ops.emulateMedia({ colorScheme });
    for (const [size, viewport] of [
      ["desktop", { width: 1440, height: 900 }],
      ["phone", { width: 390, height: 844 }],
    ] as const) {
      await ops.setViewportSize(viewport);
      for (const shot of pages) {
        await ops.goto(shot.path);
        await expect(ops.locator("h1").first()).toBeVisible();
        await ops.waitForLoadState("networkidle");
        await ops.screenshot({ path: `${SHOTS}/admin-${shot.name}-${size}-${colorScheme}.png`, fullPage: true });
      }
    }
  }
  // the channel form and the Test result
  await ops.setViewportSize({ width: 1440, height: 900 });
  await ops.emulateMedia({ colorScheme: "light" });
  await ops.goto("/admin/channels");
  await ops.getByRole("button", { name: `Actions for ${CHANNEL}` }).click();
  await ops.getByRole("menuitem", { name: "Edit" }).click();
  await expect(ops.getByRole("dialog")).toBeVisible();
  await ops.screenshot({ path: `${SHOTS}/admin-channel-form-desktop-light.png` });
  await ops.keyboard.press("Escape");
  await ops.getByRole("button", { name: `Test ${CHANNEL}` }).click();
  await expect(ops.getByTestId("channel-test-result")).toBeVisible();
  await ops.screenshot({ path: `${SHOTS}/admin-channel-test-desktop-light.png` });
});
