/**
 * docs/cancellation-and-errors.md: when a cancellation lands, and what cleanup may do.
 */
import { CancelledError, cancel, now, run, sleep, spawn, yieldNow } from "spindle";
import type { Coroutine } from "spindle";

function* say(message: string): Coroutine<void> {
  console.log(`[${yield* now()} ms] ${message}`);
}

// #region timing
function* sleeper(): Coroutine<void> {
  try {
    yield* sleep(1_000);
  } finally {
    yield* say("sleeper: cleanup starts");
    yield* sleep(10); // cleanup may wait; it is shielded, so this is not cut short
    yield* say("sleeper: cleanup done");
  }
}

function* busy(): Coroutine<void> {
  try {
    for (let step = 1; step <= 100; step++) {
      console.log(`busy: step ${step}`); // plain code between two yields
      yield yieldNow(); // let the others run
    }
  } finally {
    yield* say("busy: cleanup");
  }
}

function* app(): Coroutine<void> {
  const s = yield* spawn(sleeper);
  const b = yield* spawn(busy);
  yield yieldNow(); // let both start
  s.cancel(); // s is blocked in sleep(): taken off the timer now, its finally runs when it is next stepped
  b.cancel(); // b is ready to run: it runs until its next yield, where the cancellation lands
  yield* say(`cancel requested: sleeper is ${s.state}, busy is ${b.state}`);
  yield* sleep(5);
  s.cancel(); // s is cleaning up: a second request changes nothing
  yield* cancel(s); // cancel (again, a no-op) and wait until its cleanup has finished
  yield* say(`sleeper is ${s.state}`);
  try {
    yield* s; // a cancelled task has no result
  } catch (error) {
    if (error instanceof CancelledError) yield* say("joining it throws CancelledError");
  }
}
// #endregion timing

export function main(): void {
  run(app);
}

main();
