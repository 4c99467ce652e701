/**
 * asyncio tour §12.1, "Basic Async with Multiprocessing": four CPU-bound sums in a process pool.
 * The process pool becomes a simulated one on the virtual clock: a pool of
 * `workers` slots (a semaphore), each job holding a slot for a fixed latency
 * and then computing its result. `loop.run_in_executor(pool, f, x)` is
 * `pool.run(f, x)`, and gather is `all`. (For real parallelism in Node, see
 * `inWorker` in spindle/node; its timing is the wall clock's, not reproducible.)
 */
import { all, run, semaphore, sleep } from "spindle";
import type { Coroutine, Semaphore } from "spindle";

class SimulatedProcessPool {
  private readonly slots: Semaphore;
  constructor(workers: number, private readonly latencyMs: number) {
    this.slots = semaphore(workers);
  }
  run<A, R>(fn: (arg: A) => R, arg: A): Coroutine<R> {
    const latency = this.latencyMs;
    return this.slots.withPermit(
      (function* () {
        yield* sleep(latency); // the time the job takes in the other process
        return fn(arg);
      })(),
    );
  }
}

/** Python's range(stop), lazily. */
interface Range {
  stop: number;
}

function cpuBoundTask(data: Range): number {
  // Simulating a CPU-bound task by calculating a sum
  let total = 0;
  for (let i = 0; i < data.stop; i++) total += i;
  return total;
}

function* app(): Coroutine<void> {
  const data: Range[] = Array.from({ length: 4 }, () => ({ stop: 1_000_000 }));
  const pool = new SimulatedProcessPool(2, 50);
  const result = yield* all(data.map((d) => pool.run(cpuBoundTask, d)));
  console.log(`[${result.join(", ")}]`);
}

export function main(): void {
  run(app);
}

if (require.main === module) main();
