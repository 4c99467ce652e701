/**
 * asyncio tour §14.1, "Debug Mode": `asyncio.sleep(1)` without `await`.
 * spindle's twin of the mistake is `sleep(1_000)` without `yield*`: the sleep
 * instruction is created and dropped, so the task does not wait at all. Python
 * prints nothing on stdout but warns on stderr "coroutine 'sleep' was never
 * awaited". spindle's debug mode warns too (the kind
 * "operation-never-yielded"), naming the operation and the line that made
 * it; the lint rule spindle/no-floating-operation reports it before the run.
 * The extra lines below show it: the task finished at t=0, with that warning.
 */
import { now, run, sleep } from "spindle";
import type { Coroutine } from "spindle";

function* forgotAwait(): Coroutine<number> {
  sleep(1_000); // Missing `yield*`
  return yield* now();
}

export function main(): void {
  const warnings: string[] = [];
  const finishedAt = run(forgotAwait, { debug: (w) => warnings.push(`[${w.kind}] ${w.message}`) });
  console.log(`forgotAwait finished at t=${finishedAt} ms with ${warnings.length} debug warning:`);
  for (const w of warnings) console.log(w);
}

if (require.main === module) main();
