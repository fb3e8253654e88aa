/**
 * The sum of two canonical usages (several upstream reports for one request: image events, fanned-out choices).
 */
import type { Usage } from "../../billing/usage";

export function addUsage(a: Usage, b: Usage): Usage {
  return {
    input: { noCache: a.input.noCache + b.input.noCache, cacheRead: a.input.cacheRead + b.input.cacheRead, cacheWrite: a.input.cacheWrite + b.input.cacheWrite },
    output: { text: a.output.text + b.output.text, reasoning: a.output.reasoning + b.output.reasoning },
  };
}
