// Module hooks that let plain Node run this repository's TypeScript (server.ts and what it imports), registered by
// scripts/ts-hooks.mjs. It replaces tsx on the server because tsx compiles with esbuild's `keepNames: true`, which
// wraps every nested function and class in a `__name(fn, "name")` call: the relay defines closures per request, so
// that wrapper cost it a few % of its CPU (docs/benchmarks.md). Resolves what tsx resolves for this repo:
// extensionless relative imports, `.js` specifiers that mean a `.ts` file, tsconfig `paths` ("@/..."); packages
// resolve as Node resolves them.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { transform } from "esbuild";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const TS_EXTENSIONS = [".ts", ".tsx", ".mts"];
const LOADERS = { ".ts": "ts", ".mts": "ts", ".tsx": "tsx" };
/** what a `.js`-family specifier may stand for, TypeScript first as tsc and tsx do */
const JS_TO_TS = { ".js": [".ts", ".tsx"], ".jsx": [".tsx"], ".mjs": [".mts"] };
const EXTENSIONLESS = [".ts", ".tsx", ".mts", ".js", ".mjs", ".json"];
const INDEXES = ["/index.ts", "/index.tsx", "/index.js"];

function readTsconfig() {
  // tsconfig.json is plain JSON here (no comments); its compilerOptions give esbuild jsx, class-field semantics etc.
  const file = path.join(ROOT, "tsconfig.json");
  if (!fs.existsSync(file)) return { compilerOptions: {} };
  return JSON.parse(fs.readFileSync(file, "utf8"));
}

const tsconfig = readTsconfig();
const compilerOptions = tsconfig.compilerOptions ?? {};
const baseDir = path.resolve(ROOT, compilerOptions.baseUrl ?? ".");
/** tsconfig `paths` as [prefix, suffix, targets]: "@/*" → ["@/", "", ["./*"]] */
const pathAliases = Object.entries(compilerOptions.paths ?? {}).map(([pattern, targets]) => {
  const star = pattern.indexOf("*");
  return star < 0 ? [pattern, null, targets] : [pattern.slice(0, star), pattern.slice(star + 1), targets];
});

const isFile = (file) => fs.statSync(file, { throwIfNoEntry: false })?.isFile() === true;

/** the file a path-like specifier names, tried the way tsx tries it; undefined when none exists */
function findFile(base) {
  const ext = path.extname(base);
  for (const tsExt of JS_TO_TS[ext] ?? []) {
    const candidate = base.slice(0, -ext.length) + tsExt;
    if (isFile(candidate)) return candidate;
  }
  if (isFile(base)) return base;
  for (const suffix of [...EXTENSIONLESS, ...INDEXES]) {
    if (isFile(base + suffix)) return base + suffix;
  }
  return undefined;
}

function aliasTargets(specifier) {
  const targets = [];
  for (const [prefix, suffix, replacements] of pathAliases) {
    if (suffix === null) {
      if (specifier === prefix) targets.push(...replacements.map((target) => path.resolve(baseDir, target)));
    } else if (specifier.startsWith(prefix) && specifier.endsWith(suffix) && specifier.length >= prefix.length + suffix.length) {
      const match = specifier.slice(prefix.length, specifier.length - suffix.length);
      targets.push(...replacements.map((target) => path.resolve(baseDir, target.replace("*", match))));
    }
  }
  return targets;
}

const isOwnCode = (parentURL) => parentURL?.startsWith("file:") === true && !parentURL.includes("/node_modules/");

/** A found file: TypeScript as a module here; a `.json` file still goes through Node, which checks its import attributes. */
function resolved(file, context, nextResolve) {
  if (file.endsWith(".json")) return nextResolve(pathToFileURL(file).href, context);
  return { url: pathToFileURL(file).href, format: TS_EXTENSIONS.includes(path.extname(file)) ? "module" : undefined, shortCircuit: true };
}

export async function resolve(specifier, context, nextResolve) {
  const { parentURL } = context;
  if (isOwnCode(parentURL)) {
    const isPathLike = specifier.startsWith("./") || specifier.startsWith("../") || specifier.startsWith("/") || specifier.startsWith("file:");
    if (isPathLike) {
      const base = specifier.startsWith("file:") ? fileURLToPath(specifier) : path.resolve(path.dirname(fileURLToPath(parentURL)), specifier);
      const file = findFile(base);
      if (file !== undefined) return resolved(file, context, nextResolve);
    } else {
      for (const target of aliasTargets(specifier)) {
        const file = findFile(target);
        if (file !== undefined) return resolved(file, context, nextResolve);
      }
    }
  }
  return nextResolve(specifier, context);
}

export async function load(url, context, nextLoad) {
  if (!url.startsWith("file:")) return nextLoad(url, context);
  const file = fileURLToPath(url);
  const loader = LOADERS[path.extname(file)];
  if (loader === undefined) return nextLoad(url, context);
  const source = await fs.promises.readFile(file, "utf8");
  const result = await transform(source, {
    loader,
    format: "esm",
    target: "node20",
    platform: "node",
    keepNames: false,
    // stack traces point at the .ts lines (ts-hooks.mjs turns Node's source-map support on)
    sourcemap: "inline",
    sourcesContent: false,
    sourcefile: file,
    tsconfigRaw: { compilerOptions },
  });
  return { format: "module", source: result.code, shortCircuit: true };
}
