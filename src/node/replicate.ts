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
import type { Coroutine } from "../kernel/instruction.js";
import { all } from "../ops/combinators.js";
import { defaultWorkerPool } from "./workers.js";
import type { WorkerPool } from "./workers.js";

/** Options of {@link replicate}. */
export interface ReplicateOptions {
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
 * and is thrown; cancelling the caller does the same.
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
  if (seeds.length === 0) return [];
  const pool = options.pool ?? defaultWorkerPool();
  return yield* all(seeds.map((seed) => pool.call<R>(moduleUrl, [input, seed], options.exportName)));
}
