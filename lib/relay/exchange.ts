/**
 * The transport-neutral request and response the pipeline works on, so one pipeline serves both doors: the lean
 * Node handler of the custom server (node-exchange.ts) and the Next route handlers under app/v1 (web-exchange.ts).
 */
export type RelayRequest = {
  method: string;
  /** path without the query, e.g. /v1/messages */
  path: string;
  /** lower-case header name → first value */
  header(name: string): string | undefined;
  /** the peer's address (the socket's, or what the hosting server reports for it) */
  peerAddress: string;
  /** declared Content-Length, or null when the body is chunked */
  contentLength: number | null;
  /** the whole body; rejects with AppError payload_too_large past `limit` bytes */
  readBody(limit: number): Promise<Buffer>;
};

export type RelayResponse = {
  readonly isHeadersSent: boolean;
  /** the client went away before the response ended */
  readonly isClientGone: boolean;
  writeHead(status: number, headers: Record<string, string>): void;
  /** returns false when the client is not keeping up: wait for onDrain before writing more */
  write(chunk: string | Buffer): boolean;
  onDrain(listener: () => void): void;
  /** called once if the client disconnects before end() */
  onClientGone(listener: () => void): void;
  end(chunk?: string | Buffer): void;
};
