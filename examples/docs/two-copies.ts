/**
 * docs/cancellation-and-errors.md: a catch-all that lets cancellations
 * through with isCancellation(), which recognises a CancelledError from any
 * copy of spindle loaded in the process, where instanceof may say no.
 */
import { cancel, isCancellation, now, run, sleep, spawn } from "spindle";
import type { Coroutine } from "spindle";

function* say(message: string): Coroutine<void> {
  console.log(`[${yield* now()} ms] ${message}`);
}

// #region catch-all
function* poll(): Coroutine<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      yield* sleep(10);
      if (attempt % 2 === 1) throw new Error(`attempt ${attempt} failed`);
      yield* say(`attempt ${attempt} succeeded`);
    } catch (error) {
      if (isCancellation(error)) throw error; // never swallow a cancellation, whichever copy of spindle threw it
      yield* say(`${(error as Error).message}, trying again`);
    }
  }
}

function* app(): Coroutine<void> {
  const poller = yield* spawn(poll);
  yield* sleep(35);
  yield* cancel(poller); // lands in the catch above, which lets it through
  yield* say(`poller is ${poller.state}`);
}
// #endregion catch-all

export function main(): void {
  run(app);
}

main();
