/**
 * docs/cancellation-and-errors.md: how a failure travels up the task tree.
 */
import { now, run, sleep, spawn } from "spindle";
import type { Coroutine } from "spindle";

function* say(message: string): Coroutine<void> {
  console.log(`[${yield* now()} ms] ${message}`);
}

// #region unjoined
function* failAfter(ms: number): Coroutine<number> {
  yield* sleep(ms);
  throw new Error(`failed after ${ms} ms`);
}

function* sibling(): Coroutine<void> {
  try {
    yield* sleep(1_000);
  } finally {
    yield* say("sibling: cancelled, cleaning up");
  }
}

function* unjoined(): Coroutine<void> {
  yield* spawn(sibling);
  yield* spawn(failAfter, 10); // nobody waits for it
  try {
    yield* sleep(1_000);
  } finally {
    yield* say("parent: cancelled by its child's failure");
  }
}
// #endregion unjoined

// #region joined
function* joined(): Coroutine<void> {
  const child = yield* spawn(failAfter, 10);
  try {
    yield* child; // waiting for it when it fails: the error is thrown here
  } catch (error) {
    yield* say(`parent caught: ${(error as Error).message}`);
  }
}

function* joinedTooLate(): Coroutine<void> {
  const child = yield* spawn(failAfter, 10);
  yield* sleep(20); // the child fails at 10, while nobody is joining it...
  try {
    yield* child; // ...so this line is never reached: the parent failed at 10
  } catch {
    yield* say("never printed");
  }
}
// #endregion joined

function attempt(name: string, program: () => Coroutine<void>): void {
  try {
    run(program);
    console.log(`${name}: returned`);
  } catch (error) {
    console.log(`${name}: run() threw "${(error as Error).message}"`);
  }
}

export function main(): void {
  attempt("unjoined", unjoined);
  attempt("joined", joined);
  attempt("joinedTooLate", joinedTooLate);
}

main();
