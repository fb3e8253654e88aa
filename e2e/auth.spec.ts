import { expect, test, type Page } from "@playwright/test";
import { ctl } from "./support/ctl";
import { holdPageScripts, waitForHydration } from "./support/hold-scripts";
import { confirmWithPassword, fillSignUpForm, readOutbox, verificationPath } from "./support/sign-up-and-verify";

// One journey through the account flows: sign up and confirm the address by e-mail, sign out, sign in, forgot and
// reset the password by e-mail.
test.describe.configure({ mode: "serial" });

const stamp = Date.now().toString(36);
const EMAIL = `e2e-${stamp}@example.com`;
const PASSWORD = "correct horse battery";
const NEW_PASSWORD = "a freshly reset passphrase";
const OPERATOR = `ops-${stamp}@example.com`;
const OPERATOR_PASSWORD = "operator passphrase 1";
const SHOTS = "artifacts/screenshots";

// An operator exists before the visitor signs up, so the visitor is an ordinary customer even on a fresh database.
test.beforeAll(() => {
  ctl("user:create", "--email", OPERATOR, "--password", OPERATOR_PASSWORD, "--admin");
});

async function signIn(page: Page, { email, password }: { email: string; password: string }) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

async function signOut(page: Page) {
  await page.getByRole("button", { name: "Account menu" }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login\?signedOut=1/);
}

test("sign-up refuses empty, malformed and too-short input with messages beside the fields", async ({ page }) => {
  await page.goto("/signup");
  await expect(page.getByRole("heading", { name: "Create your account" })).toBeVisible();
  await expect(page.getByText("New accounts start with $1.00 of free credit")).toBeVisible();
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Enter your email address.")).toBeVisible();
  await expect(page.getByText("Enter a password.")).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");

  await page.getByLabel("Email").fill("not-an-email");
  await page.getByLabel("Password", { exact: true }).fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Enter a valid email address, like name@example.com.")).toBeVisible();
  await expect(page.getByText("Use at least 10 characters.")).toBeVisible();
  await expect(page).toHaveURL(/\/signup$/);

  // The server checks again, whatever the browser does.
  const response = await page.request.post("/api/auth/signup", { data: { email: "x@example.com", password: "short" }, headers: { origin: new URL(page.url()).origin } });
  expect(response.status()).toBe(422);
  expect((await response.json()).error.fieldErrors.password).toBe("Use at least 10 characters.");
});

test("sign-up screenshots (desktop and phone, light and dark)", async ({ page }) => {
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    for (const [name, size] of [["desktop", { width: 1440, height: 900 }], ["phone", { width: 390, height: 844 }]] as const) {
      await page.setViewportSize(size);
      await page.goto("/signup");
      await expect(page.getByRole("heading", { name: "Create your account" })).toBeVisible();
      await page.screenshot({ path: `${SHOTS}/signup-${name}-${colorScheme}.png`, fullPage: true });
    }
  }
});

test("a new visitor signs up, confirms the address from the mail, and lands on a home that shows the $1.00 trial credit", async ({ page }) => {
  await page.goto("/signup");
  await page.getByLabel("Name").fill("Erin Example");
  await page.getByLabel("Email").fill(EMAIL);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByTestId("signup-sent")).toContainText(`We sent a message to ${EMAIL}.`);
  await expect(page.getByRole("button", { name: "Send the link again" })).toBeVisible();
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    await page.screenshot({ path: `${SHOTS}/signup-sent-desktop-${colorScheme}.png`, fullPage: true });
  }
  await page.emulateMedia({ colorScheme: "light" });

  // Before the link is opened, the right password is told to confirm first (with a resend); nothing else says so.
  await signIn(page, { email: EMAIL, password: PASSWORD });
  await expect(page.getByTestId("email-unverified")).toHaveText(`Confirm your email first — we sent a link to ${EMAIL}. Open it, then sign in.`);
  await page.screenshot({ path: `${SHOTS}/signin-unverified-desktop-light.png`, fullPage: true });
  const firstLink = verificationPath(EMAIL);
  await page.getByTestId("resend-verification").click();
  await expect(page.getByTestId("verification-resent")).toBeVisible();
  expect(verificationPath(EMAIL)).not.toBe(firstLink);

  // The older link was spent by the resend: it says so and offers a new one.
  await page.goto(firstLink);
  await expect(page.getByTestId("verify-problem")).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/verify-invalid-desktop-light.png`, fullPage: true });
  await page.getByLabel("Email").fill(EMAIL);
  await page.getByRole("button", { name: "Send a new link" }).click();
  await expect(page.getByTestId("verification-resent")).toContainText(EMAIL);
  const link = verificationPath(EMAIL);

  // The link asks for the sign-up's password (a wrong one is refused and leaves the link usable), then signs in.
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "Confirm your email" })).toBeVisible();
  await expect(page.getByText(`Enter the password you chose for ${EMAIL}`)).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/verify-email-desktop-light.png`, fullPage: true });
  await confirmWithPassword(page, "not my password");
  await expect(page.getByText("That is not the password of the latest sign-up for this address.", { exact: false })).toBeVisible();
  await confirmWithPassword(page, PASSWORD);
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole("heading", { name: "Welcome to Switchyard, Erin Example" })).toBeVisible();
  await expect(page.getByTestId("first-request")).toBeVisible();
  await expect(page.getByTestId("balance-available")).toHaveText("$1.00");
  await expect(page.getByTestId("balance-trial")).toContainText("$1.00");
  await expect(page.getByTestId("balance-paid")).toContainText("$0.00");
  await expect(page.getByTestId("topbar-balance")).toContainText("$1.00");

  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    for (const [name, size] of [["desktop", { width: 1440, height: 900 }], ["phone", { width: 390, height: 844 }]] as const) {
      await page.setViewportSize(size);
      await page.reload();
      await expect(page.getByTestId("balance-available")).toHaveText("$1.00");
      await page.screenshot({ path: `${SHOTS}/home-${name}-${colorScheme}.png`, fullPage: true });
    }
  }
  await page.emulateMedia({ colorScheme: "light" });

  // On a phone the navigation is a drawer behind the menu button.
  await page.getByRole("button", { name: "Open menu" }).click();
  await expect(page.getByRole("dialog", { name: "Main navigation" }).getByRole("link", { name: "API keys" })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/home-phone-menu-light.png` });
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog", { name: "Main navigation" })).toBeHidden();
  await page.setViewportSize({ width: 1440, height: 900 });
});

test("a taken email gets the same answer, the owner gets a mail, nothing is overwritten", async ({ page }) => {
  await fillSignUpForm(page, { email: EMAIL.toUpperCase(), password: "another passphrase" });
  await expect(page.getByTestId("signup-sent")).toContainText(`We sent a message to ${EMAIL.toUpperCase()}.`);
  // The answer on the wire is the free-address one, byte for byte.
  const origin = new URL(page.url()).origin;
  const taken = await page.request.post("/api/auth/signup", { data: { email: EMAIL, password: "another passphrase" }, headers: { origin } });
  const free = await page.request.post("/api/auth/signup", { data: { email: `free-${stamp}@example.com`, password: "another passphrase" }, headers: { origin } });
  expect(taken.status()).toBe(202);
  expect(await taken.text()).toBe(await free.text());
  expect(Object.keys(taken.headers()).filter((name) => name !== "date").sort()).toEqual(Object.keys(free.headers()).filter((name) => name !== "date").sort());
  // Only the mailbox learns the address was taken.
  expect(readOutbox(EMAIL)).toContain("tried to create a new Switchyard account");
  // The original password still signs in: nothing was overwritten.
  await signIn(page, { email: EMAIL, password: PASSWORD });
  await expect(page).toHaveURL(/\/dashboard$/);
});

test("signing out ends the session; a wrong password is refused; the right one signs in", async ({ page }) => {
  await signIn(page, { email: EMAIL, password: PASSWORD });
  await expect(page).toHaveURL(/\/dashboard$/);
  const cookies = await page.context().cookies();
  await signOut(page);
  await expect(page.getByText("You have been signed out.")).toBeVisible();

  // The old session cookie is dead on the server, not just deleted in this browser.
  // ...and a console page sends the visitor to sign in with the way back
  await page.context().addCookies(cookies);
  await page.goto("/usage");
  await expect(page).toHaveURL(/\/login\?next=%2Fusage$/);

  await signIn(page, { email: EMAIL, password: "not my password" });
  await expect(page.getByTestId("form-error")).toHaveText("Incorrect email or password.");
  await signIn(page, { email: "nobody-here@example.com", password: "not my password" });
  await expect(page.getByTestId("form-error")).toHaveText("Incorrect email or password.");

  await page.goto("/keys");
  await expect(page).toHaveURL(/\/login\?next=%2Fkeys$/);
  await page.getByLabel("Email").fill(EMAIL);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/keys$/);

  // a session that ends while a page is open: the next action asks to sign in again, then comes back
  await page.context().clearCookies();
  await page.getByRole("button", { name: "Create key" }).first().click();
  await page.getByRole("dialog").getByLabel("Name").fill("after the session");
  await page.getByRole("button", { name: "Create key" }).last().click();
  await expect(page).toHaveURL(/\/login\?next=%2Fkeys$/);
  await page.getByLabel("Email").fill(EMAIL);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/keys$/);

  await page.goto("/dashboard");
  await expect(page.getByTestId("balance-available")).toHaveText("$1.00");
});

test("what is typed (or autofilled) while the sign-in page is still loading its scripts is kept", async ({ page }) => {
  // the page's scripts held back: its server-rendered form takes the email before React has hydrated it
  const scripts = await holdPageScripts(page);
  await page.goto("/login", { waitUntil: "domcontentloaded" });
  await page.getByLabel("Email").fill(EMAIL);
  scripts.release();
  await waitForHydration(page, "input[name=email]");
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await expect(page.getByLabel("Email")).toHaveValue(EMAIL);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
});

test("a form sent before the page has hydrated sends nothing, and keeps what was typed for the hydrated form", async ({ page }) => {
  // Enter pressed in the server-rendered form before React has attached its handler: the browser sends the form
  // itself. Sent as a GET that was /login?email=…&password=… — in the history, the address bar and every proxy's
  // access log; as a POST it reloaded the page empty. It goes nowhere now.
  const sent: string[] = [];
  const scripts = await holdPageScripts(page);
  await page.goto("/login", { waitUntil: "domcontentloaded" });
  page.on("request", (request) => {
    if (request.isNavigationRequest()) sent.push(`${request.method()} ${request.url()}`);
  });
  await page.getByLabel("Email").fill(EMAIL);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByLabel("Password", { exact: true }).press("Enter");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  scripts.release();
  await waitForHydration(page, "input[name=email]");
  expect(sent).toEqual([]);
  expect(page.url()).not.toContain("password");
  // hydrated: the typing is still there, and Enter now signs in
  await expect(page.getByLabel("Email")).toHaveValue(EMAIL);
  await page.getByLabel("Password", { exact: true }).press("Enter");
  await expect(page).toHaveURL(/\/dashboard$/);
});

test("a customer cannot reach /admin", async ({ page }) => {
  await signIn(page, { email: EMAIL, password: PASSWORD });
  await expect(page).toHaveURL(/\/dashboard$/);
  const response = await page.goto("/admin");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("link", { name: "Go to the console" })).toHaveAttribute("href", "/dashboard");
  const api = await page.request.post("/api/admin/ledger-check", { headers: { origin: new URL(page.url()).origin } });
  expect(api.status()).toBe(403);
});

test("forgot password: the link from the outbox sets a new password, once", async ({ page, browser }) => {
  await page.goto("/login");
  await page.getByRole("link", { name: "Forgot password?" }).click();
  await expect(page).toHaveURL(/\/forgot-password$/);
  await page.getByLabel("Email").fill(EMAIL);
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page.getByTestId("reset-sent")).toContainText(EMAIL);

  // The operator reads the kept message in /admin/outbox (no mail server on this machine).
  const operator = await browser.newPage();
  await signIn(operator, { email: OPERATOR, password: OPERATOR_PASSWORD });
  await expect(operator).toHaveURL(/\/dashboard$/);
  await operator.goto(`/admin/outbox?to=${encodeURIComponent(EMAIL)}`);
  const message = operator.getByTestId("outbox-message").first();
  await expect(message).toContainText("Reset your Switchyard password");
  const link = await message.getByRole("link", { name: /\/reset-password\// }).getAttribute("href");
  expect(link).toMatch(/^http:\/\/localhost:\d+\/reset-password\/[A-Za-z0-9_-]{43}$/);
  await operator.screenshot({ path: `${SHOTS}/admin-outbox-desktop-light.png`, fullPage: true });

  // The operator home runs the ledger check on demand.
  await operator.goto("/admin");
  await operator.getByTestId("run-ledger-check").click();
  await expect(operator.getByTestId("ledger-check-summary")).toContainText("accounts agree with their entries");
  await operator.screenshot({ path: `${SHOTS}/admin-home-desktop-light.png`, fullPage: true });
  await operator.close();

  await page.goto(link!);
  await expect(page.getByRole("heading", { name: "Set a new password" })).toBeVisible();
  await page.getByLabel("New password").fill("too short");
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page.getByText("Use at least 10 characters.")).toBeVisible();
  await page.getByLabel("New password").fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page).toHaveURL(/\/login\?reset=1$/);
  await expect(page.getByText("Your password has been changed.")).toBeVisible();

  await signIn(page, { email: EMAIL, password: PASSWORD });
  await expect(page.getByTestId("form-error")).toHaveText("Incorrect email or password.");
  await signIn(page, { email: EMAIL, password: NEW_PASSWORD });
  await expect(page).toHaveURL(/\/dashboard$/);

  // A used link is dead.
  await page.goto(link!);
  await expect(page.getByTestId("form-error")).toHaveText("This reset link is invalid or has expired. Request a new one.");
});

test("the console speaks Simplified Chinese after switching language", async ({ page }) => {
  await signIn(page, { email: EMAIL, password: NEW_PASSWORD });
  await expect(page).toHaveURL(/\/dashboard$/);
  await page.getByTestId("language-switcher").first().selectOption("zh-CN");
  await expect(page.getByText("可用余额")).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await page.screenshot({ path: `${SHOTS}/home-desktop-light-zh.png`, fullPage: true });
  await page.getByTestId("language-switcher").first().selectOption("en");
  await expect(page.getByText("Available balance")).toBeVisible();
});
