/**
 * docs/cancellation-and-errors.md: a finally block entered normally is not
 * shielded; shield() protects a region from cancellation.
 */
import { now, run, shield, sleep, spawn } from "spindle";
import type { Coroutine } from "spindle";

function* say(message: string): Coroutine<void> {
  console.log(`[${yield* now()} ms] ${message}`);
}

// #region pitfall
function* flush(who: string): Coroutine<void> {
  yield* say(`${who}: flushing`);
  yield* sleep(10);
  yield* say(`${who}: flushed`);
}

function* unprotected(): Coroutine<void> {
  try {
    yield* sleep(10);
  } finally {
    // Entered at t=10 because the body finished, not because of a cancel:
    // a cancel that arrives while this waits cuts it short at its yield.
    yield* flush("unprotected");
  }
}

function* protectedWrite(): Coroutine<void> {
  try {
    yield* sleep(10);
  } finally {
    yield* shield(flush("protected")); // runs to the end whatever happens meanwhile
  }
}

function* app(): Coroutine<void> {
  const a = yield* spawn(unprotected);
  const b = yield* spawn(protectedWrite);
  yield* sleep(15); // both are half-way through their flush
  a.cancel();
  b.cancel();
  yield* sleep(20);
  yield* say(`unprotected is ${a.state}, protected is ${b.state}`);
}
// #endregion pitfall

// #region result
function* commit(): Coroutine<string> {
  yield* sleep(10);
  return "committed";
}

function* writer(): Coroutine<void> {
  try {
    const result = yield* shield(commit());
    yield* say(`writer got: ${result}`); // not reached if cancelled during the shield
  } finally {
    yield* say("writer: cleanup");
  }
}

function* app2(): Coroutine<void> {
  const w = yield* spawn(writer);
  yield* sleep(5);
  w.cancel(); // deferred: commit() runs to the end, then the cancellation lands
  yield* say(`cancel requested, writer is ${w.state}`);
}
// #endregion result

export function main(): void {
  run(app);
  console.log("--");
  run(app2);
}

main();
