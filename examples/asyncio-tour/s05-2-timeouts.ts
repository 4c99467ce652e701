/**
 * asyncio tour §5.2, "Timeouts and Delays": a ten-second task under a five-second limit.
 * `asyncio.wait_for(f(), timeout=5)` is `timeout(5_000, f())`: it cancels the
 * operation (and waits for its cleanup), then throws TimeoutError. On the
 * virtual clock the five seconds take no real time.
 */
import { TimeoutError, run, sleep, timeout } from "spindle";
import type { Coroutine } from "spindle";

function* longTask(): Coroutine<void> {
  yield* sleep(10_000);
}

function* app(): Coroutine<void> {
  try {
    yield* timeout(5_000, longTask());
  } catch (error) {
    if (!(error instanceof TimeoutError)) throw error;
    console.log("Task took too long!");
  }
}

export function main(): void {
  run(app);
}

if (require.main === module) main();
