/**
 * A client's JSON Schema in the form Gemini's JSON-Schema fields take (responseJsonSchema, parametersJsonSchema),
 * meaning the same to any validator.
 *
 * A draft-07 JSON Schema's root `definitions` moved to `$defs`, with its `#/definitions/…` refs rewritten to match.
 * Gemini's JSON-Schema fields list `$defs` among the keywords they support and not `definitions` (@google/genai
 * 2.32.0, GenerationConfig.responseJsonSchema), while the OpenAI SDK's zodResponseFormat and zod-to-json-schema emit
 * draft-07 `definitions`. A validator reads both forms alike, so the move changes nothing but where the shapes sit.
 * A schema that already has `$defs`, or no `definitions`, is returned as it is.
 */
import { isRecord } from "../providers/types";

const DRAFT_07_PREFIX = "#/definitions/";
const DEFS_PREFIX = "#/$defs/";

function rewriteRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rewriteRefs);
  if (!isRecord(node)) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    out[key] = key === "$ref" && typeof value === "string" && value.startsWith(DRAFT_07_PREFIX) ? DEFS_PREFIX + value.slice(DRAFT_07_PREFIX.length) : rewriteRefs(value);
  }
  return out;
}

export function withDefs(schema: Record<string, unknown>): Record<string, unknown> {
  if (schema.definitions === undefined || schema.$defs !== undefined) return schema;
  const { definitions, ...rest } = schema;
  return rewriteRefs({ ...rest, $defs: definitions }) as Record<string, unknown>;
}

/** Keywords whose values are data, not schemas: never rewritten. */
const DATA_KEYWORDS = new Set(["enum", "const", "default", "examples"]);

/**
 * Gemini takes nothing but `$`-keywords beside a `$ref` ("If $ref is set, no other properties may be set except those
 * starting with $"), while JSON Schema 2020-12 applies a `$ref`'s siblings beside it — and clients write them: zod 4's
 * toJSONSchema gives a described reused schema as {"description": "Home", "$ref": "#/$defs/Place"}, Pydantic 2 the
 * same. Such a node becomes the same constraint in a form Gemini takes: the ref alone as a one-branch anyOf, its
 * other keywords beside it. A node whose keywords beside its `$ref` all start with `$` is left as it is; so is every
 * schema without a `$ref`.
 */
function refsAlone(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(refsAlone);
  if (!isRecord(node)) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) out[key] = DATA_KEYWORDS.has(key) ? value : refsAlone(value);
  // (beside an anyOf of its own the ref has no one-branch form: left as it is)
  if (typeof out.$ref !== "string" || out.anyOf !== undefined || Object.keys(out).every((key) => key.startsWith("$"))) return out;
  const { $ref, ...siblings } = out;
  return { ...siblings, anyOf: [{ $ref }] };
}

export function geminiJsonSchema(schema: Record<string, unknown>): Record<string, unknown> {
  return refsAlone(withDefs(schema)) as Record<string, unknown>;
}
