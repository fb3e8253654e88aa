import type { Page } from "@playwright/test";

/**
 * Holds back the page's scripts (Next's /_next/static chunks) until `release` is called: the server-rendered page is
 * there and can be typed into, but React has not hydrated it — a slow connection, or a password manager faster than
 * the page.
 */
export async function holdPageScripts(page: Page): Promise<{ release: () => void }> {
  let open = () => {};
  const held = new Promise<void>((resolve) => (open = resolve));
  await page.route(/\/_next\/static\/.*\.js(\?|$)/, async (route) => {
    await held;
    await route.continue();
  });
  // released, the route lets every script through at once
  return { release: () => open() };
}

/** Waits until React has attached itself to the element `selector` names (it is hydrated). */
export async function waitForHydration(page: Page, selector: string): Promise<void> {
  await page.waitForFunction((css) => Object.keys(document.querySelector(css) ?? {}).some((key) => key.startsWith("__reactFiber")), selector);
}
