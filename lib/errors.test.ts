import { describe, expect, it } from "vitest";
import { isTransientDbError } from "./billing/hold-types";
import { isConnectionError, toAppError } from "./errors";

/** What Node's net module throws when a connect fails (pg passes it on as it is). */
function connectError(code: string, address: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`connect ${code} ${address}`), { code, syscall: "connect", address });
}

describe("a database that cannot be reached", () => {
  it("over TCP (refused) or over its Unix socket (the socket's file is gone while it is stopped) is an outage: 503", () => {
    for (const error of [connectError("ECONNREFUSED", "127.0.0.1:5432"), connectError("ENOENT", "/srv/.data/pg/.s.PGSQL.5432")]) {
      expect(isConnectionError(error)).toBe(true);
      expect(isTransientDbError(error)).toBe(true);
      expect(toAppError(error)).toMatchObject({ code: "unavailable", status: 503 });
    }
  });

  it("a missing file that is not a socket being connected to is not an outage", () => {
    const missing = Object.assign(new Error("ENOENT: no such file or directory, open '/srv/x.json'"), { code: "ENOENT", syscall: "open" });
    expect(isConnectionError(missing)).toBe(false);
    expect(isTransientDbError(missing)).toBe(false);
    expect(toAppError(missing)).toMatchObject({ code: "internal", status: 500 });
  });
});
