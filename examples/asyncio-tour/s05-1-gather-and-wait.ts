/**
 * asyncio tour §5.1, "gather & wait": go on as soon as one of two tasks completes.
 * `asyncio.wait(..., return_when=FIRST_COMPLETED)` is `race([...])`. One
 * difference: asyncio leaves the pending task running (asyncio.run cancels it
 * at exit); race cancels the losers and waits for their cleanup before it returns.
 */
import { race, run, sleep } from "spindle";
import type { Coroutine } from "spindle";

function* taskOne(): Coroutine<string> {
  yield* sleep(2_000);
  return "Task One Completed!";
}

function* taskTwo(): Coroutine<string> {
  yield* sleep(1_000);
  return "Task Two Completed!";
}

function* app(): Coroutine<void> {
  const first = yield* race([taskOne(), taskTwo()]);
  console.log(first);
}

export function main(): void {
  run(app);
}

if (require.main === module) main();
