import fc from "fast-check";
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

  it("refuses exactly the bodies nested deeper than the limit, whatever brackets and quotes their strings hold", () => {
    /** The nesting depth of a JSON text, counted on its characters: brackets inside strings (escapes included) do not count. */
    const depthOf = (text: string) => {
      let depth = 0;
      let deepest = 0;
      let inString = false;
      for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (inString) {
          if (c === "\\") i++;
          else if (c === '"') inString = false;
        } else if (c === '"') inString = true;
        else if (c === "[" || c === "{") deepest = Math.max(deepest, ++depth);
        else if (c === "]" || c === "}") depth--;
      }
      return deepest;
    };
    const tricky = fc.constantFrom("[", "]", "{", "}", '"', "\\", '\\"', "[[{", "x");
    const leaf = fc.oneof(fc.constant(null), fc.integer(), fc.stringMatching(/^[a-z]{0,3}$/), fc.array(tricky, { maxLength: 4 }).map((parts) => parts.join("")));
    // a chain of arrays and objects around the limit's depth, with strings full of brackets and quotes along the way
    const nested = fc.tuple(fc.integer({ min: MAX_JSON_DEPTH - 3, max: MAX_JSON_DEPTH + 3 }), fc.array(fc.boolean(), { minLength: MAX_JSON_DEPTH + 3, maxLength: MAX_JSON_DEPTH + 3 }), leaf, leaf).map(([depth, isObject, inner, beside]) => {
      let value: unknown = inner;
      for (let level = 0; level < depth; level++) value = isObject[level] ? { s: beside, v: value } : [beside, value];
      return JSON.stringify(value);
    });
    fc.assert(
      fc.property(nested, (text) => {
        const isTooDeep = depthOf(text) > MAX_JSON_DEPTH;
        expect(isNestedDeeperThan(JSON.parse(text), MAX_JSON_DEPTH)).toBe(isTooDeep);
        if (isTooDeep) expect(() => parseJsonBody(bytes(text))).toThrow(`deeper than ${MAX_JSON_DEPTH} levels`);
        else expect(parseJsonBody(bytes(text))).toEqual(JSON.parse(text));
      }),
      { numRuns: 500 },
    );
  });

  it("skips the walk only where no body can be too deep: the shortest too-deep body is still refused", () => {
    const shortest = "[".repeat(MAX_JSON_DEPTH + 1) + "]".repeat(MAX_JSON_DEPTH + 1);
    expect(() => parseJsonBody(bytes(shortest))).toThrow(/deeper than/);
    expect(() => parseJsonBody(bytes(`{"a":${shortest}}`))).toThrow(/deeper than/);
    expect(parseJsonBody(bytes("[".repeat(MAX_JSON_DEPTH) + "]".repeat(MAX_JSON_DEPTH)))).toBeInstanceOf(Array);
  });
});
