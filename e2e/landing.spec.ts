import { expect, test } from "@playwright/test";

test("the landing page explains the product and links to sign-up", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Every model");
  await expect(page.getByRole("link", { name: "Create an account" })).toHaveAttribute("href", "/signup");
});
