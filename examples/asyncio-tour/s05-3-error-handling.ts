/**
 * asyncio tour §5.3, "Error Handling": an error thrown by a coroutine is caught
 * around the `yield*` that runs it, exactly as around `await`.
 */
import { run } from "spindle";
import type { Coroutine } from "spindle";

class ValueError extends Error {}

function* riskyTask(): Coroutine<void> {
  throw new ValueError("This is an intentional error!");
}

function* app(): Coroutine<void> {
  try {
    yield* riskyTask();
  } catch (error) {
    if (!(error instanceof ValueError)) throw error;
    console.log(`Caught an error: ${error.message}`);
  }
}

export function main(): void {
  run(app);
}

if (require.main === module) main();
