import { describe, expect, it } from "vitest";
import { cidrMatcher } from "../net/cidr";
import { clientIp } from "./client-ip";

describe("clientIp", () => {
  const isTrusted = cidrMatcher(["10.0.0.0/8"]);

  it("uses the socket address and ignores X-Forwarded-For from an untrusted peer", () => {
    expect(clientIp({ peerAddress: "::ffff:203.0.113.9", forwardedFor: "1.2.3.4", isTrusted })).toBe("203.0.113.9");
    expect(clientIp({ peerAddress: "203.0.113.9", forwardedFor: "1.2.3.4", isTrusted: null })).toBe("203.0.113.9");
  });

  it("walks X-Forwarded-For from the right past trusted proxies", () => {
    expect(clientIp({ peerAddress: "10.0.0.2", forwardedFor: "6.6.6.6, 198.51.100.7, 10.0.0.5", isTrusted })).toBe("198.51.100.7");
    expect(clientIp({ peerAddress: "10.0.0.2", forwardedFor: "garbage, 10.0.0.9", isTrusted })).toBe("10.0.0.9");
    expect(clientIp({ peerAddress: "10.0.0.2", forwardedFor: undefined, isTrusted })).toBe("10.0.0.2");
  });
});
