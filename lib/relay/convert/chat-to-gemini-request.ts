/**
 * OpenAI chat-completions request → Gemini generateContent request. System messages become systemInstruction,
 * assistant turns become `model` contents with functionCall parts, tool messages become functionResponse parts
 * (named after the call they answer), data-URL images become inlineData.
 *
 * Schemas go up whole, in Gemini's JSON-Schema fields rather than its OpenAPI-subset ones (`responseSchema`,
 * `parameters`: an OpenAPI Schema with no `$ref`, `$defs` or `additionalProperties`; zod 4's toJSONSchema emits refs):
 * a json_schema response_format becomes `generationConfig.responseJsonSchema` beside `responseMimeType`, and a
 * tool's parameters become its declaration's `parametersJsonSchema`. Relied on: @google/genai 2.32.0's genai.d.ts
 * and its request mapping (index.mjs) — GenerateContentConfig.responseJsonSchema is sent as
 * `generationConfig.responseJsonSchema` unchanged, needs `responseMimeType`, excludes `responseSchema`, and "the full
 * JSON Schema may be sent, not all features are supported" (so nothing is stripped; the SDK itself moves schemas
 * carrying `$schema` there as they are); FunctionDeclaration.parametersJsonSchema is a JSON Schema describing an
 * object, "mutually exclusive with `parameters`", passed through to v1beta generateContent unchanged. The only
 * changes made, for tools too, each meaning the same to any validator (json-schema-defs.ts): draft-07 `definitions`
 * become the supported `$defs`, and a `$ref` with other keywords beside it (zod 4's described reused schemas; Gemini
 * takes only `$`-keywords there) becomes a one-branch anyOf with those keywords beside it.
 */
import type { GeminiContent, GeminiPart, GeminiRequest } from "../providers/gemini/types";
import type { ChatContentPart, ChatRequest } from "../providers/openai/types";
import { geminiSignatures } from "./call-memory";
import { geminiThinkingConfig } from "./gemini-thinking";
import { geminiJsonSchema } from "./json-schema-defs";
import { chatText, jsonSchemaOf, parseDataUrl, parseJsonObject } from "./types";

function userParts(content: string | ChatContentPart[]): GeminiPart[] {
  if (typeof content === "string") return [{ text: content }];
  const parts: GeminiPart[] = [];
  for (const part of content) {
    if (part.type === "text" && typeof part.text === "string") parts.push({ text: part.text });
    else if (part.type === "image_url") {
      const url = (part as { image_url: { url: string } }).image_url?.url ?? "";
      const data = parseDataUrl(url);
      parts.push(data ? { inlineData: { mimeType: data.mediaType, data: data.data } } : { fileData: { fileUri: url } });
    }
  }
  return parts;
}

/**
 * Gemini 3 refuses a conversation whose function calls come back without the thought signature it gave them (400
 * "Function call is missing a thought_signature"), and a chat client has nowhere to keep one: every tool loop of an
 * agent (Cursor, Codex CLI, Claude Code) broke on its second request. A call goes back with the signature Gemini gave
 * it when this process kept it (call-memory.ts); otherwise the first function call of each model turn carries
 * the stand-in Google documents for history it did not sign (accepted in place of a signature, at some cost to the
 * model's reasoning).
 */
const SKIP_SIGNATURE = "skip_thought_signature_validator";

/** Every Gemini model from 3 on (and the aliases that follow the newest); not 1.x and 2.x, which need none. */
function requiresThoughtSignatures(model: string): boolean {
  return /gemini/i.test(model) && !/gemini-[12](?:[.-]|$)/i.test(model);
}

function push(contents: GeminiContent[], role: "user" | "model", parts: GeminiPart[]): void {
  if (parts.length === 0) return;
  const last = contents[contents.length - 1];
  if (last && last.role === role) last.parts.push(...parts);
  else contents.push({ role, parts });
}

/**
 * `model`: the upstream model, whose name decides how `reasoning_effort` becomes its thinking config; `scope`: the API
 * key the request is made for, whose calls' signatures are recalled (call-memory.ts)
 */
export function chatToGeminiRequest(request: ChatRequest, { model = request.model, scope = "" }: { model?: string; scope?: string } = {}): GeminiRequest {
  const needsSignatures = requiresThoughtSignatures(model);
  const system: string[] = [];
  const contents: GeminiContent[] = [];
  const toolNames = new Map<string, string>();
  for (const message of request.messages) {
    if (message.role === "system" || message.role === "developer") system.push(chatText(message.content));
    else if (message.role === "user") push(contents, "user", userParts(message.content));
    else if (message.role === "assistant") {
      const parts: GeminiPart[] = [];
      const text = chatText(message.content);
      if (text) parts.push({ text });
      for (const [index, call] of (message.tool_calls ?? []).entries()) {
        toolNames.set(call.id, call.function.name);
        const functionCall = { name: call.function.name, args: parseJsonObject(call.function.arguments) };
        const signature = geminiSignatures.recall(scope, call.id, call.function.name) ?? (index === 0 && needsSignatures ? SKIP_SIGNATURE : undefined);
        parts.push(signature ? { functionCall, thoughtSignature: signature } : { functionCall });
      }
      push(contents, "model", parts);
    } else if (message.role === "tool") {
      const text = chatText(message.content);
      const parsed = parseJsonObject(text);
      const response = Object.keys(parsed).length > 0 && text.trim().startsWith("{") ? parsed : { content: text };
      push(contents, "user", [{ functionResponse: { name: toolNames.get(message.tool_call_id) ?? message.tool_call_id, response } }]);
    }
  }
  const result: GeminiRequest = { contents };
  const systemText = system.filter(Boolean).join("\n\n");
  if (systemText) result.systemInstruction = { parts: [{ text: systemText }] };
  const config: NonNullable<GeminiRequest["generationConfig"]> = {};
  const maxTokens = request.max_completion_tokens ?? request.max_tokens;
  if (typeof maxTokens === "number") config.maxOutputTokens = maxTokens;
  if (typeof request.temperature === "number") config.temperature = request.temperature;
  if (typeof request.top_p === "number") config.topP = request.top_p;
  if (request.stop) config.stopSequences = Array.isArray(request.stop) ? request.stop : [request.stop];
  if (request.response_format?.type === "json_object" || request.response_format?.type === "json_schema") config.responseMimeType = "application/json";
  const schema = jsonSchemaOf(request.response_format);
  if (schema) config.responseJsonSchema = geminiJsonSchema(schema);
  const effort = request.reasoning_effort;
  const thinking = typeof effort === "string" ? geminiThinkingConfig(model, effort) : null;
  if (thinking) config.thinkingConfig = thinking;
  if (Object.keys(config).length > 0) result.generationConfig = config;
  if (request.tools?.length) {
    result.tools = [
      {
        functionDeclarations: request.tools.map((tool) => ({
          name: tool.function.name,
          ...(tool.function.description ? { description: tool.function.description } : {}),
          ...(tool.function.parameters ? { parametersJsonSchema: geminiJsonSchema(tool.function.parameters) } : {}),
        })),
      },
    ];
    const choice = request.tool_choice;
    if (choice === "none") result.toolConfig = { functionCallingConfig: { mode: "NONE" } };
    else if (choice === "required") result.toolConfig = { functionCallingConfig: { mode: "ANY" } };
    else if (typeof choice === "object" && choice.function?.name) result.toolConfig = { functionCallingConfig: { mode: "ANY", allowedFunctionNames: [choice.function.name] } };
  }
  return result;
}
