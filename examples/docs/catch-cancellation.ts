/**
 * docs/cancellation-and-errors.md: a cancellation is a thrown CancelledError;
 * a catch must let it through, and nested helpers' cleanup runs to the end.
 */
import { CancelledError, cancel, currentTask, now, run, sleep, spawn } from "spindle";
import type { Coroutine } from "spindle";

function* say(message: string): Coroutine<void> {
  console.log(`[${yield* now()} ms] ${message}`);
}

// #region helper
/** A helper with cleanup that takes time, reached through yield*. */
function* withConnection<T>(use: () => Coroutine<T>): Coroutine<T> {
  yield* say("connection opened");
  try {
    return yield* use();
  } finally {
    yield* sleep(5); // an orderly close takes a while
    yield* say("connection closed");
  }
}

function* worker(): Coroutine<void> {
  for (;;) {
    try {
      yield* withConnection(function* () {
        yield* sleep(100);
        throw new Error("request failed");
      });
    } catch (error) {
      // Let this task's own cancellation through; handle everything else.
      if (error instanceof CancelledError && (yield* currentTask()).cancelRequested) throw error;
      yield* say(`worker: ${(error as Error).message}, retrying`);
    }
  }
}
// #endregion helper

function* app(): Coroutine<void> {
  const w = yield* spawn(worker);
  yield* sleep(150);
  yield* cancel(w); // the helper's cleanup runs to the end, then the worker stops
  yield* say(`worker is ${w.state}`);
}

export function main(): void {
  run(app);
}

main();
