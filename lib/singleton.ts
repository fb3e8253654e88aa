/**
 * Process-wide singletons.
 *
 * Next bundles route handlers separately from server.ts, so one module can be loaded twice in one process.
 * State that must be unique per process (the database pool, in-memory holds, key cache, limits) lives in one
 * registry on globalThis under a well-known symbol, so every copy of this module (and so of every module using it)
 * sees the same instances. The registry is looked up once per copy; hot paths then pay one Map lookup per call.
 */
const REGISTRY_KEY = Symbol.for("switchyard.singletons");
const store = globalThis as unknown as Record<symbol, Map<string, unknown> | undefined>;
const registry: Map<string, unknown> = (store[REGISTRY_KEY] ??= new Map());

export function singleton<T>(name: string, create: () => T): T {
  let value = registry.get(name) as T | undefined;
  if (value === undefined) {
    value = create();
    registry.set(name, value);
  }
  return value;
}

/** The singleton of a name if one was created (tests look at state without creating it). */
export function peekSingleton<T>(name: string): T | undefined {
  return registry.get(name) as T | undefined;
}

/** Forget a singleton (tests and shutdown). */
export function dropSingleton(name: string): void {
  registry.delete(name);
}
