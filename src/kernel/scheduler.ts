/**
 * The scheduler: a ready queue, a timer heap and the loop that resumes tasks.
 * It knows nothing of channels or semaphores, and nothing of how time passes:
 * a host (virtual, frame, real time) moves the clock and asks it to run.
 *
 * The hot path is `step()` (with `fastStep()`, its shortcut for the
 * commonest step, used when no tracer or policy is set). Its invariants:
 * - it allocates nothing itself: a resume is `gen.next(v)`, `gen.throw(e)` or
 *   `gen.return()`; the yielded instruction is dispatched on a small integer
 *   for the built-in fast paths (yield, sleep) and through `enter()` otherwise;
 * - a task leaves `step()` in exactly one of: queued (READY), parked (BLOCKED,
 *   with a `wait`), or its generator ended;
 * - an instruction that completes inside `enter()` lets the task continue
 *   without going through the queue, at most INLINE_LIMIT times in a row, so
 *   a task that only spawns or reads the clock cannot starve the others;
 * - no task code runs outside `step()`: timers, wake-ups and cancellation only
 *   queue tasks. That is what keeps every primitive's bookkeeping simple: when
 *   a callback runs, no generator is half-way through a step.
 *
 * Policies, and why:
 * - Ready tasks run FIFO; timers fire by (deadline, arming order). Both are
 *   what SimPy and asyncio do and what makes a run reproducible.
 * - Cancellation is a CancelledError thrown into the task where it waits (a
 *   task that never ran is closed with `generator.return()` instead; see
 *   deliverCancel for why a throw). It reaches a blocked task at once (its
 *   wait is undone) and a running or ready task at its next yield. A task that
 *   was already handed a value (a channel item, a permit) receives it first: a
 *   wake-up is never taken back, which is how "a cancelled receiver never loses
 *   a value" holds without each primitive having to hand values back.
 * - Cleanup runs shielded: once the cancellation was delivered, further cancel
 *   requests are ignored and the cleanup may yield, sleep and join.
 * - Children are cancelled most recent first (like `defer` and destructors:
 *   what was acquired last is released first).
 * - A failed task whose error nobody was waiting for fails its parent (which
 *   cancels the siblings); at the root it reaches the host. No error is
 *   dropped: a task that collects several failures fails with an
 *   AggregateError of all of them, the first one first.
 */
import { CancelledError, Interrupt, InvalidArgumentError, InvalidYieldError, UsageError, describeValue } from "./errors.js";
import { Instruction, clearSharedResults, finishedWith, parkedResult } from "./instruction.js";
import * as instructionModule from "./instruction.js";
import type { Operation, Wait } from "./instruction.js";
import { Random } from "./random.js";
import type { SchedulePolicy, Tracer } from "./tracer.js";
import { RingQueue } from "./ring-queue.js";
import { Task, joinRefusal, nameOf } from "./task.js";
import * as taskModule from "./task.js";
import { Timer, TimerHeap } from "./timer-heap.js";
import type { TimerEntry } from "./timer-heap.js";
import type { Sleep } from "./instructions.js";

// The kernel's constants, bound once as this module's own `const`s. Why: in
// the CommonJS build tsc turns every use of an imported binding into a read
// of the other module's `exports` object, whose properties tsc first sets to
// undefined, so V8 cannot treat them as constants; each flag test in step()
// then costs a few loads and a type check. A local const it folds. Measured:
// ~20% more context switches per second.
const { DELEGATED, KIND_JOIN, PARKED_IN_NEXT, KIND_SHIELD_ENTER, KIND_SHIELD_LEAVE, KIND_SLEEP, KIND_YIELD, YIELD_NOW, protocol } = instructionModule;
const {
  BLOCKED,
  CANCELLED,
  DONE,
  FAILED,
  F_CANCELLING,
  F_CANCEL_REQUESTED,
  F_DELEGATED,
  F_ENTERING,
  F_FAILING,
  F_GENERATOR_DONE,
  F_INTERRUPTED,
  F_RESOLVED_INLINE,
  F_RETURN,
  F_STARTED,
  F_THROW,
  F_WAIT_FOR_CHILDREN,
  READY,
  RUNNING,
  SHIELD_UNIT,
} = taskModule;

/** How many instructions completing at once a task may run before it goes back to the queue. */
const INLINE_LIMIT = 64;

/** What enterInstruction() tells the step loop (see there). */
const PARKED = 0;
const INLINE = 1;
const AGAIN = 2;

/** What stepOn() is given instead of an instruction when it must resume the generator first. */
const RESUME: unknown = Symbol("resume");

/** What a task can be spawned from: a generator function and its arguments, or an operation. */
export type Spawnable<T, A extends unknown[]> = ((...args: A) => Operation<T>) | Operation<T>;

/** Options of a {@link Scheduler}. */
export interface SchedulerOptions {
  /** Seed of the scheduler's random generator (default 0). Same program + same seed ⇒ same run. */
  seed?: number;
  /** The clock's starting time, in milliseconds (default 0). */
  startTime?: number;
  /** Hears every scheduling event (for example a TraceRecorder). */
  tracer?: Tracer;
  /** Chooses which ready task runs next (default: the oldest, FIFO). */
  policy?: SchedulePolicy;
}

/** A failure that reached the top of the task tree with nobody to handle it. */
export interface UncaughtFailure {
  task: Task<unknown>;
  error: unknown;
}

/** The scheduler currently inside `runReady`, to detect re-entry. */
let active: Scheduler | null = null;

/**
 * The scheduler that is running a step right now, if any (a host uses it to
 * refuse being re-entered from inside a task).
 *
 * @example
 * ```ts
 * if (activeScheduler() !== null) throw new Error("not from inside a task");
 * ```
 */
export function activeScheduler(): Scheduler | null {
  return active;
}

/**
 * The fast path of the typed form. An instruction reached through `yield*`
 * may complete inside its own `next()`, so that the task does not suspend
 * at all, when it needs no wait (a send to a waiting receiver or into a
 * buffer with room, a receive from a non-empty channel); or, when it must
 * wait, park the task there (`task.block(...)`, then `return this.parkedInNext()`)
 * instead of in `enter()`. It first asks this function: the running task if
 * either is allowed now, or null, and then the instruction must yield as
 * usual (`return super.next(value)`: the kernel then calls its `enter()`).
 *
 * Null when no task is running a step (`next()` called from outside the
 * kernel), when the task is being resumed inside this `yield*` (its result
 * is being delivered), when a cancellation or interrupt waits for the task's
 * next yield (the kernel delivers those there, so the instruction must
 * yield), or when the task has completed INLINE_LIMIT instructions in a row
 * (it goes back to the queue, so that it cannot starve the others). So an
 * instruction that completes here behaves exactly as one whose `enter()`
 * completes at once, only without the trip through the kernel.
 *
 * @example
 * ```ts
 * next(value?: unknown) {
 *   const task = immediateTask();
 *   if (task === null) return super.next(value);
 *   if (this.gate.isOpen) return this.completedInNext("open");
 *   this.gate.waiters.push(task);
 *   task.block(this);
 *   return this.parkedInNext();
 * }
 * ```
 */
export function immediateTask(): Task<unknown> | null {
  const scheduler = active;
  if (scheduler === null || protocol.resumingDelegated) return null;
  const task = scheduler.current;
  // At 1 left, the next completion must be the kernel's: it requeues the task after it.
  if (task === null || task.stateCode !== RUNNING || (task.flags & (F_CANCEL_REQUESTED | F_INTERRUPTED)) !== 0 || protocol.inlineLeft <= 1) return null;
  return task;
}

protocol.immediateTask = immediateTask;

/**
 * The typed form's fast path for an instruction whose `enter()` already
 * completes at once or parks: calls `enter()` from the instruction's own
 * `next()` when {@link immediateTask} allows it, and gives the result that
 * `next()` returns; null means "yield as usual". An error `enter()` throws,
 * or completes the instruction with, is thrown at the task's `yield*`, as
 * the kernel's path would throw it there.
 *
 * @example
 * ```ts
 * class Knock extends Instruction<string> {
 *   // ...describe() and enter() as usual, then:
 *   override next(value?: unknown) { return enterAtOnce(this) ?? super.next(value); }
 * }
 * ```
 */
export function enterAtOnce<T>(op: Instruction<T>): IteratorResult<Instruction<unknown>, T> | null {
  const task = immediateTask();
  if (task === null) return null;
  // The step loop's own enterInstruction, so that every case (refusal,
  // completion, park, a cancellation requested inside enter()) is decided
  // in one place; then what the loop would resume the task with is
  // delivered here instead.
  const next = task.scheduler.enterInstruction(task, op);
  if (next === PARKED) return parkedResult();
  const outcome = task.resumeValue;
  const threw = (task.flags & F_THROW) !== 0;
  task.resumeValue = undefined;
  task.flags &= ~F_THROW;
  if (next === AGAIN) throw outcome; // a refusal or a cancellation: not a completion
  if (!threw) return finishedWith(outcome as T);
  protocol.inlineLeft--; // a completion with an error counts, as in the step loop
  throw outcome;
}

/**
 * A cancellation requested while the task was in an instruction's enter()
 * (an instruction that cancels its own task's parent, for one) is
 * delivered at that same yield, unless the task is shielded or already
 * cleaning up.
 */
function cancellationDeliverable(task: Task<unknown>): boolean {
  return (task.flags & (F_CANCEL_REQUESTED | F_CANCELLING)) === F_CANCEL_REQUESTED && task.flags < SHIELD_UNIT;
}

/**
 * Throws UsageError when called from inside a task of any scheduler: a task
 * must never run a scheduler synchronously. Hosts call it before they change
 * any state, so a refused call leaves everything as it was.
 *
 * @example
 * ```ts
 * refuseReentry("MyHost.tick()");
 * ```
 */
export function refuseReentry(what: string): void {
  if (active === null) return;
  const task = active.current;
  throw new UsageError(
    `${what} was called from inside ${task ? task.label : "a task"}: a task cannot run a scheduler synchronously; spawn the work and join it with yield* instead`,
  );
}

/**
 * The kernel. Hosts own one and decide when time passes; tasks reach it
 * through `task.scheduler`. Most programs never touch it directly: they call
 * {@link run} or use a host.
 *
 * @example
 * ```ts
 * const scheduler = new Scheduler({ seed: 7 });
 * const task = scheduler.spawn(main);
 * while (!task.isFinished) { scheduler.runReady(); scheduler.advanceTo(scheduler.nextDeadline()); }
 * ```
 */
export class Scheduler {
  /** The current time in milliseconds. Only hosts move it, and only forward. */
  now: number;
  /** The seeded generator every model's randomness must come from. */
  readonly random: Random;
  /** The task being stepped, or null between steps. */
  current: Task<unknown> | null = null;
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

  private readonly ready = new RingQueue<Task<unknown>>(64);
  private readonly timers = new TimerHeap();
  /**
   * The live top-level tasks, most recent first, linked through their
   * nextSibling / prevSibling like a parent's children: an intrusive list
   * rather than a Set, which saved ~25 bytes per blocked top-level task.
   */
  private firstRoot: Task<unknown> | null = null;
  /** Interrupts waiting for their task's next yield (rare, so kept off the Task object). */
  private readonly pendingInterrupts = new Map<Task<unknown>, Interrupt[]>();
  /** Failures after the first, per failing task (rare, so kept off the Task object). */
  private readonly moreFailures = new Map<Task<unknown>, unknown[]>();
  /**
   * The function whose name was read last, and that name. Tasks spawned
   * from one function (`spawn(worker, i)` in a loop) read its name once
   * instead of once each (see bodyEnded). Forgotten when a run call
   * returns, so that an idle scheduler keeps no function alive.
   */
  private namedFunction: { readonly name: string } | null = null;
  private lastName = "";
  private nextId = 1;
  private nextObjectId = 1;
  private liveCount = 0;
  private stepping = false;

  constructor(options: SchedulerOptions = {}) {
    this.now = options.startTime ?? 0;
    this.random = new Random(options.seed ?? 0);
    this.policyRandom = new Random((options.seed ?? 0) ^ 0x5bd1e995);
    this.tracer = options.tracer ?? null;
    this.policy = options.policy ?? null;
  }

  /**
   * A number for naming a primitive in traces (`ch#3`), drawn in the order
   * primitives are first used, so names are the same run after run.
   *
   * @example
   * ```ts
   * this.label ??= `gate#${task.scheduler.newObjectId()}`;
   * ```
   */
  newObjectId(): number {
    return this.nextObjectId++;
  }

  /** Tasks not yet in a final state. */
  get liveTasks(): number {
    return this.liveCount;
  }

  /** Tasks waiting in the ready queue. */
  get readyCount(): number {
    return this.ready.length;
  }

  /** Armed timers. */
  get timerCount(): number {
    return this.timers.size;
  }

  /**
   * Starts a top-level task (no parent): from a generator function and its
   * arguments, or from an operation. It runs when the host next runs the
   * scheduler. Its failure, unless someone joins it, goes to `uncaught`.
   *
   * @example
   * ```ts
   * const t = scheduler.spawn(worker, 1, "a"); // worker(1, "a") as a task
   * ```
   */
  spawn<T, A extends unknown[]>(source: Spawnable<T, A>, ...args: A): Task<T> {
    return this.spawnTask(null, source, args, false);
  }

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
    } else if (source !== null && typeof source === "object" && typeof (source as Operation<T>)[Symbol.iterator] === "function") {
      gen = (source as Operation<T>)[Symbol.iterator]();
      naming = source instanceof Instruction ? source.describe() : defaultName === "anonymous" ? "operation" : defaultName;
      if (!isIterator(gen)) throw new InvalidArgumentError(`spawn(): the operation's iterator is ${describeValue(gen)}, not an iterator`);
    } else {
      throw new InvalidArgumentError(`spawn() needs a generator function or an operation, but got ${describeValue(source)}`);
    }
    const task = new Task<T>(this, this.nextId++, naming, gen as Iterator<unknown, unknown, unknown>, parent);
    if (waitForChildren) task.flags |= F_WAIT_FOR_CHILDREN;
    // Prepend: children are kept most-recent-first, the order they are cancelled in
    // (top-level tasks too, in their own list).
    const first = parent === null ? this.firstRoot : parent.firstChild;
    task.nextSibling = first;
    if (first !== null) first.prevSibling = task;
    if (parent === null) this.firstRoot = task;
    else parent.firstChild = task;
    this.liveCount++;
    this.enqueue(task);
    if (this.tracer !== null) this.tracer.spawned(task);
    return task;
  }

  /**
   * Runs ready tasks, oldest first, until the queue is empty or `maxSteps`
   * tasks have been resumed. Returns how many were. Throws UsageError if
   * called from inside a task of any scheduler.
   *
   * @example
   * ```ts
   * scheduler.runReady(1000); // a frame's step budget
   * ```
   */
  runReady(maxSteps = Infinity): number {
    this.beginRun("Scheduler.runReady()");
    let steps = 0;
    try {
      const ready = this.ready;
      if (this.policy === null && this.tracer === null) {
        // The common case, checked once per call rather than once per step: a
        // task that sets a tracer or a policy is heard from the next runReady on.
        while (ready.length > 0 && steps < maxSteps) {
          this.fastStep(ready.shift());
          steps++;
        }
      } else {
        while (ready.length > 0 && steps < maxSteps) {
          this.slowStep(ready);
          steps++;
        }
      }
    } finally {
      this.endRun();
    }
    return steps;
  }

  /**
   * A virtual clock's whole loop in one call: runs ready tasks; when none is
   * left, jumps the clock to the next timer deadline (firing every timer due
   * then before any task runs) and goes on. Stops when nothing is ready and
   * no timer is due by `limit`, once `stopAfter` (if given) has finished, or
   * as soon as a failure reaches the top (see `uncaught`). The same as
   * alternating `runReady()` and `advanceTo(nextDeadline())`, without
   * leaving the loop at every instant: a simulation moves through millions
   * of instants, each with little work. Throws UsageError from inside a task.
   *
   * @example
   * ```ts
   * const main = scheduler.spawn(program);
   * scheduler.runVirtual(Infinity, main); // main has finished, or is deadlocked
   * ```
   */
  runVirtual(limit = Infinity, stopAfter: Task<unknown> | null = null): void {
    this.beginRun("Scheduler.runVirtual()");
    try {
      const ready = this.ready;
      const timers = this.timers;
      while (stopAfter === null || stopAfter.stateCode < DONE) {
        if (this.policy === null && this.tracer === null) {
          while (ready.length > 0) this.fastStep(ready.shift());
        } else {
          while (ready.length > 0) this.slowStep(ready);
        }
        if (this.uncaught.length > 0 || (stopAfter !== null && stopAfter.stateCode >= DONE)) break;
        if (timers.size === 0) break;
        const next = timers.nextDeadline();
        if (next > limit) break;
        if (next > this.now) this.now = next;
        // Fire everything due at this instant: every task it wakes is queued before any runs.
        do timers.pop().fire();
        while (timers.size > 0 && timers.nextDeadline() <= next);
      }
    } finally {
      this.endRun();
    }
  }

  /** What every run call does first: refuse re-entry, then mark this scheduler as the one stepping. */
  private beginRun(what: string): void {
    refuseReentry(what);
    active = this;
    this.stepping = true;
  }

  /** What every run call does last, however it ends: forget the running task and what the run left in shared places. */
  private endRun(): void {
    this.stepping = false;
    this.current = null;
    this.namedFunction = null;
    clearSharedResults();
    active = null;
  }

  /** One step when a tracer or a policy is set. */
  private slowStep(ready: RingQueue<Task<unknown>>): void {
    const task = this.policy === null ? ready.shift() : this.pickByPolicy(this.policy);
    if (this.tracer === null) this.step(task);
    else this.tracedStep(task, this.tracer);
  }

  /** The earliest timer deadline, or Infinity when no timer is armed. */
  nextDeadline(): number {
    return this.timers.nextDeadline();
  }

  /**
   * Moves the clock to `time` (never backwards) and fires, in (deadline,
   * arming) order, every timer due by then. Firing only queues tasks: every
   * task made ready at this instant is queued before any of them runs.
   *
   * @example
   * ```ts
   * scheduler.advanceTo(scheduler.nextDeadline()); // a virtual clock's jump
   * ```
   */
  advanceTo(time: number): void {
    if (time > this.now) this.now = time;
    const timers = this.timers;
    while (timers.size > 0 && timers.nextDeadline() <= this.now) timers.pop().fire();
  }

  /**
   * Arms `timer` to fire `delay` ms from now. For primitives that need a
   * deadline (timeouts); a task that just waits should `yield* sleep(ms)`.
   *
   * @example
   * ```ts
   * class Ding extends Timer { fire() { console.log("ding"); } }
   * scheduler.addTimer(new Ding(), 100);
   * ```
   */
  addTimer(timer: Timer, delay: number): void {
    checkDuration("addTimer", delay);
    if (!(timer instanceof Timer)) throw new InvalidArgumentError(`addTimer() needs an instance of a Timer subclass, but got ${describeValue(timer)}`);
    if (timer.heapIndex >= 0) throw new UsageError("addTimer(): this timer is already armed; remove it first or use a new one");
    this.timers.insert(timer, this.now + delay);
  }

  /**
   * Disarms a timer; returns false if it was not armed (already fired or removed).
   *
   * @example
   * ```ts
   * scheduler.removeTimer(ding);
   * ```
   */
  removeTimer(timer: Timer): boolean {
    return this.timers.remove(timer);
  }

  /** Every task not yet finished, depth first from the roots, children in spawn order. */
  tasks(): Task<unknown>[] {
    const out: Task<unknown>[] = [];
    const visit = (t: Task<unknown>): void => {
      out.push(t);
      for (const child of t.children) visit(child);
    };
    for (const root of this.roots()) visit(root);
    return out;
  }

  /**
   * A readable tree of every live task: state, what it waits on, and for how
   * long (in the scheduler's time).
   *
   * @example
   * ```ts
   * console.log(scheduler.dump());
   * // task#1 "main" blocked on join(task#2 "worker") for 10ms
   * //   task#2 "worker" blocked on sleep(100) for 10ms
   * ```
   */
  dump(): string {
    const lines: string[] = [];
    const visit = (t: Task<unknown>, depth: number): void => {
      const waiting = t.wait === null ? "" : ` on ${t.wait.describe()} for ${this.now - t.blockedSince}ms`;
      lines.push(`${"  ".repeat(depth)}${t.label} ${t.state}${waiting}`);
      for (const child of t.children) visit(child, depth + 1);
    };
    for (const root of this.roots()) visit(root, 0);
    return lines.join("\n");
  }

  /** The live top-level tasks, in spawn order. */
  private roots(): Task<unknown>[] {
    const list: Task<unknown>[] = [];
    for (let t = this.firstRoot; t !== null; t = t.nextSibling) list.push(t);
    return list.reverse();
  }

  // ------------------------------------------------------------------ the loop

  private tracedStep(task: Task<unknown>, tracer: Tracer): void {
    tracer.stepStarted(task);
    this.step(task);
    tracer.stepEnded(task);
  }

  private pickByPolicy(policy: SchedulePolicy): Task<unknown> {
    const ready = this.ready;
    const candidates: Task<unknown>[] = [];
    ready.forEach((t) => candidates.push(t));
    const index = policy.pick(candidates, this.policyRandom);
    if (!Number.isInteger(index) || index < 0 || index >= ready.length) {
      throw new UsageError(`schedule policy picked ${describeValue(index)}, but only indexes 0..${ready.length - 1} are ready tasks`);
    }
    return ready.removeAt(index);
  }

  /**
   * What step() does, with a fast path for the commonest step: one plain
   * resume after which the task yields `yieldNow()` with nothing pending, and
   * is requeued. Anything else (an error or a cancellation to throw in, the
   * body ending, a pending cancel or interrupt, any other instruction) goes on
   * in stepOn(), the complete step loop; the fast path only ever skips work
   * that loop would have done the same way.
   */
  private fastStep(task: Task<unknown>): void {
    let flags = task.flags;
    // One test for the rare cases: a first step, or an error or a
    // cancellation's return() to deliver. step() does those.
    if ((flags & (F_STARTED | F_THROW | F_RETURN)) !== F_STARTED) {
      this.step(task);
      return;
    }
    const gen = task.gen as Iterator<unknown, unknown, unknown>;
    task.stateCode = RUNNING;
    this.current = task;
    protocol.inlineLeft = INLINE_LIMIT;
    if ((flags & F_DELEGATED) !== 0) protocol.resumingDelegated = true;
    let result: IteratorResult<unknown, unknown>;
    // Cleared before the resume, not after: the resume may park the task
    // and an instruction's next() may wake it at once, storing its value here.
    const value = task.resumeValue;
    task.resumeValue = undefined;
    try {
      result = gen.next(value);
    } catch (error) {
      this.bodyThrew(task, error);
      return;
    }
    let op: unknown;
    flags = task.flags; // re-read: the task's code may have changed it (task.cancel() on itself)
    if (result === DELEGATED) {
      op = DELEGATED.value;
      if ((flags & F_DELEGATED) === 0) task.flags = flags |= F_DELEGATED;
    } else {
      if (result.done === true) {
        this.bodyEnded(task, false, result.value);
        return;
      }
      op = result.value;
      if ((flags & F_DELEGATED) !== 0) task.flags = flags &= ~F_DELEGATED;
    }
    // yieldNow() is one shared object, so identity says it all.
    if (op === YIELD_NOW && (flags & (F_CANCEL_REQUESTED | F_INTERRUPTED)) === 0) {
      task.stateCode = READY;
      this.ready.push(task);
      // `current` still names this task: nothing reads it between two steps
      // of runReady (no task code runs there), the next step overwrites it,
      // and runReady clears it on the way out. One store less per switch.
      return;
    }
    // Parked inside the instruction's next() (the typed form's fast path):
    // the step is over. (`current` stays, as above; immediateTask() ignores
    // a task that is not running.) stepOn handles the misuse case.
    if (op === PARKED_IN_NEXT && task.stateCode !== RUNNING) return;
    this.stepOn(task, gen, op);
  }

  /** Resumes `task` (just taken off the ready queue) until it blocks, requeues or ends. */
  private step(task: Task<unknown>): void {
    task.stateCode = RUNNING;
    task.flags |= F_STARTED;
    this.current = task;
    protocol.inlineLeft = INLINE_LIMIT;
    this.stepOn(task, task.gen as Iterator<unknown, unknown, unknown>, RESUME);
  }

  /**
   * The complete step loop, for a running task: dispatches `op` (what the task
   * just yielded), or first resumes the generator if `op` is RESUME, and goes
   * on until the task blocks, requeues or ends.
   */
  private stepOn(task: Task<unknown>, gen: Iterator<unknown, unknown, unknown>, yielded: unknown): void {
    let op = yielded;
    for (;;) {
      if (op === RESUME) {
        const flags = task.flags;
        let result: IteratorResult<unknown, unknown> | null;
        if ((flags & (F_THROW | F_RETURN)) === 0) {
          if ((flags & F_DELEGATED) !== 0) protocol.resumingDelegated = true;
          const value = task.resumeValue; // cleared first, as in fastStep
          task.resumeValue = undefined;
          try {
            result = gen.next(value);
          } catch (error) {
            this.bodyThrew(task, error);
            return;
          }
        } else {
          result = this.resumeAbruptly(task, gen, flags);
          if (result === null) return; // the body threw
        }
        if (result.done === true) {
          this.bodyEnded(task, false, result.value);
          return;
        }
        if (result === DELEGATED) {
          task.flags |= F_DELEGATED;
          op = DELEGATED.value;
        } else {
          task.flags &= ~F_DELEGATED;
          op = result.value;
        }
      }
      // Parked by the instruction's own next() (the typed form's fast path,
      // see immediateTask): the step is over.
      if (op === PARKED_IN_NEXT) {
        if (task.stateCode !== RUNNING) break;
        task.flags |= F_THROW;
        task.resumeValue = new UsageError(`an instruction's next() returned parkedInNext() without blocking ${task.label}; call task.block() first`);
        op = RESUME;
        continue;
      }
      // A cancellation or interrupt requested while the task ran (or was
      // ready) lands here, at its next yield. One test covers both.
      if ((task.flags & (F_CANCEL_REQUESTED | F_INTERRUPTED)) !== 0 && !isShieldStep(op) && this.deliverPending(task)) {
        op = RESUME;
        continue;
      }
      if (!(op instanceof Instruction)) {
        task.flags |= F_THROW;
        task.resumeValue = new InvalidYieldError(task.label, op);
        op = RESUME;
        continue;
      }
      const kind = op.kind;
      if (kind === KIND_YIELD) {
        task.stateCode = READY;
        this.ready.push(task);
        break;
      }
      if (kind === KIND_SLEEP) {
        this.armSleep(task, op as Sleep);
        break;
      }
      const next = kind === KIND_JOIN ? this.joinInline(task, op as Task<unknown>) : this.enterInstruction(task, op);
      if (next === PARKED) break;
      if (next === INLINE && --protocol.inlineLeft <= 0) {
        task.stateCode = READY;
        this.ready.push(task);
        break;
      }
      op = RESUME;
    }
    this.current = null;
  }

  /** The step's resume when an error or a cancellation's return() is pending; null if the body threw. */
  private resumeAbruptly(task: Task<unknown>, gen: Iterator<unknown, unknown, unknown>, flags: number): IteratorResult<unknown, unknown> | null {
    let result: IteratorResult<unknown, unknown>;
    const error = task.resumeValue; // cleared first, as in fastStep
    task.resumeValue = undefined;
    try {
      if ((flags & F_RETURN) !== 0) {
        task.flags = flags & ~F_RETURN;
        result = gen.return !== undefined ? gen.return(undefined) : CLOSED;
      } else {
        task.flags = flags & ~F_THROW;
        if (gen.throw === undefined) throw error;
        result = gen.throw(error);
      }
    } catch (thrown) {
      this.bodyThrew(task, thrown);
      return null;
    }
    return result;
  }

  /** The generator threw (or let a thrown-in error escape): its body has ended. */
  private bodyThrew(task: Task<unknown>, error: unknown): void {
    protocol.resumingDelegated = false;
    task.resumeValue = undefined;
    this.bodyEnded(task, true, error);
  }

  /**
   * Calls a custom instruction's `enter()` for the running task and says how
   * the step goes on: PARKED (the task blocked, or was queued), INLINE (the
   * instruction completed at once: continue, within the inline budget) or
   * AGAIN (continue at once: an error or a cancellation is to be thrown in).
   */
  /** @internal (also the fast path's, see enterAtOnce) */
  enterInstruction(task: Task<unknown>, op: Instruction<unknown>): number {
    // Only a resume from inside this enter() counts (see wake).
    task.flags = (task.flags & ~F_RESOLVED_INLINE) | F_ENTERING;
    try {
      op.enter(task);
    } catch (error) {
      // A primitive refused (bad argument, misuse): the error surfaces at the task's yield.
      this.unpark(task);
      task.flags = (task.flags & ~(F_RESOLVED_INLINE | F_ENTERING)) | F_THROW;
      task.resumeValue = error;
      return AGAIN;
    }
    task.flags &= ~F_ENTERING;
    if ((task.flags & F_RESOLVED_INLINE) !== 0) {
      task.flags &= ~F_RESOLVED_INLINE;
      // A cancellation made deliverable during enter() (by leaving a shield,
      // or requested by the instruction itself) lands at that same yield.
      if (cancellationDeliverable(task)) {
        this.deliverCancel(task);
        return AGAIN;
      }
      return INLINE;
    }
    if (task.stateCode === BLOCKED && cancellationDeliverable(task)) {
      this.unpark(task);
      this.deliverCancel(task);
      return AGAIN;
    }
    // Parked, or parked and already woken by enter() itself (then it is queued).
    if (task.stateCode === BLOCKED || task.stateCode === READY) return PARKED;
    task.flags |= F_THROW;
    task.resumeValue = new UsageError(`instruction ${op.describe()} neither completed nor blocked ${task.label}: its enter() must call task.resume() or task.block()`);
    return AGAIN;
  }

  /**
   * @internal After an instruction's enter() threw: one that parked the task
   * (or parked it and woke it) before throwing is undone, so that nothing
   * stays queued and the task runs on to receive the error.
   */
  unpark(task: Task<unknown>): void {
    if (task.stateCode === BLOCKED) {
      const wait = task.wait as Wait;
      task.wait = null;
      task.stateCode = RUNNING;
      wait.undo(task);
    } else if (task.stateCode === READY) {
      this.ready.remove(task);
      task.stateCode = RUNNING;
    }
  }

  /**
   * `yield* target` (a Task is its own join instruction), dispatched without
   * enter(): INLINE when the target has finished (its outcome is set to be
   * delivered), PARKED when the task now waits as the target's finish
   * listener, AGAIN when the join is refused (the error is thrown in).
   */
  private joinInline(task: Task<unknown>, target: Task<unknown>): number {
    const refusal = joinRefusal(task, target);
    if (refusal !== null) {
      task.flags |= F_THROW;
      task.resumeValue = refusal;
      return AGAIN;
    }
    const state = target.stateCode;
    if (state === DONE) {
      task.resumeValue = target.result;
      return INLINE;
    }
    if (state >= DONE) {
      task.flags |= F_THROW;
      task.resumeValue = state === FAILED ? target.result : new CancelledError(target.label);
      return INLINE;
    }
    target.addFinishListener(task);
    task.stateCode = BLOCKED;
    task.wait = target;
    task.blockedSince = this.now;
    return PARKED;
  }

  /** Queues a task; wakes the host if this is the first work since it went idle. */
  private enqueue(task: Task<unknown>): void {
    task.stateCode = READY;
    this.ready.push(task);
    if (!this.stepping && this.onWork !== null && this.ready.length === 1) this.onWork();
  }

  /** @internal Implements Task.resume / resumeWithError. */
  wake(task: Task<unknown>, value: unknown, isError: boolean): boolean {
    const state = task.stateCode;
    if (state === RUNNING && (task.flags & F_ENTERING) !== 0) {
      // Completion from inside enter(): the step loop continues the task.
      // (A running task resumed from anywhere else, its own body say, is
      // refused below: it is not waiting for anything.)
      if ((task.flags & F_RESOLVED_INLINE) !== 0) return false;
      task.flags |= F_RESOLVED_INLINE;
    } else if (state === BLOCKED && (task.flags & F_GENERATOR_DONE) === 0) {
      task.wait = null;
      this.enqueue(task);
      if (this.tracer !== null) this.tracer.woken(task);
    } else {
      return false;
    }
    task.resumeValue = value;
    if (isError) task.flags |= F_THROW;
    else task.flags &= ~F_THROW;
    return true;
  }

  /**
   * Parks `task` on a timer for `sleep`. The Sleep is its own timer (one
   * object per sleep instead of two) unless it is already armed for
   * another task, which happens only when one Sleep is shared.
   */
  private armSleep(task: Task<unknown>, sleep: Sleep): void {
    let wait: TimerEntry & Wait;
    if (sleep.heapIndex < 0) {
      sleep.sleeper = task;
      wait = sleep;
    } else {
      wait = new SleepTimer(task, sleep);
    }
    this.timers.insert(wait, this.now + sleep.ms);
    task.stateCode = BLOCKED;
    task.wait = wait;
    task.blockedSince = this.now;
  }

  /** @internal Disarms a sleep's timer (the task was cancelled or interrupted). */
  disarm(entry: TimerEntry): void {
    this.timers.remove(entry);
  }

  // ----------------------------------------------------- cancellation and ends

  /** @internal Implements Task.cancel. */
  requestCancel(task: Task<unknown>): void {
    const flags = task.flags;
    if (task.stateCode >= DONE || (flags & F_CANCEL_REQUESTED) !== 0) return;
    task.flags = flags | F_CANCEL_REQUESTED;
    if (this.tracer !== null) this.tracer.cancelRequested(task);
    if ((flags & F_GENERATOR_DONE) !== 0) {
      // The body has ended; only children are left to stop.
      task.flags |= F_CANCELLING;
      this.cancelChildren(task);
      return;
    }
    if (task.flags >= SHIELD_UNIT) return; // delivered when the shield is left
    if (task.stateCode === BLOCKED) {
      const wait = task.wait as Wait;
      task.wait = null;
      wait.undo(task);
      this.deliverCancel(task);
      this.enqueue(task);
      if (this.tracer !== null) this.tracer.woken(task);
    } else if (task.stateCode === READY && (flags & F_STARTED) === 0) {
      // Never ran: return() on an unstarted generator closes it without running any of it.
      this.deliverCancel(task);
    }
    // Otherwise (running, or ready with a value already handed to it) the
    // step loop delivers it at the task's next yield.
  }

  /**
   * At a yield: delivers a pending cancellation (unless shielded or already
   * cleaning up) or else the oldest pending interrupt. Returns whether it did.
   */
  private deliverPending(task: Task<unknown>): boolean {
    const flags = task.flags;
    if ((flags & (F_CANCEL_REQUESTED | F_CANCELLING)) === F_CANCEL_REQUESTED && task.flags < SHIELD_UNIT) {
      this.deliverCancel(task);
      return true;
    }
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

  /** @internal Implements Task.interrupt. */
  interrupt(task: Task<unknown>, cause: unknown): void {
    if (task.stateCode >= DONE || (task.flags & F_GENERATOR_DONE) !== 0) {
      throw new UsageError(`${task.label} has finished and cannot be interrupted`);
    }
    if (task === this.current) throw new UsageError(`${task.label} cannot interrupt itself; throw an error instead`);
    if ((task.flags & F_CANCELLING) !== 0) return;
    const interrupt = new Interrupt(task.label, cause);
    if (task.stateCode === BLOCKED) {
      const wait = task.wait as Wait;
      task.wait = null;
      wait.undo(task);
      task.resumeValue = interrupt;
      task.flags |= F_THROW;
      this.enqueue(task);
      if (this.tracer !== null) this.tracer.woken(task);
      return;
    }
    const queue = this.pendingInterrupts.get(task);
    if (queue === undefined) this.pendingInterrupts.set(task, [interrupt]);
    else queue.push(interrupt);
    task.flags |= F_INTERRUPTED;
  }

  /**
   * Makes the task's next resume deliver the cancellation, and stops its
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
  private deliverCancel(task: Task<unknown>): void {
    if ((task.flags & F_STARTED) === 0) {
      task.flags = (task.flags | F_CANCELLING | F_RETURN) & ~F_THROW;
      task.resumeValue = undefined;
    } else {
      task.flags = (task.flags | F_CANCELLING | F_THROW) & ~F_RETURN;
      task.resumeValue = new CancelledError(task.label, true);
    }
    this.cancelChildren(task);
  }

  private cancelChildren(task: Task<unknown>): void {
    for (let child = task.firstChild; child !== null; child = child.nextSibling) this.requestCancel(child);
  }

  /** The task's generator has returned (`threw` false) or thrown. */
  private bodyEnded(task: Task<unknown>, threw: boolean, value: unknown): void {
    this.current = null;
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
    if (threw) {
      // The cancellation coming back out is the normal end of a cancelled task, not a failure.
      const ownCancellation = (task.flags & F_CANCELLING) !== 0 && value instanceof CancelledError;
      if (!ownCancellation) {
        tagWithTask(value, task);
        this.recordFailure(task, value);
      }
    } else if ((task.flags & (F_FAILING | F_CANCELLING)) === 0) {
      task.result = value;
    }
    const flags = task.flags;
    if (task.firstChild !== null) {
      if ((flags & (F_WAIT_FOR_CHILDREN | F_FAILING | F_CANCEL_REQUESTED)) !== F_WAIT_FOR_CHILDREN) this.cancelChildren(task);
      task.stateCode = BLOCKED;
      task.wait = CHILDREN_WAIT;
      task.blockedSince = this.now;
      return;
    }
    this.complete(task);
  }

  /**
   * Records that `task` fails with `error`. The first error becomes its
   * result; later ones (another child failing in the same instant, a cleanup
   * that throws while unwinding) are kept, and the task then fails with an
   * AggregateError of all of them in order, so none is ever dropped.
   */
  private recordFailure(task: Task<unknown>, error: unknown): void {
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

  /** Puts a task whose body and children have all ended into its final state. */
  private complete(task: Task<unknown>): void {
    const flags = task.flags;
    if ((flags & F_FAILING) !== 0 && this.moreFailures.has(task)) {
      const all = [task.result, ...(this.moreFailures.get(task) as unknown[])];
      this.moreFailures.delete(task);
      task.result = new AggregateError(all, `${task.label} failed with ${all.length} errors: ${all.map(messageOf).join("; ")}`);
    }
    task.stateCode = (flags & F_FAILING) !== 0 ? FAILED : (flags & F_CANCELLING) !== 0 ? CANCELLED : DONE;
    task.wait = null;
    this.liveCount--;
    if ((flags & F_INTERRUPTED) !== 0) this.pendingInterrupts.delete(task);
    if (this.tracer !== null) this.tracer.finished(task);
    const parent = task.parent;
    if (task.prevSibling !== null) task.prevSibling.nextSibling = task.nextSibling;
    else if (parent === null) this.firstRoot = task.nextSibling;
    else parent.firstChild = task.nextSibling;
    if (task.nextSibling !== null) task.nextSibling.prevSibling = task.prevSibling;
    task.prevSibling = task.nextSibling = null;
    const observed = this.notifyFinished(task);
    if (task.stateCode === FAILED && !observed) {
      if (parent === null) this.uncaught.push({ task, error: task.result });
      else this.failFromChild(parent, task.result);
    }
    if (parent !== null && parent.firstChild === null && (parent.flags & F_GENERATOR_DONE) !== 0 && parent.stateCode === BLOCKED) {
      this.complete(parent);
    }
  }

  /** Tells the finish listeners; returns whether one of them handles the outcome (is not passive). */
  private notifyFinished(task: Task<unknown>): boolean {
    const listeners = task.listeners;
    if (listeners === null) return false;
    task.listeners = null;
    if (!Array.isArray(listeners)) {
      listeners.taskFinished(task);
      return listeners.passive !== true;
    }
    let handled = false;
    for (const listener of listeners) {
      listener.taskFinished(task);
      if (listener.passive !== true) handled = true;
    }
    return handled;
  }

  /** A child failed and nobody was joining it: the parent fails with that error. */
  private failFromChild(parent: Task<unknown>, error: unknown): void {
    this.recordFailure(parent, error);
    if ((parent.flags & F_GENERATOR_DONE) !== 0) this.cancelChildren(parent);
    else this.requestCancel(parent);
  }
}

const TASK_TAG = "spindleTask";

/**
 * Records on an error which task threw it first, with its parent chain
 * (`task#3 "worker" <- task#1 "main"`), as a non-enumerable property so that
 * it never changes how the error prints or compares. See {@link taskOfError}.
 */
function tagWithTask(error: unknown, task: Task<unknown>): void {
  if (typeof error !== "object" || error === null || Object.prototype.hasOwnProperty.call(error, TASK_TAG) || !Object.isExtensible(error)) return;
  Object.defineProperty(error, TASK_TAG, { value: task.ancestry, enumerable: false, configurable: true });
}

/**
 * The task (with its chain of parents) in which `error` was first thrown, if
 * it came out of a spindle task: `task#3 "worker" <- task#1 "main"`.
 *
 * @example
 * ```ts
 * try { run(main); } catch (e) { console.error(e, "\n  in", taskOfError(e)); }
 * ```
 */
export function taskOfError(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const tag = (error as Record<string, unknown>)[TASK_TAG];
  return typeof tag === "string" ? tag : undefined;
}

function isShieldStep(op: unknown): boolean {
  return op instanceof Instruction && (op.kind === KIND_SHIELD_ENTER || op.kind === KIND_SHIELD_LEAVE);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : describeValue(error);
}

/** What cancelling an iterator without a return() method amounts to: it just stops. */
const CLOSED: IteratorResult<unknown, unknown> = { done: true, value: undefined };

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

/**
 * Throws InvalidArgumentError unless `ms` is a finite number >= 0.
 *
 * @example
 * ```ts
 * checkDuration("sleep", ms);
 * ```
 */
export function checkDuration(what: string, ms: number): void {
  if (typeof ms !== "number" || !(ms >= 0) || ms === Infinity) {
    throw new InvalidArgumentError(
      `${what}(${describeValue(ms)}): a duration must be a finite number of milliseconds >= 0` +
        (ms === Infinity ? "; to wait until cancelled use suspend()" : ""),
    );
  }
}

/** The timer of a Sleep yielded while it is already armed for another task. */
class SleepTimer extends Timer implements Wait {
  constructor(
    private readonly task: Task<unknown>,
    private readonly sleep: Sleep,
  ) {
    super();
  }
  fire(): void {
    this.task.resume(undefined, this);
  }
  describe(): string {
    return this.sleep.describe();
  }
  undo(task: Task<unknown>): void {
    task.scheduler.disarm(this);
  }
}
