/**
 * spindle/promise: where tasks meet Promises. The core never touches a
 * Promise (a task that yields one gets an error that points here); this entry
 * point is the bridge, for programs whose outside world is async/await.
 *
 * - `toPromise(task)`: a task's outcome as a Promise, for code outside tasks;
 * - `fromPromise(promise)`: waiting for a Promise inside a task;
 * - `runAsync(main)`: `run()` for the wall clock: main on a RealtimeHost,
 *   its result as a Promise.
 *
 * Policy: a Promise only watches. `toPromise` does not count as handling the
 * task's error (the error still fails the parent, or reaches the host's
 * `onError`), because a Promise can be dropped or awaited much later, outside
 * the task tree; an error must never vanish because some code happened to
 * ask for a Promise. To handle an error, join the task inside a task and catch.
 *
 * @module spindle/promise
 */
import { CancelledError, InvalidArgumentError, describeValue } from "./kernel/errors.js";
import type { Instruction, Operation } from "./kernel/instruction.js";
import type { Spawnable } from "./kernel/scheduler.js";
import type { Task } from "./kernel/task.js";
import { action } from "./ops/action.js";
import { RealtimeHost } from "./hosts/realtime.js";
import type { RealtimeOptions } from "./hosts/realtime.js";
import type { SignalLike } from "./edges/abort.js";

/**
 * A Promise of the task's outcome: it resolves with the result when the task
 * is done, rejects with its error when it failed, and with
 * {@link CancelledError} when it was cancelled. Settles when the task has
 * finished, cleanup included (at once, on the next microtask, if it already
 * has).
 *
 * It only watches (a passive finish listener): the task's error still goes
 * where it would have gone without it (its parent, or the host's `onError`).
 *
 * @example
 * ```ts
 * const host = new RealtimeHost({ onError: (e) => console.error(e) });
 * const answer = await toPromise(host.spawn(compute, 21));
 * ```
 */
export function toPromise<T>(task: Task<T>): Promise<T> {
  // Known by its method rather than instanceof, so that a task of another copy of spindle (the CommonJS and the ES module build) still works.
  if (typeof (task as Partial<Task<T>> | null)?.addFinishListener !== "function") {
    throw new InvalidArgumentError(`toPromise() needs a Task (what spawn() or host.spawn() gives), not ${describeValue(task)}`);
  }
  return new Promise<T>((resolve, reject) => {
    task.addFinishListener({
      passive: true,
      taskFinished: (t) => {
        if (t.state === "done") resolve(t.value as T);
        else if (t.state === "failed") reject(t.error);
        else reject(new CancelledError(t.label));
      },
    });
  });
}

/** Something to wait for: a Promise (or any thenable), or a function that starts one, given a signal. */
export type PromiseSource<T> = PromiseLike<T> | ((signal: SignalLike) => PromiseLike<T>);

interface ControllerLike {
  readonly signal: SignalLike;
  abort(reason?: unknown): void;
}
const globals = globalThis as unknown as { AbortController: new () => ControllerLike };

/**
 * Waits, inside a task, for a Promise: gives its value or throws its
 * rejection at the `yield*`. Cancelling the task stops the waiting at once,
 * but a Promise cannot be cancelled: the work behind it goes on, and its
 * outcome is then ignored (a later rejection is not reported as unhandled).
 * To stop the work too, pass a function instead: it is called when the wait
 * starts, with an `AbortSignal` that aborts if the task stops waiting.
 *
 * The Promise settles on the event loop, so this needs a host that runs
 * across event-loop turns (RealtimeHost, or a FrameHost in a game loop);
 * `run()` is synchronous and would report a deadlock.
 *
 * @example
 * ```ts
 * const text = yield* fromPromise(readFile("notes.txt", "utf8"));                      // waits; cannot stop the read
 * const page = yield* fromPromise((signal) => fetch(url, { signal }).then((r) => r.text())); // cancellation aborts the fetch
 * ```
 */
export function fromPromise<T>(source: PromiseSource<T>, description = "fromPromise()"): Instruction<T> {
  if (typeof source !== "function" && !isThenable(source)) {
    throw new InvalidArgumentError(`fromPromise() needs a Promise (or thenable), or a function (signal) => Promise, not ${describeValue(source)}`);
  }
  return action<T>(description, (resolve, reject) => {
    let controller: ControllerLike | null = null;
    let promise: PromiseLike<T>;
    if (typeof source === "function") {
      controller = new globals.AbortController();
      try {
        promise = source(controller.signal);
      } catch (error) {
        reject(error);
        return;
      }
      if (!isThenable(promise)) {
        reject(new InvalidArgumentError(`fromPromise(): the function returned ${describeValue(promise)}, not a Promise; return the Promise of the work it starts`));
        return;
      }
    } else {
      promise = source;
    }
    let pending = true;
    try {
      promise.then(
        (value) => {
          if (!pending) return;
          pending = false;
          resolve(value);
        },
        (error: unknown) => {
          if (!pending) return;
          pending = false;
          reject(error);
        },
      );
    } catch (error) {
      // A thenable whose then() throws has failed the wait (ignored if it
      // settled first, as a Promise would); the work started under the
      // signal is no longer awaited, so it is stopped.
      if (pending) {
        pending = false;
        controller?.abort(new CancelledError(description));
        reject(error);
      }
      return;
    }
    // The teardown also runs after the Promise settled; only a wait given up
    // early (the task was cancelled) aborts the work behind it.
    return () => {
      if (!pending) return;
      pending = false;
      controller?.abort(new CancelledError(description));
    };
  });
}

/** Refuses what is not a signal, before anything starts: the AbortController itself is the usual mistake. */
function checkSignal(signal: unknown): void {
  const s = signal as Partial<SignalLike> | null;
  if (typeof s !== "object" || s === null || typeof s.addEventListener !== "function" || typeof s.removeEventListener !== "function") {
    throw new InvalidArgumentError(`runAsync(): options.signal must be an AbortSignal (pass controller.signal, not the controller), not ${describeValue(signal)}`);
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === "function";
}

/** Options of {@link runAsync}: a RealtimeHost's, and a signal that cancels main. */
export interface RunAsyncOptions extends Omit<RealtimeOptions, "onError"> {
  /** Cancels `main` when it aborts; the Promise then rejects with CancelledError, after main's cleanup. */
  signal?: SignalLike;
  /** Hears errors of other top-level tasks spawned on the host, and of timers (task null); main's own error rejects the Promise. */
  onError?: (error: unknown, task: Task<unknown> | null) => void;
}

/**
 * Runs `main` on a fresh {@link RealtimeHost} (time is the wall clock) and
 * gives a Promise of its result: resolved when main and everything it
 * started have finished, rejected with its error, or with CancelledError if
 * it was cancelled (for example through `options.signal`). The host is
 * stopped afterwards. The async counterpart of `run()`.
 *
 * @example
 * ```ts
 * const report = await runAsync(function* () {
 *   yield* sleep(100); // real milliseconds
 *   return "done";
 * });
 * ```
 */
export function runAsync<T>(main: (() => Operation<T>) | Operation<T>, options: RunAsyncOptions = {}): Promise<T> {
  const { signal, onError, ...hostOptions } = options;
  if (signal !== undefined) checkSignal(signal);
  let task: Task<T> | null = null;
  let rejectEarly: ((error: unknown) => void) | null = null;
  const host = new RealtimeHost({
    ...hostOptions,
    onError: (error, failed) => {
      if (failed === task) return; // main's failure: its Promise rejects
      if (onError !== undefined) onError(error, failed);
      else {
        // Nobody listens for it: it fails the run, as an error in main would.
        rejectEarly?.(error);
        task?.cancel();
      }
    },
  });
  const stopOnAbort = (): void => task?.cancel();
  // Listened to before main exists: a signal that refuses the listener then leaves nothing running.
  if (signal !== undefined && !signal.aborted) signal.addEventListener("abort", stopOnAbort);
  try {
    task = host.scheduler.spawnTask(null, main as Spawnable<T, []>, [], false, "main");
  } catch (error) {
    signal?.removeEventListener("abort", stopOnAbort);
    throw error;
  }
  const root = task;
  if (signal?.aborted === true) root.cancel();
  const outcome = new Promise<T>((resolve, reject) => {
    rejectEarly = reject;
    root.addFinishListener({
      passive: true,
      taskFinished: (t) => {
        host.stop();
        signal?.removeEventListener("abort", stopOnAbort);
        if (t.state === "done") resolve(t.value as T);
        else if (t.state === "failed") reject(t.error);
        else reject(new CancelledError(t.label));
      },
    });
  });
  return outcome; // queueing main woke the host (the scheduler's onWork), which runs it on the next turn
}
