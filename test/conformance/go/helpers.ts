/**
 * Shared pieces of the ports of Go's channel tests (test/chan/*.go and
 * src/runtime/chan_test.go, Go 1.19). Each *.test.ts file next to this one
 * ports one Go file; see "Conformance with Go's channel tests" in
 * docs/channels-and-sync.md for the table of what is ported and how.
 *
 * The mapping used throughout:
 * - a goroutine is a task started with `spawn`; returning from the test's
 *   root task cancels those still running, as returning from Go's main
 *   ends its goroutines;
 * - `runtime.Gosched()` is `yieldNow()`, `time.Sleep(d)` is `sleep(ms)` on
 *   the virtual clock;
 * - a nil channel in a select is a `null` case; `select { ...; default: }`
 *   is `trySelect`;
 * - Go's panics are spindle's typed errors (send on a closed channel:
 *   ChannelClosedError);
 * - where Go's select chooses at random, a test runs in both of spindle's
 *   modes: "default" (first listed wins) and "fair" (seeded random choice).
 */
import { cancel, sleep, spawn } from "../../../src/index.js";
import type { Channel, Coroutine, Operation, SelectOptions, SendOp } from "../../../src/index.js";

/** spindle's two select modes, to run a port whose Go original relies on select's random choice. */
export const MODES: readonly { readonly mode: string; readonly options: SelectOptions }[] = [
  { mode: "default", options: {} },
  { mode: "fair", options: { fair: true } },
];

/**
 * A send case on a channel that may be "nil": the value is computed in any
 * case (Go evaluates every case's operands, nil channel or not), and a null
 * channel gives a disabled case.
 */
export function sendOn<T>(ch: Channel<T> | null, value: T): SendOp<T> | null {
  return ch === null ? null : ch.send(value);
}

/** A receive case on a channel that may be "nil" (a disabled case when null). */
export function recvOn<T>(ch: Channel<T> | null): ReturnType<Channel<T>["recv"]> | null {
  return ch === null ? null : ch.recv();
}

/**
 * Go's testBlock in test/chan/select3.go, on the virtual clock: runs `body`
 * in its own task and tells whether it was still blocked after `ms`
 * (cancelling it if so).
 */
export function* blocks(body: () => Operation<unknown>, ms = 10): Coroutine<boolean> {
  let finished = false;
  const t = yield* spawn(function* () {
    yield* body();
    finished = true;
  });
  yield* sleep(ms);
  if (finished) return false;
  yield* cancel(t);
  return true;
}

/** Go's testPanic: the error `body` throws, or null if it returns. */
export function* thrown(body: () => Operation<unknown>): Coroutine<unknown> {
  try {
    yield* body();
    return null;
  } catch (e) {
    return e;
  }
}
