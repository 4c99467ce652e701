/**
 * asyncio tour §7.1, "Mixing Sync and Async Code": a blocking call inside a task.
 * spindle is cooperative too: code between two yields runs to the end, and
 * nothing else (no other task, no timer) runs meanwhile. A blocking wait such as
 * Atomics.wait below (a real 30 ms, where Python's time.sleep(3) blocks 3 s)
 * freezes the whole scheduler; on the virtual clock it does not even advance
 * time. Use `yield* sleep(ms)` instead.
 */
import { run } from "spindle";
import type { Coroutine } from "spindle";

/** Blocks the thread for `ms` real milliseconds, like time.sleep. */
function blockingSleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function* wrongUsage(): Coroutine<void> {
  blockingSleep(30); // This is a blocking call
  console.log("This will block the entire event loop");
}

export function main(): void {
  run(wrongUsage);
}

if (require.main === module) main();
