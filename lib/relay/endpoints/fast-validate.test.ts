import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { AppError } from "../../errors";
import { acceptsChat, acceptsCountTokens, acceptsEmbeddings, acceptsImages, acceptsMessages, acceptsResponses } from "./fast-validate";
import { chatSchema, countTokensSchema, embeddingsSchema, imagesSchema, messagesSchema, responsesSchema } from "./schemas";
import { validate } from "./types";

type Body = Record<string, unknown>;
type Accepts = (body: Body) => boolean;

const never = (_body: Body): _body is Body => false;

/** validate() as a value to compare: what it returns, or the error it throws (code, message, param, field errors). */
function outcome(run: () => unknown) {
  try {
    return { ok: true as const, value: run() };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { ok: false as const, error: { code: error.code, status: error.status, message: error.message, param: error.param, fieldErrors: error.fieldErrors } };
  }
}

/** JSON.parse makes an own "__proto__" key, which zod leaves out of the objects it rebuilds. */
const withProto = (text: string) => JSON.parse(text) as Body;

// values a field can wrongly (or rightly) hold: types, edges of the numeric limits, unsafe integers, NaN-ish values
const oddValue = fc.constantFrom<unknown>(
  undefined, null, true, false, 0, -0, 1, 2, 10, 11, 128, 129, -1, 1.5, 2 ** 53, 2 ** 53 - 1, -(2 ** 53), 1e300, NaN, Infinity, -Infinity,
  "", "x", "12", "user", "assistant", "system", "tool", "a".repeat(256), "a".repeat(257), "\u{1F600}".repeat(128), "\u{1F600}".repeat(129),
  [], [1], [1, 2], ["a"], ["a", 1], [[1]], [[]], [[1.5]], [null], [{}], [{ type: "text" }], [{ type: 1 }], [{ name: "f" }],
  [{ role: "user", content: "hi" }], [{ role: "user" }], {}, { type: "x" }, { include_usage: true }, { include_usage: "yes" },
);
const protoObjects = fc.constantFrom(
  () => withProto('{"__proto__":{"a":1},"type":"t","role":"user","name":"n","content":"c"}'),
  () => withProto('{"__proto__":null,"type":"t","role":"user","name":"n","content":"c"}'),
).map((make) => make());

const model = fc.oneof({ weight: 6, arbitrary: fc.constantFrom("gpt-4o", "claude-sonnet-4", "a".repeat(256)) }, { weight: 1, arbitrary: fc.constantFrom("a".repeat(257), "") }, { weight: 2, arbitrary: fc.string({ maxLength: 300 }) });
const tokenLimit = fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 1, max: 200_000 }) }, { weight: 1, arbitrary: fc.constantFrom(2 ** 53 - 1, 2 ** 53, 0, -5, 2.5) });
const unknownKey = fc.oneof({ weight: 12, arbitrary: fc.constantFrom("temperature", "metadata", "user", "top_p", "extra", "constructor", "toString") }, { weight: 1, arbitrary: fc.constant("__proto__") });
const unknownFields = fc.dictionary(unknownKey, fc.jsonValue({ maxDepth: 3 }), { maxKeys: 3, noNullPrototype: true });

/** A field's value: mostly a plausible one, sometimes an odd one; sometimes the field is left out. */
function field<T>(plausible: fc.Arbitrary<T>) {
  return fc.option(fc.oneof({ weight: 10, arbitrary: plausible as fc.Arbitrary<unknown> }, { weight: 1, arbitrary: oddValue }), { freq: 6, nil: undefined });
}

/** Mostly-valid array items with the odd bad one: wrong type, missing tag, an own "__proto__", not an object. */
function items(good: fc.Arbitrary<Body>) {
  const item = fc.oneof({ weight: 30, arbitrary: good as fc.Arbitrary<unknown> }, { weight: 1, arbitrary: oddValue }, { weight: 1, arbitrary: protoObjects });
  return fc.oneof({ weight: 1, arbitrary: fc.constant([]) }, { weight: 8, arbitrary: fc.array(item, { minLength: 1, maxLength: 4 }) });
}

function body(fields: Record<string, fc.Arbitrary<unknown>>) {
  return fc.tuple(fc.record(fields, { noNullPrototype: true }), unknownFields, fc.nat(9).map((n) => n === 0)).map(([known, extra, isProto]) => {
    // absent fields are left out (not set to undefined), as in a parsed body
    const result: Body = isProto ? withProto('{"__proto__":{"polluted":true}}') : {};
    for (const [key, value] of Object.entries(extra)) Object.defineProperty(result, key, { value, enumerable: true, writable: true, configurable: true });
    for (const [key, value] of Object.entries(known)) if (value !== undefined) result[key] = value;
    return result;
  });
}

const tagged = (key: string, values: fc.Arbitrary<unknown>) => fc.tuple(values, fc.dictionary(fc.constantFrom("extra", "cache_control", "id"), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 2, noNullPrototype: true })).map(([value, extra]) => ({ ...extra, [key]: value }) as Body);
const chatMessage = tagged("role", fc.constantFrom("user", "assistant", "system", "tool"));
const typedBlock = tagged("type", fc.constantFrom("text", "image", "function"));
const anthropicMessage = fc
  .tuple(
    fc.oneof({ weight: 8, arbitrary: fc.constantFrom<unknown>("user", "assistant", "system") }, { weight: 1, arbitrary: fc.constantFrom<unknown>("tool", 1) }),
    fc.oneof({ weight: 4, arbitrary: fc.string({ maxLength: 20 }) }, { weight: 4, arbitrary: items(typedBlock) }, { weight: 1, arbitrary: oddValue }),
  )
  .map(([role, content]) => (content === undefined ? { role } : { role, content }));

const bodies = {
  chat: body({
    model: field(model),
    messages: field(items(chatMessage)),
    stream: field(fc.boolean()),
    stream_options: field(fc.record({ include_usage: fc.option(fc.boolean(), { nil: undefined }) }, { requiredKeys: [], noNullPrototype: true })),
    max_tokens: field(tokenLimit),
    max_completion_tokens: field(tokenLimit),
    n: field(fc.integer({ min: -1, max: 130 })),
    tools: field(items(typedBlock)),
  }),
  anthropic: body({
    model: field(model),
    messages: field(items(anthropicMessage)),
    max_tokens: field(tokenLimit),
    system: field(fc.oneof(fc.string({ maxLength: 20 }), items(typedBlock))),
    stream: field(fc.boolean()),
    tools: field(items(tagged("name", fc.string({ maxLength: 8 })))),
  }),
  responses: body({
    model: field(model),
    input: field(fc.oneof(fc.string({ maxLength: 20 }), items(fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3, noNullPrototype: true })))),
    instructions: field(fc.string({ maxLength: 20 })),
    stream: field(fc.boolean()),
    max_output_tokens: field(tokenLimit),
    tools: field(items(typedBlock)),
  }),
  embeddings: body({
    model: field(model),
    input: field(
      fc.oneof(
        fc.string({ maxLength: 20 }),
        fc.array(fc.string({ maxLength: 5 }), { maxLength: 4 }),
        fc.array(fc.oneof({ weight: 9, arbitrary: fc.integer() }, { weight: 1, arbitrary: oddValue }), { maxLength: 4 }),
        fc.array(fc.oneof({ weight: 9, arbitrary: fc.array(fc.integer({ min: -1, max: 100_000 }), { maxLength: 3 }) as fc.Arbitrary<unknown> }, { weight: 1, arbitrary: oddValue }), { maxLength: 4 }),
      ),
    ),
  }),
  images: body({
    model: field(model),
    prompt: field(fc.string({ maxLength: 20 })),
    n: field(fc.integer({ min: -1, max: 12 })),
    stream: field(fc.boolean()),
  }),
};

const cases: [string, z.ZodType<Body>, Accepts, fc.Arbitrary<Body>][] = [
  ["chat", chatSchema, acceptsChat, bodies.chat],
  ["messages", messagesSchema, acceptsMessages, bodies.anthropic],
  ["count_tokens", countTokensSchema, acceptsCountTokens, bodies.anthropic],
  ["responses", responsesSchema, acceptsResponses, bodies.responses],
  ["embeddings", embeddingsSchema, acceptsEmbeddings, bodies.embeddings],
  ["images", imagesSchema, acceptsImages, bodies.images],
];

describe("fast request validation", () => {
  for (const [name, schema, accepts, arbitrary] of cases) {
    it(`${name}: accepted only what zod accepts with an equal output; everything else is zod's answer`, () => {
      let accepted = 0;
      let declined = 0;
      fc.assert(
        fc.property(arbitrary, (json) => {
          const fast = accepts(json);
          const zod = schema.safeParse(json);
          if (fast) {
            accepted++;
            expect(zod.success).toBe(true);
            expect(json).toStrictEqual(zod.data);
          } else declined++;
          const viaZod = outcome(() => validate(schema, never, json));
          const viaFast = outcome(() => validate(schema, accepts as (body: Body) => body is Body, json));
          expect(viaFast).toStrictEqual(viaZod);
        }),
        { numRuns: 3000 },
      );
      // the generators reach both sides, or the property proves nothing
      expect(accepted).toBeGreaterThan(150);
      expect(declined).toBeGreaterThan(150);
    });
  }

  it("returns the body itself for the usual valid bodies", () => {
    const chat = { model: "m", max_tokens: 100, messages: [{ role: "user", content: "Say hello" }], stream: true, stream_options: { include_usage: true } };
    expect(validate(chatSchema, acceptsChat, chat)).toBe(chat);
    const message = { model: "m", max_tokens: 100, system: [{ type: "text", text: "s" }], messages: [{ role: "user", content: [{ type: "text", text: "hi" }] }] };
    expect(validate(messagesSchema, acceptsMessages, message)).toBe(message);
    const embedding = { model: "m", input: [[1, 2], []] };
    expect(validate(embeddingsSchema, acceptsEmbeddings, embedding)).toBe(embedding);
    const image = { model: "m", prompt: "a cat", n: 1, stream: true };
    expect(validate(imagesSchema, acceptsImages, image)).toBe(image);
  });

  it("leaves bodies zod would change (an own __proto__ key) and every invalid body to zod, with zod's errors", () => {
    const polluted = withProto('{"model":"m","messages":[{"role":"user","__proto__":{"x":1}}]}');
    expect(acceptsChat(polluted)).toBe(false);
    expect(validate(chatSchema, acceptsChat, polluted)).toStrictEqual({ model: "m", messages: [{ role: "user" }] });
    expect(() => validate(chatSchema, acceptsChat, { model: "m", messages: [] })).toThrow("messages: messages must not be empty");
    expect(() => validate(imagesSchema, acceptsImages, { model: "m", prompt: "p", n: 2, stream: true })).toThrow("n: n > 1 cannot be streamed");
    expect(() => validate(chatSchema, acceptsChat, { model: "m", messages: [{ role: "user" }], max_tokens: 2 ** 53 })).toThrow("max_tokens: must be an integer");
  });
});
