// Lets plain Node (server.ts, the CLI, scripts) load lib/ modules that start with `import "server-only"`:
// outside Next's bundler that package would throw, so it resolves to an empty module here.
import { register } from "node:module";

register("./server-only-hook.mjs", import.meta.url);
