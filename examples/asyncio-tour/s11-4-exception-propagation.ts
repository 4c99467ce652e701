/**
 * asyncio tour §11.4, "Exception Propagation": wait for the first exception among tasks.
 * `asyncio.wait(..., return_when=FIRST_EXCEPTION)` then `task.result()` is
 * `all([...])` in a try: the first failure cancels the others (asyncio leaves
 * them pending) and is thrown once their cleanup is done.
 */
import { all, run, sleep } from "spindle";
import type { Coroutine } from "spindle";

class ValueError extends Error {}

function* raiseException(): Coroutine<void> {
  throw new ValueError("An error occurred!");
}

function* app(): Coroutine<void> {
  try {
    yield* all([raiseException(), sleep(1_000)]);
  } catch (error) {
    if (!(error instanceof ValueError)) throw error;
    console.log(`Caught an error: ${error.message}`);
  }
}

export function main(): void {
  run(app);
}

if (require.main === module) main();
