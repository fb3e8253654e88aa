/**
 * A console route's 401 because the session is gone (expired, revoked, signed out in another tab) carries this
 * header; a 401 for a wrong password does not. The browser's JSON helpers then send the person to sign in again and
 * back to the page they were on, instead of showing "Sign in to continue." inside a form with no way on.
 */
export const SIGN_IN_REQUIRED_HEADER = "x-sign-in-required";

/** In the browser: after a console route's answer, go to /login?next=<this page> when it said the session is gone. */
export function redirectIfSignedOut(response: Response): void {
  if (response.status !== 401 || response.headers.get(SIGN_IN_REQUIRED_HEADER) === null || typeof window === "undefined") return;
  window.location.assign(`/login?next=${encodeURIComponent(window.location.pathname + window.location.search)}`);
}
