/**
 * OpenAI chat-completions request → Anthropic Messages request (an OpenAI-protocol client served by an Anthropic
 * channel). System and developer messages become `system`; tool_calls become tool_use blocks; tool messages become
 * tool_result blocks in a user turn; consecutive turns of one role are merged (Anthropic alternates roles);
 * max_tokens is required by Anthropic, so the model's output limit fills it when the client gave none. Prompt-caching
 * breakpoints (`cache_control` on content parts and tools) stay on the blocks they mark; the system prompt becomes
 * blocks only when one of its parts carries one; a client that asked for caching the OpenAI way (`prompt_cache_key`)
 * and set none gets two (withCacheBreakpoints).
 * A json_schema response_format (structured outputs: the AI SDK's generateObject, LangChain's withStructuredOutput)
 * becomes Anthropic's output_config.format with the same schema. json_object (JSON mode: LangChain's jsonMode, apps
 * that parse the answer) has no Anthropic equivalent: the answer is asked for as the input of one forced tool, which
 * is always a JSON object, and the response converters give it back as the message's text; a request that brings
 * tools of its own is asked for JSON in its system prompt instead.
 * What the Claude model behind the channel refuses is left out, and the effort asked for (`reasoning_effort`: the
 * bridges put the Responses API's `reasoning.effort` there) becomes its thinking and `output_config.effort`
 * (claude-models.ts).
 */
import type { AnthropicBlock, AnthropicMessage, AnthropicRequest, AnthropicTextBlock, AnthropicTool, AnthropicToolChoice } from "../providers/anthropic/types";
import type { ChatContentPart, ChatMessage, ChatRequest } from "../providers/openai/types";
import { type ClaudeTraits, claudeTraits, continueAfterAssistant, thinkingFor } from "./claude-models";
import { anthropicBlock, type ThinkingBlock, thinkingBlocksOf } from "./thinking-blocks";
import { chatText, jsonSchemaOf, parseDataUrl, parseJsonObject } from "./types";

/**
 * A prompt-caching breakpoint a chat client put on a content part, a message's parts or a tool (`cache_control`, as
 * OpenRouter and LiteLLM take it for Claude: Cline, Roo Code and Kilo send it so), as Anthropic takes it on the block.
 */
function cacheControlOf(holder: object): { cache_control: Record<string, unknown> } | Record<string, never> {
  const value = (holder as { cache_control?: unknown }).cache_control;
  return typeof value === "object" && value !== null && typeof (value as { type?: unknown }).type === "string" ? { cache_control: value as Record<string, unknown> } : {};
}

const EPHEMERAL = { type: "ephemeral" } as const;

/** Blocks that take a breakpoint (not thinking blocks). */
function isCacheable(block: AnthropicBlock): boolean {
  return block.type === "text" || block.type === "image" || block.type === "tool_use" || block.type === "tool_result";
}

/**
 * A request whose client asked for prompt caching the OpenAI way (`prompt_cache_key`: Codex CLI sends one with every
 * turn, as OpenAI caches a repeated prefix by itself) and set no breakpoint: Anthropic caches only up to a breakpoint,
 * so one goes on the system prompt and one on the conversation's last block — each turn of an agent's loop then reads
 * the prefix the turn before wrote, instead of paying for its whole history again. A request that set its own
 * breakpoints keeps them as they are.
 */
function withCacheBreakpoints(result: AnthropicRequest): void {
  const marked = (block: object) => (block as { cache_control?: unknown }).cache_control !== undefined;
  const hasOwn =
    (Array.isArray(result.system) && result.system.some(marked)) ||
    (result.tools ?? []).some(marked) ||
    result.messages.some((turn) => typeof turn.content !== "string" && turn.content.some(marked));
  if (hasOwn) return;
  if (typeof result.system === "string" && result.system) result.system = [{ type: "text", text: result.system, cache_control: EPHEMERAL }];
  else if (Array.isArray(result.system) && result.system.length > 0) result.system[result.system.length - 1] = { ...result.system[result.system.length - 1], cache_control: EPHEMERAL };
  const last = result.messages.at(-1);
  if (!last) return;
  const { content } = last;
  if (typeof content === "string") {
    if (content) result.messages[result.messages.length - 1] = { ...last, content: [{ type: "text", text: content, cache_control: EPHEMERAL }] };
    return;
  }
  const at = content.findLastIndex(isCacheable);
  if (at !== -1) content[at] = { ...content[at], cache_control: EPHEMERAL } as AnthropicBlock;
}

/** The breakpoint on any of a message's parts (for a message that becomes one block). */
function partsCacheControl(content: string | ChatContentPart[] | null | undefined): ReturnType<typeof cacheControlOf> {
  if (!Array.isArray(content)) return {};
  for (const part of content) {
    const found = cacheControlOf(part);
    if ("cache_control" in found) return found;
  }
  return {};
}

function partsToBlocks(content: string | ChatContentPart[]): AnthropicBlock[] {
  if (typeof content === "string") return content ? [{ type: "text", text: content }] : [];
  const blocks: AnthropicBlock[] = [];
  for (const part of content) {
    const cache = cacheControlOf(part);
    if (part.type === "text" && typeof part.text === "string") blocks.push({ type: "text", text: part.text, ...cache });
    else if (part.type === "image_url") {
      const url = (part as { image_url: { url: string } }).image_url?.url ?? "";
      const data = parseDataUrl(url);
      blocks.push({ ...(data ? { type: "image", source: { type: "base64", media_type: data.mediaType, data: data.data } } : { type: "image", source: { type: "url", url } }), ...cache });
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

/**
 * An assistant turn with Claude's own signed thinking back in it, where the client carried it (thinking-blocks.ts):
 * each block at the place it had in the response (thinking can come between text and tool calls, and Anthropic
 * refuses a latest turn whose blocks moved), blocks with no recorded place first.
 */
function withThinking(blocks: AnthropicBlock[], thinking: ThinkingBlock[]): AnthropicBlock[] {
  if (thinking.length === 0) return blocks;
  const out = [...thinking.filter((block) => block.index === undefined).map(anthropicBlock), ...blocks];
  const placed = thinking.filter((block) => block.index !== undefined).sort((a, b) => (a.index as number) - (b.index as number));
  for (const block of placed) out.splice(Math.min(block.index as number, out.length), 0, anthropicBlock(block));
  return out;
}

/**
 * System and developer messages become `system` — except, for a model with preserved thinking, those that come after
 * the conversation began (an agent's later instructions): joined to `system` they would change what every earlier
 * thinking block was made from, and Anthropic would refuse the blocks; they stay where they are, as the
 * `role: "system"` messages those models take.
 */
function convertMessages(messages: ChatMessage[], { preservesThinking }: { preservesThinking: boolean }): { system: string | AnthropicTextBlock[]; turns: AnthropicMessage[] } {
  const system: AnthropicTextBlock[] = [];
  const turns: AnthropicMessage[] = [];
  for (const message of messages) {
    switch (message.role) {
      case "system":
      case "developer": {
        const text = chatText(message.content);
        if (!text) break;
        const block: AnthropicTextBlock = { type: "text", text, ...partsCacheControl(message.content) };
        if (preservesThinking && turns.length > 0) turns.push({ role: "system", content: [block] });
        else system.push(block);
        break;
      }
      case "user":
        pushTurn(turns, "user", partsToBlocks(message.content));
        break;
      case "assistant": {
        const blocks: AnthropicBlock[] = [];
        const text = chatText(message.content);
        if (text) blocks.push({ type: "text", text, ...partsCacheControl(message.content) });
        for (const call of message.tool_calls ?? []) {
          blocks.push({ type: "tool_use", id: call.id, name: call.function.name, input: parseJsonObject(call.function.arguments) });
        }
        pushTurn(turns, "assistant", withThinking(blocks, thinkingBlocksOf(message.thinking_blocks)));
        break;
      }
      case "tool":
        pushTurn(turns, "user", [{ type: "tool_result", tool_use_id: message.tool_call_id, content: chatText(message.content), ...partsCacheControl(message.content) }]);
        break;
    }
  }
  // one string, as ever, unless a breakpoint must stay on its part of the system prompt
  return { system: system.some((block) => block.cache_control) ? system : system.map((block) => block.text).join("\n\n"), turns };
}

/**
 * A conversation that ends with the assistant's turn (an agent's unfinished step, a client that keeps its last answer
 * at the end): a prefill to Anthropic, which the models from 4.6 on refuse — there the turn stays as history and a
 * user turn asks for its continuation; the models that take a prefill refuse one that ends in whitespace, which is cut.
 */
function endingForModel(turns: AnthropicMessage[], traits: ClaudeTraits | null): AnthropicMessage[] {
  const last = turns.at(-1);
  if (last?.role !== "assistant") return turns;
  if (traits?.refusesPrefill) return continueAfterAssistant(turns, traits);
  if (typeof last.content === "string") return turns;
  const blocks = [...last.content];
  const tail = blocks.at(-1);
  if (tail?.type !== "text" || typeof tail.text !== "string" || tail.text.trimEnd() === tail.text) return turns;
  const text = tail.text.trimEnd();
  if (text) blocks[blocks.length - 1] = { ...tail, text };
  else blocks.pop();
  return blocks.length > 0 ? [...turns.slice(0, -1), { ...last, content: blocks }] : turns.slice(0, -1);
}

/** The tool a json_object request's answer is asked for through (its input is the answer). */
export const JSON_ANSWER_TOOL = "json_answer";

/**
 * Whether a chat request's JSON mode is served through JSON_ANSWER_TOOL: when it sends no tools of its own, and the
 * model can answer a forced tool (not a model that always thinks: thinking refuses a forced tool).
 */
export function answersThroughJsonTool(request: Pick<ChatRequest, "response_format" | "tools" | "tool_choice">, model: string): boolean {
  if (request.response_format?.type !== "json_object" || (request.tools?.length && request.tool_choice !== "none")) return false;
  const traits = claudeTraits(model);
  return !(traits?.thinksByDefault && !traits.canTurnThinkingOff);
}

const JSON_INSTRUCTION = "Answer with one JSON object only, with no text before or after it and no Markdown code fence.";

function convertToolChoice(choice: ChatRequest["tool_choice"], parallel: boolean | undefined): AnthropicToolChoice | undefined {
  const noParallel = parallel === false ? { disable_parallel_tool_use: true } : {};
  if (choice === undefined) return parallel === false ? { type: "auto", ...noParallel } : undefined;
  if (choice === "auto") return { type: "auto", ...noParallel };
  if (choice === "required") return { type: "any", ...noParallel };
  if (choice === "none") return { type: "none" };
  if (typeof choice === "object" && choice.function?.name) return { type: "tool", name: choice.function.name, ...noParallel };
  return undefined;
}

function isToolForced(toolChoice: AnthropicToolChoice | undefined): boolean {
  return toolChoice?.type === "any" || toolChoice?.type === "tool";
}

function isThinkingBlock(block: AnthropicBlock): boolean {
  return block.type === "thinking" || block.type === "redacted_thinking";
}

/**
 * Whether thinking may be switched on: not when a tool is forced (Anthropic refuses both together), and only when the
 * conversation ends with the user's own turn — or with tool results whose assistant turn begins with its thinking
 * block, signed, as Anthropic then requires (carried back by the client: thinking-blocks.ts; most chat clients keep
 * none).
 */
function canThink(turns: AnthropicMessage[], toolChoice: AnthropicToolChoice | undefined): boolean {
  if (isToolForced(toolChoice)) return false;
  // a system message at the end (an agent's later instruction) leaves the conversation where it was
  const last = turns.findLast((t) => t.role !== "system");
  if (!last || last.role !== "user") return false;
  if (typeof last.content === "string" || !last.content.some((block) => block.type === "tool_result")) return true;
  const turn = turns.findLast((t) => t.role === "assistant");
  return turn !== undefined && typeof turn.content !== "string" && turn.content.length > 0 && isThinkingBlock(turn.content[0]);
}

/** The conversation without thinking blocks (for a request that does not think): turns left empty go, and the turns of one role around them join. */
function withoutThinking(turns: AnthropicMessage[]): AnthropicMessage[] {
  if (!turns.some((turn) => typeof turn.content !== "string" && turn.content.some(isThinkingBlock))) return turns;
  const out: AnthropicMessage[] = [];
  for (const turn of turns) {
    if (typeof turn.content === "string" || turn.role === "system") out.push(turn);
    else pushTurn(out, turn.role, turn.content.filter((block) => !isThinkingBlock(block)));
  }
  return out;
}

export function chatToAnthropicRequest(request: ChatRequest, { model, defaultMaxTokens }: { model: string; defaultMaxTokens: number }): AnthropicRequest {
  const traits = claudeTraits(model);
  const converted = convertMessages(request.messages, { preservesThinking: traits?.preservesThinking === true });
  const system = converted.system;
  const turns = endingForModel(converted.turns, traits);
  const result: AnthropicRequest = {
    model,
    messages: turns,
    max_tokens: request.max_completion_tokens ?? request.max_tokens ?? defaultMaxTokens,
  };
  const isJsonMode = request.response_format?.type === "json_object";
  const isJsonTool = answersThroughJsonTool(request, model);
  if (isJsonMode && !isJsonTool) result.system = typeof system !== "string" ? [...system, { type: "text", text: JSON_INSTRUCTION }] : system ? `${system}\n\n${JSON_INSTRUCTION}` : JSON_INSTRUCTION;
  else if (system.length > 0) result.system = system;
  if (request.stream) result.stream = true;
  if (request.stop) result.stop_sequences = Array.isArray(request.stop) ? request.stop : [request.stop];
  if (request.tools?.length && request.tool_choice !== "none") {
    result.tools = request.tools.map(
      (tool): AnthropicTool => ({
        name: tool.function.name,
        ...(tool.function.description ? { description: tool.function.description } : {}),
        input_schema: tool.function.parameters ?? { type: "object", properties: {} },
        ...cacheControlOf(tool),
      }),
    );
    const choice = convertToolChoice(request.tool_choice, request.parallel_tool_calls);
    if (choice) result.tool_choice = choice;
  } else if (isJsonTool) {
    result.tools = [{ name: JSON_ANSWER_TOOL, description: "Give your whole answer as this tool's input: one JSON object.", input_schema: { type: "object" } }];
    result.tool_choice = { type: "tool", name: JSON_ANSWER_TOOL };
  }
  const effort = request.reasoning_effort;
  const isThinkingSafe = canThink(turns, result.tool_choice);
  const plan = traits && typeof effort === "string" ? thinkingFor(traits, effort, { maxTokens: result.max_tokens, canThink: isThinkingSafe }) : {};
  if (plan.thinking) result.thinking = plan.thinking;
  else if (traits?.thinksByDefault && traits.canTurnThinkingOff && !isThinkingSafe) {
    // a model that thinks unless told not to, where thinking cannot be kept (a forced tool, a tool loop): turned off
    // (which it takes at an effort up to high)
    result.thinking = { type: "disabled" };
    if (plan.effort === "xhigh" || plan.effort === "max") plan.effort = "high";
  }
  if (!traits?.refusesSampling) {
    // with thinking on, Anthropic takes no temperature but 1 and no top_p under 0.95
    const { temperature, top_p } = request;
    if (typeof temperature === "number" && (!plan.thinking || temperature === 1)) result.temperature = Math.min(1, Math.max(0, temperature));
    if (typeof top_p === "number" && (!plan.thinking || top_p >= 0.95) && !(traits?.refusesTemperatureWithTopP && result.temperature !== undefined)) result.top_p = top_p;
  }
  const isThinking = result.thinking ? result.thinking.type !== "disabled" : traits?.thinksByDefault === true;
  if (!isThinking) result.messages = withoutThinking(result.messages);
  if (typeof request.prompt_cache_key === "string") withCacheBreakpoints(result);
  if (typeof request.user === "string") result.metadata = { user_id: request.user };
  const schema = jsonSchemaOf(request.response_format);
  if (schema || plan.effort) result.output_config = { ...(schema ? { format: { type: "json_schema", schema } } : {}), ...(plan.effort ? { effort: plan.effort } : {}) };
  return result;
}
