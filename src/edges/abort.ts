/**
 * AbortSignal, both ways: `abortSignal()` hands the current task's lifetime
 * to APIs that take a signal (fetch, streams, timers, child processes), and
 * `whenAborted(signal)` waits, inside a task, for a signal from outside.
 *
 * How a task's signal learns that the task stops. The kernel tells nobody
 * when a cancellation reaches a task, but it does cancel the task's children
 * at that moment, and a blocked child's wait is undone synchronously. So the
 * signal is watched by a small child task, `abortSignal`, parked on a wait
 * whose `undo` aborts the controller. Consequences, all deliberate:
 * - the signal aborts at the moment cancellation reaches the task (at once
 *   for a blocked task, at its next yield for a running one), before any of
 *   its `finally` blocks run, so a fetch stops while the cleanup starts;
 * - it also aborts when the task's body returns or throws (its children are
 *   cancelled then): like Go's `defer cancel()`, work started under the
 *   signal never outlives the body that started it;
 * - the reason says why: {@link CancelledError} when the task was cancelled,
 *   the task's own error when it failed, {@link TaskEndedError} when it
 *   returned.
 * A scope's body is the exception: a scope waits for its children, so a
 * watcher child would keep it open forever. There the signal is watched by a
 * passive finish listener instead, and aborts when the whole scope has
 * finished (its group's tasks have their own signals for prompt aborts).
 *
 * Rejected alternative: a finish listener on every task. It needs no child,
 * but the signal would stay live while the task cleans up (a `finally` that
 * waits a second keeps the fetch running for that second). A kernel hook
 * that told a listener when cancellation is delivered, or when the body
 * ends, would give the same promptness without a child task, scopes
 * included, and without reading the task's internal flags as `reasonFor`
 * does here.
 *
 * Invariant: a task has at most one live signal (asked for twice, it gives
 * the same one), and a controller is aborted at most once.
 */
import { CancelledError, InvalidArgumentError, SpindleError, describeValue } from "../kernel/errors.js";
import { Instruction, WAIT } from "../kernel/instruction.js";
import type { Coroutine, Waiting } from "../kernel/instruction.js";
import { F_CANCELLING, F_FAILING, F_GENERATOR_DONE, F_WAIT_FOR_CHILDREN } from "../kernel/task-state.js";
import type { FinishListener, Task } from "../kernel/task.js";
import { action } from "../ops/action.js";

/**
 * The part of an `AbortSignal` that spindle uses. Declared here, rather than
 * taken from the DOM or Node typings, so that the package's types depend on
 * neither; a real `AbortSignal` fits it.
 *
 * @category Edges
 */
export interface SignalLike {
  /** Whether the signal has aborted. */
  readonly aborted: boolean;
  /** Why it aborted, once it has. */
  readonly reason?: unknown;
  /** Calls `listener` when the signal aborts. */
  addEventListener(type: "abort", listener: () => void): void;
  /** Stops calling `listener`. */
  removeEventListener(type: "abort", listener: () => void): void;
}

/**
 * The platform's `AbortSignal` type where the program has one (DOM or Node
 * typings), else {@link SignalLike}. What {@link abortSignal} gives.
 *
 * @category Edges
 */
export type PlatformAbortSignal = typeof globalThis extends {
  /** The platform's AbortSignal class, where the program's typings declare one. */
  AbortSignal: {
    /** Its instances' type. */
    prototype: infer S;
  };
}
  ? S
  : SignalLike;

interface ControllerLike {
  readonly signal: SignalLike;
  abort(reason?: unknown): void;
}
const globals = globalThis as unknown as { AbortController?: new () => ControllerLike };

/**
 * The reason a task's {@link abortSignal} gives when the task's body
 * returned while work started under the signal was still going: that work is
 * no longer wanted. (Go's `context.Canceled` after `defer cancel()`.)
 *
 * @example
 * ```ts
 * fetch(url, { signal }).catch((e) => { if (signal.reason instanceof TaskEndedError) return; throw e; });
 * ```
 *
 * @category Edges
 */
export class TaskEndedError extends SpindleError {
  constructor(taskLabel: string) {
    super(`${taskLabel} has finished, so the work started under its abortSignal() was stopped`);
  }
}

/** Why `owner`'s signal aborts, read at the moment it aborts. */
function reasonFor(owner: Task<unknown>): unknown {
  if (owner.state === "failed") return owner.error;
  if (owner.state === "cancelled") return new CancelledError(owner.label);
  if (owner.state === "done") return new TaskEndedError(owner.label);
  // Still live: the kernel is ending its body or delivering a cancellation.
  const flags = owner.flags;
  if ((flags & F_FAILING) !== 0) return owner.result;
  if ((flags & F_CANCELLING) !== 0) return new CancelledError(owner.label);
  if ((flags & F_GENERATOR_DONE) !== 0) return new TaskEndedError(owner.label);
  return new CancelledError(owner.label); // the watcher itself was cancelled by hand
}

/** One task's signal: the controller, and aborting it exactly once. */
class Watch implements FinishListener {
  readonly passive = true;
  constructor(
    readonly owner: Task<unknown>,
    readonly controller: ControllerLike,
  ) {}
  abort(): void {
    if (this.controller.signal.aborted) return;
    this.controller.abort(reasonFor(this.owner));
  }
  /** The watcher task (or, for a scope, the owner) has finished. */
  taskFinished(): void {
    this.abort();
  }
}

/** What the watcher child waits on: nothing ever wakes it; undoing the wait aborts. */
class UntilOwnerStops extends Instruction<never> {
  constructor(private readonly watch: Watch) {
    super();
  }
  describe(): string {
    return `abortSignal(${this.watch.owner.label})`;
  }
  tryNow(): Waiting {
    return WAIT;
  }
  override park(task: Task<unknown>): void {
    task.block(this);
  }
  override undo(): void {
    this.watch.abort();
  }
}

/** The watcher's body; its name, `abortSignal`, is what `dump()` and traces show. */
const watcherBody = function* abortSignal(wait: UntilOwnerStops): Coroutine<void> {
  yield wait;
};

const live = /* @__PURE__ */ new WeakMap<Task<unknown>, Watch>();

class GetAbortSignal extends Instruction<PlatformAbortSignal> {
  describe(): string {
    return "abortSignal()";
  }
  /** Completes at once: the signal, made (with its watcher) on first use. */
  tryNow(task: Task<unknown>): PlatformAbortSignal {
    const known = live.get(task);
    if (known !== undefined && !known.controller.signal.aborted) return known.controller.signal as PlatformAbortSignal;
    const Controller = globals.AbortController;
    if (Controller === undefined) throw new SpindleError("abortSignal() needs the global AbortController (Node 16+, every current browser)");
    const watch = new Watch(task, new Controller());
    live.set(task, watch);
    if ((task.flags & F_WAIT_FOR_CHILDREN) !== 0) {
      task.addFinishListener(watch);
    } else {
      const watcher = task.scheduler.spawnTask(task, watcherBody, [new UntilOwnerStops(watch)], false);
      // Covers a watcher stopped before its first step, when no wait exists to undo.
      watcher.addFinishListener(watch);
    }
    return watch.controller.signal as PlatformAbortSignal;
  }
}

const GET_ABORT_SIGNAL = /* @__PURE__ */ new GetAbortSignal();

/**
 * An `AbortSignal` tied to the current task: it aborts when cancellation
 * reaches the task (before its `finally` blocks run), or when the task's body
 * returns or throws. Hand it to anything that takes a signal so that the work
 * stops with the task. Its `reason` is a {@link CancelledError} if the task
 * was cancelled, the task's error if it failed, a {@link TaskEndedError} if it
 * returned. Asked for twice by one task, it gives the same signal; asked for
 * during cleanup (after the first one aborted), a fresh one that lives until
 * the cleanup ends.
 *
 * The signal is watched by a child task named `abortSignal`, which you will
 * see in `dump()`. In a scope's own body it is watched by a finish listener
 * instead and aborts when the scope has finished.
 *
 * @example
 * ```ts
 * function* download(url: string) {
 *   const signal = yield* abortSignal();
 *   return yield* fromPromise(fetch(url, { signal })); // a timeout() around download() stops the fetch
 * }
 * ```
 *
 * @category Edges
 */
export function abortSignal(): Instruction<PlatformAbortSignal> {
  return GET_ABORT_SIGNAL;
}

/**
 * Waits until `signal` aborts and gives its `reason`; completes at once if
 * it already has. Cancelling the waiting task removes its listener. For a
 * signal from outside the scheduler (an AbortController of the caller, a
 * `AbortSignal.timeout(ms)`, a server's shutdown signal).
 *
 * @example
 * ```ts
 * function* serveUntil(signal: AbortSignal) {
 *   yield* race([serve(), whenAborted(signal)]); // whichever comes first; the other is cancelled
 * }
 * ```
 *
 * @category Edges
 */
export function whenAborted(signal: SignalLike): Instruction<unknown> {
  const s = signal as Partial<SignalLike> | null;
  if (typeof s !== "object" || s === null || typeof s.addEventListener !== "function" || typeof s.removeEventListener !== "function") {
    throw new InvalidArgumentError(`whenAborted() needs an AbortSignal (or an object like one, with aborted, addEventListener and removeEventListener), not ${describeValue(signal)}`);
  }
  return action<unknown>("whenAborted(signal)", (resolve) => {
    if (signal.aborted) {
      resolve(signal.reason);
      return;
    }
    const listener = (): void => resolve(signal.reason);
    signal.addEventListener("abort", listener);
    return () => signal.removeEventListener("abort", listener);
  });
}
