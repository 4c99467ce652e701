/// <reference types="node" />
/**
 * Running one shard of a sweep: its replications, in this thread or on the
 * worker pool, written as JSON lines in index order.
 *
 * Lines are written as soon as they and every earlier line of the shard are
 * known, so a long shard shows its progress in the file. A shard written to
 * a file goes to `<file>.partial` first and is renamed when every line is
 * written and synced: a file under the final name is always complete, so a
 * job that the engine killed and retried never leaves half a shard that a
 * merge could take for the whole.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, writeSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { CancelledError, InvalidArgumentError } from "../kernel/errors.js";
import type { Coroutine } from "../kernel/instruction.js";
import { all } from "../ops/combinators.js";
import { runAsync } from "../promise.js";
import { checkShardId } from "./sweep.js";
import type { Replication, ShardId, Sweep } from "./sweep.js";
import { headerLine, replicationLine, replicationWhat } from "./sweep-file.js";
import { notPlainData } from "./sweep-json.js";
import { NotPlainResult, defaultWorkerPool } from "./workers.js";
import type { WorkerPool } from "./workers.js";

/**
 * What runs each replication: a function called in this thread, or a worker
 * module whose `work(input, seed)` runs on the worker pool (see `replicate`).
 *
 * @category Node
 */
export type ShardWork<R> =
  | ((input: unknown, seed: number) => R | PromiseLike<R>)
  | {
      /** The worker module (JavaScript), as for `replicate`. */
      module: string | URL;
      /** The export to call (default `"work"`, falling back to the default export). */
      exportName?: string;
      /** The pool to run on (default: the shared pool). */
      pool?: WorkerPool;
    };

/**
 * Options of {@link runShard}.
 *
 * @category Node
 */
export interface RunShardOptions {
  /**
   * Where the lines go: a file path (written as `<path>.partial`, renamed
   * when complete), or a function given the text as it is produced (such as
   * one that writes to stdout).
   */
  out: string | ((text: string) => void);
}

/**
 * What a shard ran: its replications and their results, in index order.
 *
 * @category Node
 */
export interface ShardRun<R> {
  /** The shard that ran. */
  shard: ShardId;
  /** Its replications, in index order. */
  replications: Replication[];
  /** Their results, in the same order. */
  results: R[];
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === "object" || typeof value === "function") && value !== null && typeof (value as { then?: unknown }).then === "function";
}

/** A sink for the shard's text, and how to finish it. */
function openOut(out: RunShardOptions["out"]): { write: (text: string) => void; commit: () => void; abandon: () => void } {
  if (typeof out === "function") return { write: out, commit: () => undefined, abandon: () => undefined };
  if (typeof out !== "string" || out === "") throw new InvalidArgumentError("runShard(): out must be a file path or a function that takes the text");
  const path = resolve(out);
  const partial = `${path}.partial`;
  mkdirSync(dirname(path), { recursive: true });
  let fd: number | null = openSync(partial, "w");
  const close = (): void => {
    if (fd !== null) closeSync(fd);
    fd = null;
  };
  return {
    write: (text) => {
      const bytes = Buffer.from(text, "utf8");
      for (let done = 0; done < bytes.length; ) done += writeSync(fd as number, bytes, done);
    },
    commit: () => {
      fsyncSync(fd as number);
      close();
      renameSync(partial, path);
    },
    // The .partial file stays, for a look at how far the shard got.
    abandon: close,
  };
}

/**
 * The replication in which each error thrown by a shard's work was thrown,
 * so that a report can name it without wrapping the error (a caller may
 * test its class). An error thrown as a primitive cannot be a key; it stays
 * unnamed.
 */
const failedIn = new WeakMap<object, Replication>();

function noteFailure(error: unknown, replication: Replication): void {
  if ((typeof error === "object" && error !== null) || typeof error === "function") {
    failedIn.set(error, replication);
  }
}

/**
 * @internal The replication whose work threw `error` in {@link runShard},
 * if it came from there: for the reports of `spindle sweep`.
 */
export function replicationOfFailure(error: unknown): Replication | undefined {
  return (typeof error === "object" && error !== null) || typeof error === "function" ? failedIn.get(error) : undefined;
}

/**
 * Runs the replications here, one after the other, outside any task: a
 * model's work() usually calls run() itself, which cannot run inside a task.
 */
async function runHere<R>(work: (input: unknown, seed: number) => R | PromiseLike<R>, replications: readonly Replication[], done: (k: number, value: R) => void): Promise<void> {
  for (let k = 0; k < replications.length; k++) {
    const replication = replications[k] as Replication;
    let result: R;
    try {
      const value = work(replication.input, replication.seed);
      result = isThenable(value) ? await value : (value as R);
    } catch (error) {
      noteFailure(error, replication);
      throw error;
    }
    done(k, result);
  }
}

function* runOnPool<R>(work: Exclude<ShardWork<R>, (input: unknown, seed: number) => unknown>, replications: readonly Replication[], done: (k: number, value: R) => void): Coroutine<void> {
  const pool = work.pool ?? defaultWorkerPool();
  // One call per replication, all queued on the pool at once, so that each
  // result can be written as soon as it and those before it are in. The
  // worker checks that the result is plain data (plainData): structured
  // clone would make a class instance a plain object, which the lines would
  // take, while the same model run in this thread is refused.
  function* one(k: number): Coroutine<void> {
    const replication = replications[k] as Replication;
    let value: R;
    try {
      value = yield* pool.call<R>(work.module, [replication.input, replication.seed], work.exportName, true);
    } catch (error) {
      if (error instanceof NotPlainResult) throw notPlainData(replicationWhat(replication), `.result${error.path}`, error.kind);
      // Not a cancellation: the first failure cancels the shard's other replications, whose errors are not the cause.
      if (!(error instanceof CancelledError)) noteFailure(error, replication);
      throw error;
    }
    done(k, value);
  }
  yield* all(replications.map((_, k) => one(k)));
}

/**
 * Runs shard `shard` of `sweep`: each of its replications (see
 * {@link Sweep.shard}) with `work(input, seed)`, and writes the shard's
 * file: a header line, then one JSON line per replication in index order
 * (see docs/node.md, "Replications on a cluster"). Gives the shard's
 * results. The first failure stops the shard and is thrown; a file output
 * is then left as `<path>.partial`.
 *
 * A function runs in this thread, one replication after another, outside
 * any task (so it may call `run()` itself, as a model's `work` does); a
 * module runs on the worker pool. Either way the lines are the same.
 *
 * @example
 * ```ts
 * const study = sweep({ seeds: { from: 1, count: 100 }, input: { customers: 1000, tellers: 3 } });
 * const shard = shardOf(); // --shard i/n, JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID
 * await runShard(study, shard, { module: modelUrl }, { out: `results/shard-${shard.index}.jsonl` });
 * ```
 *
 * @category Node
 */
export async function runShard<R = unknown>(sweep: Sweep, shard: ShardId, work: ShardWork<R>, options: RunShardOptions): Promise<ShardRun<R>> {
  checkShardId(shard, "runShard()");
  const pooled = typeof work === "object" && work !== null && "module" in work;
  if (typeof work !== "function" && !pooled) throw new InvalidArgumentError("runShard(): work must be a function (input, seed) => result, or { module } to run on the worker pool");
  const replications = sweep.shard(shard);
  const results: R[] = new Array<R>(replications.length);
  const finished: boolean[] = new Array<boolean>(replications.length).fill(false);
  const out = openOut(options.out);
  let next = 0;
  let committed = false;
  const done = (k: number, value: R): void => {
    results[k] = value;
    finished[k] = true;
    while (next < replications.length && finished[next] === true) {
      out.write(replicationLine(sweep, replications[next] as Replication, results[next]));
      next++;
    }
  };
  try {
    out.write(headerLine(sweep, shard));
    if (typeof work === "function") await runHere(work, replications, done);
    else await runAsync(runOnPool(work, replications, done));
    out.commit();
    committed = true;
  } finally {
    if (!committed) out.abandon();
  }
  return { shard: { index: shard.index, count: shard.count }, replications, results };
}
