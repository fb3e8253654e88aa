/** Drops every process-wide singleton so the next test file starts clean. */
export function resetCaches(): void {
  const store = globalThis as unknown as Record<symbol, unknown>;
  for (const key of Object.getOwnPropertySymbols(store)) {
    if (key.description?.startsWith("switchyard.")) delete store[key];
  }
}
