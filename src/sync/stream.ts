/**
 * Streams: the spindle version of async iteration. A stream is simply the
 * receiving end of a channel fed by a producer task; the operators (`map`,
 * `filter`, `take`, `merge`) each start a small forwarding task and give a new
 * channel. `forEach` and `collect` consume.
 *
 * Lifetimes follow the task tree: producers and forwarders are children of
 * the task that built the pipeline, so when that task finishes (or is
 * cancelled) the whole pipeline stops, and each stage closes its output when
 * it ends, however it ends (even cancelled before its first step: see
 * spawnStage), so a consumer never hangs on a stage that is gone. A stage
 * closes its output when its input closes; `take` stops early and leaves its
 * input open (the producer is stopped by the task tree, not by `take`).
 *
 * Backpressure is the channels': a stage waits while its output is full, so
 * a slow consumer slows the producer instead of buffering without limit.
 *
 * Arguments are checked when the function is called, before anything is
 * started: each is a plain function that checks, then gives the generator
 * that does the work (a check in a generator's body would wait for the
 * yield*, and one in a stage task would fail the stage instead of the caller).
 */
import type { Coroutine, Instruction, Operation } from "../kernel/api.js";
import { InvalidArgumentError, describeValue } from "../kernel/api.js";
import { spawn } from "../ops/tasks.js";
import { CLOSED, channel } from "./channel.js";
import type { Channel, ChannelOptions } from "./channel.js";

/**
 * Options of the stream builders: the output channel's buffer.
 *
 * @category Channels and sync
 */
export interface StreamOptions extends ChannelOptions {
  /** Capacity of the output channel (default 0: every item is a hand-off). */
  capacity?: number;
}

/**
 * Checks that `source` is something to read from: a Channel (or anything
 * with a recv() operation, such as a broadcast's Subscription).
 */
function checkSource(what: string, source: unknown, argument = "source"): void {
  if (typeof source !== "object" || source === null || typeof (source as { recv?: unknown }).recv !== "function") {
    throw new InvalidArgumentError(`${what}() needs a Channel to read from as its ${argument} (what channel() or a stream operator gives), not ${describeValue(source)}`);
  }
}

/** Checks that `fn`, the callback of `what`, is a function. */
function checkFunction(what: string, fn: unknown, role: string): void {
  if (typeof fn !== "function") throw new InvalidArgumentError(`${what}() needs a function ${role}, not ${describeValue(fn)}`);
}

function output<T>(options: StreamOptions): Channel<T> {
  return channel<T>(options.capacity ?? 0, options);
}

/**
 * Spawns a stage and calls `finished` once it has ended, however it ended.
 * The stages also close their output in a `finally`, but a stage cancelled
 * before its first step never enters its body (the kernel closes an
 * unstarted generator without running any of it), so that `finally` never
 * runs: without this, a consumer outside the pipeline's task tree would wait
 * on the open output for ever. The listener is passive: a stage's failure
 * still reaches the task that built the pipeline.
 */
function* spawnStage(body: () => Coroutine<void>, finished: () => void): Coroutine<void> {
  const stage = yield* spawn(body);
  stage.addFinishListener({ passive: true, taskFinished: finished });
}

/**
 * Runs `producer` as a child task that emits values into a new channel, and
 * gives that channel. The channel closes when the producer returns, fails
 * or is cancelled.
 *
 * @example
 * ```ts
 * const ticks = yield* stream<number>(function* (emit) {
 *   for (let i = 0; i < 3; i++) { yield* sleep(100); yield* emit(i); }
 * });
 * yield* forEach(ticks, (n) => console.log("tick", n));
 * ```
 *
 * @category Channels and sync
 */
export function stream<T>(
  producer: (emit: (value: T) => Instruction<void>) => Operation<void>,
  options: StreamOptions = {},
): Coroutine<Channel<T>> {
  checkFunction("stream", producer, "that produces the values, as in stream(function* (emit) { ... })");
  return startStream(producer, options);
}

function* startStream<T>(producer: (emit: (value: T) => Instruction<void>) => Operation<void>, options: StreamOptions): Coroutine<Channel<T>> {
  const out = output<T>(options);
  yield* spawnStage(function* streamProducer() {
    try {
      yield* producer((value) => out.send(value));
    } finally {
      out.close();
    }
  }, () => out.close());
  return out;
}

/** Forwards `source` into `out` through `step`, which returns false to stop. */
function* forward<T, U>(source: Channel<T>, out: Channel<U>, step: (value: T) => Coroutine<boolean>): Coroutine<void> {
  try {
    for (;;) {
      const value = yield* source.recv();
      if (value === CLOSED) return;
      if (!(yield* step(value))) return;
    }
  } finally {
    out.close();
  }
}

/**
 * A channel of `fn(value)` for each value of `source`.
 *
 * @example
 * ```ts
 * const lengths = yield* map(words, (w) => w.length);
 * ```
 *
 * @category Channels and sync
 */
export function map<T, U>(source: Channel<T>, fn: (value: T) => U, options: StreamOptions = {}): Coroutine<Channel<U>> {
  checkSource("map", source);
  checkFunction("map", fn, "(value) => newValue as its second argument");
  return startMap(source, fn, options);
}

function* startMap<T, U>(source: Channel<T>, fn: (value: T) => U, options: StreamOptions): Coroutine<Channel<U>> {
  const out = output<U>(options);
  yield* spawnStage(function* mapStage() {
    yield* forward(source, out, function* (value) {
      yield* out.send(fn(value));
      return true;
    });
  }, () => out.close());
  return out;
}

/**
 * A channel of the values of `source` that satisfy `predicate`.
 *
 * @example
 * ```ts
 * const errors = yield* filter(logLines, (line) => line.startsWith("ERROR"));
 * ```
 *
 * @category Channels and sync
 */
export function filter<T>(source: Channel<T>, predicate: (value: T) => boolean, options: StreamOptions = {}): Coroutine<Channel<T>> {
  checkSource("filter", source);
  checkFunction("filter", predicate, "(value) => boolean as its second argument");
  return startFilter(source, predicate, options);
}

function* startFilter<T>(source: Channel<T>, predicate: (value: T) => boolean, options: StreamOptions): Coroutine<Channel<T>> {
  const out = output<T>(options);
  yield* spawnStage(function* filterStage() {
    yield* forward(source, out, function* (value) {
      if (predicate(value)) yield* out.send(value);
      return true;
    });
  }, () => out.close());
  return out;
}

/**
 * A channel of the first `n` values of `source`; it closes after them.
 *
 * @example
 * ```ts
 * const firstTen = yield* take(events, 10);
 * ```
 *
 * @category Channels and sync
 */
export function take<T>(source: Channel<T>, n: number, options: StreamOptions = {}): Coroutine<Channel<T>> {
  checkSource("take", source);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`take(): the count must be an integer >= 0, not ${describeValue(n)}`);
  return startTake(source, n, options);
}

function* startTake<T>(source: Channel<T>, n: number, options: StreamOptions): Coroutine<Channel<T>> {
  const out = output<T>(options);
  let left = n;
  yield* spawnStage(function* takeStage() {
    if (left === 0) {
      out.close();
      return;
    }
    yield* forward(source, out, function* (value) {
      yield* out.send(value);
      return --left > 0;
    });
  }, () => out.close());
  return out;
}

/**
 * One channel with the values of all `sources`, in the order they arrive; it
 * closes when every source has closed.
 *
 * @example
 * ```ts
 * const all = yield* merge([keyboard, mouse, network]);
 * ```
 *
 * @category Channels and sync
 */
export function merge<T>(sources: readonly Channel<T>[], options: StreamOptions = {}): Coroutine<Channel<T>> {
  if (!Array.isArray(sources)) throw new InvalidArgumentError(`merge() needs an array of Channels, not ${describeValue(sources)}`);
  sources.forEach((source: unknown, i) => checkSource("merge", source, `sources[${i}]`));
  return startMerge(sources, options);
}

function* startMerge<T>(sources: readonly Channel<T>[], options: StreamOptions): Coroutine<Channel<T>> {
  const out = output<T>(options);
  let open = sources.length;
  if (open === 0) out.close();
  // Counted when each stage has finished (not in a finally, which a stage
  // cancelled before its first step would skip): once per stage.
  const stageFinished = (): void => {
    if (--open === 0) out.close();
  };
  for (const source of sources) {
    yield* spawnStage(function* mergeStage() {
      for (;;) {
        const value = yield* source.recv();
        if (value === CLOSED) return;
        yield* out.send(value);
      }
    }, stageFinished);
  }
  return out;
}

/**
 * Runs `body` for each value of `source` until it closes. `body` may be a
 * plain function or a generator function (its operation is run before the
 * next value is received). What a plain function returns is ignored unless it
 * is an operation, even if it is iterable (`(s) => s.trim()`).
 *
 * @example
 * ```ts
 * yield* forEach(jobs, function* (job) { yield* sleep(job.cost); done++; });
 * ```
 *
 * @category Channels and sync
 */
export function forEach<T>(source: Channel<T>, body: (value: T) => unknown): Coroutine<void> {
  checkSource("forEach", source);
  checkFunction("forEach", body, "(or generator function) of each value as its second argument");
  return consumeEach(source, body);
}

function* consumeEach<T>(source: Channel<T>, body: (value: T) => unknown): Coroutine<void> {
  for (;;) {
    const value = yield* source.recv();
    if (value === CLOSED) return;
    const work = body(value);
    if (isOperation(work)) yield* work;
  }
}

/**
 * Whether a body's result is an operation to run: a generator object or an
 * instruction (both have next() and throw()). A plain function's result that
 * merely happens to be iterable (a string, an array, a Map's keys()) is not.
 */
function isOperation(value: unknown): value is Operation<unknown> {
  if (typeof value !== "object" || value === null) return false; // a string is iterable, but a plain value
  const v = value as { next?: unknown; throw?: unknown; [Symbol.iterator]?: unknown };
  // An iterator is an operation only if it is a generator (or an instruction): a Map's keys() is not.
  if (typeof v.next === "function") return typeof v.throw === "function";
  // A collection is data, not work to run.
  if (Array.isArray(value) || value instanceof Map || value instanceof Set || ArrayBuffer.isView(value)) return false;
  return typeof v[Symbol.iterator] === "function"; // an operation of a class of its own
}

/**
 * Receives every value of `source` until it closes, into an array.
 *
 * @example
 * ```ts
 * const squares = yield* collect(yield* map(numbers, (n) => n * n));
 * ```
 *
 * @category Channels and sync
 */
export function collect<T>(source: Channel<T>): Coroutine<T[]> {
  checkSource("collect", source);
  return collectAll(source);
}

function* collectAll<T>(source: Channel<T>): Coroutine<T[]> {
  const items: T[] = [];
  for (;;) {
    const value = yield* source.recv();
    if (value === CLOSED) return items;
    items.push(value);
  }
}
