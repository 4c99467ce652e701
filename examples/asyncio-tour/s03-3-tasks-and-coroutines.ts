/**
 * asyncio tour §3.3, "Tasks and Coroutines": two tasks, one sleeps first.
 * `asyncio.create_task(f())` is `yield* spawn(f)`; `await task` is `yield* task`.
 * As in asyncio, a spawned task starts when its spawner next waits (here at the
 * first join), in spawn order: sayWorld prints while sayHello sleeps.
 */
import { run, sleep, spawn } from "spindle";
import type { Coroutine } from "spindle";

function* sayHello(): Coroutine<void> {
  yield* sleep(1_000);
  console.log("Hello");
}

function* sayWorld(): Coroutine<void> {
  console.log("World");
}

function* app(): Coroutine<void> {
  const task1 = yield* spawn(sayHello);
  const task2 = yield* spawn(sayWorld);
  yield* task1;
  yield* task2;
}

export function main(): void {
  run(app);
}

if (require.main === module) main();
