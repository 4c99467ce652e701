/**
 * A Task wraps one generator and its place in the task tree.
 *
 * Invariants (kept by the scheduler, which owns every field marked internal;
 * the state machine itself, its states and its transitions, is in
 * task-state.ts, the one place where a task's state changes):
 * - `state` moves ready → running → (ready | blocked)* → done | failed | cancelled,
 *   and never leaves a final state;
 * - a task is in the ready queue exactly when `state === READY`;
 * - `wait` is non-null exactly when the task is blocked, and is the object
 *   whose `undo` takes the task off whatever it waits on;
 * - a Task is also the instruction that joins it (`yield* task`), through the
 *   same tryNow/park as every other: there is one join path;
 * - a task stays in its parent's child list (a top-level task: in its
 *   scheduler's list of roots, linked the same way) until it reaches a final
 *   state, and a parent reaches a final state only after its last child has
 *   (structured lifetimes);
 * - `resumeValue` holds what the task receives when it next runs (a value, or an
 *   error when `F_THROW` is set) and is cleared as soon as it is delivered, so
 *   a finished task keeps nothing alive but its result.
 *
 * Memory matters here (benchmark runs hold millions of tasks), so the tree is
 * an intrusive list (no per-task array), booleans are bits of `flags`, and
 * everything rarely used (listeners, context) is allocated on first use.
 */
import { CancelledError, InvalidArgumentError, UsageError, describeValue } from "./errors.js";
import { Instruction, WAIT } from "./instruction.js";
import type { Operation, Wait, Waiting } from "./instruction.js";
import { BLOCKED, CANCELLED, DONE, FAILED, F_CANCEL_REQUESTED, F_PARKING, READY, RUNNING, toBlocked } from "./task-state.js";
import { addListener, removeListener } from "./listeners.js";
import type { Listeners } from "./listeners.js";
import type { Scheduler } from "./scheduler.js";

/**
 * @internal A function's name for a task label, "anonymous" when it has
 * none. Reads `name` once: it is a native accessor, about 30 ns a read.
 */
export function nameOf(fn: { readonly name: string }): string {
  const name: unknown = fn.name;
  return typeof name === "string" && name !== "" ? name : "anonymous";
}

/**
 * A task's lifecycle state.
 *
 * @category Tasks
 */
export type TaskState = "ready" | "running" | "blocked" | "done" | "failed" | "cancelled";
const STATE_NAMES: readonly TaskState[] = ["ready", "running", "blocked", "done", "failed", "cancelled"];

/**
 * Something that wants to know when a task reaches a final state. Called
 * synchronously at that moment; it must not run task code, only resume tasks
 * or record facts.
 *
 * A listener that receives the outcome (a join) handles a failure: the error
 * then does not propagate to the parent. A `passive` listener only watches
 * (a logger, a test), so the failure still propagates.
 *
 * @example
 * ```ts
 * task.addFinishListener({ passive: true, taskFinished: (t) => console.log(`${t.label} is ${t.state}`) });
 * ```
 *
 * @category Extending
 */
export interface FinishListener {
  /** Called once, when the task has finished (done, failed or cancelled), its cleanup included. */
  taskFinished(task: Task<unknown>): void;
  /** True for a listener that only watches and does not handle a failure. */
  readonly passive?: boolean;
}

/**
 * A running coroutine. `yield* task` joins it: waits until it finishes and
 * gives its result (or throws its error; a cancelled task throws
 * {@link CancelledError}). A Task is its own join instruction, so joining
 * allocates nothing (and `yield task` joins too, untyped).
 *
 * @example
 * ```ts
 * function* main() {
 *   const child = yield* spawn(function* () { yield* sleep(10); return 42; });
 *   const answer = yield* child; // 42, typed number
 * }
 * ```
 *
 * @category Tasks
 */
export class Task<T = unknown> extends Instruction<T> implements Operation<T>, FinishListener {
  /** Unique within its scheduler, increasing in spawn order. */
  readonly id: number;
  /**
   * @internal The name, or the function whose name it is: reading a
   * function's `name` is a native accessor call, so it is read the first
   * time the name is needed, or when the body ends at the latest (the
   * function may be a closure, which a finished task must not keep alive).
   */
  naming: string | { readonly name: string };
  /** The scheduler that runs this task. */
  readonly scheduler: Scheduler;
  /** The task that spawned this one, or null for a task spawned by the host. */
  readonly parent: Task<unknown> | null;

  /** @internal */ gen: Iterator<unknown, unknown, unknown> | null;
  /** @internal */ stateCode = READY;
  /** @internal */ flags = 0;
  /** @internal */ resumeValue: unknown = undefined;
  /** @internal The return value when done, the error when failed or failing. */
  result: unknown = undefined;
  /** @internal */ wait: Wait | null = null;
  /** @internal Virtual time at which the current wait began. */
  blockedSince = 0;
  /** @internal */ firstChild: Task<unknown> | null = null;
  /** @internal The next (older) sibling, or for a top-level task the next (older) root. */
  nextSibling: Task<unknown> | null = null;
  /** @internal */ prevSibling: Task<unknown> | null = null;
  /** @internal null, one listener, or several (see listeners.ts). */
  listeners: Listeners<FinishListener> = null;
  /** @internal Task-local values (see createContext); shared with the parent until written. */
  context: Map<object, unknown> | null;

  /** @internal Tasks are created by spawn(), never directly. */
  constructor(scheduler: Scheduler, id: number, naming: string | { readonly name: string }, gen: Iterator<unknown, unknown, unknown>, parent: Task<unknown> | null) {
    super();
    this.scheduler = scheduler;
    this.id = id;
    this.naming = naming;
    this.gen = gen;
    this.parent = parent;
    this.context = parent === null ? null : parent.context;
  }

  /** A name for traces and error messages (the generator function's name by default). */
  get name(): string {
    const naming = this.naming;
    if (typeof naming === "string") return naming;
    const name = nameOf(naming);
    this.naming = name;
    return name;
  }

  /** The task's lifecycle state. */
  get state(): TaskState {
    return STATE_NAMES[this.stateCode] as TaskState;
  }

  /** True once the task is done, failed or cancelled. */
  get isFinished(): boolean {
    return this.stateCode >= DONE;
  }

  /** `task#7 "worker"`: how messages and traces name this task. */
  get label(): string {
    return `task#${this.id} "${this.name}"`;
  }

  /** What the task is blocked on (`sleep(100)`, `join(task#3 "fetch")`...), or undefined when it is not blocked. */
  get waitingOn(): string | undefined {
    return this.wait === null ? undefined : describeWait(this.wait);
  }

  /** The live children, in spawn order. */
  get children(): Task<unknown>[] {
    const list: Task<unknown>[] = [];
    for (let c = this.firstChild; c !== null; c = c.nextSibling) list.push(c);
    return list.reverse();
  }

  /** The chain of names from this task up to its root, for error reports: `worker <- pool <- main`. */
  get ancestry(): string {
    const names: string[] = [];
    for (let t: Task<unknown> | null = this; t !== null; t = t.parent) names.push(t.label);
    return names.join(" <- ");
  }

  /**
   * The return value of a task that is done. Throws the task's error if it
   * failed, {@link CancelledError} if it was cancelled, and a UsageError if
   * it has not finished yet (join it with `yield*` to wait).
   *
   * @example
   * ```ts
   * const t = host.spawn(work); host.run(); console.log(t.value);
   * ```
   */
  get value(): T {
    switch (this.stateCode) {
      case DONE:
        return this.result as T;
      case FAILED:
        throw this.result;
      case CANCELLED:
        throw new CancelledError(this.label);
      default:
        throw new UsageError(`${this.label} has not finished yet (it is ${this.state}); join it with yield* to wait for its result`);
    }
  }

  /**
   * True once someone asked to cancel this task (even if the cancellation has
   * not landed yet, or the task is already cleaning up). A `catch` uses it to
   * tell its own task's cancellation, which it must rethrow, from other errors.
   *
   * @example
   * ```ts
   * catch (e) { if (e instanceof CancelledError && (yield* currentTask()).cancelRequested) throw e; }
   * ```
   */
  get cancelRequested(): boolean {
    return (this.flags & F_CANCEL_REQUESTED) !== 0;
  }

  /** The error a failed task failed with; undefined otherwise. */
  get error(): unknown {
    return this.stateCode === FAILED ? this.result : undefined;
  }

  /**
   * Requests cancellation, from anywhere: another task, a host callback, or
   * outside the scheduler. A blocked task is taken off what it waits on and
   * its `finally` blocks run (they may yield); a running or ready task is
   * cancelled at its next yield. Cancelling a finished task, or one already
   * being cancelled, does nothing. To wait until the cleanup has finished,
   * use `yield* cancel(task)`.
   *
   * @example
   * ```ts
   * const t = host.spawn(patrol); // later, when the entity dies:
   * t.cancel();
   * ```
   */
  cancel(): void {
    this.scheduler.requestCancel(this);
  }

  /**
   * Throws an {@link Interrupt} carrying `cause` into the task where it
   * waits: a blocked task is taken off its wait and resumed with the error;
   * a running or ready task gets it at its next yield (several interrupts are
   * delivered one per yield, in order). The task may catch it and carry on.
   * A task that is cleaning up after cancellation is not interrupted.
   * Throws UsageError for a finished task or a task interrupting itself.
   *
   * @example
   * ```ts
   * function* breakdowns(machine: Task<unknown>) { for (;;) { yield* sleep(timeToFailure()); machine.interrupt("broken"); } }
   * ```
   */
  interrupt(cause?: unknown): void {
    this.scheduler.interrupt(this, cause);
  }

  // ----- joining: a Task is the instruction that joins it -----

  /** What a task joining this one waits on: `join(task#3 "fetch")`. */
  describe(): string {
    return `join(${this.label})`;
  }

  /**
   * @internal Joining, tried now: a finished task's outcome (its result, or
   * its error thrown at the joiner's yield), or WAIT while it runs. The
   * kernel and `yield* task` both come here: there is one join path.
   */
  tryNow(joiner: Task<unknown>): T | Waiting {
    const refusal = joinRefusal(joiner, this);
    if (refusal !== null) throw refusal;
    const state = this.stateCode;
    if (state === DONE) return this.result as T;
    if (state === FAILED) throw this.result;
    if (state === CANCELLED) throw new CancelledError(this.label);
    return WAIT;
  }

  /** @internal The joiner waits as this task's finish listener; this task is its wait. */
  override park(joiner: Task<unknown>): void {
    // Not addFinishListener: a joiner is a Task, so its check is not needed here; and tryNow said this task is running.
    this.listeners = addListener(this.listeners, joiner);
    joiner.block(this);
  }

  /** @internal Takes a cancelled joiner off this task's finish listeners. */
  override undo(joiner: Task<unknown>): void {
    this.removeFinishListener(joiner);
  }

  /**
   * @internal A task joining `target` is its own finish listener: this
   * resumes it with the outcome. Passing `target` as the wait makes a late
   * call harmless once the joiner has moved on.
   */
  taskFinished(target: Task<unknown>): void {
    if (target.stateCode === DONE) this.resume(target.result, target);
    else if (target.stateCode === FAILED) this.resumeWithError(target.result, target);
    else this.resumeWithError(new CancelledError(target.label), target);
  }

  // ----- the low-level blocking interface, for writing primitives -----

  /**
   * Parks this task on `wait`, for a wait that is not a {@link "spindle/extend"!WaitList | WaitList}
   * (a timer, a callback). Call it only from an instruction's `park()`, for
   * the task passed to it. Later, resume the task with {@link Task.resume}
   * or {@link Task.resumeWithError}; if the task is cancelled first, `wait.undo`
   * is called instead.
   *
   * @example
   * ```ts
   * park(task: Task<unknown>) { this.waiters.push(task); task.block(this); }
   * ```
   */
  block(wait: Wait): void {
    if (this.stateCode !== RUNNING || this.scheduler.running !== this || (this.flags & F_PARKING) === 0) {
      throw new UsageError(
        `${this.label}.block(${describeWait(wait)}) called ${(this.flags & F_PARKING) === 0 ? "outside an instruction's park()" : `while the task is ${this.state}`}; block() belongs in park(), once`,
      );
    }
    toBlocked(this, wait, this.scheduler.now);
  }

  /**
   * Wakes a blocked task: its wait completes with `value` and it becomes
   * ready. Returns false (and does nothing) if the task is not blocked. Pass the `wait` being completed
   * to make a late wake-up harmless: if the task is by then blocked on
   * something else, nothing happens. Without it, the task is woken from
   * whatever it waits on now, so a primitive must take a task off its wait
   * list in `undo` (see {@link "spindle/extend"!Wait.undo | Wait.undo}). A {@link "spindle/extend"!WaitList | WaitList} does both for you.
   *
   * @example
   * ```ts
   * open() { for (const task of this.waiters.splice(0)) task.resume("open"); }
   * ```
   */
  resume(value?: unknown, wait?: Wait): boolean {
    if (wait !== undefined && this.stateCode === BLOCKED && this.wait !== wait) return false;
    return this.scheduler.wake(this, value, false);
  }

  /**
   * Like {@link Task.resume}, but the task's `yield` throws `error`.
   *
   * @example
   * ```ts
   * close() { for (const task of this.waiters.splice(0)) task.resumeWithError(new Error("closed")); }
   * ```
   */
  resumeWithError(error: unknown, wait?: Wait): boolean {
    if (wait !== undefined && this.stateCode === BLOCKED && this.wait !== wait) return false;
    return this.scheduler.wake(this, error, true);
  }

  /**
   * Calls `listener.taskFinished(task)` when the task reaches a final state
   * (at once if it already has). A listener present when the task fails
   * counts as handling its error, which then does not propagate to the
   * parent, unless it is `passive`.
   *
   * @example
   * ```ts
   * task.addFinishListener({ taskFinished: (t) => console.log(t.state) });
   * ```
   */
  addFinishListener(listener: FinishListener): void {
    // Checked here: a bad listener would otherwise fail later, inside the kernel, as a raw TypeError.
    if (typeof listener?.taskFinished !== "function") {
      throw new InvalidArgumentError(`addFinishListener() needs an object with a taskFinished(task) method, but got ${describeValue(listener)}`);
    }
    if (this.stateCode >= DONE) {
      listener.taskFinished(this);
      return;
    }
    this.listeners = addListener(this.listeners, listener);
  }

  /**
   * Removes a listener added with {@link Task.addFinishListener}.
   *
   * @example
   * ```ts
   * undo() { this.target.removeFinishListener(this); }
   * ```
   */
  removeFinishListener(listener: FinishListener): void {
    this.listeners = removeListener(this.listeners, listener);
  }

  override toString(): string {
    return this.label;
  }
}

/**
 * @internal What a wait says it is, for the reports that name waits
 * (deadlock reports, dump(), traces): a user primitive's describe() that
 * throws is named in the report rather than replacing it.
 */
export function describeWait(wait: Wait): string {
  try {
    return wait.describe();
  } catch (error) {
    return `(describe() threw ${error instanceof Error ? `${error.name}: ${error.message}` : describeValue(error)})`;
  }
}

/**
 * @internal Why `joiner` may not join `target`, or null if it may: a task of
 * another scheduler, or a join that would wait forever (the joiner itself or
 * one of its ancestors, which wait for their children). A finished target
 * cannot deadlock, so the walk up the tree is only done for a live one.
 */
export function joinRefusal(joiner: Task<unknown>, target: Task<unknown>): UsageError | null {
  if (target.scheduler !== joiner.scheduler) {
    return new UsageError(`${joiner.label} cannot join ${target.label}: it belongs to another scheduler`);
  }
  if (target.stateCode >= DONE) return null;
  for (let t: Task<unknown> | null = joiner; t !== null; t = t.parent) {
    if (t === target) {
      return new UsageError(
        `${joiner.label} cannot join ${target.label}: ${t === joiner ? "a task cannot wait for itself" : "it is an ancestor, and a parent waits for its children"}; that would wait forever`,
      );
    }
  }
  return null;
}
