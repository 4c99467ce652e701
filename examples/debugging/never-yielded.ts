/**
 * docs/debugging.md: debug mode reports an operation that a task made and
 * never yielded, naming the operation, the task and the line that made it.
 *
 * Run: npx tsx examples/debugging/never-yielded.ts
 */
import { now, run, sleep, spawn } from "spindle";
import type { Coroutine, DebugWarning } from "spindle";

// #region never-yielded
function* reminder(): Coroutine<void> {
  yield* sleep(1_000);
}

function* checkout(): Coroutine<string> {
  spawn(reminder); // the yield* is missing: the reminder never starts
  sleep(200); // the yield* is missing: nothing waits
  return `paid at ${yield* now()} ms`;
}
// #endregion never-yielded

export function main(): string[] {
  const lines: string[] = [];
  const print = (...parts: unknown[]): void => void lines.push(parts.join(" "));

  // #region debug
  const paid = run(checkout, { debug: (w: DebugWarning) => print(`[${w.kind}] ${w.message}`) });
  print(paid);
  // #endregion debug
  return lines;
}

if (require.main === module) for (const line of main()) console.log(line);
