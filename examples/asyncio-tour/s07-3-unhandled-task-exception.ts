/**
 * asyncio tour §7.3, "Not Handling Exceptions in Tasks": a task fails and nobody awaits it.
 * Here spindle differs on purpose. asyncio lets main sleep its second and
 * finish normally (stdout is empty); the error only surfaces as "Task exception
 * was never retrieved" on stderr when the task is garbage collected. In spindle
 * an unhandled child failure fails its parent at once: main's sleep is
 * cancelled at t=0 and run() throws the child's error, so it cannot go unseen.
 */
import { run, sleep, spawn, taskOfError } from "spindle";
import type { Coroutine } from "spindle";

function* raiseError(): Coroutine<void> {
  throw new Error("Intentional Error");
}

function* app(): Coroutine<void> {
  yield* spawn(raiseError);
  yield* sleep(1_000);
}

export function main(): void {
  try {
    run(app);
  } catch (error) {
    // The one line the Python program does not print (it logs to stderr instead).
    console.log(`run() threw: ${(error as Error).message} (thrown in ${taskOfError(error) ?? "?"})`);
  }
}

if (require.main === module) main();
