import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import OpenAI from "openai";
import { expect, test, type Browser, type Locator, type Page } from "@playwright/test";
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
/** A second channel (its name does not contain CHANNEL's), so the channels table has a first and a last row. */
const SECOND_CHANNEL = `second-openai-${stamp}`;
const UPSTREAM_SECRET = `sk-upstream-${stamp}-Hx7Kq2Lw9Pz4Vb6Nc3`;
const SHOTS = "artifacts/screenshots";
/** The longest name a group may have (64 characters): it must not widen the page. */
const LONG_GROUP = `Enterprise partners with a negotiated discount ${stamp}`.padEnd(64, "x");
const PHONE = { width: 390, height: 844 };

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

/**
 * The element is drawn on top at its centre, inside the window and inside every box around it that clips: a menu
 * item cut off by a table's scroll box, or covered by the next row's buttons, is not. Only the window may scroll to
 * bring it up (`isCentered`), no box inside the page: Playwright's click would scroll a clipping table box to reveal
 * the item, which an operator's mouse does not.
 */
async function expectOnTop(locator: Locator, { isCentered = false }: { isCentered?: boolean } = {}) {
  await expect(locator).toBeVisible();
  const isOnTop = await locator.evaluate((element, shouldCenter) => {
    if (shouldCenter) window.scrollBy(0, element.getBoundingClientRect().top - window.innerHeight / 2);
    const box = element.getBoundingClientRect();
    if (box.top < 0 || box.left < 0 || box.bottom > window.innerHeight || box.right > window.innerWidth) return false;
    for (let parent = element.parentElement; parent; parent = parent.parentElement) {
      const style = getComputedStyle(parent);
      if (style.overflowX === "visible" && style.overflowY === "visible") continue;
      const clip = parent.getBoundingClientRect();
      if (box.top < clip.top - 1 || box.bottom > clip.bottom + 1 || box.left < clip.left - 1 || box.right > clip.right + 1) return false;
    }
    const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    return hit !== null && element.contains(hit);
  }, isCentered);
  expect(isOnTop, `on top: ${(await locator.textContent()) ?? ""}`).toBe(true);
}

/** Open a row's ⋯ menu and choose an item, checking first that the item is on top and whole. */
async function chooseFromRowMenu(row: Locator, item: string): Promise<string> {
  const trigger = row.getByRole("button", { name: /^Actions for / });
  const label = (await trigger.getAttribute("aria-label")) ?? "";
  await trigger.click();
  const menuItem = row.page().getByRole("menuitem", { name: item, exact: true });
  await expectOnTop(menuItem);
  await menuItem.click();
  return label.replace(/^Actions for /, "");
}

async function pageWidth(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth);
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
  await adjust.getByLabel("Reason").fill("Credit for the e2e outage");
  // a minus sign or an exponent is refused, not read as something else ("-5" under Add credit once added $5)
  for (const typo of ["-5", "1e3"]) {
    await adjust.getByLabel("Amount (USD)").fill(typo);
    await ops.getByTestId("adjust-save").click();
    await expect(adjust.getByText(typo === "-5" ? "Enter the amount without a minus sign" : "Enter dollars, e.g. 10 or 2.50")).toBeVisible();
  }
  await adjust.getByLabel("Amount (USD)").fill("25");
  await ops.getByTestId("adjust-save").click();
  await expect(ops.getByText("$25.00 added")).toBeVisible();
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
  // the customer was mailed a receipt for the top-up and how the refund ended (kept in the outbox: no mail server here)
  const subjects = ["Receipt: $20.00 added to your Switchyard balance", "Your refund of $5.00 is on its way"];
  await expect
    .poll(async () => {
      await ops.goto(`/admin/outbox?to=${encodeURIComponent(CUSTOMER.email)}`);
      const mails = (await ops.getByTestId("outbox-message").allInnerTexts()).join("\n");
      return subjects.filter((subject) => mails.includes(subject));
    })
    .toEqual(subjects);

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
  // the operator's home has the same charges in its last 24 hours, and the channels serving
  await ops.goto("/admin");
  expect(micros(await ops.getByTestId("stat-day-revenue").locator("dd").first().innerText())).toBeGreaterThanOrEqual(firstCost + secondCost);
  await expect(ops.getByTestId("stat-day-channels").locator("dd").first()).toHaveText(/^\d+ of \d+$/);
  await expect(ops.getByTestId("stat-day-requests").locator("dd").first()).not.toHaveText("0");
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

test("operator console layout: row menus above everything, long group names, phone layouts, audit details, memos in Chinese", async ({ browser }) => {
  const ops = await signIn(browser, OPERATOR);

  // Row menus open above the table's scroll box and the next row: on the first row and on the last, of channels…
  await addChannel(ops, { name: SECOND_CHANNEL, secret: `${UPSTREAM_SECRET}-b` });
  const channels = ops.getByRole("table", { name: "Channels" }).locator("tbody tr");
  await expect(channels).toHaveCount(2);
  for (const row of [channels.first(), channels.last()]) {
    const name = await chooseFromRowMenu(row, "Edit");
    await expect(ops.getByRole("dialog", { name: `Edit ${name}` })).toBeVisible();
    await ops.keyboard.press("Escape");
    await expect(ops.getByRole("dialog")).toHaveCount(0);
  }
  // (the keyboard: ArrowDown opens and focuses the first item, End the last, Escape closes and gives focus back)
  const lastTrigger = channels.last().getByRole("button", { name: /^Actions for / });
  await lastTrigger.focus();
  await ops.keyboard.press("ArrowDown");
  await expect(ops.getByRole("menuitem", { name: "Details" })).toBeFocused();
  await ops.keyboard.press("End");
  await expect(ops.getByRole("menuitem", { name: "Delete" })).toBeFocused();
  await ops.keyboard.press("Escape");
  await expect(ops.getByRole("menu")).toHaveCount(0);
  await expect(lastTrigger).toBeFocused();
  // (a click outside closes it)
  await lastTrigger.click();
  await expect(ops.getByRole("menu")).toBeVisible();
  await ops.getByRole("heading", { name: "Channels", level: 1 }).click();
  await expect(ops.getByRole("menu")).toHaveCount(0);
  // (an open menu stays open while the page re-reads its channels, every 30 s: the refresh used to remount every cell)
  await ops.clock.install();
  await ops.goto("/admin/channels");
  const { channels: listedChannels } = (await (await ops.request.get("/api/admin/channels")).json()) as { channels: { id: string; name: string }[] };
  const refreshed = listedChannels.find((c) => c.name === SECOND_CHANNEL)!;
  const refreshedRow = channels.filter({ hasText: SECOND_CHANNEL });
  await refreshedRow.getByRole("button", { name: `Actions for ${SECOND_CHANNEL}` }).click();
  await expect(ops.getByRole("menuitem", { name: "Details" })).toBeVisible();
  expect((await ops.request.patch(`/api/admin/channels/${refreshed.id}`, { data: { priority: 7 }, headers: { origin: ORIGIN } })).status()).toBe(200);
  await ops.clock.runFor(31_000);
  await expect(refreshedRow).toContainText("P7");
  await expect(ops.getByRole("menuitem", { name: "Details" })).toBeVisible();
  await ops.getByRole("menuitem", { name: "Details" }).click();
  await expect(ops.getByRole("dialog", { name: SECOND_CHANNEL })).toBeVisible();
  await ops.keyboard.press("Escape");

  // …and of models, whose next row's buttons used to take the click
  await ops.goto("/admin/models");
  const models = ops.getByRole("table", { name: "Catalog" }).locator("tbody tr");
  await expect.poll(() => models.count()).toBeGreaterThan(3); // (the table renders after the page: wait for its rows)
  const first = await chooseFromRowMenu(models.first(), "Edit details");
  await expect(ops.getByRole("dialog", { name: `Edit ${first}` })).toBeVisible();
  await ops.keyboard.press("Escape");
  const last = await chooseFromRowMenu(models.last(), "Price history");
  await expect(ops.getByRole("dialog", { name: `Prices of ${last}` })).toBeVisible();
  await ops.keyboard.press("Escape");

  // A 64-character group name; the same name in other letter case is refused, in the form and by the API
  await ops.getByLabel("Group", { exact: true }).fill(LONG_GROUP);
  await ops.getByLabel("Multiplier", { exact: true }).fill("0.9");
  await ops.getByRole("button", { name: "Save group" }).click();
  await expect(ops.getByText(`Group ${LONG_GROUP} saved`)).toBeVisible();
  const group = ops.getByTestId("group-row").filter({ has: ops.locator(`[title="${LONG_GROUP}"]`) });
  await expect(group).toBeVisible();
  await ops.getByLabel("Group", { exact: true }).fill(LONG_GROUP.toUpperCase());
  await ops.getByRole("button", { name: "Save group" }).click();
  await expect(ops.getByText(`A group named “${LONG_GROUP}” already exists`)).toBeVisible();
  const duplicate = await ops.request.post("/api/admin/groups", { data: { name: LONG_GROUP.toLowerCase(), multiplierPpm: 500_000 }, headers: { origin: ORIGIN } });
  expect(duplicate.status()).toBe(409);
  expect(((await duplicate.json()) as { error: { message: string } }).error.message).toContain(`A group named “${LONG_GROUP}” already exists`);
  const groups = (await (await ops.request.get("/api/admin/groups")).json()) as { groups: { name: string; multiplierPpm: number }[] };
  expect(groups.groups.filter((g) => g.name.toLowerCase() === LONG_GROUP.toLowerCase())).toEqual([expect.objectContaining({ name: LONG_GROUP, multiplierPpm: 900_000 })]);
  // the name is cut inside the card (whole in its title); the Edit button stays in the card
  await expectOnTop(group.getByRole("button", { name: `Edit group ${LONG_GROUP}` }), { isCentered: true });

  // A phone: no operator page is wider than the window; the models page keeps the group's Edit on screen
  await ops.setViewportSize(PHONE);
  for (const url of ["/admin", "/admin/channels", "/admin/models", "/admin/customers", "/admin/refunds", "/admin/revenue", "/admin/status", "/admin/audit", "/admin/outbox"]) {
    await ops.goto(url);
    await expect(ops.locator("h1").first()).toBeVisible();
    expect({ url, width: await pageWidth(ops) }).toEqual({ url, width: PHONE.width });
  }
  await ops.goto("/admin/models");
  await expectOnTop(group.getByRole("button", { name: `Edit group ${LONG_GROUP}` }), { isCentered: true });
  // channels: each row's state is on screen, not under the pinned Test and ⋯ buttons, and the menu still works
  await ops.goto("/admin/channels");
  for (const row of await channels.all()) await expectOnTop(row.getByTestId("channel-state-compact"), { isCentered: true });
  const phoneName = await chooseFromRowMenu(channels.last(), "Edit");
  await expect(ops.getByRole("dialog", { name: `Edit ${phoneName}` })).toBeVisible();
  await ops.keyboard.press("Escape");
  // audit: the two date filters say which is which
  await ops.goto("/admin/audit");
  for (const label of ["From (UTC)", "Until (UTC)"]) {
    await expect(ops.getByText(label, { exact: true })).toBeVisible();
    await expect(ops.getByLabel(label, { exact: true })).toHaveAttribute("type", "date");
  }
  // The audit log leads a balance adjustment's details with its amount and reason, on screen from 1280 px (where
  // the column shows) without scrolling the table sideways; the entry reads as dollars
  await ops.setViewportSize({ width: 1280, height: 800 });
  await ops.goto("/admin/audit");
  const adjustment = ops.locator("tbody tr").filter({ has: ops.locator('[data-action="wallet.adjust"]') });
  await expect(adjustment.locator("td").last()).toHaveText(/^amount=\$25(\.00)? · reason=Credit for the e2e outage · /);
  await expectOnTop(adjustment.locator("td").last().locator("span"), { isCentered: true });
  await ops.setViewportSize({ width: 1440, height: 900 });
  await adjustment.locator("td").first().click();
  const entry = ops.getByRole("dialog", { name: "Balance adjusted" });
  await expect(entry).toBeVisible();
  await expect(entry.locator('[data-field="amount"]')).toHaveText("$25.00");
  await expect(entry.locator('[data-field="after"]')).toHaveText(/^\$[\d,]+\.\d{2,6}$/);
  const transactionId = entry.locator('[data-field="transactionId"]');
  await expect(transactionId).toHaveText(/^[0-9a-f-]{36}$/);
  expect(await transactionId.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);
  expect(await entry.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);
  await ops.keyboard.press("Escape");

  // In Chinese, the ledger's own memos read in Chinese (the rows keep their English memo); an operator's reason as written
  await ops.goto(`/admin/customers?q=${encodeURIComponent(CUSTOMER.email)}`);
  await ops.getByRole("link", { name: CUSTOMER.email }).click();
  await expect(ops.getByTestId("customer-email")).toBeVisible();
  await ops.context().addCookies([{ name: "locale", value: "zh-CN", url: ORIGIN }]);
  await ops.reload();
  const memos = ops.getByTestId("ledger-memo");
  await expect(ops.getByTestId("ledger-line").and(ops.locator("[data-kind=topup]")).getByTestId("ledger-memo")).toHaveText("银行卡充值");
  await expect(ops.getByTestId("ledger-line").and(ops.locator("[data-kind=refund]")).getByTestId("ledger-memo").first()).toHaveText("退款至银行卡");
  await expect(ops.getByTestId("ledger-line").and(ops.locator("[data-kind=adjustment]")).getByTestId("ledger-memo")).toContainText("Credit for the e2e outage");
  await expect(ops.getByTestId("ledger-line").and(ops.locator("[data-kind=trial]")).getByTestId("ledger-memo")).toHaveText("新账户试用额度");
  for (const english of ["Trial credit for a new account", "Card top-up", "Refund to card"]) await expect(memos.filter({ hasText: english })).toHaveCount(0);
  fs.mkdirSync(SHOTS, { recursive: true });
  await ops.screenshot({ path: `${SHOTS}/admin-customer-desktop-light-zh-CN.png`, fullPage: true });
  await ops.context().addCookies([{ name: "locale", value: "en", url: ORIGIN }]);
});

test("the channel form fetches the upstream's models: a toggle adds one to the list that is saved", async ({ browser }) => {
  const ops = await signIn(browser, OPERATOR);
  const name = `fetched-${stamp}`;
  await ops.goto("/admin/channels");
  await ops.getByTestId("channel-new").click();
  const dialog = ops.getByRole("dialog");
  await dialog.getByLabel("Name", { exact: true }).fill(name);
  await dialog.getByLabel("Base URL").fill(`${e2eInfo().upstreamUrl}/v1`);
  // no key yet: nothing to list the models with, and nothing is asked of the upstream
  await dialog.getByRole("button", { name: "Fetch from upstream" }).click();
  await expect(dialog.getByText("Type an API key above to fetch the models with")).toBeVisible();
  await dialog.getByLabel("API keys").fill(`${UPSTREAM_SECRET}-fetch`);
  await dialog.getByRole("button", { name: "Fetch from upstream" }).click();
  const picker = dialog.getByTestId("upstream-models");
  await expect(picker).toContainText("5 models listed by the upstream");
  await picker.getByLabel("Filter the listed models").fill("mini");
  await expect(picker.getByRole("listitem")).toHaveCount(1);
  await picker.getByRole("button", { name: "+ gpt-4o-mini" }).click();
  await expect(dialog.getByLabel("Models served")).toHaveValue("gpt-4o-mini");
  await expect(picker.getByRole("button", { name: "✓ gpt-4o-mini" })).toHaveAttribute("aria-pressed", "true");
  await ops.getByTestId("channel-save").click();
  await expect(ops.getByText(`Channel ${name} added`)).toBeVisible();
  await expect(ops.locator("tr", { hasText: name })).toContainText("gpt-4o-mini");
  await ops.context().close();
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
  await ops.keyboard.press("Escape");
  // the row menus of the last rows, and a balance adjustment's audit entry, on a desktop and a phone
  for (const [size, viewport] of [
    ["desktop", { width: 1440, height: 900 }],
    ["phone", PHONE],
  ] as const) {
    await ops.setViewportSize(viewport);
    await ops.goto("/admin/channels");
    await ops.getByRole("table", { name: "Channels" }).locator("tbody tr").last().getByRole("button", { name: /^Actions for / }).click();
    await expect(ops.getByRole("menu")).toBeVisible();
    await ops.screenshot({ path: `${SHOTS}/admin-channels-menu-${size}-light.png` });
    await ops.goto("/admin/models");
    const lastModel = ops.getByRole("table", { name: "Catalog" }).locator("tbody tr").last();
    await lastModel.scrollIntoViewIfNeeded();
    await lastModel.getByRole("button", { name: /^Actions for / }).click();
    await expect(ops.getByRole("menu")).toBeVisible();
    await ops.screenshot({ path: `${SHOTS}/admin-models-menu-${size}-light.png` });
    await ops.goto(`/admin/audit?action=wallet.adjust`);
    await ops.locator("tbody tr").first().locator("td").first().click();
    await expect(ops.getByRole("dialog")).toBeVisible();
    await ops.screenshot({ path: `${SHOTS}/admin-audit-entry-${size}-light.png` });
  }
});
