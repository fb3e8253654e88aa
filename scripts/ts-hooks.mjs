// `node --import ./scripts/ts-hooks.mjs server.ts`: runs the server's TypeScript through scripts/ts-loader.mjs
// (esbuild without tsx's keepNames wrappers) and maps "server-only" to an empty module (register-hooks.mjs).
import { register } from "node:module";
import "./register-hooks.mjs";

// inline source maps from the loader: errors' stacks name .ts files and lines
process.setSourceMapsEnabled(true);
register("./ts-loader.mjs", import.meta.url);
