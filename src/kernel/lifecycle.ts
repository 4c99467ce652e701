/**
 * Task lifecycle: how tasks are created, woken, cancelled, interrupted and
 * finished, and where their failures go. The step loop (step-loop.ts) and
 * the host-facing API (scheduler.ts) build on this class; together they are
 * one Scheduler object, split by concern into files that each read in a
 * sitting.
 *
 * Policies, and why:
 * - Cancellation is a CancelledError thrown into the task where it waits (a
 *   task that never ran is closed with `generator.return()` instead; see
 *   deliverCancel for why a throw). It reaches a blocked task at once (its
 *   wait is undone) and a running or ready task at its next yield. A task that
 *   was already handed a value (a channel item, a permit) receives it first: a
 *   wake-up is never taken back, which is how "a cancelled receiver never loses
 *   a value" holds without each primitive having to hand values back.
 * - Only a task's own CancelledError (the one object deliverCancel threw in)
 *   ends it as cancelled. A cleanup that fails with another CancelledError
 *   (from joining a cancelled task, say) fails the task: that is a real error.
 * - Cleanup runs shielded: once the cancellation was delivered, further cancel
 *   requests are ignored and the cleanup may yield, sleep and join.
 * - Children are cancelled most recent first (like `defer` and destructors:
 *   what was acquired last is released first).
 * - A failed task whose error nobody was waiting for fails its parent (which
 *   cancels the siblings); at the root it reaches the host. No error is
 *   dropped: a task that collects several failures fails with the first
 *   one itself, the later ones attached to it (see suppressed.ts).
 *
 * Exception safety: user code runs here in a wait's `undo`, a finish
 * listener and a tracer hook. Each is called through a guard that finishes
 * the kernel's own bookkeeping whatever it throws, then hands the error to
 * the task concerned: an undo's error fails the task it undid (after its
 * cleanup ran); a finish listener's or a tracer's error, which no task
 * caused, reaches the host through `uncaught`, naming the task.
 */
import { YIELDS_AFTER_CANCEL_BEFORE_WARNING, debugSink } from "./debug-warnings.js";
import { withSuppressed } from "./suppressed.js";
import type { DebugOption, DebugWarning, DebugWarningKind } from "./debug-warnings.js";
import { CancelledError, Interrupt, InvalidArgumentError, UsageError, describeError, describeValue } from "./errors.js";
import { Instruction } from "./instruction.js";
import type { Operation, Wait } from "./instruction.js";
import { Random, checkSeed } from "./random.js";
import { RingQueue } from "./ring-queue.js";
import { Task } from "./task.js";
import { describeWait, nameOf } from "./task.js";
import type { FinishListener } from "./task.js";
import * as states from "./task-state.js";
import { TimerHeap } from "./timer-heap.js";
import type { SchedulePolicy, Tracer } from "./tracer.js";
import { UnyieldedOps } from "./unyielded.js";

// Bound once as local consts: see step-loop.ts for why.
const {
  BLOCKED,
  CANCELLED,
  DONE,
  FAILED,
  F_CANCELLING,
  F_CANCEL_REQUESTED,
  F_FAILING,
  F_GENERATOR_DONE,
  F_INTERRUPTED,
  F_RETURN,
  F_STARTED,
  F_THROW,
  F_WAIT_FOR_CHILDREN,
  READY,
  SHIELD_UNIT,
  cancellationDeliverable,
  leaveWait,
  toBlocked,
  toFinal,
  toReady,
} = states;

/**
 * What a task can be spawned from: a generator function and its arguments, or an operation.
 *
 * @category Hosts
 */
export type Spawnable<T, A extends unknown[]> = ((...args: A) => Operation<T>) | Operation<T>;

/**
 * Options of a {@link Scheduler}.
 *
 * @category Hosts
 */
export interface SchedulerOptions {
  /** Seed of the scheduler's random generator (default 0). Same program + same seed ⇒ same run. */
  seed?: number;
  /** The clock's starting time, in milliseconds (default 0). */
  startTime?: number;
  /** Hears every scheduling event (for example a TraceRecorder). */
  tracer?: Tracer;
  /** Chooses which ready task runs next (default: the oldest, FIFO). */
  policy?: SchedulePolicy;
  /**
   * Warnings about likely mistakes (a swallowed cancellation, a task that
   * ends holding a mutex, an operation made and never yielded): `true`
   * writes them with console.warn, a function receives each
   * {@link DebugWarning}. Off by default.
   */
  debug?: DebugOption;
}

/**
 * A failure that reached the top of the task tree with nobody to handle it.
 *
 * @category Hosts
 */
export interface UncaughtFailure {
  /** The top-level task that failed. */
  task: Task<unknown>;
  /** What it failed with. */
  error: unknown;
}

/** The tracer hooks, as the guard calls them. */
type TraceHook = "spawned" | "stepStarted" | "stepEnded" | "woken" | "cancelRequested" | "finished";

/**
 * Each task's own CancelledError, while it unwinds: how bodyEnded tells the
 * task's own cancellation from another one (a joined task's). Keyed by the
 * task, not the error, so that an error kept by user code (a log) keeps no
 * task alive; the entry goes when the body ends. A WeakMap, not a field: it
 * is set only when a cancellation is delivered, and a field would cost 8
 * bytes in every task.
 */
const ownCancellation = new WeakMap<Task<unknown>, CancelledError>();

/**
 * Generator objects that have been spawned (spawnTask's operation path only):
 * a generator object can run only once, and spawning it again would share
 * one body between two tasks. Weak, so that a finished task's generator is
 * not kept alive.
 */
const startedIterators = new WeakSet<object>();
/**
 * @internal The property by which an operation carries a task name, read
 * when it is spawned (see `named()` in ops/tasks.ts).
 */
export const TASK_NAME: unique symbol = Symbol("spindle.taskName");

const NOT_ASYNC = "; spindle runs function* generators (use function* and yield*, not async function* and await)";

/** @internal The lifecycle half of the Scheduler (see the file header). */
export abstract class TaskLifecycle {
  /**
   * The current time in milliseconds. Only hosts move it, and only forward.
   * It starts as a number, not undefined (a declared field without a value):
   * V8 updates a field that has only held numbers in place, but boxes every
   * fractional time stored in a field that may hold anything, 16 bytes per
   * idle frame of a game loop at 60 fps (test/hosts/frame-idle.test.ts).
   */
  now = 0;
  /** The seeded generator every model's randomness must come from. */
  readonly random: Random;
  /** Failures that reached the top with nobody to handle them, oldest first; hosts drain it. */
  readonly uncaught: UncaughtFailure[] = [];
  /**
   * Called when a task becomes ready while the scheduler is idle (for example
   * `task.cancel()` from a DOM event): the real-time host uses it to schedule a run.
   */
  onWork: (() => void) | null = null;
  /** Hears every scheduling event when set (tracing); null costs one check per step. */
  tracer: Tracer | null = null;
  /** Chooses the next ready task when set (schedule exploration); null means FIFO. */
  policy: SchedulePolicy | null = null;
  /** The policy's own generator, so that its choices leave the program's random numbers alone. */
  readonly policyRandom: Random;

  /** @internal The ready queue; it gives its memory back after a burst of tasks. */
  protected readonly ready = new RingQueue<Task<unknown>>(64, true);
  /** @internal */ protected readonly timers = new TimerHeap();
  /**
   * @internal The live top-level tasks, most recent first, linked through their
   * nextSibling / prevSibling like a parent's children: an intrusive list
   * rather than a Set, which saved ~25 bytes per blocked top-level task.
   */
  protected firstRoot: Task<unknown> | null = null;
  /** Interrupts waiting for their task's next yield (rare, so kept off the Task object). */
  private readonly pendingInterrupts = new Map<Task<unknown>, Interrupt[]>();
  /** Failures after the first, per failing task (rare, so kept off the Task object). */
  private readonly moreFailures = new Map<Task<unknown>, unknown[]>();
  /**
   * @internal The function whose name was read last, and that name. Tasks spawned
   * from one function (`spawn(worker, i)` in a loop) read its name once
   * instead of once each (see bodyEnded). Forgotten when a run call
   * returns, so that an idle scheduler keeps no function alive.
   */
  protected namedFunction: { readonly name: string } | null = null;
  private lastName = "";
  private nextId = 1;
  private liveCount = 0;
  /** @internal True while a run call is stepping tasks (onWork is not needed then). */
  protected stepping = false;
  /**
   * @internal The task whose step is running. Not cleared between the
   * steps of one run call (nothing reads it there without also checking that
   * the task is RUNNING; one store less per switch); cleared when the run
   * call returns.
   */
  running: Task<unknown> | null = null;

  constructor(options: SchedulerOptions) {
    const startTime: unknown = options.startTime ?? 0;
    if (typeof startTime !== "number" || !Number.isFinite(startTime)) {
      throw new InvalidArgumentError(`new Scheduler(): startTime must be a finite number of ms, got ${describeValue(startTime)}`);
    }
    const seed = checkSeed(options.seed ?? 0, "new Scheduler()");
    this.now = startTime;
    this.random = new Random(seed);
    this.policyRandom = new Random((seed ^ 0x5bd1e995) >>> 0); // ^ gives a signed int32
    // Checked here: a bad hook would otherwise fail later, mid-run, as a raw TypeError.
    const tracer: unknown = options.tracer ?? null;
    if (tracer !== null && typeof tracer !== "object") {
      throw new InvalidArgumentError(`new Scheduler(): tracer must be an object with the Tracer hooks (such as a TraceRecorder), got ${describeValue(tracer)}`);
    }
    const policy: unknown = options.policy ?? null;
    if (policy !== null && typeof (policy as Partial<SchedulePolicy>).pick !== "function") {
      throw new InvalidArgumentError(`new Scheduler(): policy must be an object with a pick(ready, random) method, got ${describeValue(policy)}`);
    }
    this.tracer = tracer as Tracer | null;
    this.policy = policy as SchedulePolicy | null;
    this.debugWarnings = debugSink(options.debug);
    this.unyielded = this.debugWarnings === null ? null : new UnyieldedOps(this as unknown as ConstructorParameters<typeof UnyieldedOps>[0]);
  }

  /** @internal Where debug warnings go; null when debugging is off (the checks then cost nothing). */
  readonly debugWarnings: ((warning: DebugWarning) => void) | null;

  /** @internal Debug only: the operations its tasks made and have not yielded yet (unyielded.ts). */
  readonly unyielded: UnyieldedOps | null;

  /** @internal The id the next task spawned will get (ids count up in spawn order). */
  get nextTaskId(): number {
    return this.nextId;
  }

  /** Yields each cancelled task made since its cancellation was delivered (debug only). */
  private readonly yieldsSinceCancel = new WeakMap<Task<unknown>, number>();

  /**
   * @internal Reports a debug warning. A sink that throws is user code that
   * threw: its error reaches the host, naming the task.
   */
  warn(kind: DebugWarningKind, task: Task<unknown>, message: string): void {
    const sink = this.debugWarnings;
    if (sink === null) return;
    try {
      sink({ kind, task, message });
    } catch (error) {
      this.hookFailed(task, error, "the debug warning sink");
    }
  }

  /** Tasks not yet in a final state. */
  get liveTasks(): number {
    return this.liveCount;
  }

  // ------------------------------------------------------------------ creation

  /** @internal Creates a task, links it under `parent` and queues it. */
  spawnTask<T, A extends unknown[]>(
    parent: Task<unknown> | null,
    source: Spawnable<T, A>,
    args: A,
    waitForChildren: boolean,
    defaultName = "anonymous",
  ): Task<T> {
    let gen: unknown;
    let naming: string | { readonly name: string };
    if (typeof source === "function") {
      naming = defaultName === "anonymous" ? source : source.name || defaultName;
      gen = callWith(source, args);
      if (!isIterator(gen)) {
        throw new InvalidArgumentError(
          `spawn(${source.name || defaultName}): the function returned ${describeValue(gen)} instead of a generator; declare it with function* (async functions cannot be spawned)`,
        );
      }
      if (Symbol.asyncIterator in (gen as object)) throw new InvalidArgumentError(`spawn(${source.name || defaultName}): it is an async generator function${NOT_ASYNC}`);
    } else if (source !== null && typeof source === "object" && typeof (source as Operation<T>)[Symbol.iterator] === "function") {
      gen = (source as Operation<T>)[Symbol.iterator]();
      const given: unknown = (source as { [TASK_NAME]?: unknown })[TASK_NAME];
      naming = typeof given === "string" ? given : source instanceof Instruction ? source.describe() : defaultName === "anonymous" ? "operation" : defaultName;
      if (!isIterator(gen)) throw new InvalidArgumentError(`spawn(): the operation's iterator is ${describeValue(gen)}, not an iterator`);
      // A named() operation hands over the generator object it wraps: the same rule applies to it.
      if ((gen === source || given !== undefined) && !(source instanceof Instruction) && Object.prototype.toString.call(gen) === "[object Generator]") {
        // A generator object (its own iterator) can run only once; an operation that makes a fresh iterator each time can run again.
        if (startedIterators.has(gen as object)) throw new InvalidArgumentError("spawn(): this generator object was already spawned, and a generator object can run only once; spawn its function instead");
        startedIterators.add(gen as object);
      }
    } else if (source !== null && typeof source === "object" && Symbol.asyncIterator in source) {
      throw new InvalidArgumentError(`spawn(): the argument is an async generator object${NOT_ASYNC}`);
    } else {
      throw new InvalidArgumentError(`spawn() needs a generator function or an operation, but got ${describeValue(source)}`);
    }
    const task = new Task<T>(this as unknown as Task<T>["scheduler"], this.nextId++, naming, gen as Iterator<unknown, unknown, unknown>, parent);
    if (waitForChildren) task.flags |= F_WAIT_FOR_CHILDREN;
    // Prepend: children are kept most-recent-first, the order they are cancelled in
    // (top-level tasks too, in their own list).
    const first = parent === null ? this.firstRoot : parent.firstChild;
    task.nextSibling = first;
    if (first !== null) first.prevSibling = task;
    if (parent === null) this.firstRoot = task;
    else parent.firstChild = task;
    this.liveCount++;
    this.enqueue(task, "spawned");
    return task;
  }

  // ------------------------------------------------------------------ wake-ups

  /**
   * @internal Queues a task, tells the tracer (`event`) and then the host if
   * this is the first work since it went idle: onWork is the host's code and
   * may throw, so it comes after the kernel's own bookkeeping.
   */
  protected enqueue(task: Task<unknown>, event: "spawned" | "woken"): void {
    toReady(task, this.ready);
    if (this.tracer !== null) this.trace(event, task);
    this.workArrived();
  }

  /** @internal Something was just queued: if it is the first work since the scheduler went idle, the host is told (onWork). */
  protected workArrived(): void {
    if (!this.stepping && this.onWork !== null && this.ready.length === 1) this.onWork();
  }

  /** @internal Queues the running task at the back (yieldNow's park). */
  requeue(task: Task<unknown>): void {
    toReady(task, this.ready);
  }

  /**
   * @internal Implements Task.resume / resumeWithError: only a task blocked
   * on a wait can be woken (not one whose wait is being undone, which has
   * none: it is being taken off it, and queued by whoever undoes it).
   */
  wake(task: Task<unknown>, value: unknown, isError: boolean): boolean {
    if (task.stateCode !== BLOCKED || task.wait === null || (task.flags & F_GENERATOR_DONE) !== 0) return false;
    leaveWait(task);
    task.resumeValue = value;
    if (isError) task.flags |= F_THROW;
    else task.flags &= ~F_THROW;
    this.enqueue(task, "woken");
    return true;
  }

  /**
   * @internal Takes a blocked task off its wait and calls the wait's undo.
   * Returns what undo threw, or undefined: the kernel's bookkeeping is done
   * either way, and the caller gives the error to the task.
   */
  protected undoWait(task: Task<unknown>): unknown {
    const wait = leaveWait(task);
    try {
      wait.undo(task);
      return undefined;
    } catch (error) {
      return error === undefined ? new UsageError(`${describeWait(wait)}: undo() threw undefined`) : error;
    }
  }

  // ----------------------------------------------------- cancellation and ends

  /** @internal Implements Task.cancel. */
  requestCancel(task: Task<unknown>): void {
    const flags = task.flags;
    if (task.stateCode >= DONE || (flags & F_CANCEL_REQUESTED) !== 0) return;
    task.flags = flags | F_CANCEL_REQUESTED;
    if (this.tracer !== null) this.trace("cancelRequested", task);
    if ((flags & F_GENERATOR_DONE) !== 0) {
      // The body has ended; only children are left to stop.
      task.flags |= F_CANCELLING;
      this.cancelChildren(task);
      return;
    }
    if (task.flags >= SHIELD_UNIT) return; // delivered when the shield is left
    // BLOCKED with no wait: its wait's undo is running (a cancel or interrupt
    // that reached it from there); whoever is undoing it queues it or runs it
    // again, and the cancellation lands at its next yield, as for a ready task.
    if (task.stateCode === BLOCKED && task.wait !== null) {
      const undoError = this.undoWait(task);
      this.deliverCancel(task);
      // A wait that could not be undone cleanly: the task still unwinds
      // (its finally blocks run once), then fails with the undo's error.
      if (undoError !== undefined) this.recordFailure(task, undoError);
      this.enqueue(task, "woken");
    } else if (task.stateCode === READY && (flags & F_STARTED) === 0) {
      // Never ran: return() on an unstarted generator closes it without running any of it.
      this.deliverCancel(task);
    }
    // Otherwise (running, or ready with a value already handed to it) the
    // step loop delivers it at the task's next yield.
  }

  /**
   * @internal At a yield: delivers a pending cancellation (unless shielded or already
   * cleaning up) or else the oldest pending interrupt. Returns whether it did.
   */
  protected deliverPending(task: Task<unknown>): boolean {
    if (cancellationDeliverable(task)) {
      this.deliverCancel(task);
      return true;
    }
    const flags = task.flags;
    if ((flags & F_CANCELLING) !== 0 && this.debugWarnings !== null) this.countYieldAfterCancel(task);
    if ((flags & F_INTERRUPTED) === 0 || (flags & F_CANCELLING) !== 0) return false;
    const queue = this.pendingInterrupts.get(task) as Interrupt[];
    const interrupt = queue.shift() as Interrupt;
    if (queue.length === 0) {
      this.pendingInterrupts.delete(task);
      task.flags &= ~F_INTERRUPTED;
    }
    task.flags |= F_THROW;
    task.resumeValue = interrupt;
    return true;
  }

  /** Debug: warns once when a cancelled task has yielded many times since its cancellation. */
  private countYieldAfterCancel(task: Task<unknown>): void {
    if (!ownCancellation.has(task)) return; // cancelled before it ran, or its body has ended
    const count = (this.yieldsSinceCancel.get(task) ?? 0) + 1;
    this.yieldsSinceCancel.set(task, count);
    if (count !== YIELDS_AFTER_CANCEL_BEFORE_WARNING) return;
    this.warn(
      "cancellation-swallowed",
      task,
      `${task.ancestry} has yielded ${count} times since its cancellation was delivered: if a catch swallowed its CancelledError, the task runs on and cancel() waits for ever; rethrow it (catch (e) { if (isCancellation(e)) throw e; ... }). A long cleanup in a finally looks the same.`,
    );
  }

  /** @internal Implements Task.interrupt. */
  interrupt(task: Task<unknown>, cause: unknown): void {
    if (task.stateCode >= DONE || (task.flags & F_GENERATOR_DONE) !== 0) {
      throw new UsageError(`${task.label} has finished and cannot be interrupted`);
    }
    if (task === this.running && task.stateCode === states.RUNNING) throw new UsageError(`${task.label} cannot interrupt itself; throw an error instead`);
    if ((task.flags & F_CANCELLING) !== 0) return;
    const interrupt = new Interrupt(task.label, cause);
    // A task whose wait is being undone (BLOCKED with no wait) gets it at its next yield, as a ready one.
    if (task.stateCode === BLOCKED && task.wait !== null) {
      const undoError = this.undoWait(task);
      // An undo that threw: the task gets that error at its yield instead.
      task.resumeValue = undoError === undefined ? interrupt : undoError;
      task.flags |= F_THROW;
      this.enqueue(task, "woken");
      return;
    }
    const queue = this.pendingInterrupts.get(task);
    if (queue === undefined) this.pendingInterrupts.set(task, [interrupt]);
    else queue.push(interrupt);
    task.flags |= F_INTERRUPTED;
  }

  /**
   * @internal Makes the task's next resume deliver the cancellation, and stops its
   * children. A task that never ran is closed with generator.return(): none
   * of its code runs. A started task gets a CancelledError thrown where it
   * waits. Why a throw and not return(): a pending throw is held by each
   * generator frame, so a helper reached through `yield*` whose finally
   * yields finishes its cleanup and the unwinding continues outward. With
   * return(), resuming that cleanup with next() would make the delegating
   * frame carry on as if the helper had returned normally (a JavaScript
   * property of `yield*`, not fixable from outside). The price is that a
   * catch-all sees the cancellation and must rethrow it, as in asyncio.
   */
  protected deliverCancel(task: Task<unknown>): void {
    if (this.unyielded !== null) this.unyielded.cancelled(task);
    if ((task.flags & F_STARTED) === 0) {
      task.flags = (task.flags | F_CANCELLING | F_RETURN) & ~F_THROW;
      task.resumeValue = undefined;
    } else {
      task.flags = (task.flags | F_CANCELLING | F_THROW) & ~F_RETURN;
      task.resumeValue = this.ownCancelledError(task);
    }
    this.cancelChildren(task);
  }

  /** @internal The CancelledError that unwinds `task`, remembered as its own (see bodyEnded). */
  protected ownCancelledError(task: Task<unknown>): CancelledError {
    const error = new CancelledError(task.label, true);
    ownCancellation.set(task, error);
    return error;
  }

  /** @internal True if `error` is the CancelledError that unwinds `task`. */
  protected isOwnCancellation(task: Task<unknown>, error: unknown): boolean {
    return ownCancellation.get(task) === error;
  }

  /** @internal Requests the cancellation of each of `task`'s children. */
  protected cancelChildren(task: Task<unknown>): void {
    for (let child = task.firstChild; child !== null; child = child.nextSibling) this.requestCancel(child);
  }

  /** @internal The task's generator has returned (`threw` false) or thrown. */
  protected bodyEnded(task: Task<unknown>, threw: boolean, value: unknown): void {
    task.gen = null;
    // Let go of the generator function too: read its name now if nobody has.
    const naming = task.naming;
    if (typeof naming !== "string") {
      if (naming !== this.namedFunction) {
        this.namedFunction = naming;
        this.lastName = nameOf(naming);
      }
      task.naming = this.lastName;
    }
    task.flags |= F_GENERATOR_DONE;
    const cancelling = (task.flags & F_CANCELLING) !== 0;
    if (threw) {
      // The task's own cancellation coming back out is the normal end of a
      // cancelled task, not a failure; any other error (another task's
      // CancelledError included) is.
      if (!cancelling || ownCancellation.get(task) !== value) {
        tagWithTask(value, task);
        this.recordFailure(task, value);
      }
    } else if ((task.flags & (F_FAILING | F_CANCELLING)) === 0) {
      task.result = value;
    } else if (cancelling && this.debugWarnings !== null && ownCancellation.has(task)) {
      this.warn(
        "cancellation-swallowed",
        task,
        `${task.ancestry} returned normally after its cancellation was delivered: a catch (or a return in a finally) swallowed its CancelledError. It still ends cancelled; rethrow the error (catch (e) { if (isCancellation(e)) throw e; ... }).`,
      );
    }
    if (cancelling) ownCancellation.delete(task);
    const flags = task.flags;
    if (task.firstChild !== null) {
      if ((flags & (F_WAIT_FOR_CHILDREN | F_FAILING | F_CANCEL_REQUESTED)) !== F_WAIT_FOR_CHILDREN) this.cancelChildren(task);
      toBlocked(task, CHILDREN_WAIT, this.now);
      return;
    }
    this.complete(task);
  }

  /**
   * @internal Records that `task` fails with `error`. The first error becomes its
   * result; later ones (another child failing in the same instant, a cleanup
   * that throws while unwinding) are kept, and the task then fails with the
   * first, the later ones attached to it in order (suppressedErrors), so the
   * caller can still test the error it expects and none is ever dropped.
   */
  protected recordFailure(task: Task<unknown>, error: unknown): void {
    if ((task.flags & F_FAILING) === 0) {
      task.result = error;
      task.flags |= F_FAILING;
      return;
    }
    if (error === task.result) return;
    const more = this.moreFailures.get(task);
    if (more === undefined) this.moreFailures.set(task, [error]);
    else if (!more.includes(error)) more.push(error);
  }

  /**
   * @internal What a live task is going through besides its wait, for
   * dump(): ", cancelled, in its cleanup", ", failing with X (and 1 more
   * failure)", or "".
   */
  troubleOf(task: Task<unknown>): string {
    const flags = task.flags;
    let trouble = "";
    if ((flags & F_CANCELLING) !== 0 && (flags & F_GENERATOR_DONE) === 0) trouble += ", cancelled, in its cleanup";
    if ((flags & F_FAILING) !== 0) {
      const more = this.moreFailures.get(task)?.length ?? 0;
      trouble += `, failing with ${describeError(task.result)}${more === 0 ? "" : ` (and ${more} more failure${more === 1 ? "" : "s"})`}`;
    }
    return trouble;
  }

  /** Puts a task whose body and children have all ended into its final state. */
  private complete(task: Task<unknown>): void {
    const flags = task.flags;
    if ((flags & F_FAILING) !== 0 && this.moreFailures.has(task)) {
      task.result = withSuppressed(task.result, this.moreFailures.get(task) as unknown[], task.label);
      this.moreFailures.delete(task);
    }
    toFinal(task, (flags & F_FAILING) !== 0 ? FAILED : (flags & F_CANCELLING) !== 0 ? CANCELLED : DONE);
    this.liveCount--;
    if ((flags & F_INTERRUPTED) !== 0) this.pendingInterrupts.delete(task);
    const parent = task.parent;
    if (task.prevSibling !== null) task.prevSibling.nextSibling = task.nextSibling;
    else if (parent === null) this.firstRoot = task.nextSibling;
    else parent.firstChild = task.nextSibling;
    if (task.nextSibling !== null) task.nextSibling.prevSibling = task.prevSibling;
    task.prevSibling = task.nextSibling = null;
    if (this.tracer !== null) this.trace("finished", task);
    const observed = this.notifyFinished(task);
    if (task.stateCode === FAILED && !observed) {
      if (parent === null) {
        noteTaskInStack(task.result);
        this.uncaught.push({ task, error: task.result });
      } else {
        this.failFromChild(parent, task, task.result);
      }
    }
    if (parent !== null && parent.firstChild === null && (parent.flags & F_GENERATOR_DONE) !== 0 && parent.stateCode === BLOCKED) {
      this.complete(parent);
    }
  }

  /**
   * Tells the finish listeners; returns whether one of them handles the
   * outcome (is not passive). Every listener is told even if one throws;
   * a listener's error reaches the host, naming the task.
   */
  private notifyFinished(task: Task<unknown>): boolean {
    const listeners = task.listeners;
    if (listeners === null) return false;
    task.listeners = null;
    if (!Array.isArray(listeners)) return this.tellListener(listeners, task);
    let handled = false;
    for (const listener of listeners) {
      if (this.tellListener(listener, task)) handled = true;
    }
    return handled;
  }

  /**
   * Tells one listener; returns whether it handled the outcome. A listener
   * that throws has not: the task's failure still propagates, and the
   * listener's error reaches the host.
   */
  private tellListener(listener: FinishListener, task: Task<unknown>): boolean {
    try {
      listener.taskFinished(task);
      return listener.passive !== true;
    } catch (error) {
      this.hookFailed(task, error, "a finish listener");
      return false;
    }
  }

  /** A child failed and nobody was joining it: the parent fails with that error. */
  private failFromChild(parent: Task<unknown>, child: Task<unknown>, error: unknown): void {
    if (typeof error === "object" && error !== null && !unjoinedChild.has(error)) unjoinedChild.set(error, child.label);
    this.recordFailure(parent, error);
    if ((parent.flags & F_GENERATOR_DONE) !== 0) this.cancelChildren(parent);
    else this.requestCancel(parent);
  }

  // ------------------------------------------------------------------ hooks

  /**
   * @internal Calls a tracer hook. A tracer that throws does not stop the kernel half
   * way: the event's bookkeeping is already done (or is done after it), and
   * the error reaches the host, naming the task.
   */
  protected trace(hook: TraceHook, task: Task<unknown>): void {
    const tracer = this.tracer as Tracer;
    try {
      tracer[hook](task);
    } catch (error) {
      this.hookFailed(task, error, `the tracer's ${hook}()`);
    }
  }

  /** @internal Calls `op.abandoned(task)` (see Instruction.abandoned); an error it throws goes to the host. */
  protected tellAbandoned(task: Task<unknown>, op: Instruction<unknown>): void {
    try {
      op.abandoned(task);
    } catch (error) {
      // describeWait: describe() is user code too, and this guard must not throw.
      this.hookFailed(task, error, `${describeWait(op)}.abandoned()`);
    }
  }

  /** User code the kernel called about `task` threw: the error goes to the host, with the task. */
  private hookFailed(task: Task<unknown>, error: unknown, where: string): void {
    tagWithTask(error, task);
    this.uncaught.push({ task, error: error === undefined ? new UsageError(`${where} threw undefined about ${task.label}`) : error });
  }
}

const TASK_TAG = "spindleTask";

/**
 * Records on an error which task threw it first, with its parent chain
 * (`task#3 "worker" <- task#1 "main"`), as a non-enumerable property so that
 * it never changes how the error prints or compares. See {@link taskOfError}.
 */
function tagWithTask(error: unknown, task: Task<unknown>): void {
  // The error is user code's object (a Proxy, say): nothing it does may stop the kernel.
  try {
    if (typeof error !== "object" || error === null || Object.prototype.hasOwnProperty.call(error, TASK_TAG) || !Object.isExtensible(error)) return;
    Object.defineProperty(error, TASK_TAG, { value: task.ancestry, enumerable: false, configurable: true });
  } catch {
    // Left untagged.
  }
}

/**
 * The task (with its chain of parents) in which `error` was first thrown, if
 * it came out of a spindle task: `task#3 "worker" <- task#1 "main"`.
 *
 * @example
 * ```ts
 * try { run(main); } catch (e) { console.error(e, "\n  in", taskOfError(e)); }
 * ```
 *
 * @category Errors
 */
export function taskOfError(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const tag = (error as Record<string, unknown>)[TASK_TAG];
  return typeof tag === "string" ? tag : undefined;
}

/** For an error that failed a parent because nobody joined the child it came out of: the first such child's label. */
const unjoinedChild = new WeakMap<object, string>();
/** The errors whose stack already ends with the task note. */
const noted = new WeakSet<object>();

/**
 * @internal Appends to the stack of an error that reached the top with
 * nobody to handle it one line naming the task it was thrown in, with its
 * parents (the text of {@link taskOfError}), and, when it failed a parent
 * because nobody joined the child it came out of, that child:
 * `    in task#3 "flaky" <- task#1 "parent" (task#3 "flaky" was not joined, and an unjoined child's failure fails its parent)`.
 * Node prints an uncaught error by its stack, so the line shows where it
 * matters; the error's class, message and identity stay the user's own.
 * Once per error, and only on an Error whose stack is a writable string.
 */
function noteTaskInStack(error: unknown): void {
  // The error is user code's object (a Proxy, say): nothing it does may stop the kernel.
  try {
    if (!(error instanceof Error) || noted.has(error)) return;
    const where = taskOfError(error);
    const stack = Object.getOwnPropertyDescriptor(error, "stack");
    if (where === undefined || stack === undefined || stack.writable !== true || typeof stack.value !== "string") return;
    noted.add(error);
    const child = unjoinedChild.get(error);
    error.stack = `${stack.value}\n    in ${where}${child === undefined ? "" : ` (${child} was not joined, and an unjoined child's failure fails its parent)`}`;
  } catch {
    // Left as it was.
  }
}

/** Reports what a task whose body has ended is waiting for. */
const CHILDREN_WAIT: Wait = {
  describe: () => "its children to finish",
  undo: () => {},
};

/** `fn(...args)` without the spread, whose builtin is slow for the short argument lists spawn sees. */
function callWith(fn: (...args: never[]) => unknown, args: readonly unknown[]): unknown {
  const a = args as never[];
  switch (a.length) {
    case 0:
      return fn();
    case 1:
      return fn(a[0] as never);
    case 2:
      return fn(a[0] as never, a[1] as never);
    case 3:
      return fn(a[0] as never, a[1] as never, a[2] as never);
    default:
      return fn(...a);
  }
}

function isIterator(value: unknown): boolean {
  return value !== null && typeof value === "object" && typeof (value as { next?: unknown }).next === "function";
}
