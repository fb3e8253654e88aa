import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { holdPageScripts, waitForHydration } from "./support/hold-scripts";
import { signUpAndVerify } from "./support/sign-up-and-verify";

const SHOTS = "artifacts/screenshots";

/** "$1,021.50" → 102150 cents (exact; the page only shows whole cents here). */
function cents(text: string): number {
  const match = /^\$([\d,]+)\.(\d{2})$/.exec(text.trim());
  if (!match) throw new Error(`not a dollar amount: ${text}`);
  return Number(match[1].replace(/,/g, "")) * 100 + Number(match[2]);
}

test("an amount typed while the billing page is still loading is the amount Checkout charges", async ({ page }) => {
  await signUpAndVerify(page, { name: "Eager Payer", email: `eager-${Date.now()}@example.com`, password: "a long enough passphrase 42" });
  // a full page load with its scripts held back: the custom amount is typed into the server-rendered form
  const scripts = await holdPageScripts(page);
  await page.goto("/billing", { waitUntil: "domcontentloaded" });
  await page.locator("#topup-custom").fill("37");
  scripts.release();
  await waitForHydration(page, "#topup-custom");
  // the form's state holds what the field shows: the button names it, and Checkout charges it (not the preset)
  await expect(page.getByTestId("topup-submit")).toContainText("$37.00");
  await page.getByTestId("topup-submit").click();
  await page.waitForURL(/\/checkout\/cs_test_/);
  await expect(page.getByTestId("checkout-amount")).toHaveText("USD 37.00");
});

test("a customer tops up $20 through Stripe Checkout and sees it in the balance and the statement", async ({ page }) => {
  await signUpAndVerify(page, { name: "Ada Payer", email: `payer-${Date.now()}@example.com`, password: "a long enough passphrase 42" });
  await page.goto("/billing");
  const balance = page.getByTestId("billing-balance");
  const before = cents(await balance.innerText());

  // Next's router.refresh() can be dropped (a refresh that never lands): the first one after the payment is left
  // unanswered here, and the page must still come to show the new balance.
  let isRefreshHeld = false;
  await page.route(
    (url) => url.pathname === "/billing",
    async (route) => {
      const headers = route.request().headers();
      if (!isRefreshHeld && headers.rsc === "1" && !headers["next-router-prefetch"] && new URL(route.request().url()).searchParams.has("topup")) {
        isRefreshHeld = true;
        return;
      }
      await route.continue();
    },
  );

  await page.getByRole("radio", { name: "$20" }).click();
  await page.getByTestId("topup-submit").click();

  // The fake Stripe's hosted Checkout page, reached through the Session URL the server created
  await page.waitForURL(/\/checkout\/cs_test_/);
  await expect(page.getByTestId("checkout-amount")).toHaveText("USD 20.00");
  await page.getByRole("button", { name: /^Pay/ }).click();

  // Back on the billing page: pending until the webhook lands, then the new balance
  await page.waitForURL(/\/billing\?topup=/);
  await expect(page.getByTestId("topup-paid")).toBeVisible();
  await expect(balance).toHaveText(/\$/);
  await expect.poll(async () => cents(await balance.innerText())).toBe(before + 2000);
  expect(isRefreshHeld).toBe(true);
  await expect(page.getByTestId("topup-paid")).toContainText(`$${((before + 2000) / 100).toFixed(2)}`);
  await page.unrouteAll({ behavior: "ignoreErrors" });

  const topUpRow = page.getByTestId("statement-row").and(page.locator("[data-kind=topup]"));
  await expect(topUpRow).toHaveCount(1);
  await expect(topUpRow).toContainText("+$20.00");
  await expect(topUpRow.getByRole("link", { name: "Receipt" })).toHaveAttribute("href", /\/receipts\/pi_/);
  await expect(page.getByTestId("topup-row").first()).toContainText("Paid");

  // The statement downloads as CSV with the top-up in it
  const csv = await page.request.get("/api/billing/statement");
  expect(csv.headers()["content-type"]).toContain("text/csv");
  const lines = (await csv.text()).trim().split("\n");
  expect(lines[0]).toBe("date_utc,type,description,amount_usd,balance_usd,requests,reference,receipt_url");
  expect(lines.some((line) => /,topup,Card top-up,20\.000000,/.test(line))).toBe(true);

  // A refund request larger than the unspent paid credit is refused with the reason
  await page.locator("#refund-amount").fill("25");
  await page.getByRole("button", { name: "Request refund" }).click();
  await expect(page.getByText(/You can ask for at most \$20\.00/)).toBeVisible();
  await page.locator("#refund-amount").fill("5");
  await page.locator("#refund-reason").fill("Testing the refund flow");
  await page.getByRole("button", { name: "Request refund" }).click();
  await expect(page.getByTestId("refund-row").first()).toContainText("Awaiting review");
  await expect(page.getByTestId("refundable")).toHaveText("$15.00");

  // Screenshots of the finished page: desktop and phone, light and dark
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.goto("/billing");
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const [device, size] of [
      ["desktop", { width: 1440, height: 1000 }],
      ["phone", { width: 390, height: 844 }],
    ] as const) {
      await page.setViewportSize(size);
      await page.reload();
      await expect(balance).toBeVisible();
      await page.screenshot({ path: `${SHOTS}/billing-${device}-${scheme}.png`, fullPage: true });
    }
  }
});
