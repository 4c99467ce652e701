/**
 * docs/cancellation-and-errors.md: timeout(), race(), and what they wait for.
 */
import { TimeoutError, now, race, run, sleep, timeout } from "spindle";
import type { Coroutine } from "spindle";

function* say(message: string): Coroutine<void> {
  console.log(`[${yield* now()} ms] ${message}`);
}

// #region timeout
function* query(ms: number): Coroutine<string> {
  try {
    yield* sleep(ms);
    return `answer after ${ms} ms`;
  } finally {
    yield* sleep(3); // e.g. closing the connection takes a while
  }
}

function* app(): Coroutine<void> {
  yield* say(yield* timeout(100, query(20))); // in time: the result

  try {
    yield* timeout(100, query(500));
  } catch (error) {
    if (!(error instanceof TimeoutError)) throw error;
    // Thrown only after query()'s cleanup has finished: 100 ms + 3 ms.
    yield* say(`TimeoutError after ${error.ms} ms`);
  }

  // race(): the first to finish wins; the losers are cancelled and their cleanup awaited.
  const winner = yield* race([query(30), query(10)]);
  yield* say(`race: ${winner}`);
}
// #endregion timeout

export function main(): void {
  run(app);
}

main();
