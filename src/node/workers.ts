/// <reference types="node" />
/**
 * CPU work off the main thread: a pool of `worker_threads` that tasks wait on.
 *
 * The convention: a worker module is any ES module (or CommonJS file) that
 * plain Node can load, exporting `work(input)` (or a default function, or
 * the export named by `exportName`). It may return a value or a Promise; the
 * value and the input cross threads by structured clone.
 *
 * Invariants:
 * - a worker runs at most one job at a time; `slot.job` is that job, and a
 *   job is in exactly one of: the queue, a slot, or settled;
 * - a job settles exactly once (its resolve/reject are action()'s, which
 *   ignore later calls), and is out of the queue and its slot by then;
 * - a cancelled job's worker is terminated, never reused: it may be deep in
 *   a loop that will not look at messages again. The pool replaces it
 *   lazily, on the next job that finds no idle worker;
 * - an idle worker is `unref`ed, a busy one `ref`ed: a process whose only
 *   remaining handles are idle workers exits by itself, while a job in
 *   flight keeps the process alive until its result arrives.
 *
 * Why terminate on cancellation rather than ask the job to stop: a job in a
 * tight CPU loop never reads a message, and the whole point of cancelling is
 * that the CPU work stops. Terminating costs a fresh worker (a few ms and
 * some MB) on the next job, which is cheap next to a runaway computation.
 */
import { Worker } from "node:worker_threads";
import type { ResourceLimits } from "node:worker_threads";
import { availableParallelism } from "node:os";
import { resolve as resolvePath } from "node:path";
import { pathToFileURL } from "node:url";
import { InvalidArgumentError, SpindleError, UsageError } from "../kernel/errors.js";
import type { Instruction } from "../kernel/instruction.js";
import { action } from "../ops/action.js";

/**
 * The worker's side, run with `eval` so that the pool works from the built
 * package and from TypeScript sources alike, with no file to locate. It uses
 * only `import()`, never `require`: an eval worker inherits the main
 * thread's flags, and under `--input-type=module` its code is an ES module.
 * Messages sent before the listener is attached wait in the port.
 */
const BOOTSTRAP = `
import("node:worker_threads").then(({ parentPort }) => {
  const describe = (error) =>
    error !== null && typeof error === "object"
      ? {
          name: String(error.name ?? "Error"),
          message: String(error.message ?? ""),
          stack: typeof error.stack === "string" ? error.stack : undefined,
          code: typeof error.code === "string" ? error.code : undefined,
        }
      : { name: "Error", message: String(error), stack: undefined, code: undefined };
  // For a sweep's results (job.plainData): the first value its JSON lines
  // would refuse, looked for here, before structured clone turns a class
  // instance into a plain object. The same order and rules as the writer in
  // sweep-json.ts. An object whose only key is "$number" ends the search
  // ("stop"): the clone keeps it as it is, and the writer refuses it first.
  const notPlain = (value, path) => {
    const type = typeof value;
    if (type === "function" || type === "symbol" || type === "bigint") return { path, kind: type };
    if (value === null || type !== "object") return null;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const at = path + "[" + i + "]";
        const found = value[i] === undefined ? { path: at, kind: "undefined" } : notPlain(value[i], at);
        if (found !== null) return found;
      }
      return null;
    }
    const proto = Object.getPrototypeOf(value);
    if (proto !== null && Object.getPrototypeOf(proto) !== null) return { path, kind: value.constructor?.name ?? "object" };
    const keys = Object.keys(value).filter((key) => value[key] !== undefined).sort();
    if (keys.length === 1 && keys[0] === "$number") return "stop";
    for (const key of keys) {
      const found = notPlain(value[key], path + "." + key);
      if (found !== null) return found;
    }
    return null;
  };
  parentPort.on("message", async (job) => {
    try {
      const mod = await import(job.url);
      let fn = mod[job.exportName];
      if (typeof fn !== "function" && job.fallbackToDefault) fn = mod.default;
      if (typeof fn !== "function") {
        throw new TypeError(job.url + " exports no function " + JSON.stringify(job.exportName) + (job.fallbackToDefault ? " and no default function" : ""));
      }
      const value = await fn(...job.args);
      const found = job.plainData ? notPlain(value, "") : null;
      if (found !== null && found !== "stop") {
        parentPort.postMessage({ id: job.id, ok: false, notPlain: found });
        return;
      }
      parentPort.postMessage({ id: job.id, ok: true, value });
    } catch (error) {
      parentPort.postMessage({ id: job.id, ok: false, error: describe(error) });
    }
  });
});
`;

/**
 * An error thrown by a worker's function (or a worker that crashed), carried
 * back to the task that waited for it. `message` and `stack` are the
 * worker's own, so the trace points into the worker module; `errorName` is
 * the original class name (`TypeError`...).
 *
 * @example
 * ```ts
 * try { yield* inWorker(url, input); } catch (e) { if (e instanceof WorkerError) console.error(e.errorName, e.stack); }
 * ```
 */
export class WorkerError extends Error {
  /** The name of the error in the worker (`Error`, `TypeError`, ...). */
  readonly errorName: string;
  /** The error's `code` property in the worker, if it had a string one. */
  readonly code: string | undefined;
  /** The module whose function failed. */
  readonly moduleUrl: string;
  /** @internal Made by the pool from a worker's report of the error. */
  constructor(remote: RemoteError, moduleUrl: string) {
    super(remote.message + hintFor(remote, moduleUrl));
    this.name = "WorkerError";
    this.errorName = remote.name;
    this.code = remote.code;
    this.moduleUrl = moduleUrl;
    this.stack = remote.stack ?? `${remote.name}: ${remote.message}\n    in a worker running ${moduleUrl}`;
  }
}

/**
 * A job was still queued or running when its pool was closed.
 *
 * @example
 * ```ts
 * catch (e) { if (e instanceof WorkerPoolClosedError) return; }
 * ```
 */
export class WorkerPoolClosedError extends SpindleError {}

interface RemoteError {
  name: string;
  message: string;
  stack: string | undefined;
  code: string | undefined;
}

type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: RemoteError } | { id: number; ok: false; notPlain: { path: string; kind: string } };

/**
 * @internal A job called with `plainData` returned a value that is not
 * plain data: at `path` (".a[1]", "" for the value itself) it held a
 * `kind` (a class's name, or a typeof), found in the worker, before the
 * structured clone that would have made a class instance a plain object.
 */
export class NotPlainResult extends Error {
  constructor(
    readonly path: string,
    readonly kind: string,
  ) {
    super(`the worker's result holds a ${kind} at ${path === "" ? "the top" : path}`);
    this.name = "NotPlainResult";
  }
}

/** Options of {@link WorkerPool}. */
export interface WorkerPoolOptions {
  /** How many workers at most (default `os.availableParallelism()`). */
  size?: number;
  /** Memory limits of each worker (see Node's `worker_threads`). */
  resourceLimits?: ResourceLimits;
  /** Node flags of each worker (default: the main thread's `process.execArgv`, as Node does). */
  execArgv?: string[];
}

/** Per-call options of {@link inWorker}. */
export interface InWorkerOptions {
  /** The pool to run on (default: the shared pool, see {@link defaultWorkerPool}). */
  pool?: WorkerPool;
  /** The export to call (default `"work"`, falling back to the default export). */
  exportName?: string;
}

/** A snapshot of a pool, from {@link WorkerPool.stats}. */
export interface WorkerPoolStats {
  /** The most workers the pool runs at once. */
  size: number;
  /** Workers alive now (started lazily, up to `size`). */
  workers: number;
  /** Workers running a job now. */
  busy: number;
  /** Jobs waiting for a free worker. */
  queued: number;
  /** Workers started so far, replacements included. */
  started: number;
  /** Workers terminated because their job was cancelled, or that crashed. */
  replaced: number;
  /** Jobs that returned a value. */
  completed: number;
  /** Jobs that ended with an error: they threw, their worker crashed, or the pool closed under them. */
  failed: number;
  /** Whether close() was called. */
  closed: boolean;
}

interface Job {
  readonly id: number;
  readonly url: string;
  readonly exportName: string;
  readonly fallbackToDefault: boolean;
  readonly args: unknown[];
  /** Whether the worker checks that the result is plain data (see NotPlainResult). */
  readonly plainData: boolean;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
  slot: Slot | null;
  settled: boolean;
}

interface Slot {
  readonly worker: Worker;
  job: Job | null;
}

/**
 * A pool of worker threads, started lazily and reused across calls. Tasks
 * use it through {@link inWorker} (or `pool.run`); jobs beyond `size` wait
 * in FIFO order. Cancelling a waiting task terminates its worker, so the CPU
 * work stops; the pool replaces the worker when it next needs one.
 *
 * @example
 * ```ts
 * const pool = new WorkerPool({ size: 4 });
 * const digest = yield* pool.run<string>(new URL("./hash.mjs", import.meta.url), bigBuffer);
 * await pool.close();
 * ```
 */
export class WorkerPool {
  /** The most workers the pool runs at once (the `size` option). */
  readonly size: number;
  private readonly options: WorkerPoolOptions;
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextJobId = 1;
  private isClosed = false;
  private counts = { started: 0, replaced: 0, completed: 0, failed: 0 };

  constructor(options: WorkerPoolOptions = {}) {
    const size = options.size ?? availableParallelism();
    if (!Number.isInteger(size) || size < 1) throw new InvalidArgumentError(`WorkerPool: size must be an integer >= 1, got ${String(size)}`);
    this.size = size;
    this.options = options;
  }

  /**
   * Calls the module's function with `input` in a worker; see {@link inWorker}.
   *
   * @example
   * ```ts
   * const total = yield* pool.run<number>(sumUrl, numbers);
   * ```
   */
  run<R>(moduleUrl: string | URL, input: unknown, exportName?: string): Instruction<R> {
    return this.call<R>(moduleUrl, [input], exportName);
  }

  /**
   * @internal Calls the export with several arguments (replicate passes the
   * seed too). With `plainData`, a result that is not plain data fails the
   * call with NotPlainResult (a sweep's lines take plain data only).
   */
  call<R>(moduleUrl: string | URL, args: unknown[], exportName?: string, plainData = false): Instruction<R> {
    const url = toModuleUrl(moduleUrl);
    const name = exportName ?? "work";
    return action<R>(`inWorker(${shortName(url)})`, (resolve, reject) => {
      const job: Job = {
        id: this.nextJobId++,
        url,
        exportName: name,
        fallbackToDefault: exportName === undefined,
        args,
        plainData,
        resolve: resolve as (value: unknown) => void,
        reject,
        slot: null,
        settled: false,
      };
      this.submit(job);
      return () => this.cancel(job);
    });
  }

  /**
   * Terminates every worker. Queued and running jobs fail with
   * {@link WorkerPoolClosedError}; later calls are refused. The Promise
   * resolves when every thread has exited (you need not wait for it).
   *
   * @example
   * ```ts
   * process.on("beforeExit", () => void pool.close());
   * ```
   */
  close(): Promise<void> {
    this.isClosed = true;
    const error = (job: Job): WorkerPoolClosedError => new WorkerPoolClosedError(`the worker pool was closed while inWorker(${shortName(job.url)}) was waiting`);
    for (const job of this.queue.splice(0)) this.settle(job, error(job), false);
    const exits: Promise<unknown>[] = [];
    for (const slot of this.slots.splice(0)) {
      if (slot.job !== null) this.settle(slot.job, error(slot.job), false);
      exits.push(slot.worker.terminate());
    }
    return Promise.all(exits).then(() => undefined);
  }

  /** True once `close()` was called. */
  get closed(): boolean {
    return this.isClosed;
  }

  /**
   * A snapshot of the pool.
   *
   * @example
   * ```ts
   * console.log(pool.stats()); // { size: 8, workers: 3, busy: 1, queued: 0, started: 3, replaced: 0, ... }
   * ```
   */
  stats(): WorkerPoolStats {
    return {
      size: this.size,
      workers: this.slots.length,
      busy: this.slots.filter((s) => s.job !== null).length,
      queued: this.queue.length,
      ...this.counts,
      closed: this.isClosed,
    };
  }

  private submit(job: Job): void {
    if (this.isClosed) {
      this.settle(job, new WorkerPoolClosedError(`inWorker(${shortName(job.url)}): the worker pool is closed`), false);
      return;
    }
    const slot = this.idleSlot();
    if (slot === null) this.queue.push(job);
    else this.dispatch(slot, job);
  }

  /** An idle worker, starting one if the pool is below its size; null if all are busy. */
  private idleSlot(): Slot | null {
    for (const slot of this.slots) if (slot.job === null) return slot;
    if (this.slots.length >= this.size) return null;
    return this.startWorker();
  }

  private startWorker(): Slot {
    const worker = new Worker(BOOTSTRAP, {
      eval: true,
      ...(this.options.resourceLimits !== undefined ? { resourceLimits: this.options.resourceLimits } : {}),
      ...(this.options.execArgv !== undefined ? { execArgv: this.options.execArgv } : {}),
    });
    const slot: Slot = { worker, job: null };
    this.counts.started++;
    worker.on("message", (reply: Reply) => this.replied(slot, reply));
    worker.on("error", (error: unknown) => this.crashed(slot, error));
    worker.on("exit", (code: number) => this.crashed(slot, new Error(`the worker exited with code ${code}`)));
    worker.unref();
    this.slots.push(slot);
    return slot;
  }

  private dispatch(slot: Slot, job: Job): void {
    slot.job = job;
    job.slot = slot;
    slot.worker.ref();
    try {
      slot.worker.postMessage({ id: job.id, url: job.url, exportName: job.exportName, fallbackToDefault: job.fallbackToDefault, args: job.args, plainData: job.plainData });
    } catch (error) {
      // The input cannot be cloned (a function, a socket...): nothing was sent.
      this.release(slot);
      this.settle(job, error, false);
      this.pump();
    }
  }

  private replied(slot: Slot, reply: Reply): void {
    const job = slot.job;
    if (job === null || job.id !== reply.id) return; // a reply for a job that was given up
    this.release(slot);
    if (reply.ok) this.settle(job, reply.value, true);
    else if ("notPlain" in reply) this.settle(job, new NotPlainResult(reply.notPlain.path, reply.notPlain.kind), false);
    else this.settle(job, new WorkerError(reply.error, job.url), false);
    this.pump();
  }

  /** The worker died on its own (uncaught error, process.exit in the worker). */
  private crashed(slot: Slot, error: unknown): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return; // already removed (terminated by us, or reported by "error" before "exit")
    this.slots.splice(index, 1);
    this.counts.replaced++;
    const job = slot.job;
    slot.job = null;
    if (job !== null) {
      const remote = error instanceof Error ? { name: error.name, message: error.message, stack: error.stack, code: undefined } : { name: "Error", message: String(error), stack: undefined, code: undefined };
      this.settle(job, new WorkerError(remote, job.url), false);
    }
    this.pump();
  }

  /** The teardown of a job's wait: after it settled (nothing to do), or when its task was cancelled. */
  private cancel(job: Job): void {
    if (job.settled) return;
    job.settled = true;
    const queued = this.queue.indexOf(job);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      return;
    }
    const slot = job.slot;
    if (slot === null) return;
    job.slot = null;
    const index = this.slots.indexOf(slot);
    if (index >= 0) this.slots.splice(index, 1);
    this.counts.replaced++;
    void slot.worker.terminate();
    this.pump();
  }

  private release(slot: Slot): void {
    const job = slot.job;
    if (job !== null) job.slot = null;
    slot.job = null;
    slot.worker.unref();
  }

  private settle(job: Job, value: unknown, ok: boolean): void {
    if (job.settled) return;
    job.settled = true;
    job.slot = null;
    if (ok) {
      this.counts.completed++;
      job.resolve(value);
    } else {
      this.counts.failed++;
      job.reject(value);
    }
  }

  /** Starts queued jobs on idle (or new) workers, oldest first. */
  private pump(): void {
    while (this.queue.length > 0 && !this.isClosed) {
      const slot = this.idleSlot();
      if (slot === null) return;
      this.dispatch(slot, this.queue.shift() as Job);
    }
  }
}

let shared: WorkerPool | null = null;

/**
 * The pool {@link inWorker} uses when none is given: created on first use
 * with `os.availableParallelism()` workers.
 *
 * @example
 * ```ts
 * console.log(defaultWorkerPool().stats().size);
 * ```
 */
export function defaultWorkerPool(): WorkerPool {
  if (shared === null || shared.closed) shared = new WorkerPool();
  return shared;
}

/**
 * Closes the shared pool (see {@link WorkerPool.close}); the next
 * {@link inWorker} starts a new one. Idle workers do not keep the process
 * alive, so this is needed only to stop jobs in flight or free the threads.
 *
 * @example
 * ```ts
 * await closeWorkerPool();
 * ```
 */
export function closeWorkerPool(): Promise<void> {
  const pool = shared;
  shared = null;
  return pool === null ? Promise.resolve() : pool.close();
}

/**
 * Runs `work(input)` from the worker module at `moduleUrl` on a worker
 * thread and gives its result to the waiting task. The function may be async;
 * input and result cross threads by structured clone. If it throws, the task
 * gets a {@link WorkerError} with the worker's message and stack. If the task
 * is cancelled (a `timeout`, a lost `race`, a shutdown), the worker is
 * terminated at once, so the CPU work stops, and the pool replaces it.
 *
 * `moduleUrl` is a URL (`new URL("./work.mjs", import.meta.url)`), a URL
 * string, or a file path (relative paths resolve against the working
 * directory). The module must load in plain Node (JavaScript, not TypeScript,
 * unless the process runs with a TypeScript loader, which workers inherit).
 *
 * @example
 * ```ts
 * // primes.mjs: export function work(limit) { ...; return count; }
 * const count = yield* inWorker<number>(new URL("./primes.mjs", import.meta.url), 5_000_000);
 * ```
 */
export function inWorker<R = unknown>(moduleUrl: string | URL, input: unknown, options: InWorkerOptions = {}): Instruction<R> {
  return (options.pool ?? defaultWorkerPool()).run<R>(moduleUrl, input, options.exportName);
}

/** A file URL for a path; a URL or URL string unchanged. */
function toModuleUrl(moduleUrl: string | URL): string {
  if (typeof moduleUrl !== "string") return moduleUrl.href;
  if (moduleUrl === "") throw new UsageError("inWorker(): the module URL is empty");
  if (/^[a-z][a-z0-9+.-]*:/i.test(moduleUrl) && !/^[a-z]:[\\/]/i.test(moduleUrl)) return moduleUrl;
  return pathToFileURL(resolvePath(moduleUrl)).href;
}

/** A TypeScript worker module is the one load failure common enough to explain. */
function hintFor(remote: RemoteError, moduleUrl: string): string {
  if (remote.code !== "ERR_UNKNOWN_FILE_EXTENSION" || !/\.[cm]?ts$/.test(moduleUrl)) return "";
  return " (worker threads load modules with Node's own loader, which a TypeScript loader such as tsx does not reach: point inWorker() at compiled JavaScript, or bundle the module first)";
}

function shortName(url: string): string {
  const tail = url.slice(url.lastIndexOf("/") + 1);
  return tail === "" ? url : tail;
}
