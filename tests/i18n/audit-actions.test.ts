import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/** Every `action: "area.verb"` literal recorded by the app's source (tests excluded). */
function recordedActions(dir: string): string[] {
  const found = new Set<string>();
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !/\.tsx?$/.test(entry.name) || entry.name.includes(".test.")) continue;
    const file = path.join(entry.parentPath, entry.name);
    if (file.includes(`${path.sep}generated${path.sep}`)) continue;
    for (const match of fs.readFileSync(file, "utf8").matchAll(/action: "([a-z_]+\.[a-z_.]+)"/g)) found.add(match[1]);
  }
  return [...found].sort();
}

describe("audit log labels", () => {
  it("names every action the app records (the audit page showed raw ids such as user.email_verified)", () => {
    const labels = (JSON.parse(fs.readFileSync("messages/en/admin-audit.json", "utf8")) as { actions: Record<string, string> }).actions;
    const actions = [...recordedActions("lib"), ...recordedActions("app")];
    expect(actions.length).toBeGreaterThan(20);
    // the page looks labels up with the first dot turned into an underscore
    expect(actions.filter((action) => !(action.replace(".", "_") in labels))).toEqual([]);
  });
});
