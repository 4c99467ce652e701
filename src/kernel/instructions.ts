/**
 * The built-in instructions: the only things the kernel itself knows how to
 * do for a task. Everything else (combinators, channels, resources) is built
 * from these and from the one blocking shape (`tryNow` / `park`, with a
 * WaitList or `block` / `resume` / `undo`), exactly as a user would build it.
 *
 * Each instruction is immutable once created, so singletons (`YIELD_NOW`,
 * `SUSPEND`, `NOW`) can be yielded by any number of tasks at once.
 */
import { checkDeadline } from "./clock.js";
import { InvalidArgumentError, UsageError } from "./errors.js";
import { Instruction, KIND_SHIELD_ENTER, KIND_SHIELD_LEAVE, KIND_SLEEP, WAIT, creation as creationWatch, setKind } from "./instruction.js";
import type { Wait, Waiting } from "./instruction.js";
export { YIELD_NOW, YieldNow } from "./instruction.js";
import type { Spawnable } from "./scheduler.js";
import type { StepLoop } from "./step-loop.js";
import type { TimerEntry, TimerHeap } from "./timer-heap.js";
import { checkDuration } from "./scheduler.js";
import type { FinishListener, Task } from "./task.js";
import { F_CANCELLING, F_OWNS_CONTEXT, SHIELD_UNIT } from "./task-state.js";

// A local const: an imported binding is a property read of the other
// module's exports in the CommonJS build (see step-loop.ts). Debug mode's
// watcher of operations never yielded (unyielded.ts) is null otherwise.
const creation = creationWatch;

/**
 * What `sleep(ms)` returns: waits `ms` milliseconds of the scheduler's time.
 * Dispatched inline by the kernel; it is also a case of `select`. While a
 * task sleeps on it, a Sleep refers to that task, as every primitive refers
 * to the tasks waiting on it: a Sleep kept in a module-level constant and
 * left armed in a host that is then dropped keeps that host's tasks
 * reachable until it is garbage itself (create sleeps where they are used).
 *
 * @example
 * ```ts
 * const pause: Sleep = sleep(250);
 * yield* pause;
 * ```
 *
 * @category Time
 */
export class Sleep extends Instruction<void> implements TimerEntry {
  // A Sleep is its own timer-heap entry while armed for one task (see
  // Scheduler.armSleep), which saves a second object per sleep.
  /** @internal */ deadline = 0;
  /** @internal */ seq = 0;
  /** @internal Position in the timer heap, or -1 when not armed. */
  heapIndex = -1;
  /** @internal The heap it is armed in, or null. */
  heap: TimerHeap | null = null;
  /** @internal The task this sleep is armed for. */
  sleeper: Task<unknown> | null = null;
  /** The duration, in milliseconds. */
  readonly ms: number;
  constructor(ms: number) {
    super();
    // The kernel runs a plain `yield sleep(ms)` by its dispatch tag, without
    // calling tryNow/park: a subclass overriding them would behave one way
    // with yield and another with yield*. Compose instead.
    if (new.target !== Sleep) throw new UsageError("Sleep cannot be subclassed; write an Instruction whose park() arms a Timer, or wrap sleep() in a function*");
    checkDuration("sleep", ms);
    this.ms = ms;
    if (creation.watcher !== null) creation.watcher.created(this);
  }
  describe(): string {
    return `sleep(${this.ms})`;
  }
  /** @internal The deadline came: wakes the sleeper. */
  fire(): void {
    const task = this.sleeper as Task<unknown>;
    this.sleeper = null;
    task.resume(undefined, this);
  }
  /** @internal The sleeper was cancelled or interrupted: disarms. */
  override undo(task: Task<unknown>): void {
    this.sleeper = null;
    (task.scheduler as unknown as StepLoop).disarm(this);
  }
  /**
   * @internal A sleep always waits (even sleep(0): it lets the other tasks
   * due now run first), unless the clock cannot count its delay (clock.ts):
   * then it is refused, like any operation whose tryNow throws.
   */
  tryNow(task: Task<unknown>): Waiting {
    checkDeadline("sleep", task.scheduler.now, this.ms);
    return WAIT;
  }
  /** @internal Arms the timer (the kernel dispatches a plain `yield sleep(ms)` to the same call). */
  override park(task: Task<unknown>): void {
    (task.scheduler as unknown as StepLoop).armSleep(task, this);
  }
}
setKind(Sleep, KIND_SLEEP);

/** Waits until cancelled. */
export class Suspend extends Instruction<never> {
  describe(): string {
    return "suspend()";
  }
  tryNow(): Waiting {
    return WAIT;
  }
  override park(task: Task<unknown>): void {
    task.block(this);
  }
}

/** Reads the clock. */
export class Now extends Instruction<number> {
  describe(): string {
    return "now()";
  }
  tryNow(task: Task<unknown>): number {
    return task.scheduler.now;
  }
}

/** A float in [0, 1) from the scheduler's seeded generator. */
export class RandomFloat extends Instruction<number> {
  describe(): string {
    return "random()";
  }
  tryNow(task: Task<unknown>): number {
    return task.scheduler.random.next();
  }
}

/** Returns the running task itself. */
export class CurrentTask extends Instruction<Task<unknown>> {
  describe(): string {
    return "currentTask()";
  }
  tryNow(task: Task<unknown>): Task<unknown> {
    return task;
  }
}

/** Starts a child of the current task (or of `parent`, for a task group) and gives its Task. */
export class Spawn<T, A extends unknown[]> extends Instruction<Task<T>> {
  constructor(
    private readonly source: Spawnable<T, A>,
    private readonly args: A,
    private readonly parent: Task<unknown> | null = null,
    private readonly waitForChildren = false,
  ) {
    super();
    if (creation.watcher !== null) creation.watcher.created(this);
  }
  describe(): string {
    const source = this.source as { name?: unknown };
    return `spawn(${typeof source === "function" && typeof source.name === "string" ? source.name : "operation"})`;
  }
  /**
   * Starts the child. Spawning into a group that is being cancelled (the
   * cancellation was delivered, so its children are being stopped), from
   * another task, gives a child that is cancelled at once (it never runs):
   * the group is on its way out and must still finish. (While a shield
   * defers the group's cancellation, its children run on, and so does a
   * new one, until the cancellation lands and stops them all.)
   * The group's own task may spawn in its cleanup (to join a helper, say).
   */
  tryNow(task: Task<unknown>): Task<T> {
    const parent = this.parent ?? task;
    if (parent.isFinished) throw new UsageError(`${task.label} cannot spawn into ${parent.label}: it has already finished`);
    if (parent.scheduler !== task.scheduler) throw new UsageError(`${task.label} cannot spawn into ${parent.label}: it belongs to another scheduler`);
    const child = task.scheduler.spawnTask(parent, this.source, this.args, this.waitForChildren);
    if (parent !== task && (parent.flags & F_CANCELLING) !== 0) child.cancel();
    return child;
  }
}

/** Cancels `target` and waits until its cleanup has finished. */
export class CancelAndWait extends Instruction<void> {
  constructor(private readonly target: Task<unknown>) {
    super();
    if (creation.watcher !== null) creation.watcher.created(this);
  }
  describe(): string {
    return `cancel(${this.target.label})`;
  }
  tryNow(task: Task<unknown>): void | Waiting {
    const target = this.target;
    if (target === task) {
      throw new UsageError(`${task.label} cannot wait for its own cancellation; call task.cancel() (delivered at its next yield) or return`);
    }
    if (target.scheduler !== task.scheduler) throw new UsageError(`${task.label} cannot cancel ${target.label}: it belongs to another scheduler`);
    // Finished before: nothing to cancel and nothing to report (its failure,
    // if any, went to whoever joined it, or to its parent).
    if (target.isFinished) return undefined;
    target.cancel();
    if (!target.isFinished) return WAIT;
    // A cleanup that failed is reported to whoever waited for it, never dropped.
    if (target.state === "failed") throw target.error;
    return undefined;
  }
  /** Each waiter gets a wait of its own: one operation may be yielded by several tasks at once, as every instruction may. */
  override park(task: Task<unknown>): void {
    const wait = new CancelWait(task, this.target, this);
    this.target.addFinishListener(wait);
    task.block(wait);
  }
}

/** One task's wait in a {@link CancelAndWait}: a finish listener of the target that wakes that task. */
class CancelWait implements Wait, FinishListener {
  constructor(
    private readonly waiter: Task<unknown>,
    private readonly target: Task<unknown>,
    private readonly op: CancelAndWait,
  ) {}
  describe(): string {
    return this.op.describe();
  }
  undo(): void {
    this.target.removeFinishListener(this);
  }
  taskFinished(target: Task<unknown>): void {
    if (target.state === "failed") this.waiter.resumeWithError(target.error, this);
    else this.waiter.resume(undefined, this);
  }
}

/** Enters (+1) or leaves (-1) a region where cancellation is deferred. */
// Both steps are exempt from delivering a pending cancellation or
// interrupt: entering, so that a shield opened in a finally block protects
// its cleanup even when a cancel is pending; leaving, so that an interrupt
// can never skip the leave and leave the task shielded for good. The kernel
// tells them by their dispatch tag.
export class ShieldEnter extends Instruction<void> {
  describe(): string {
    return "shield.enter()";
  }
  tryNow(task: Task<unknown>): void {
    task.flags += SHIELD_UNIT;
  }
}
setKind(ShieldEnter, KIND_SHIELD_ENTER);

export class ShieldLeave extends Instruction<void> {
  describe(): string {
    return "shield.leave()";
  }
  /** A cancellation deferred by the shield is delivered at this same yield (see the step loop). */
  tryNow(task: Task<unknown>): void {
    task.flags -= SHIELD_UNIT;
  }
}
setKind(ShieldLeave, KIND_SHIELD_LEAVE);

/** Reads a task-local value. */
export class ContextGet<T> extends Instruction<T> {
  constructor(
    private readonly key: object,
    private readonly fallback: T,
    private readonly name: string,
  ) {
    super();
  }
  describe(): string {
    return `${this.name}.get()`;
  }
  tryNow(task: Task<unknown>): T {
    const context = task.context;
    return context !== null && context.has(this.key) ? (context.get(this.key) as T) : this.fallback;
  }
}

/** Writes a task-local value, seen by this task and by children spawned afterwards. */
export class ContextSet<T> extends Instruction<void> {
  constructor(
    private readonly key: object,
    private readonly value: T,
    private readonly name: string,
  ) {
    super();
    if (creation.watcher !== null) creation.watcher.created(this);
  }
  describe(): string {
    return `${this.name}.set()`;
  }
  tryNow(task: Task<unknown>): void {
    // Copy on write: the map may be shared with the parent and with children
    // spawned earlier, which must keep seeing the old value.
    if ((task.flags & F_OWNS_CONTEXT) === 0 || hasChildren(task)) {
      task.context = new Map(task.context ?? []);
      task.flags |= F_OWNS_CONTEXT;
    }
    (task.context as Map<object, unknown>).set(this.key, this.value);
  }
}

function hasChildren(task: Task<unknown>): boolean {
  return task.firstChild !== null;
}

/** Validates a count argument (frames, permits...). */
export function checkCount(what: string, n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${what}(${String(n)}): expected an integer >= 0`);
}
