import type { z } from "zod";
import type { RawFlags } from "./parse-flags";

/** Zod issues on flags → "--email: required" / "--cap: … is not an amount" lines, one per flag. */
export function formatFlagIssues(error: z.ZodError, raw: RawFlags): string[] {
  const lines = new Map<string, string>();
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) lines.set(key, `--${key}: unknown flag`);
      continue;
    }
    const name = issue.path.length > 0 ? String(issue.path[0]) : "";
    if (lines.has(name)) continue;
    lines.set(name, name && !(name in raw) ? `--${name}: required` : `${name ? `--${name}` : "flags"}: ${issue.message}`);
  }
  return [...lines.values()];
}
