/**
 * One error type for the whole app. An AppError carries a code; the code decides the HTTP status and how the
 * error reads in each dialect (OpenAI JSON, Anthropic JSON, console JSON). Messages must never contain secrets
 * or prompt text.
 */
import { ZodError } from "zod";

export const ERROR_CODES = {
  bad_request: { status: 400, openai: "invalid_request_error", anthropic: "invalid_request_error" },
  invalid_json: { status: 400, openai: "invalid_request_error", anthropic: "invalid_request_error" },
  validation_failed: { status: 422, openai: "invalid_request_error", anthropic: "invalid_request_error" },
  unauthenticated: { status: 401, openai: "invalid_request_error", anthropic: "authentication_error" },
  invalid_api_key: { status: 401, openai: "invalid_request_error", anthropic: "authentication_error" },
  insufficient_quota: { status: 402, openai: "insufficient_quota", anthropic: "billing_error" },
  key_cap_exceeded: { status: 402, openai: "insufficient_quota", anthropic: "billing_error" },
  allowance_exceeded: { status: 402, openai: "insufficient_quota", anthropic: "billing_error" },
  forbidden: { status: 403, openai: "permission_error", anthropic: "permission_error" },
  model_not_allowed: { status: 403, openai: "permission_error", anthropic: "permission_error" },
  ip_not_allowed: { status: 403, openai: "permission_error", anthropic: "permission_error" },
  key_expired: { status: 401, openai: "invalid_request_error", anthropic: "authentication_error" },
  account_disabled: { status: 403, openai: "permission_error", anthropic: "permission_error" },
  email_unverified: { status: 403, openai: "permission_error", anthropic: "permission_error" },
  not_found: { status: 404, openai: "invalid_request_error", anthropic: "not_found_error" },
  model_not_found: { status: 404, openai: "invalid_request_error", anthropic: "not_found_error" },
  previous_response_not_found: { status: 404, openai: "invalid_request_error", anthropic: "not_found_error" },
  conflict: { status: 409, openai: "invalid_request_error", anthropic: "invalid_request_error" },
  request_timeout: { status: 408, openai: "invalid_request_error", anthropic: "invalid_request_error" },
  payload_too_large: { status: 413, openai: "invalid_request_error", anthropic: "request_too_large" },
  rate_limited: { status: 429, openai: "rate_limit_error", anthropic: "rate_limit_error" },
  concurrency_limited: { status: 429, openai: "rate_limit_error", anthropic: "rate_limit_error" },
  internal: { status: 500, openai: "server_error", anthropic: "api_error" },
  not_implemented: { status: 501, openai: "invalid_request_error", anthropic: "invalid_request_error" },
  upstream_error: { status: 502, openai: "upstream_error", anthropic: "api_error" },
  no_channel: { status: 503, openai: "service_unavailable", anthropic: "overloaded_error" },
  unavailable: { status: 503, openai: "service_unavailable", anthropic: "overloaded_error" },
  upstream_timeout: { status: 504, openai: "timeout_error", anthropic: "timeout_error" },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;
export type Dialect = "openai" | "anthropic" | "console";

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  /** The offending field, when there is one (OpenAI's `param`, the console's field errors). */
  readonly param: string | undefined;
  readonly fieldErrors: Record<string, string> | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    { param, fieldErrors, headers, status }: { param?: string; fieldErrors?: Record<string, string>; headers?: Record<string, string>; status?: number } = {},
  ) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.status = status ?? ERROR_CODES[code].status;
    this.param = param;
    this.fieldErrors = fieldErrors;
    this.headers = headers;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** Turn a zod error into a field-by-field AppError (first message per field). */
export function fromZodError(error: ZodError, code: ErrorCode = "validation_failed"): AppError {
  const fieldErrors: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = issue.path.join(".") || "_";
    fieldErrors[field] ??= issue.message;
  }
  const first = error.issues[0];
  const where = first?.path.length ? `${first.path.join(".")}: ` : "";
  return new AppError(code, `${where}${first?.message ?? "Invalid input"}`, {
    param: first?.path.join(".") || undefined,
    fieldErrors,
  });
}

/** Anything thrown → an AppError; unknown errors become a generic 500 that leaks nothing. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof ZodError) return fromZodError(error);
  if (isConnectionError(error)) return unavailableError();
  return new AppError("internal", "Internal server error");
}

const CONNECTION_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN", "57P01", "57P02", "57P03", "53300"]);

/** The database (or another backing service) cannot be reached: a 503 the client may retry, not a 500. */
export function isConnectionError(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === "string" && (CONNECTION_CODES.has(code) || code.startsWith("08") || isSocketGone(error))) return true;
  return typeof message === "string" && /Connection terminated|timeout exceeded when trying to connect|connect (ECONNREFUSED|ENOENT)/.test(message);
}

/**
 * A Unix socket with no server behind it (the embedded database's, while it is stopped): its file is gone, so the
 * connect fails with ENOENT where TCP would say ECONNREFUSED. Only a connect's: any other missing file is not an outage.
 */
export function isSocketGone(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { code, syscall } = error as { code?: unknown; syscall?: unknown };
  return code === "ENOENT" && syscall === "connect";
}

function unavailableError(): AppError {
  return new AppError("unavailable", "The service is temporarily unavailable (its database cannot be reached). Nothing was charged; try again shortly.", {
    headers: { "retry-after": "2" },
  });
}

/** A connection failure as `unavailable` (503); any other error unchanged. */
export function toUnavailable(error: unknown): unknown {
  return isConnectionError(error) ? unavailableError() : error;
}

/** The JSON body of an error in the caller's dialect. */
export function errorBody(error: AppError, dialect: Dialect): unknown {
  const spec = ERROR_CODES[error.code];
  if (dialect === "anthropic") {
    return { type: "error", error: { type: spec.anthropic, message: error.message } };
  }
  if (dialect === "openai") {
    return { error: { message: error.message, type: spec.openai, param: error.param ?? null, code: error.code } };
  }
  return { error: { code: error.code, message: error.message, fieldErrors: error.fieldErrors } };
}
