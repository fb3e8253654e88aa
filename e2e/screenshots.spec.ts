import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { ctl } from "./support/ctl";

// Every console and public page of the customer side at desktop and phone width, light and dark, English and
// Chinese, into artifacts/screenshots/ (CI keeps them). A customer with 40 days of usage makes the charts real.
test.describe.configure({ mode: "serial" });
test.setTimeout(600_000);

const PORT = Number(process.env.E2E_PORT ?? 3100);
const stamp = Date.now().toString(36);
const EMAIL = `shots-${stamp}@example.com`;
const PASSWORD = "screenshot passphrase";
const SHOTS = "artifacts/screenshots";
const SIZES = { desktop: { width: 1440, height: 900 }, phone: { width: 390, height: 844 } } as const;
const PAGES = [
  { name: "home", path: "/dashboard", ready: (page: Page) => expect(page.getByTestId("usage-chart")).toBeVisible() },
  { name: "keys", path: "/keys", ready: (page: Page) => expect(page.locator("tbody tr").first()).toBeVisible() },
  { name: "usage", path: "/usage", ready: (page: Page) => expect(page.locator("tbody tr").first()).toBeVisible() },
  { name: "playground", path: "/playground", ready: (page: Page) => expect(page.locator("#pg-input")).toBeVisible() },
  { name: "settings", path: "/settings", ready: (page: Page) => expect(page.getByTestId("sessions")).toBeVisible() },
  { name: "models", path: "/models", ready: (page: Page) => expect(page.getByTestId("models-table")).toBeVisible() },
  { name: "guides", path: "/docs", ready: (page: Page) => expect(page.getByTestId("base-url").first()).toBeVisible() },
  { name: "guide-claude-code", path: "/docs/claude-code", ready: (page: Page) => expect(page.getByTestId("code-block").first()).toBeVisible() },
  { name: "guide-codex-cli", path: "/docs/codex-cli", ready: (page: Page) => expect(page.getByTestId("code-block").first()).toBeVisible() },
] as const;

function e2eInfo(): { dataDir: string; upstreamUrl: string } {
  return JSON.parse(fs.readFileSync(path.join(os.tmpdir(), `switchyard-e2e-${PORT}.json`), "utf8")) as { dataDir: string; upstreamUrl: string };
}

test.beforeAll(() => {
  ctl("user:create", "--email", `shots-ops-${stamp}@example.com`, "--password", "operator passphrase 1", "--admin");
  ctl("user:create", "--email", EMAIL, "--password", PASSWORD);
  // the models page and the playground list only models a channel serves
  execFileSync(process.execPath, ["--import", "tsx", "--import", "./scripts/register-hooks.mjs", "e2e/support/seed-relay-channel.ts", `shots-model-${stamp}`, e2eInfo().upstreamUrl], {
    env: { ...process.env, DATA_DIR: e2eInfo().dataDir, DATABASE_URL: "", ALLOW_LOCAL_UPSTREAMS: "1", LOG_LEVEL: "warn" },
    encoding: "utf8",
  });
  execFileSync(
    process.execPath,
    ["--import", "tsx", "--import", "./scripts/register-hooks.mjs", "scripts/seed-usage.ts", "--email", EMAIL, "--rows", "4000", "--days", "40", "--keys", "4", "--chunk", "4000"],
    { env: { ...process.env, DATA_DIR: e2eInfo().dataDir, DATABASE_URL: "", LOG_LEVEL: "warn" }, encoding: "utf8" },
  );
});

test("every customer page, desktop and phone, light and dark, English and Chinese", async ({ page, context }) => {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.goto("/login");
  await page.locator("input[name=email]").fill(EMAIL);
  await page.locator("input[name=password]").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  for (const locale of ["en", "zh-CN"] as const) {
    await context.addCookies([{ name: "locale", value: locale, url: `http://localhost:${PORT}` }]);
    for (const colorScheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme });
      for (const [size, viewport] of Object.entries(SIZES)) {
        await page.setViewportSize(viewport);
        for (const shot of PAGES) {
          await page.goto(shot.path);
          await shot.ready(page);
          await expect(page.locator("html")).toHaveAttribute("lang", locale);
          await page.screenshot({ path: `${SHOTS}/console-${shot.name}-${size}-${colorScheme}-${locale}.png`, fullPage: true });
        }
      }
    }
  }
});

test("dialogs and drawers: create key, request details, copy as code", async ({ page, context }) => {
  await context.addCookies([{ name: "locale", value: "en", url: `http://localhost:${PORT}` }]);
  await page.goto("/login");
  await page.locator("input[name=email]").fill(EMAIL);
  await page.locator("input[name=password]").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    await page.setViewportSize(SIZES.desktop);
    await page.goto("/keys");
    await page.getByRole("button", { name: "Create key" }).first().click();
    await page.getByRole("button", { name: "Create key" }).last().click();
    await expect(page.getByText("Give the key a name")).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/console-keys-create-dialog-desktop-${colorScheme}-en.png` });
    await page.goto("/usage");
    await page.locator("tbody tr").first().click();
    await expect(page.getByTestId("request-details")).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/console-usage-drawer-desktop-${colorScheme}-en.png` });
    await page.goto("/playground");
    await page.getByRole("button", { name: "Copy as code" }).click();
    await expect(page.getByTestId("code-block")).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/console-playground-code-desktop-${colorScheme}-en.png` });
  }
});
