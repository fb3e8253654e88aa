/**
 * Process-wide singletons.
 *
 * Next bundles route handlers separately from server.ts, so one module can be loaded twice in one process.
 * State that must be unique per process (the database pool, in-memory holds, key cache, limits) lives on
 * globalThis under a well-known symbol, so every copy of a module sees the same instance.
 */
const KEYS = new Map<string, symbol>();

/** The symbol of a name, built once (hot paths call singleton() many times per request). */
function keyOf(name: string): symbol {
  let key = KEYS.get(name);
  if (key === undefined) {
    key = Symbol.for(`switchyard.${name}`);
    KEYS.set(name, key);
  }
  return key;
}

export function singleton<T>(name: string, create: () => T): T {
  const key = keyOf(name);
  const store = globalThis as unknown as Record<symbol, T | undefined>;
  let value = store[key];
  if (value === undefined) {
    value = create();
    store[key] = value;
  }
  return value;
}

/** Forget a singleton (tests and shutdown). */
export function dropSingleton(name: string): void {
  delete (globalThis as unknown as Record<symbol, unknown>)[keyOf(name)];
}
