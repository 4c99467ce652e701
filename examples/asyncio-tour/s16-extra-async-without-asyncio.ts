/**
 * asyncio tour, "EXTRA: async without asyncio": two generator coroutines on a
 * hand-written scheduler that polls the wall clock.
 * spindle is that scheduler, finished: `Task` is a spindle task, `async_sleep`
 * is `sleep` (a timer in a heap instead of polling time.time()), the ready list
 * is a FIFO queue, and the clock is virtual, so the two seconds take none.
 *
 * The tour's scheduler as printed stops after the two "Start" lines: run()
 * re-queues a task only when it did *not* step, so both tasks are dropped after
 * their first yield (and async_sleep reads a `current_task` that is never set).
 * The expected output is that of the Python copy with those bugs fixed.
 */
import { run, sleep, spawn } from "spindle";
import type { Coroutine } from "spindle";

function* coro1(): Coroutine<void> {
  console.log("Coroutine 1: Start");
  yield* sleep(2_000);
  console.log("Coroutine 1: After 2 seconds");
}

function* coro2(): Coroutine<void> {
  console.log("Coroutine 2: Start");
  yield* sleep(1_000);
  console.log("Coroutine 2: After 1 second");
}

function* app(): Coroutine<void> {
  const tasks = [yield* spawn(coro1), yield* spawn(coro2)];
  for (const t of tasks) yield* t;
}

export function main(): void {
  run(app);
}

if (require.main === module) main();
