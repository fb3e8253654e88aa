/**
 * A draft-07 JSON Schema's root `definitions` moved to `$defs`, with its `#/definitions/…` refs rewritten to match.
 * Gemini's JSON-Schema fields list `$defs` among the keywords they support and not `definitions` (@google/genai
 * 2.32.0, GenerationConfig.responseJsonSchema), while the OpenAI SDK's zodResponseFormat and zod-to-json-schema emit
 * draft-07 `definitions`. A validator reads both forms alike, so the move changes nothing but where the shapes sit.
 * A schema that already has `$defs`, or no `definitions`, is returned as it is.
 */
const DRAFT_07_PREFIX = "#/definitions/";
const DEFS_PREFIX = "#/$defs/";

function rewriteRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rewriteRefs);
  if (typeof node !== "object" || node === null) return node;
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
