/**
 * Signing up through the browser the way a person does since issue #10: fill the form, read the verification link
 * from the app's outbox (no mail server here), open it and confirm with the password (which also signs in). The bootstrap operator (first account on a fresh
 * database) lands on /dashboard at once, and so does this helper then.
 */
import { execFileSync } from "node:child_process";
import { expect, type Page } from "@playwright/test";
import { e2eDataDir } from "./ctl";

/** The newest message the app sent to `email` (its text), read from the outbox table. */
export function readOutbox(email: string): string {
  return execFileSync(process.execPath, ["--no-warnings", "--import", "tsx", "--import", "./scripts/register-hooks.mjs", "e2e/support/read-outbox.ts", email], {
    env: { ...process.env, DATA_DIR: e2eDataDir(), DATABASE_URL: "", LOG_LEVEL: "silent" },
    encoding: "utf8",
    timeout: 60_000,
  });
}

/** The path of the verification link in the newest mail to `email`. */
export function verificationPath(email: string): string {
  const mail = readOutbox(email);
  const link = /https?:\/\/\S+\/verify-email\/[A-Za-z0-9_-]+/.exec(mail)?.[0];
  if (!link) throw new Error(`no verification link in the newest mail to ${email}`);
  return new URL(link).pathname;
}

export async function fillSignUpForm(page: Page, { name, email, password }: { name?: string; email: string; password: string }): Promise<void> {
  await page.goto("/signup");
  if (name) await page.locator("input[name=name]").fill(name);
  await page.locator("input[name=email]").fill(email);
  await page.locator("input[name=password]").fill(password);
  await page.locator("form button[type=submit]").click();
}

/** On an opened verification link: the sign-up's password confirms the address and signs in. */
export async function confirmWithPassword(page: Page, password: string): Promise<void> {
  await page.locator("input[name=password]").fill(password);
  await page.locator("form button[type=submit]").click();
}

/** Sign up, confirm the address from the outbox (signing in); ends on /dashboard. */
export async function signUpAndVerify(page: Page, account: { name?: string; email: string; password: string }): Promise<void> {
  await fillSignUpForm(page, account);
  await page.waitForFunction(() => location.pathname === "/dashboard" || document.querySelector('[data-testid="signup-sent"]') !== null);
  if (new URL(page.url()).pathname === "/dashboard") return;
  await expect(page.getByTestId("signup-sent")).toContainText(account.email);
  await page.goto(verificationPath(account.email));
  await confirmWithPassword(page, account.password);
  await page.waitForURL(/\/dashboard$/);
}
