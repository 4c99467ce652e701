/**
 * asyncio tour §14.1, "Debug Mode": `asyncio.sleep(1)` without `await`.
 * spindle's twin of the mistake is `sleep(1_000)` without `yield*`: the sleep
 * instruction is created and dropped, so the task does not wait at all. Python
 * prints nothing on stdout but warns on stderr "coroutine 'sleep' was never
 * awaited". spindle says nothing, even with `debug` on (its debug warnings
 * cover swallowed cancellations and mutexes held at exit, not dropped
 * operations), and TypeScript and the project's lint rules accept the call.
 * The one extra line below shows it: the task finished at t=0, without a warning.
 */
import { now, run, sleep } from "spindle";
import type { Coroutine } from "spindle";

function* forgotAwait(): Coroutine<number> {
  sleep(1_000); // Missing `yield*`
  return yield* now();
}

export function main(): void {
  const warnings: string[] = [];
  const finishedAt = run(forgotAwait, { debug: (w) => warnings.push(w.message) });
  console.log(`forgotAwait finished at t=${finishedAt} ms with ${warnings.length} debug warnings`);
}

if (require.main === module) main();
