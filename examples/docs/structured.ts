/**
 * docs/concepts.md: structured lifetimes. A task's children never outlive it.
 */
import { now, run, scope, sleep, spawn } from "spindle";
import type { Coroutine } from "spindle";

function* say(message: string): Coroutine<void> {
  console.log(`[${yield* now()} ms] ${message}`);
}

// #region structured
function* worker(name: string, ms: number): Coroutine<void> {
  try {
    yield* sleep(ms);
    yield* say(`${name} finished`);
  } finally {
    yield* sleep(5); // cleanup may take time, and may wait for anything
    yield* say(`${name} cleaned up`);
  }
}

function* parent(): Coroutine<void> {
  yield* spawn(worker, "quick", 10);
  yield* spawn(worker, "slow", 1_000);
  yield* sleep(50);
  yield* say("parent returns"); // "slow" is still running: it is cancelled now
}

function* app(): Coroutine<void> {
  yield* (yield* spawn(parent)); // spawn, then join
  yield* say("parent is done, and so is the cleanup of everything it started");

  yield* scope(function* (group) {
    yield* group.spawn(worker, "one", 20);
    yield* group.spawn(worker, "two", 40);
    yield* say("scope body returns"); // a scope waits for its tasks instead of cancelling them
  });
  yield* say("scope is done");
}
// #endregion structured

export function main(): void {
  run(app);
}

main();
