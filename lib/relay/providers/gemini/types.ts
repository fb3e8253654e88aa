/**
 * Google Gemini generateContent wire types: the fields the relay reads or writes.
 */
export type GeminiPart =
  | { text: string; thought?: boolean; thoughtSignature?: string }
  | { inlineData: { mimeType: string; data: string } }
  | { fileData: { mimeType?: string; fileUri: string } }
  | { functionCall: { name: string; args?: Record<string, unknown>; id?: string }; thoughtSignature?: string }
  | { functionResponse: { name: string; response: Record<string, unknown>; id?: string } };

export type GeminiContent = { role: "user" | "model"; parts: GeminiPart[] };

export type GeminiRequest = {
  contents: GeminiContent[];
  systemInstruction?: { parts: { text: string }[] };
  generationConfig?: {
    maxOutputTokens?: number;
    temperature?: number;
    topP?: number;
    topK?: number;
    stopSequences?: string[];
    responseMimeType?: string;
    /** a JSON Schema (not the OpenAPI subset of `responseSchema`, which is never sent with it) */
    responseJsonSchema?: Record<string, unknown>;
    candidateCount?: number;
    thinkingConfig?: { thinkingLevel?: string; thinkingBudget?: number; includeThoughts?: boolean };
  };
  /** parametersJsonSchema: a JSON Schema (not the OpenAPI subset of `parameters`, which is never sent with it) */
  tools?: { functionDeclarations: { name: string; description?: string; parametersJsonSchema?: Record<string, unknown> }[] }[];
  toolConfig?: { functionCallingConfig: { mode: "AUTO" | "ANY" | "NONE"; allowedFunctionNames?: string[] } };
};

export type GeminiUsage = {
  promptTokenCount?: number;
  candidatesTokenCount?: number;
  totalTokenCount?: number;
  cachedContentTokenCount?: number;
  thoughtsTokenCount?: number;
  toolUsePromptTokenCount?: number;
};

export type GeminiFinishReason = "STOP" | "MAX_TOKENS" | "SAFETY" | "RECITATION" | "LANGUAGE" | "BLOCKLIST" | "PROHIBITED_CONTENT" | "SPII" | "MALFORMED_FUNCTION_CALL" | "OTHER" | "FINISH_REASON_UNSPECIFIED";

export type GeminiResponse = {
  candidates?: { content?: { role?: string; parts?: GeminiPart[] }; finishReason?: GeminiFinishReason; index?: number }[];
  usageMetadata?: GeminiUsage;
  modelVersion?: string;
  responseId?: string;
  promptFeedback?: { blockReason?: string };
};

/** models/{m}:batchEmbedContents */
export type GeminiEmbedRequest = {
  requests: { model: string; content: { parts: { text: string }[] }; taskType?: string; outputDimensionality?: number }[];
};

export type GeminiEmbedResponse = { embeddings?: { values?: number[] }[]; usageMetadata?: { promptTokenCount?: number } };

/** models/{m}:predict (Imagen) */
export type ImagenRequest = {
  instances: { prompt: string }[];
  parameters: { sampleCount: number; aspectRatio?: string; personGeneration?: string };
};

export type ImagenResponse = { predictions?: { bytesBase64Encoded?: string; mimeType?: string }[] };
