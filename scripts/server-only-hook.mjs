const EMPTY = "data:text/javascript,export%20%7B%7D";

export async function resolve(specifier, context, nextResolve) {
  if (specifier === "server-only" || specifier === "client-only") return { url: EMPTY, shortCircuit: true };
  return nextResolve(specifier, context);
}
