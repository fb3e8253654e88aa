/**
 * An upstream's error message must not carry the caller's prompt back out: error bodies end up in client logs,
 * issue trackers and screenshots. Any run of ECHO_RUN or more characters that also occurs in one of the request's
 * strings (its messages, system prompt, input…) is replaced, so "max_tokens is too large" survives and an echoed
 * prompt does not.
 */

/** Shorter runs are ordinary words and phrases; longer ones are very unlikely to match by chance. */
export const ECHO_RUN = 16;
const MAX_SCANNED_CHARS = 4_000_000;

/** Every string in a JSON value of at least `min` characters, up to a total budget. */
function stringLeaves(value: unknown, min: number, budget = { left: MAX_SCANNED_CHARS }, out: string[] = []): string[] {
  if (budget.left <= 0) return out;
  if (typeof value === "string") {
    if (value.length >= min) {
      out.push(value.length > budget.left ? value.slice(0, budget.left) : value);
      budget.left -= value.length;
    }
  } else if (Array.isArray(value)) {
    for (const item of value) stringLeaves(item, min, budget, out);
  } else if (value !== null && typeof value === "object") {
    for (const item of Object.values(value)) stringLeaves(item, min, budget, out);
  }
  return out;
}

export function scrubEchoes(message: string, request: unknown): string {
  if (message.length < ECHO_RUN) return message;
  const leaves = stringLeaves(request, ECHO_RUN);
  if (leaves.length === 0) return message;
  const starts = new Map<string, number[]>();
  for (let i = 0; i + ECHO_RUN <= message.length; i++) {
    const run = message.slice(i, i + ECHO_RUN);
    const list = starts.get(run);
    if (list) list.push(i);
    else starts.set(run, [i]);
  }
  const isEcho = new Uint8Array(message.length);
  for (const leaf of leaves) {
    for (let j = 0; j + ECHO_RUN <= leaf.length; j++) {
      const hits = starts.get(leaf.slice(j, j + ECHO_RUN));
      if (!hits) continue;
      for (const i of hits) isEcho.fill(1, i, i + ECHO_RUN);
    }
  }
  let scrubbed = "";
  for (let i = 0; i < message.length; i++) {
    if (!isEcho[i]) scrubbed += message[i];
    else if (i === 0 || !isEcho[i - 1]) scrubbed += "[…]";
  }
  return scrubbed;
}
