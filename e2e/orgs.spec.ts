import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import OpenAI from "openai";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { signUpAndVerify } from "./support/sign-up-and-verify";

const SHOTS = "artifacts/screenshots";
const PORT = Number(process.env.E2E_PORT ?? 3100);
const MODEL = "e2e-org-model";
const PASSWORD = "a long enough passphrase 42";

/** What e2e/support/e2e-server.ts wrote for this port: the app's data folder and the fakes' URLs. */
function e2eInfo(): { dataDir: string; upstreamUrl: string } {
  return JSON.parse(fs.readFileSync(path.join(os.tmpdir(), `switchyard-e2e-${PORT}.json`), "utf8")) as { dataDir: string; upstreamUrl: string };
}

/** Run a support script against the app's database, the way the CLI reaches it. */
function runSupport(script: string, args: string[]): string {
  const { dataDir } = e2eInfo();
  return execFileSync(process.execPath, ["--import", "tsx", "--import", "./scripts/register-hooks.mjs", `e2e/support/${script}`, ...args], {
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "", ALLOW_LOCAL_UPSTREAMS: "1", LOG_LEVEL: "warn" },
    encoding: "utf8",
  });
}

async function signUp(page: Page, { name, email }: { name: string; email: string }) {
  await signUpAndVerify(page, { name, email, password: PASSWORD });
}

function cents(text: string): number {
  const match = /\$([\d,]+)\.(\d{2})/.exec(text.trim());
  if (!match) throw new Error(`not a dollar amount: ${text}`);
  return Number(match[1].replace(/,/g, "")) * 100 + Number(match[2]);
}

/** "$0.00008" → 0.00008 (for tiny amounts the page shows with more decimals). */
function dollars(text: string): number {
  return Number(text.trim().replace(/[$,]/g, ""));
}

async function shoot(page: Page, name: string, { locales = ["en", "zh-CN"] as const, ready }: { locales?: readonly ("en" | "zh-CN")[]; ready: () => Promise<void> }) {
  fs.mkdirSync(SHOTS, { recursive: true });
  const url = new URL(page.url());
  for (const locale of locales) {
    await page.context().addCookies([{ name: "locale", value: locale, domain: url.hostname, path: "/" }]);
    for (const scheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const [device, size] of [
        ["desktop", { width: 1440, height: 1000 }],
        ["phone", { width: 390, height: 844 }],
      ] as const) {
        await page.setViewportSize(size);
        await page.reload();
        await ready();
        await page.screenshot({ path: `${SHOTS}/${name}-${device}-${scheme}-${locale}.png`, fullPage: true });
      }
    }
  }
  await page.context().addCookies([{ name: "locale", value: "en", domain: url.hostname, path: "/" }]);
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize({ width: 1440, height: 1000 });
}

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  return context.newPage();
}

test("an owner creates an organization, tops it up, invites a member by email; the member joins, creates a key and calls the relay; the owner sees it by member", async ({ page, browser, baseURL }) => {
  test.setTimeout(240_000);
  runSupport("seed-relay-channel.ts", [MODEL, e2eInfo().upstreamUrl]);
  const stamp = Date.now();
  const ownerEmail = `owner-${stamp}@example.com`;
  const memberEmail = `member-${stamp}@example.com`;

  // The owner creates the organization; the console switches to it.
  await signUp(page, { name: "Olive Owner", email: ownerEmail });
  await page.goto("/org");
  await expect(page.getByTestId("context-current").first()).toHaveText("Personal");
  await page.getByLabel("Name").fill("Acme Research");
  await page.getByTestId("create-org").click();
  await expect(page.getByTestId("org-name")).toHaveText("Acme Research");
  await expect(page.getByTestId("org-role")).toHaveText("Owner");
  await expect(page.getByTestId("context-current").first()).toHaveText("Acme Research");
  await expect(page.getByTestId("org-balance")).toHaveText("$0.00");

  // Top-up in the organization's context goes to the organization's wallet (fake Stripe Checkout).
  await page.goto("/billing");
  await expect(page.getByText("Top up Acme Research's shared balance")).toBeVisible();
  await page.getByRole("radio", { name: "$20" }).click();
  await page.getByTestId("topup-submit").click();
  await page.waitForURL(/\/checkout\/cs_test_/);
  await page.getByRole("button", { name: /^Pay/ }).click();
  await page.waitForURL(/\/billing\?topup=/);
  await expect.poll(async () => cents(await page.getByTestId("billing-balance").innerText())).toBe(2000);
  await page.goto("/org");
  await expect(page.getByTestId("org-balance")).toHaveText("$20.00");
  // the home page shows the organization's wallet, which has no trial credit
  await page.goto("/dashboard");
  await expect(page.getByTestId("balance-available")).toHaveText("$20.00");
  await expect(page.getByTestId("balance-trial")).toHaveCount(0);
  await expect(page.getByTestId("first-request")).toBeVisible();
  // the playground bills the person, not the organization whose balance the top bar shows: it says so
  await page.goto("/playground");
  await expect(page.getByTestId("playground-personal")).toContainText("bills your personal balance");
  await expect(page.getByTestId("playground-personal")).toContainText("not Acme Research's");

  // Invite the member by email.
  await page.goto("/org/members");
  await page.locator("input[name=inviteEmail]").fill(memberEmail);
  await page.getByTestId("invite-submit").click();
  await expect(page.getByTestId("invitation-row").first()).toContainText(memberEmail);
  await expect(page.getByTestId("invitation-row").first()).toHaveAttribute("data-status", "pending");

  // The member opens the link from the outbox, signs up and joins in one step.
  const mail = runSupport("read-outbox.ts", [memberEmail]);
  const link = /https?:\/\/\S+\/invite\/[A-Za-z0-9_-]+/.exec(mail)?.[0];
  expect(link, mail).toBeTruthy();
  const member = await newPage(browser);
  await member.goto(new URL(link!).pathname);
  await expect(member.getByRole("heading", { name: "Join Acme Research" })).toBeVisible();
  await shoot(member, "orgs-invite", { locales: ["en", "zh-CN"], ready: () => expect(member.getByTestId("signup-and-join")).toBeVisible() });
  await member.locator("input[name=name]").fill("Max Member");
  await member.locator("input[name=email]").fill(memberEmail);
  await member.locator("input[name=password]").fill(PASSWORD);
  await member.getByTestId("signup-and-join").click();
  await member.waitForURL(/\/org$/);
  await expect(member.getByTestId("org-role")).toHaveText("Member");
  await expect(member.getByTestId("allowance-remaining")).toHaveText("No cap");

  // The used link now says so.
  const reuse = await newPage(browser);
  await reuse.goto(new URL(link!).pathname);
  await expect(reuse.getByTestId("invite-problem")).toHaveAttribute("data-problem", "used");

  // A shareable link proves no mailbox: signing up from it asks to confirm the address first, and says so.
  await page.goto("/org/members");
  await page.getByRole("radio", { name: "By link" }).click();
  await page.getByRole("button", { name: "Create link" }).click();
  const shareable = (await page.getByTestId("invite-link").textContent())?.trim() ?? "";
  expect(shareable).toMatch(/\/invite\//);
  const stranger = await newPage(browser);
  await stranger.goto(new URL(shareable).pathname);
  await stranger.locator("input[name=email]").fill(`link-${stamp}@example.com`);
  await stranger.locator("input[name=password]").fill(PASSWORD);
  await stranger.getByTestId("signup-and-join").click();
  await expect(stranger.getByTestId("invite-confirm-email")).toContainText(`link-${stamp}@example.com`);
  await expect(stranger).toHaveURL(/\/invite\//);
  // ...and the confirmation link brings them back to the invitation, signed in, one click from joining
  const confirmation = runSupport("read-outbox.ts", [`link-${stamp}@example.com`]);
  const confirmLink = /https?:\/\/\S+\/verify-email\/\S+/.exec(confirmation)?.[0];
  expect(confirmLink, confirmation).toContain(`?next=${encodeURIComponent(new URL(shareable).pathname)}`);
  await stranger.goto(new URL(confirmLink!).pathname + new URL(confirmLink!).search);
  await stranger.locator("input[name=password]").fill(PASSWORD);
  await stranger.locator("form button[type=submit]").click();
  await expect(stranger).toHaveURL(new RegExp(`${new URL(shareable).pathname}$`));
  await expect(stranger.getByTestId("accept-invitation")).toBeVisible();

  // The owner gives the member a $5 monthly allowance.
  await page.goto("/org/members");
  const memberRow = page.locator(`[data-testid=member-row][data-email="${memberEmail}"]`);
  await memberRow.getByRole("button", { name: "Edit" }).click();
  await page.getByLabel("Monthly allowance (USD)").fill("5");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(memberRow).toContainText("$5.00");

  // The member creates a key in the organization and calls the relay with the OpenAI SDK.
  await member.goto("/keys");
  await member.getByRole("button", { name: "Create key" }).first().click();
  await member.getByTestId("key-form").getByLabel("Name").fill("laptop");
  await member.getByRole("dialog").getByRole("button", { name: "Create key" }).click();
  const secret = (await member.getByTestId("new-secret").innerText()).trim();
  expect(secret).toMatch(/^sk-/);
  const client = new OpenAI({ apiKey: secret, baseURL: `${baseURL}/v1`, maxRetries: 0 });
  // The channel table reloads within seconds of the seed; until then the model has no channel.
  let reply = "";
  await expect
    .poll(
      async () => {
        try {
          const completion = await client.chat.completions.create({ model: MODEL, messages: [{ role: "user", content: "Hello from the org" }] });
          reply = completion.choices[0].message.content ?? "";
          return true;
        } catch {
          return false;
        }
      },
      { timeout: 30_000, intervals: [1_000] },
    )
    .toBe(true);
  expect(reply.length).toBeGreaterThan(0);

  // The organization's balance dropped; the member's allowance shows the use.
  await page.goto("/org");
  await expect.poll(async () => cents(await page.getByTestId("org-balance").innerText()), { timeout: 15_000 }).toBeLessThan(2000);
  await member.goto("/dashboard");
  await expect(member.getByTestId("member-allowance")).toBeVisible();
  await expect.poll(async () => {
    await member.reload();
    return member.getByTestId("allowance-used").innerText();
  }, { timeout: 15_000 }).toMatch(/Used \$0\.0*[1-9]/);

  // The organization is in use: its owner's home no longer walks them through a first request
  await page.goto("/dashboard");
  await expect(page.getByTestId("balance-available")).toBeVisible();
  await expect(page.getByTestId("first-request")).toHaveCount(0);

  // The owner's usage log is the organization's: every member's keys, and it says so
  await page.goto("/usage");
  await expect(page.getByText("Every request made with Acme Research's keys, every member's")).toBeVisible();
  await member.goto("/usage");
  await expect(member.getByText("Every request made with your keys")).toBeVisible();

  // The owner sees the use by member.
  await page.goto("/org/usage");
  const usageRow = page.locator(`[data-testid=usage-member-row][data-email="${memberEmail}"]`);
  await expect.poll(async () => {
    await page.reload();
    return dollars(await usageRow.getByTestId("usage-member-30d").innerText());
  }, { timeout: 15_000 }).toBeGreaterThan(0);
  expect(dollars(await usageRow.getByTestId("usage-member-month").innerText())).toBeGreaterThan(0);
  const csv = await page.request.get(`/api/orgs/${await orgIdOf(page)}/usage/export?member=${await userIdOf(page, memberEmail)}`);
  expect(csv.status()).toBe(200);
  expect((await csv.text()).split("\n").filter((line) => line.includes(MODEL))).toHaveLength(1);

  // The audit log tells the story.
  await page.goto("/org/audit");
  for (const action of ["org.create", "invitation.create", "member.join", "member.allowance", "key.create"]) {
    await expect(page.locator(`[data-testid=audit-row][data-action="${action}"]`).first()).toBeVisible();
  }

  // Switching back to personal shows personal data only.
  await member.goto("/keys");
  await expect(member.getByText("laptop")).toBeVisible();
  await member.getByTestId("context-switcher").first().click();
  await member.getByRole("menuitemradio", { name: /Personal/ }).click();
  await expect(member.getByTestId("context-current").first()).toHaveText("Personal");
  await expect(member.getByText("laptop")).toHaveCount(0);

  // Screenshots of the organization pages: desktop and phone, light and dark, English and Chinese.
  await page.goto("/org");
  await shoot(page, "orgs-overview", { ready: () => expect(page.getByTestId("org-balance")).toBeVisible() });
  await page.goto("/org/members");
  await shoot(page, "orgs-members", { ready: () => expect(page.getByTestId("member-row").first()).toBeVisible() });
  await page.goto("/org/usage");
  await shoot(page, "orgs-usage", { ready: () => expect(page.getByTestId("usage-member-row").first()).toBeVisible() });
  await page.goto("/org/keys");
  await shoot(page, "orgs-keys", { locales: ["en"], ready: () => expect(page.getByTestId("org-key-row").first()).toBeVisible() });
  await page.goto("/org/audit");
  await shoot(page, "orgs-audit", { locales: ["en"], ready: () => expect(page.getByTestId("audit-row").first()).toBeVisible() });
  await page.goto("/org/settings");
  await shoot(page, "orgs-settings", { locales: ["en"], ready: () => expect(page.getByRole("button", { name: "Delete organization" })).toBeVisible() });
  await member.goto("/dashboard");
  await member.getByTestId("context-switcher").first().click();
  await member.getByRole("menuitemradio", { name: /Acme Research/ }).click();
  await expect(member.getByTestId("member-allowance")).toBeVisible();
  await shoot(member, "orgs-member-home", { locales: ["en", "zh-CN"], ready: () => expect(member.getByTestId("member-allowance")).toBeVisible() });

  // Made billing (top-ups and statements, no keys), the member sees the shared balance and no allowance: nothing of
  // theirs spends from one.
  const orgId = await orgIdOf(page);
  const { members } = (await (await page.request.get(`/api/orgs/${orgId}/members`)).json()) as { members: { email: string; membershipId: string }[] };
  const membershipId = members.find((m) => m.email === memberEmail)!.membershipId;
  expect((await page.request.patch(`/api/orgs/${orgId}/members/${membershipId}`, { data: { role: "billing" }, headers: { origin: new URL(page.url()).origin } })).status()).toBe(200);
  await member.goto("/org");
  await expect(member.getByTestId("org-balance")).toBeVisible();
  await expect(member.getByTestId("member-allowance")).toHaveCount(0);
  await member.goto("/dashboard");
  await expect(member.getByTestId("balance-available")).toBeVisible();
  await expect(member.getByTestId("member-allowance")).toHaveCount(0);
});

async function orgIdOf(page: Page): Promise<string> {
  const res = await page.request.get("/api/orgs");
  const { organizations } = (await res.json()) as { organizations: { id: string; name: string }[] };
  return organizations.find((org) => org.name === "Acme Research")!.id;
}

async function userIdOf(page: Page, email: string): Promise<string> {
  const res = await page.request.get(`/api/orgs/${await orgIdOf(page)}/members`);
  const { members } = (await res.json()) as { members: { email: string; userId: string }[] };
  return members.find((member) => member.email === email)!.userId;
}
