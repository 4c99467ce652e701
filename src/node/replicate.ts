/// <reference types="node" />
/**
 * Replications and parameter sweeps on the worker pool.
 *
 * A simulation run with `run(model, { seed })` is a pure function of its
 * input and seed, so N replications are embarrassingly parallel. What must
 * not leak in is the pool: which worker ran which seed, and in which order
 * they finished. So results are placed by the position of their seed, never
 * by arrival, and each replication gets only `(input, seed)`.
 *
 * The one thing this cannot guard: state a worker module keeps between calls
 * (a module-level counter, a cache). A worker is reused for many seeds, so
 * such state would make a result depend on the seeds that ran before it in
 * the same worker, and so on the pool's size. Keep the function pure.
 */
import { InvalidArgumentError } from "../kernel/errors.js";
import type { Coroutine, Operation } from "../kernel/instruction.js";
import { all } from "../ops/combinators.js";
import { checkProgressOptions } from "../hosts/progress.js";
import type { Progress, ProgressOptions } from "../hosts/progress.js";
import { WorkerError, defaultWorkerPool } from "./workers.js";
import type { WorkerPool } from "./workers.js";

/**
 * Options of {@link replicate}: the pool, the export to call, and progress
 * reports (`onProgress` is told `replicationsDone` of `replications`, at
 * most once per `progressInterval` and once when all have finished; see
 * `Progress` in spindle).
 */
export interface ReplicateOptions extends ProgressOptions {
  /** The pool to run on (default: the shared pool). */
  pool?: WorkerPool;
  /** The export to call (default `"work"`, falling back to the default export). */
  exportName?: string;
}

/**
 * Runs `work(input, seed)` from the worker module once per seed, spread over
 * the worker pool, and gives the results in the order of `seeds`, the same
 * whatever the pool's size or the order in which replications finish. The
 * first failure cancels the other replications (terminating their workers)
 * and is thrown, its message ending with the seed that failed; cancelling
 * the caller does the same.
 *
 * For a sweep over parameters rather than seeds, make `input` the table of
 * parameters and let each seed be an index into it, or use `all()` over
 * `inWorker` calls.
 *
 * @example
 * ```ts
 * // queue-model.mjs: export function work(input, seed) { return run(() => model(input), { seed }); }
 * const waits = yield* replicate<number>(new URL("./queue-model.mjs", import.meta.url), [1, 2, 3, 4], { customers: 1000 });
 * ```
 */
export function* replicate<R = unknown>(moduleUrl: string | URL, seeds: readonly number[], input: unknown, options: ReplicateOptions = {}): Coroutine<R[]> {
  for (const seed of seeds) {
    if (typeof seed !== "number" || !Number.isFinite(seed)) throw new InvalidArgumentError(`replicate(): every seed must be a finite number, got ${String(seed)}`);
  }
  const { callback, interval, clock } = checkProgressOptions("replicate()", options);
  if (seeds.length === 0) {
    // Nothing to run: all (none) have finished at once, and a caller waiting for the final report still gets it.
    if (callback !== null) new ReplicationTally(0, callback, interval, clock).noneToRun();
    return [];
  }
  const pool = options.pool ?? defaultWorkerPool();
  const calls = seeds.map((seed) => namingSeed(pool.call<R>(moduleUrl, [input, seed], options.exportName), seed));
  if (callback === null) return yield* all(calls);
  const tally = new ReplicationTally(seeds.length, callback, interval, clock);
  return yield* all(calls.map((call) => counted(call, tally)));
}

/**
 * Waits for one replication; if its model throws, the error says which seed
 * it ran, since the model's own message rarely does and that seed is what
 * reproduces the failure.
 */
function* namingSeed<R>(call: Operation<R>, seed: number): Coroutine<R> {
  try {
    return yield* call;
  } catch (error) {
    if (error instanceof WorkerError) {
      const original = error.message;
      error.message = `${original} (in the replication with seed ${seed})`;
      // Node prints the stack, which the worker wrote with the message as it was.
      if (error.stack !== undefined) error.stack = error.stack.replace(original, error.message);
    }
    throw error;
  }
}

/** Waits for one replication, then counts it. */
function* counted<R>(call: Operation<R>, tally: ReplicationTally): Coroutine<R> {
  const result = yield* call;
  tally.finished();
  return result;
}

/**
 * Replications finished, and the reports about them: one at most per
 * interval, and the final one when the last has finished. A report is made
 * in the task that waited for the replication, so a callback that throws
 * fails that task, which cancels the others as any failure does.
 */
class ReplicationTally {
  private done = 0;
  private readonly started: number;
  private lastReport: number;

  constructor(
    private readonly total: number,
    private readonly callback: (progress: Progress) => void,
    private readonly interval: number,
    private readonly clock: () => number,
  ) {
    this.started = this.lastReport = clock();
  }

  finished(): void {
    this.done++;
    const wall = this.clock();
    const final = this.done === this.total;
    if (!final && wall - this.lastReport < this.interval) return;
    this.lastReport = wall;
    this.report(wall, final);
  }

  /** There were no replications: the final report, at once. */
  noneToRun(): void {
    this.report(this.started, true);
  }

  private report(wall: number, final: boolean): void {
    this.callback({
      fraction: this.total === 0 ? 1 : this.done / this.total,
      elapsedMs: wall - this.started,
      final,
      now: null,
      until: null,
      steps: null,
      tasksFinished: null,
      replicationsDone: this.done,
      replications: this.total,
    });
  }
}
