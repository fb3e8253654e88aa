/**
 * Request ids: `req_` + 24 hex characters (96 random bits), cheap enough for every request, unique across
 * instances, and the idempotency key of the request's hold and settlement.
 */
import { randomBytes } from "node:crypto";

let pool = Buffer.alloc(0);
let offset = 0;

export function newRequestId(): string {
  if (offset + 12 > pool.length) {
    pool = randomBytes(12 * 512);
    offset = 0;
  }
  const id = pool.toString("hex", offset, offset + 12);
  offset += 12;
  return `req_${id}`;
}
