import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { isNestedDeeperThan, MAX_JSON_DEPTH, parseJsonBody } from "./parse-json-body";

const bytes = (text: string) => Buffer.from(text);

describe("parseJsonBody", () => {
  it("measures nesting of arrays and objects, not brackets inside strings", () => {
    expect(isNestedDeeperThan(JSON.parse('{"a":[1,{"b":[]}]}'), 4)).toBe(false);
    expect(isNestedDeeperThan(JSON.parse('{"a":[1,{"b":[]}]}'), 3)).toBe(true);
    expect(isNestedDeeperThan(JSON.parse('{"a":"[[[[{{{{","b":"\\"[[["}'), 1)).toBe(false);
    expect(isNestedDeeperThan(42, 0)).toBe(false);
    expect(isNestedDeeperThan([[], [[[]]], []], 3)).toBe(true);
  });

  it("accepts nesting up to the limit and refuses one level more with a 400", () => {
    const nested = (depth: number) => bytes("[".repeat(depth) + "]".repeat(depth));
    expect(parseJsonBody(nested(MAX_JSON_DEPTH))).toBeInstanceOf(Array);
    expect(() => parseJsonBody(nested(MAX_JSON_DEPTH + 1))).toThrow(AppError);
    expect(() => parseJsonBody(nested(MAX_JSON_DEPTH + 1))).toThrow(/deeper than/);
  });

  it("refuses invalid UTF-8 and invalid JSON as invalid_json, and parses the rest", () => {
    expect(() => parseJsonBody(Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d]))).toThrow(/UTF-8/);
    expect(() => parseJsonBody(bytes("{nope"))).toThrow(/not valid JSON/);
    expect(parseJsonBody(bytes('{"emoji":"\u{1F600}","n":1}'))).toEqual({ emoji: "\u{1F600}", n: 1 });
  });
});
