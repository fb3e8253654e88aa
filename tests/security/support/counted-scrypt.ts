/**
 * A seam over node:crypto that records every scrypt derivation's cost parameters, so tests can show two requests
 * take the same code path by counting the work rather than timing it. Use in a test file:
 * `vi.mock("node:crypto", async (importOriginal) => (await import("./support/counted-scrypt")).countedCrypto(importOriginal));`
 */
import type * as Crypto from "node:crypto";

const calls: unknown[] = [];

export async function countedCrypto(importOriginal: () => Promise<typeof Crypto>): Promise<typeof Crypto & { default: typeof Crypto }> {
  const actual = await importOriginal();
  const scrypt = (...args: Parameters<typeof actual.scrypt>) => {
    calls.push(args[3]);
    return (actual.scrypt as (...rest: unknown[]) => void)(...args);
  };
  return { ...actual, default: { ...actual, scrypt }, scrypt } as typeof Crypto & { default: typeof Crypto };
}

/** The cost parameters of the derivations since the last call (and forget them). */
export function takeScryptCalls(): unknown[] {
  return calls.splice(0);
}
