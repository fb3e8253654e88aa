import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { sql } from "../db";
import { freePort, isPortFree, socketDirFor, startEmbeddedPostgres } from "./embedded";

describe("the embedded PostgreSQL's address", () => {
  // the test run's database is the embedded server unless TEST_DATABASE_URL names another one
  it.skipIf(Boolean(process.env.TEST_DATABASE_URL))("is its Unix socket, in its data folder", async () => {
    const url = new URL(process.env.DATABASE_URL ?? "");
    expect(url.searchParams.get("host")).toMatch(/switchyard-test-pg-[^/]+\/pg$/);
    // no server address: the connection is not TCP
    const { rows } = await sql<{ address: string | null; isSocket: boolean }>(`select inet_server_addr()::text as address, inet_server_addr() is null as "isSocket"`);
    expect(rows[0]).toEqual({ address: null, isSocket: true });
  });

  it("falls back to TCP where the socket's path would not fit or the folder's name could not be listed", () => {
    expect(socketDirFor("/srv/switchyard/.data/pg", 54321)).toBe("/srv/switchyard/.data/pg");
    // a socket's path is limited to ~100 bytes (107 on Linux, 103 on macOS)
    expect(socketDirFor(`/srv/${"x".repeat(80)}/pg`, 54321)).toBeNull();
    // unix_socket_directories is a comma-separated list
    expect(socketDirFor("/srv/a,b/pg", 54321)).toBeNull();
    expect(socketDirFor("/srv/my data/pg", 54321)).toBeNull();
  });
});

describe("starting the embedded PostgreSQL", () => {
  it("says which port is taken, and creates no data folder, when another server holds its port", async () => {
    const port = await freePort();
    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(port, "127.0.0.1", resolve));
    const dataDir = path.join(os.tmpdir(), `switchyard-port-taken-${process.pid}`);
    try {
      expect(await isPortFree(port)).toBe(false);
      await expect(startEmbeddedPostgres({ dataDir, port })).rejects.toThrow(`port ${port} on 127.0.0.1 is taken`);
      await expect(startEmbeddedPostgres({ dataDir, port })).rejects.toThrow("EMBEDDED_PG_PORT");
      expect(fs.existsSync(dataDir)).toBe(false);
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
    expect(await isPortFree(port)).toBe(true);
  });
});
