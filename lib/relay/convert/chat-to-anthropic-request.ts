/**
 * OpenAI chat-completions request → Anthropic Messages request (an OpenAI-protocol client served by an Anthropic
 * channel). System and developer messages become `system`; tool_calls become tool_use blocks; tool messages become
 * tool_result blocks in a user turn; consecutive turns of one role are merged (Anthropic alternates roles);
 * max_tokens is required by Anthropic, so the model's output limit fills it when the client gave none.
 * A json_schema response_format (structured outputs: the AI SDK's generateObject, LangChain's withStructuredOutput)
 * becomes Anthropic's output_config.format with the same schema; json_object has no Anthropic equivalent and is dropped.
 */
import type { AnthropicBlock, AnthropicMessage, AnthropicRequest, AnthropicTool, AnthropicToolChoice } from "../providers/anthropic/types";
import type { ChatContentPart, ChatMessage, ChatRequest } from "../providers/openai/types";
import { jsonSchemaOf, parseDataUrl, parseJsonObject } from "./types";

function contentText(content: string | ChatContentPart[] | null | undefined): string {
  if (!content) return "";
  if (typeof content === "string") return content;
  return content.map((part) => (part.type === "text" && typeof part.text === "string" ? part.text : "")).join("");
}

function partsToBlocks(content: string | ChatContentPart[]): AnthropicBlock[] {
  if (typeof content === "string") return content ? [{ type: "text", text: content }] : [];
  const blocks: AnthropicBlock[] = [];
  for (const part of content) {
    if (part.type === "text" && typeof part.text === "string") blocks.push({ type: "text", text: part.text });
    else if (part.type === "image_url") {
      const url = (part as { image_url: { url: string } }).image_url?.url ?? "";
      const data = parseDataUrl(url);
      blocks.push(data ? { type: "image", source: { type: "base64", media_type: data.mediaType, data: data.data } } : { type: "image", source: { type: "url", url } });
    }
  }
  return blocks;
}

function pushTurn(messages: AnthropicMessage[], role: "user" | "assistant", blocks: AnthropicBlock[]): void {
  if (blocks.length === 0) return;
  const last = messages[messages.length - 1];
  if (last && last.role === role && Array.isArray(last.content)) last.content.push(...blocks);
  else messages.push({ role, content: blocks });
}

function convertMessages(messages: ChatMessage[]): { system: string; turns: AnthropicMessage[] } {
  const system: string[] = [];
  const turns: AnthropicMessage[] = [];
  for (const message of messages) {
    switch (message.role) {
      case "system":
      case "developer":
        system.push(contentText(message.content));
        break;
      case "user":
        pushTurn(turns, "user", partsToBlocks(message.content));
        break;
      case "assistant": {
        const blocks: AnthropicBlock[] = [];
        const text = contentText(message.content);
        if (text) blocks.push({ type: "text", text });
        for (const call of message.tool_calls ?? []) {
          blocks.push({ type: "tool_use", id: call.id, name: call.function.name, input: parseJsonObject(call.function.arguments) });
        }
        pushTurn(turns, "assistant", blocks);
        break;
      }
      case "tool":
        pushTurn(turns, "user", [{ type: "tool_result", tool_use_id: message.tool_call_id, content: contentText(message.content) }]);
        break;
    }
  }
  return { system: system.filter(Boolean).join("\n\n"), turns };
}

function convertToolChoice(choice: ChatRequest["tool_choice"], parallel: boolean | undefined): AnthropicToolChoice | undefined {
  const noParallel = parallel === false ? { disable_parallel_tool_use: true } : {};
  if (choice === undefined) return parallel === false ? { type: "auto", ...noParallel } : undefined;
  if (choice === "auto") return { type: "auto", ...noParallel };
  if (choice === "required") return { type: "any", ...noParallel };
  if (choice === "none") return { type: "none" };
  if (typeof choice === "object" && choice.function?.name) return { type: "tool", name: choice.function.name, ...noParallel };
  return undefined;
}

export function chatToAnthropicRequest(request: ChatRequest, { model, defaultMaxTokens }: { model: string; defaultMaxTokens: number }): AnthropicRequest {
  const { system, turns } = convertMessages(request.messages);
  const result: AnthropicRequest = {
    model,
    messages: turns,
    max_tokens: request.max_completion_tokens ?? request.max_tokens ?? defaultMaxTokens,
  };
  if (system) result.system = system;
  if (request.stream) result.stream = true;
  if (typeof request.temperature === "number") result.temperature = Math.min(1, Math.max(0, request.temperature));
  if (typeof request.top_p === "number") result.top_p = request.top_p;
  if (request.stop) result.stop_sequences = Array.isArray(request.stop) ? request.stop : [request.stop];
  if (request.tools?.length && request.tool_choice !== "none") {
    result.tools = request.tools.map(
      (tool): AnthropicTool => ({
        name: tool.function.name,
        ...(tool.function.description ? { description: tool.function.description } : {}),
        input_schema: tool.function.parameters ?? { type: "object", properties: {} },
      }),
    );
    const choice = convertToolChoice(request.tool_choice, request.parallel_tool_calls);
    if (choice) result.tool_choice = choice;
  }
  if (typeof request.user === "string") result.metadata = { user_id: request.user };
  const schema = jsonSchemaOf(request.response_format);
  if (schema) result.output_config = { format: { type: "json_schema", schema } };
  return result;
}
