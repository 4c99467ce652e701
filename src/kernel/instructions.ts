/**
 * The built-in instructions: the only things the kernel itself knows how to
 * do for a task. Everything else (combinators, channels, resources) is built
 * from these and from the public blocking interface (`enter` / `block` /
 * `resume` / `undo`), exactly as a user would build it.
 *
 * Each instruction is immutable once created, so singletons (`YIELD_NOW`,
 * `SUSPEND`, `NOW`) can be yielded by any number of tasks at once.
 */
import { InternalError, InvalidArgumentError, UsageError } from "./errors.js";
import { Instruction, KIND_SHIELD_ENTER, KIND_SHIELD_LEAVE, KIND_SLEEP } from "./instruction.js";
export { YIELD_NOW, YieldNow } from "./instruction.js";
import type { Spawnable } from "./scheduler.js";
import type { TimerEntry } from "./timer-heap.js";
import { checkDuration, immediateTask } from "./scheduler.js";
import type { FinishListener , Task } from "./task.js";
import { F_OWNS_CONTEXT, SHIELD_UNIT } from "./task.js";

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
 */
export class Sleep extends Instruction<void> implements TimerEntry {
  static {
    (this.prototype as { kind: number }).kind = KIND_SLEEP;
  }
  // A Sleep is its own timer-heap entry while armed for one task (see
  // Scheduler.armSleep), which saves a second object per sleep.
  /** @internal */ deadline = 0;
  /** @internal */ seq = 0;
  /** @internal Position in the timer heap, or -1 when not armed. */
  heapIndex = -1;
  /** @internal The task this sleep is armed for. */
  sleeper: Task<unknown> | null = null;
  /** The duration, in milliseconds. */
  readonly ms: number;
  constructor(ms: number) {
    super();
    checkDuration("sleep", ms);
    this.ms = ms;
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
    task.scheduler.disarm(this);
  }
  enter(task: Task<unknown>): void {
    throw new InternalError(`sleep() is dispatched by the kernel, yet reached enter() for ${task.label}`);
  }
}

/** Waits until cancelled. */
export class Suspend extends Instruction<never> {
  describe(): string {
    return "suspend()";
  }
  enter(task: Task<unknown>): void {
    task.block(this);
  }
}

/** Reads the clock. */
export class Now extends Instruction<number> {
  describe(): string {
    return "now()";
  }
  enter(task: Task<unknown>): void {
    task.resume(task.scheduler.now);
  }
}

/** A float in [0, 1) from the scheduler's seeded generator. */
export class RandomFloat extends Instruction<number> {
  describe(): string {
    return "random()";
  }
  enter(task: Task<unknown>): void {
    task.resume(task.scheduler.random.next());
  }
}

/** Returns the running task itself. */
export class CurrentTask extends Instruction<Task<unknown>> {
  describe(): string {
    return "currentTask()";
  }
  enter(task: Task<unknown>): void {
    task.resume(task);
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
  }
  describe(): string {
    const source = this.source as { name?: unknown };
    return `spawn(${typeof source === "function" && typeof source.name === "string" ? source.name : "operation"})`;
  }
  enter(task: Task<unknown>): void {
    task.resume(this.start(task));
  }
  /** @internal `yield*` reaches here first: the child starts at once, without a trip through the kernel (see immediateTask). */
  override next(value?: unknown): IteratorResult<Instruction<unknown>, Task<T>> {
    const task = immediateTask();
    if (task === null) return super.next(value);
    return this.completedInNext(this.start(task));
  }
  private start(task: Task<unknown>): Task<T> {
    const parent = this.parent ?? task;
    if (parent.isFinished) throw new UsageError(`${task.label} cannot spawn into ${parent.label}: it has already finished`);
    if (parent.scheduler !== task.scheduler) throw new UsageError(`${task.label} cannot spawn into ${parent.label}: it belongs to another scheduler`);
    return task.scheduler.spawnTask(parent, this.source, this.args, this.waitForChildren);
  }
}

/** Cancels `target` and waits until its cleanup has finished. */
export class CancelAndWait extends Instruction<void> implements FinishListener {
  private waiter: Task<unknown> | null = null;
  constructor(private readonly target: Task<unknown>) {
    super();
  }
  describe(): string {
    return `cancel(${this.target.label})`;
  }
  enter(task: Task<unknown>): void {
    const target = this.target;
    if (target === task) {
      throw new UsageError(`${task.label} cannot wait for its own cancellation; call task.cancel() (delivered at its next yield) or return`);
    }
    if (target.scheduler !== task.scheduler) throw new UsageError(`${task.label} cannot cancel ${target.label}: it belongs to another scheduler`);
    target.cancel();
    if (target.isFinished) {
      this.taskFinishedFor(task, target);
      return;
    }
    this.waiter = task;
    target.addFinishListener(this);
    task.block(this);
  }
  override undo(): void {
    this.target.removeFinishListener(this);
    this.waiter = null;
  }
  taskFinished(target: Task<unknown>): void {
    const waiter = this.waiter;
    this.waiter = null;
    if (waiter !== null) this.taskFinishedFor(waiter, target);
  }
  /** A cleanup that failed is reported to whoever waited for it, never dropped. */
  private taskFinishedFor(waiter: Task<unknown>, target: Task<unknown>): void {
    if (target.state === "failed") waiter.resumeWithError(target.error);
    else waiter.resume(undefined);
  }
}

/** Enters (+1) or leaves (-1) a region where cancellation is deferred. */
export class ShieldStep extends Instruction<void> {
  constructor(private readonly delta: 1 | -1) {
    super();
    // Both steps are exempt from delivering a pending cancellation or
    // interrupt: entering, so that a shield opened in a finally block protects
    // its cleanup even when a cancel is pending; leaving, so that an interrupt
    // can never skip the leave and leave the task shielded for good.
    Object.defineProperty(this, "kind", { value: delta > 0 ? KIND_SHIELD_ENTER : KIND_SHIELD_LEAVE });
  }
  describe(): string {
    return this.delta > 0 ? "shield.enter()" : "shield.leave()";
  }
  enter(task: Task<unknown>): void {
    task.flags += this.delta * SHIELD_UNIT;
    // A cancellation deferred by the shield is delivered at the task's next yield.
    task.resume(undefined);
  }
}

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
  enter(task: Task<unknown>): void {
    const context = task.context;
    task.resume(context !== null && context.has(this.key) ? context.get(this.key) : this.fallback);
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
  }
  describe(): string {
    return `${this.name}.set()`;
  }
  enter(task: Task<unknown>): void {
    // Copy on write: the map may be shared with the parent and with children
    // spawned earlier, which must keep seeing the old value.
    if ((task.flags & F_OWNS_CONTEXT) === 0 || hasChildren(task)) {
      task.context = new Map(task.context ?? []);
      task.flags |= F_OWNS_CONTEXT;
    }
    (task.context as Map<object, unknown>).set(this.key, this.value);
    task.resume(undefined);
  }
}

function hasChildren(task: Task<unknown>): boolean {
  return task.firstChild !== null;
}

/** Validates a count argument (frames, permits...). */
export function checkCount(what: string, n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${what}(${String(n)}): expected an integer >= 0`);
}
