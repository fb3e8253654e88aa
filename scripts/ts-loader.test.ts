import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..");
const THROW_LINE = 4;

/** A scratch project whose main.ts imports every kind of specifier the server's import graph uses. */
const FILES: Record<string, string> = {
  "main.ts": [
    `import { extensionless } from "./extensionless";`,
    `import { fromIndex } from "./folder";`,
    `import { jsMeansTs } from "./js-means-ts.js";`,
    `import { MODEL_ID } from "@/lib/keys/model-id";`,
    `import pg from "pg";`,
    `import { z } from "zod";`,
    `import "server-only";`,
    `import { outer, selfUrl } from "./closures";`,
    `import { fail } from "./thrower";`,
    `let stack = "";`,
    `try { fail(); } catch (error) { stack = (error as Error).stack ?? ""; }`,
    `process.stdout.write(JSON.stringify({`,
    `  extensionless, fromIndex, jsMeansTs, aliased: MODEL_ID.test("gpt-4o"), pgPool: typeof pg.Pool,`,
    `  zod: z.string().parse("ok"), outerSource: outer(), selfUrl, stack,`,
    `}));`,
  ].join("\n"),
  "extensionless.ts": `export const extensionless: string = "extensionless";`,
  "folder/index.ts": `export const fromIndex: string = "index";`,
  "js-means-ts.ts": `export const jsMeansTs: string = "js-means-ts";`,
  // keepNames would compile `inner` to `__name(() => 1, "inner")` inside outer's own source
  "closures.ts": `export function outer(): string { const inner = (): number => 1; void inner; return outer.toString(); }\nexport const selfUrl = import.meta.url;`,
  // line THROW_LINE of the TypeScript source throws; the types above it are erased from the JavaScript
  "thrower.ts": `type Unused = {\n  field: string;\n};\nexport function fail(): never { throw new Error("from thrower"); }\nexport type { Unused };`,
};

let dir = "";

function run(): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ["--import", path.join(ROOT, "scripts/ts-hooks.mjs"), path.join(dir, "main.ts")], { cwd: dir, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe("scripts/ts-loader.mjs (the server's TypeScript loader)", { timeout: 90_000 }, () => {
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "ts-loader-"));
    for (const [name, text] of Object.entries(FILES)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), text);
    }
    // packages resolve from the repository's node_modules, as they would for a file inside it
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("resolves like tsx, keeps module URLs, drops keepNames wrappers and maps stacks to .ts lines", async () => {
    const result = await run();
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const out = JSON.parse(result.stdout);
    expect(out).toMatchObject({ extensionless: "extensionless", fromIndex: "index", jsMeansTs: "js-means-ts", aliased: true, pgPool: "function", zod: "ok" });
    expect(out.selfUrl).toBe(pathToFileURL(path.join(dir, "closures.ts")).href);
    expect(out.outerSource).toContain("inner");
    expect(out.outerSource).not.toContain("__name");
    expect(out.stack).toContain("from thrower");
    expect(out.stack).toContain(`${path.join(dir, "thrower.ts")}:${THROW_LINE}:`);
  });
});
