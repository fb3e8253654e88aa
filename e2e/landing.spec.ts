import { expect, test } from "@playwright/test";
import { seedRelayChannel } from "./support/ctl";

test("the landing page explains the product and links to sign-up", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Every model");
  await expect(page.getByRole("link", { name: "Create an account" })).toHaveAttribute("href", "/signup");
});

test("the landing page's code card points each tool at this site, and its models are ones a key can call", async ({ page }) => {
  // a vendor of its own that sorts first, so the short list (one model of each vendor first) always shows it
  const model = `landing-${Date.now().toString(36)}`;
  seedRelayChannel(model, { vendor: "acme" });
  const models = page.getByRole("region", { name: "Models you can call" });
  await expect(async () => {
    await page.goto("/");
    await expect(models.getByRole("listitem").filter({ hasText: model })).toContainText("$2.50 / $10.00", { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  const origin = new URL(page.url()).origin;
  const card = page.getByTestId("code-block");
  await expect(card.getByRole("tab", { name: "Claude Code" })).toHaveAttribute("aria-selected", "true");
  await expect(card.getByRole("tabpanel")).toContainText(`export ANTHROPIC_BASE_URL="${origin}"`);
  await card.getByRole("tab", { name: "Codex CLI" }).click();
  await expect(card.getByRole("tabpanel")).toContainText(`base_url = "${origin}/v1"`);
  await card.getByRole("tab", { name: "OpenAI SDK" }).click();
  await expect(card.getByRole("tabpanel")).toContainText(`base_url="${origin}/v1"`);

  await models.getByRole("link", { name: /All models and prices/ }).click();
  await expect(page).toHaveURL(/\/models$/);
  await expect(page.getByRole("row").filter({ hasText: model })).toContainText("$2.50");
});

test("every public page's footer links to the service status page", async ({ page }) => {
  for (const path of ["/", "/models", "/docs"]) {
    await page.goto(path);
    await page.getByRole("contentinfo").getByRole("link", { name: "Service status" }).click();
    await expect(page).toHaveURL(/\/status$/);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  }
});
