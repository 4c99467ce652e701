/**
 * asyncio tour §11.5, "Using Tasks Effectively": start a task, do other work, then join it.
 * In spindle the final join is also what keeps the task alive: a task whose
 * body returns cancels the children still running (asyncio.run would cancel
 * them too, at exit). `scope()` is the way to wait for many.
 */
import { run, sleep, spawn } from "spindle";
import type { Coroutine } from "spindle";

function* doWork(): Coroutine<void> {
  yield* sleep(2_000);
}

function* app(): Coroutine<void> {
  const task = yield* spawn(doWork);
  yield* sleep(1_000);
  console.log("Main work done!");
  yield* task; // ensure the spawned task is awaited
}

export function main(): void {
  run(app);
}

if (require.main === module) main();
