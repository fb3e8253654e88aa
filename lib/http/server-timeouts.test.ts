import { afterEach, describe, expect, it } from "vitest";
import { resetEnv } from "../env";
import { serverTimeouts } from "./server-timeouts";

function withEnv(values: Record<string, string>) {
  Object.assign(process.env, values);
  resetEnv();
  return serverTimeouts();
}

describe("serverTimeouts", () => {
  afterEach(() => {
    delete process.env.SERVER_HEADERS_TIMEOUT_MS;
    delete process.env.SERVER_REQUEST_TIMEOUT_MS;
    resetEnv();
  });

  it("defaults: headers within 66 s, the whole request within 5 minutes, checked every 16.5 s", () => {
    expect(withEnv({})).toEqual({ headersTimeout: 66_000, requestTimeout: 300_000, connectionsCheckingInterval: 16_500 });
  });

  it("never gives Node a headers timeout longer than the request timeout (it would refuse to start)", () => {
    expect(withEnv({ SERVER_HEADERS_TIMEOUT_MS: "10000", SERVER_REQUEST_TIMEOUT_MS: "2000" })).toMatchObject({ headersTimeout: 2_000, requestTimeout: 2_000 });
  });

  it("checks small timeouts often enough to mean them", () => {
    expect(withEnv({ SERVER_HEADERS_TIMEOUT_MS: "1500", SERVER_REQUEST_TIMEOUT_MS: "3000" }).connectionsCheckingInterval).toBe(375);
  });
});
