/**
 * The app's master secret: signs session tokens and derives the key that encrypts upstream secrets at rest.
 * AUTH_SECRET when set; otherwise generated once into DATA_DIR/app-secret (mode 600) and reused on every start.
 * Several instances must share AUTH_SECRET (the file is per machine).
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { env } from "./env";
import { singleton } from "./singleton";

export function appSecret(): string {
  return singleton("app-secret", () => {
    const configured = env().AUTH_SECRET;
    if (configured) return configured;
    const dir = path.resolve(env().DATA_DIR);
    const file = path.join(dir, "app-secret");
    if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
    fs.mkdirSync(dir, { recursive: true });
    const secret = randomBytes(32).toString("base64url");
    try {
      fs.writeFileSync(file, secret, { mode: 0o600, flag: "wx" });
      return secret;
    } catch {
      return fs.readFileSync(file, "utf8").trim(); // another process wrote it first
    }
  });
}
