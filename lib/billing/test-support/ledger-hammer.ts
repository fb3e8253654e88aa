/**
 * A child process for the crash test (hot-ledger-crash.test.ts): hammers the holds API from 32 concurrent callers
 * (settles below and above the hold, voids, holds left pending) until it is killed. Prints "ready" once 200
 * settlements have committed. Usage: node --import tsx --import ./scripts/register-hooks.mjs ledger-hammer.ts '<json>'
 */
import { placeHold, settleHold, voidHold } from "../holds";

type Target = { walletId: string; apiKey: { id: string; creditCap: string } };

const targets = (JSON.parse(process.argv[2] ?? "[]") as Target[]).map((t) => ({ walletId: t.walletId, apiKey: { id: t.apiKey.id, creditCap: BigInt(t.apiKey.creditCap) } }));
let sequence = 0;
let settled = 0;
let isReady = false;

async function caller(index: number): Promise<void> {
  for (;;) {
    const n = sequence++;
    const target = targets[(n + index) % targets.length];
    const amount = BigInt(1_000 + ((n * 7919) % 50_000));
    let hold;
    try {
      hold = await placeHold({ walletId: target.walletId, amount, idempotencyKey: `hammer:${process.pid}:${n}`, apiKey: target.apiKey });
    } catch {
      await new Promise((r) => setTimeout(r, 1));
      continue;
    }
    const roll = n % 10;
    if (roll === 0) continue; // left pending: in flight when the process dies
    if (roll === 1) {
      await voidHold(hold);
      continue;
    }
    // costs below, equal to and above the hold (over-runs)
    const cost = roll === 2 ? amount : roll === 3 ? amount * 3n : amount / 2n;
    await settleHold(hold, { cost, requestId: `hammer:${process.pid}:${n}` });
    settled += 1;
    if (!isReady && settled >= 200) {
      isReady = true;
      process.stdout.write("ready\n");
    }
  }
}

await Promise.all(Array.from({ length: 32 }, (_, i) => caller(i)));
