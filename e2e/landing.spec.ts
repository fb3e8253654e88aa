import { expect, test } from "@playwright/test";

test("the landing page explains the product and links to sign-up", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Every model");
  await expect(page.getByRole("link", { name: "Create an account" })).toHaveAttribute("href", "/signup");
});

test("every public page's footer links to the service status page", async ({ page }) => {
  for (const path of ["/", "/models", "/docs"]) {
    await page.goto(path);
    await page.getByRole("contentinfo").getByRole("link", { name: "Service status" }).click();
    await expect(page).toHaveURL(/\/status$/);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  }
});
