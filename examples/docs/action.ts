/**
 * docs/writing-primitives.md: action(), the closure form of a blocking operation.
 */
import { EventEmitter } from "node:events";
import { TimeoutError, action, now, run, sleep, spawn, timeout } from "spindle";
import type { Coroutine } from "spindle";
import type { Instruction } from "spindle/extend";

// #region once
/** Waits for the next `event` on `emitter` and gives its argument. */
function once<T>(emitter: EventEmitter, event: string): Instruction<T> {
  return action<T>(`once(${event})`, (resolve) => {
    const listener = (value: T): void => resolve(value);
    emitter.on(event, listener);
    return () => emitter.off(event, listener); // runs after it settles, and if the task is cancelled
  });
}
// #endregion once

// #region use
function* app(): Coroutine<void> {
  const bus = new EventEmitter();
  yield* spawn(function* producer() {
    yield* sleep(20);
    bus.emit("data", "hello");
  });

  const data = yield* once<string>(bus, "data");
  console.log(`[${yield* now()} ms] got ${data}; listeners left: ${bus.listenerCount("data")}`);

  try {
    yield* timeout(50, once(bus, "never"));
  } catch (error) {
    if (!(error instanceof TimeoutError)) throw error;
    console.log(`[${yield* now()} ms] timed out; listeners left: ${bus.listenerCount("never")}`);
  }
}
// #endregion use

export function main(): void {
  run(app);
}

main();
