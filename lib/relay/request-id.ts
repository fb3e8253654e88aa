/**
 * Request ids: `req_` + 12 hex digits of the time in milliseconds + 20 random hex digits (80 random bits): unique
 * across instances, cheap enough for every request, and the idempotency key of the request's hold and settlement.
 * Time first, so that the request log's unique index on the id grows at its right edge instead of taking every
 * insert on a random page of itself (which, once the index outgrows the database's cache, is read and written back
 * for one row): PostgreSQL's CPU per request-log row is 13–28% lower on a 5-million-row log (`npm run bench --
 * request-log`, docs/benchmarks.md, session 12).
 */
import { randomFillSync } from "node:crypto";

const RANDOM_BYTES = 10;
const random = Buffer.alloc(RANDOM_BYTES * 512);
let offset = random.length;

export function newRequestId(now = Date.now()): string {
  if (offset + RANDOM_BYTES > random.length) {
    randomFillSync(random);
    offset = 0;
  }
  const id = random.toString("hex", offset, offset + RANDOM_BYTES);
  offset += RANDOM_BYTES;
  return `req_${now.toString(16).padStart(12, "0")}${id}`;
}

/** When a request id of ours was made (ms since the epoch); null for any other string. */
export function requestIdTime(id: string): number | null {
  if (!/^req_[0-9a-f]{32}$/.test(id)) return null;
  return Number.parseInt(id.slice(4, 16), 16);
}
