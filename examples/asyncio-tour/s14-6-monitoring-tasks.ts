/**
 * asyncio tour §14.6, "Monitoring Asynchronous Tasks": list every live task.
 * `asyncio.all_tasks()` is `scheduler.tasks()` (or `scheduler.dump()`, which
 * also says what each waits on); the running task's scheduler is
 * `currentTask().scheduler`. When main returns, the still-pending child is
 * cancelled, as asyncio.run cancels what is left.
 *
 * The line differs in form from Python's (a set of Task reprs with file paths
 * and an arbitrary order, against spindle's labels and states); the test
 * compares the task names, in order, and nothing else.
 */
import { currentTask, run, sleep, spawn } from "spindle";
import type { Coroutine } from "spindle";

function* exampleTask(): Coroutine<void> {
  yield* sleep(1_000);
}

// Named main, as in the Python program, so that the listing names it so.
const app = function* main(): Coroutine<void> {
  yield* spawn(exampleTask);
  const me = yield* currentTask();
  const tasks = me.scheduler.tasks().map((t) => `${t.label} ${t.state}`);
  console.log(`Running tasks: {${tasks.join(", ")}}`);
};

export function main(): void {
  run(app);
}

if (require.main === module) main();
