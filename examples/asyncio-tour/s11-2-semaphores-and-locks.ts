/**
 * asyncio tour §11.2, "Semaphores and Locks": twenty workers, ten at a time.
 * `async with sem:` is `sem.withPermit(op)`, which releases on success, error
 * and cancellation alike. (`asyncio.run(asyncio.gather(...))` is fixed in the
 * Python copy as in §10.1.)
 */
import { all, run, semaphore, sleep } from "spindle";
import type { Coroutine } from "spindle";

const sem = semaphore(10); // allows 10 tasks to hold it at a time

function* worker(num: number): Coroutine<void> {
  yield* sem.withPermit(
    (function* () {
      console.log(`Worker ${num} has started`);
      yield* sleep(1_000);
      console.log(`Worker ${num} has finished`);
    })(),
  );
}

export function main(): void {
  run(() => all(Array.from({ length: 20 }, (_, i) => worker(i))));
}

if (require.main === module) main();
