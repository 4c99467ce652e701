/**
 * docs/cancellation-and-errors.md: yielding something that is not an
 * instruction. TypeScript rejects each of these; the runtime check is for
 * JavaScript callers and for code that gets past the types.
 */
import { InvalidYieldError, run, sleep } from "spindle";
import type { Coroutine } from "spindle";

// #region invalid
function* helper(): Coroutine<void> {
  yield* sleep(10);
}

function* forgotTheStar(): Coroutine<void> {
  // @ts-expect-error a generator is not an instruction: this should be `yield* helper()`
  yield helper();
}

function* yieldedAPromise(): Coroutine<void> {
  // @ts-expect-error the scheduler never awaits Promises
  yield Promise.resolve(42);
}
// #endregion invalid

export function main(): void {
  for (const program of [forgotTheStar, yieldedAPromise]) {
    try {
      run(program);
    } catch (error) {
      if (!(error instanceof InvalidYieldError)) throw error;
      console.log(error.message);
    }
  }
}

main();
