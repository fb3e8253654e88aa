/**
 * Child process of bench/relay.ts: the fake upstream, alone in its process so its CPU is not counted as the relay's.
 * Takes behaviors over IPC.
 */
import { startFakeUpstream, type FakeBehavior } from "../tests/fakes/upstream";

const fake = await startFakeUpstream();
process.on("message", (behavior: FakeBehavior) => {
  fake.setBehavior(behavior);
  process.send?.({ ok: true });
});
process.send?.({ url: fake.url });
// the recorded requests would grow without bound under load
setInterval(() => fake.requests.splice(0), 1000).unref();
process.on("SIGTERM", () => process.exit(0));
