/**
 * docs/cli.md: a program for `spindle run`. It exports its main, a
 * generator function, and does not run itself: the command runs it on the
 * virtual clock.
 *
 * Run: npx spindle run examples/cli/hello.ts --trace hello.trace.json --timeline hello.timeline.html
 */
// #region program
import { now, sleep, spawn } from "spindle";
import type { Coroutine } from "spindle";

function* brew(drink: string, ms: number): Coroutine<string> {
  yield* sleep(ms); // virtual milliseconds
  console.log(`[${yield* now()} ms] ${drink} is ready`);
  return drink;
}

export function* main(): Coroutine<string> {
  const tea = yield* spawn(brew, "tea", 180);
  const coffee = yield* spawn(brew, "coffee", 120);
  return `served ${yield* coffee} and ${yield* tea}`;
}
// #endregion program
