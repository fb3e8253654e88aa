import { describe, expect, it } from "vitest";
import { initials } from "./initials";

describe("initials", () => {
  it("takes the first letters of the first two words of the name", () => {
    expect(initials({ email: "a@example.com", name: "Ada Lovelace" })).toBe("AL");
    expect(initials({ email: "a@example.com", name: "  grace   brewster hopper " })).toBe("GB");
    expect(initials({ email: "a@example.com", name: "张伟" })).toBe("张");
  });

  it("uses the email's first letter when there is no name", () => {
    expect(initials({ email: "zoe.smith@example.com", name: null })).toBe("Z");
    expect(initials({ email: "zoe@example.com", name: "   " })).toBe("Z");
  });

  it("skips words without a letter or digit and never splits a character", () => {
    expect(initials({ email: "a@example.com", name: "🚀 Rocket" })).toBe("R");
    expect(initials({ email: "a@example.com", name: "Zoë 🚀 <i>x</i>" })).toBe("ZI");
    expect(initials({ email: "a@example.com", name: "𝒜lice Smith" })).toBe("𝒜S");
    // no lone half of a surrogate pair (in a u-regex a whole pair is one code point, outside this range)
    for (const name of ["🚀 Rocket", "🚀🚀", "a🚀 b"]) expect(initials({ email: "a@example.com", name })).not.toMatch(/[\uD800-\uDFFF]/u);
  });

  it("falls back to a question mark when nothing is a letter", () => {
    expect(initials({ email: "a@example.com", name: "🚀 ✨" })).toBe("?");
  });
});
