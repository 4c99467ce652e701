/**
 * docs/hosts.md: a host of your own, written against the Scheduler directly.
 * This one is a virtual clock that reports every instant at which something ran.
 */
import { Scheduler, now, sleep, spawn } from "spindle";
import type { Coroutine } from "spindle";

function* tick(every: number, times: number): Coroutine<void> {
  for (let i = 0; i < times; i++) yield sleep(every);
}

function* app(): Coroutine<number> {
  yield* spawn(tick, 30, 3);
  yield* spawn(tick, 50, 2);
  yield* sleep(100);
  return yield* now();
}

// #region host
export function main(): void {
  const scheduler = new Scheduler({ seed: 1 });
  const root = scheduler.spawn(app);
  for (;;) {
    const steps = scheduler.runReady(); // run every ready task, oldest first
    if (steps > 0) console.log(`t=${scheduler.now}: ran ${steps} task steps; timers armed: ${scheduler.timerCount}`);
    const failure = scheduler.uncaught.shift(); // errors nobody handled: a host must not drop them
    if (failure !== undefined) throw failure.error;
    if (root.isFinished) break;
    const next = scheduler.nextDeadline(); // Infinity when no timer is armed
    if (next === Infinity) throw new Error(`stuck:\n${scheduler.dump()}`);
    scheduler.advanceTo(next); // move the clock; fires every timer due, which only queues tasks
  }
  console.log(`app returned ${String(root.value)}`);
}
// #endregion host

main();
