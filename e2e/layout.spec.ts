import { expect, test, type Browser, type Locator, type Page } from "@playwright/test";
import { ctl } from "./support/ctl";

// Layout at the widths people use: nothing scrolls sideways on a phone, a table's row actions stay on screen at
// 1280 px, a dialog taller than the window keeps its buttons in view, one <main> landmark per page.
test.describe.configure({ mode: "serial" });

const stamp = Date.now().toString(36);
const EMAIL = `layout-${stamp}@example.com`;
const PASSWORD = "layout passphrase 1";
const OPERATOR = `layout-ops-${stamp}@example.com`;
const OPERATOR_PASSWORD = "operator passphrase 1";
const KEY_NAME = "a key with a rather long descriptive name";
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

test.beforeAll(() => {
  ctl("user:create", "--email", OPERATOR, "--password", OPERATOR_PASSWORD, "--admin");
  ctl("user:create", "--email", EMAIL, "--password", PASSWORD, "--credit", "20");
  // a balance with micro-dollars ($20.999395) is the widest figure the home page shows
  ctl("credit:add", "--email", EMAIL, "--amount", "-0.000605", "--reason", "layout test");
  ctl("key:create", "--email", EMAIL, "--name", KEY_NAME, "--models", "gpt-4o,claude-sonnet-4-6", "--cap", "5");
});

async function signedInPage(browser: Browser, viewport: { width: number; height: number }, email = EMAIL, password = PASSWORD): Promise<Page> {
  const page = await (await browser.newContext({ viewport })).newPage();
  await page.goto("/login");
  await page.locator("#email").fill(email);
  await page.locator("#password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).not.toHaveURL(/\/login/);
  return page;
}

/**
 * The element's box lies inside the window and inside every scroller around it (nothing hides it). Only the window
 * scrolls (vertically) to bring it up: a table scrolled sideways or a dialog scrolled down would hide the failure.
 */
async function isFullyVisible(locator: Locator): Promise<boolean> {
  return locator.evaluate((element) => {
    window.scrollBy(0, element.getBoundingClientRect().top - window.innerHeight / 2);
    const box = element.getBoundingClientRect();
    if (box.left < 0 || box.right > window.innerWidth || box.top < 0 || box.bottom > window.innerHeight) return false;
    for (let parent = element.parentElement; parent; parent = parent.parentElement) {
      if (getComputedStyle(parent).overflowX === "visible") continue;
      const clip = parent.getBoundingClientRect();
      if (box.left < clip.left - 1 || box.right > clip.right + 1) return false;
    }
    return true;
  });
}

test("phone width: no console page scrolls sideways, long figures and URLs stay inside", async ({ browser }) => {
  const page = await signedInPage(browser, PHONE);
  for (const path of ["/dashboard", "/keys", "/usage", "/billing", "/settings"]) {
    await page.goto(path);
    await expect(page.locator("main h1")).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBe(PHONE.width);
  }
  await page.goto("/dashboard");
  await expect(page.getByTestId("balance-available")).toHaveText("$20.999395");
  expect(await isFullyVisible(page.getByTestId("balance-available"))).toBe(true);
  // the row actions of a table wider than a phone stay pinned at its right edge
  await page.goto("/keys");
  expect(await isFullyVisible(page.getByRole("button", { name: `Actions for ${KEY_NAME}` }))).toBe(true);
});

test("1280 px: the keys and models tables fit, their row actions are on screen", async ({ browser }) => {
  const page = await signedInPage(browser, DESKTOP);
  await page.goto("/keys");
  const actions = page.getByRole("button", { name: `Actions for ${KEY_NAME}` });
  expect(await isFullyVisible(actions)).toBe(true);
  expect(await isFullyVisible(page.getByRole("columnheader", { name: /spend/i }))).toBe(true);
  const fits = (table: Locator) => table.evaluate((element) => element.scrollWidth <= (element.parentElement?.clientWidth ?? 0) + 1);
  expect(await fits(page.locator("table"))).toBe(true);
  await actions.click();
  await expect(page.getByRole("menuitem", { name: "Delete" })).toBeVisible();

  const operator = await signedInPage(browser, DESKTOP, OPERATOR, OPERATOR_PASSWORD);
  await operator.goto("/admin/models");
  await expect(operator.locator("tbody tr").first()).toBeVisible();
  expect(await fits(operator.locator("table").last())).toBe(true);
  expect(await isFullyVisible(operator.getByRole("button", { name: /^Actions for / }).first())).toBe(true);
});

test("a dialog taller than the window scrolls its body; the title and the buttons stay in view", async ({ browser }) => {
  const page = await signedInPage(browser, { width: 1280, height: 720 });
  await page.goto("/keys");
  await page.getByRole("button", { name: "Create key" }).first().click();
  const form = page.getByTestId("key-form");
  await form.getByLabel("Credit cap (USD)").fill("-1");
  const submit = page.getByRole("dialog").getByRole("button", { name: "Create key" });
  await submit.click();
  await expect(page.getByRole("dialog").getByRole("alert").first()).toBeVisible();
  expect(await isFullyVisible(submit)).toBe(true);
  expect(await isFullyVisible(page.getByRole("dialog").getByRole("heading").first())).toBe(true);
});

test("the public status page has one main landmark", async ({ page }) => {
  await page.goto("/status");
  await expect(page.locator("main")).toHaveCount(1);
});
