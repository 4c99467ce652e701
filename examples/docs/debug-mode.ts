/**
 * docs/cancellation-and-errors.md: debug mode reports likely mistakes that
 * are not errors: a swallowed cancellation, a task that ends holding a mutex.
 */
import { VirtualHost, mutex, sleep, spawn } from "spindle";
import type { Coroutine, DebugWarning } from "spindle";

// #region debug
function* poller(): Coroutine<void> {
  for (;;) {
    try {
      yield* sleep(10);
    } catch {
      // A catch-all: it swallows the CancelledError too, so the poller runs on.
    }
  }
}

function* careless(): Coroutine<void> {
  const m = mutex({ name: "config" });
  yield* m.lock();
  yield* sleep(1); // returns without unlock()
}

function* app(): Coroutine<void> {
  yield* spawn(careless);
  const p = yield* spawn(poller);
  yield* sleep(5);
  p.cancel(); // cancel(p) would wait for ever
}

export function main(): void {
  const host = new VirtualHost({ debug: (w: DebugWarning) => console.log(`[${w.kind}] ${w.message}`) });
  host.spawn(app);
  host.runUntil(2_000);
}
// #endregion debug

main();
