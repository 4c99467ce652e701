/**
 * Events as values (SimPy's Event): something that happens once, carries a
 * value or an error, and that any number of tasks and conditions can wait
 * for. `yield* ev` waits for it and gives its value, typed; an event that
 * has already happened gives its value at once.
 *
 * {@link BaseEvent} is the shape every waitable thing of src/sim shares:
 * plain events ({@link SimEvent}), timeouts ({@link after}), conditions
 * (allOf / anyOf), resource requests, container and store operations.
 *
 * Invariants:
 * - an event triggers at most once: PENDING → OK or FAILED, never back;
 *   waiters and subscribers are told exactly once, in the order they began
 *   to wait, and are dropped at that moment (a triggered event holds only
 *   its outcome);
 * - a waiting task whose wait is undone (cancelled, interrupted) is no
 *   longer a waiter and is never resumed by this event;
 * - an event is triggered, then processed (SimPy's two steps): triggering
 *   sets its outcome and queues it as a turn in the ready queue
 *   (Scheduler.queueTurn); it is processed when its turn comes, and only
 *   then are its waiters resumed (at that place, before the tasks queued
 *   after it) and its subscribers told. A task that waits for an event
 *   triggered but not yet processed waits for that turn too; one that waits
 *   for a processed event gets its outcome at once. So a request granted by
 *   the call that made it, a preemption or an interrupt in between, and
 *   what processing sets off (a store serving its next get) all happen in
 *   SimPy's order. Outside any run (no scheduler to queue on, and none of
 *   its own) an event is processed as it triggers;
 * - a failure is never silent (SimPy's rule): if nothing has handled it by
 *   the time the event is processed, its error goes to the scheduler's
 *   uncaught failures, so the run stops with it. Waiting for the event
 *   (directly, or through a condition), reading `value`, or calling
 *   `defuse()` handles it. An event failed outside any process is reported
 *   the same way if it belongs to a simulation (`sim.event()`, SimPy's
 *   `env.event()`): that simulation's next run stops with the error.
 *
 * The common case costs no allocation: the first task to wait on an event
 * that has no other waiter is held in a field, and the event itself is its
 * Wait. Further waiters get a small {@link TaskWaiter} each.
 */
import { InvalidArgumentError, Instruction, Timer, UsageError, WAIT, addListener, checkDuration, describeValue, removeListener } from "../kernel/api.js";
import type { Listeners, Scheduler, Task, Turn, Wait, Waiting } from "../kernel/api.js";
import * as api from "../kernel/api.js";

// Bound once (as in primitive.ts): in tsc's CommonJS output a re-exported
// function is read through a getter at each call, and every trigger asks.
const activeScheduler = api.activeScheduler;

/**
 * The task to blame for each failed event awaiting its turn (the one that
 * failed it), kept off the event object: failures are rare, and a field
 * would cost every event 8 bytes.
 */
const culprits = new WeakMap<BaseEvent<unknown>, Task<unknown> | null>();

/** @internal The task blamed for a failed event that is being processed, or null (see culprits). */
export function culpritOf(event: BaseEvent<unknown>): Task<unknown> | null {
  return culprits.get(event) ?? null;
}

// The event states are plain consts, exported below rather than with
// `export const`: tsc's CommonJS output would otherwise read every use in
// this file as a property of `exports`, which V8 cannot fold to a constant
// (see the constants at the top of kernel/step-loop.ts). tryNow() and
// trigger() test them on every wait.

/** @internal Event states. */
const PENDING = 0;
const OK = 1;
const FAILED = 2;
export { FAILED, OK, PENDING };

/**
 * Told when an event triggers. Conditions subscribe to their operands this
 * way; use it to build your own compositions.
 *
 * @example
 * ```ts
 * ev.subscribe({ eventTriggered: (e) => log.push(`${e.describe()} ${e.ok ? "ok" : "failed"}`) });
 * ```
 *
 * @category Simulation
 */
export interface EventSubscriber {
  /** Called once, when the event is processed (it succeeded or failed: see `event.ok`). */
  eventTriggered(event: BaseEvent<unknown>): void;
}

/**
 * Anything a condition or {@link Simulation.runUntilEvent} can wait for: an
 * event, or a task (which "triggers" when it finishes).
 *
 * @example
 * ```ts
 * const things: Waitable<unknown>[] = [soldOut, yield* spawn(worker), after(10)];
 * ```
 *
 * @category Simulation
 */
export type Waitable<T = unknown> = BaseEvent<T> | Task<T>;

/**
 * The value type of a {@link Waitable}.
 *
 * @example
 * ```ts
 * type N = ValueOf<SimEvent<number>>; // number
 * ```
 *
 * @category Simulation
 */
export type ValueOf<W> = W extends Waitable<infer T> ? T : never;

/**
 * The base of every event: its state, its outcome, and the waiting.
 * Subclasses trigger it with {@link BaseEvent.trigger}; a plain
 * {@link SimEvent} lets anyone do so with succeed/fail.
 *
 * @example
 * ```ts
 * class Alarm extends BaseEvent<string> {
 *   describe() { return "alarm"; }
 *   ring() { this.trigger(true, "ring!"); }
 * }
 * ```
 *
 * @category Simulation
 */
export abstract class BaseEvent<T> extends Instruction<T> implements Turn {
  // The fields are declared here and set in the constructor rather than
  // with initialisers: with ES2022 class fields each initialiser is a
  // defineProperty, and on Node 20 a chain of classes initialised that way
  // constructs 2-3x slower than plain assignments. Every request, timeout
  // and condition is a BaseEvent, made on the hot path.
  /** @internal PENDING, OK or FAILED. */
  declare status: number;
  /** @internal The value, or the error when FAILED. */
  declare outcome: unknown;
  /** @internal True once a failure has been handled (delivered, read, or defused). */
  declare defused: boolean;
  /** @internal Triggered, and queued for its turn: not processed yet (see the file header). */
  declare awaitingTurn: boolean;
  /** The first waiting task, while it is the only waiter of any kind (see the file header). */
  private declare waitingTask: Task<unknown> | null;
  private declare subscribers: Listeners<EventSubscriber>;

  constructor() {
    super();
    this.status = PENDING;
    this.outcome = undefined;
    this.defused = false;
    this.awaitingTurn = false;
    this.waitingTask = null;
    this.subscribers = null;
  }

  /** True once the event has succeeded or failed. */
  get triggered(): boolean {
    return this.status !== PENDING;
  }

  /**
   * True once the event has been processed: its waiters resumed and its
   * subscribers told (SimPy's `processed`). An event is processed at its
   * place in the instant's queue, after it triggered (see the file header).
   */
  get processed(): boolean {
    return this.status !== PENDING && !this.awaitingTurn;
  }

  /** True once the event has succeeded. */
  get ok(): boolean {
    return this.status === OK;
  }

  /** True once the event has failed. */
  get failed(): boolean {
    return this.status === FAILED;
  }

  /**
   * The value of an event that succeeded. Throws the error of one that
   * failed (which counts as handling it), and UsageError for one that has
   * not triggered yet (wait for it with `yield* ev`).
   *
   * @example
   * ```ts
   * if (ev.ok) console.log(ev.value);
   * ```
   */
  get value(): T {
    if (this.status === OK) return this.outcome as T;
    if (this.status === FAILED) {
      this.defused = true;
      throw this.outcome;
    }
    throw new UsageError(`${this.describe()} has not triggered yet, so it has no value; wait for it with yield* (or check .triggered first)`);
  }

  /** The error of an event that failed; undefined otherwise. Reading it does not handle the failure. */
  get error(): unknown {
    return this.status === FAILED ? this.outcome : undefined;
  }

  /**
   * Marks a failure as handled, so that it does not stop the run even if
   * nobody waits for the event (SimPy's `event.defused = True`).
   *
   * @example
   * ```ts
   * optionalCheck.defuse(); // its failure, if any, is expected and ignored
   * ```
   */
  defuse(): void {
    this.defused = true;
  }

  /**
   * Calls `subscriber.eventTriggered(this)` when the event is processed,
   * after the waiters that came before it. Does nothing once the event has
   * been processed: check `processed` first. A subscriber only watches a
   * failure, as SimPy's callbacks do: if nothing else handles it, it still
   * stops the run; a subscriber that handles it calls `event.defuse()`.
   *
   * @example
   * ```ts
   * ev.subscribe({ eventTriggered: () => count++ });
   * ```
   */
  subscribe(subscriber: EventSubscriber): void {
    if (this.status !== PENDING && !this.awaitingTurn) return;
    this.subscribers = addListener(this.subscribers, subscriber);
  }

  /**
   * Removes one subscription made with {@link BaseEvent.subscribe}.
   *
   * @example
   * ```ts
   * ev.unsubscribe(watcher);
   * ```
   */
  unsubscribe(subscriber: EventSubscriber): void {
    this.subscribers = removeListener(this.subscribers, subscriber);
  }

  /** Waits for the event: its value, or its error thrown, at once if it has been processed; WAIT until then. */
  tryNow(_task: Task<unknown>): T | Waiting {
    const status = this.status;
    if (this.awaitingTurn) return WAIT;
    if (status === OK) return this.outcome as T;
    if (status === FAILED) {
      this.defused = true;
      throw this.outcome;
    }
    return WAIT;
  }

  /** Parks `task` until the event triggers: in the field if it is the only waiter, else as a subscriber (see the file header). */
  override park(task: Task<unknown>): void {
    if (this.waitingTask === null && this.subscribers === null) {
      this.waitingTask = task;
      task.block(this);
      return;
    }
    const waiter = new TaskWaiter(task, this);
    this.subscribe(waiter);
    task.block(waiter);
  }

  /** Undoes the wait of the first waiting task (see {@link Wait.undo}). */
  override undo(task: Task<unknown>): void {
    if (this.waitingTask !== task) return;
    this.waitingTask = null;
    this.leftWaiting(task);
  }

  /**
   * @internal Called when `task` stopped waiting for this pending event
   * without it triggering (cancelled or interrupted). Operations that are
   * queued somewhere (requests, gets, puts) withdraw themselves here.
   */
  leftWaiting(_task: Task<unknown>): void {}

  /** @internal `task` yielded the event but left before waiting (see Instruction.abandoned): as if it had stopped waiting. */
  override abandoned(task: Task<unknown>): void {
    this.leftWaiting(task);
  }

  /**
   * Triggers the event: `ok` with `value`, or failed with the error `value`,
   * and queues it for processing at the back of the ready queue (see the
   * file header). `culprit` is the task to blame if a failure goes
   * unhandled (default: the running task). Precondition: it is pending.
   */
  protected trigger(ok: boolean, value: unknown, culprit: Task<unknown> | null = null): void {
    this.status = ok ? OK : FAILED;
    this.outcome = value;
    const scheduler = activeScheduler() ?? this.home;
    if (scheduler === null) {
      // No run to take a place in, and no simulation of its own: processed now.
      this.process(culprit, null);
      return;
    }
    if (!ok) culprits.set(this, culprit ?? scheduler.current);
    this.awaitingTurn = true;
    scheduler.queueTurn(this);
  }

  /**
   * @internal Takes back a trigger whose turn has not come (an operation
   * given back: see QueuedOp): the event is pending again, and its turn,
   * when it comes, does nothing. It will not trigger again.
   */
  untrigger(): void {
    this.status = PENDING;
    this.outcome = undefined;
  }

  /** @internal Its place in the ready queue has come: the event is processed (unless it was taken back). */
  takeTurn(): void {
    this.awaitingTurn = false;
    if (this.status === PENDING) return; // taken back before its turn (untrigger)
    const culprit = this.status === FAILED ? (culprits.get(this) ?? null) : null;
    try {
      this.process(culprit, activeScheduler() ?? this.home);
    } finally {
      // Kept until then, so that a condition failing with this event blames the same task.
      if (culprit !== null) culprits.delete(this);
    }
  }

  /**
   * @internal What processing does first, before the waiters resume
   * (SimPy calls the primitive's own callback first, as it was added when
   * the event was made): a store serving its next get, a condition taking
   * its value. Nothing by default.
   */
  protected beforeWaiters(): void {}

  /** Resumes the waiters and tells the subscribers, in the order they came; then reports a failure nobody handled. */
  private process(culprit: Task<unknown> | null, scheduler: Scheduler | null): void {
    this.beforeWaiters();
    const ok = this.status === OK;
    const value = this.outcome;
    const task = this.waitingTask;
    const subscribers = this.subscribers;
    this.waitingTask = null;
    this.subscribers = null;
    // A waiting task handles a failure (it is thrown into it); so do
    // conditions and further waiters, which defuse it when told. A plain
    // subscriber only watches, as SimPy's callbacks do.
    if (!ok && task !== null) this.defused = true;
    if (task !== null) {
      // Passing the wait makes a wake-up for a wait already left harmless.
      if (ok) task.resume(value, this);
      else task.resumeWithError(value, this);
    }
    // A subscriber is user code: one that throws does not keep the others
    // (and the further waiters among them) from being told; its error
    // leaves the run once the event is fully processed.
    let thrown: { error: unknown } | null = null;
    if (subscribers !== null) {
      if (Array.isArray(subscribers)) for (const s of subscribers) thrown = this.tell(s, thrown);
      else thrown = this.tell(subscribers, thrown);
    }
    if (!ok && !this.defused && scheduler !== null) {
      // Failed outside any process: no task to blame, so the run itself
      // stops with the error (it leaves the run call, as a timer's would).
      const blamed = culprit ?? scheduler.current;
      if (blamed === null && thrown === null) throw value;
      if (blamed !== null) scheduler.uncaught.push({ task: blamed, error: value });
    }
    if (thrown !== null) throw thrown.error;
  }

  /** Tells one subscriber; gives the first error any subscriber has thrown so far (`thrown`, or this one's). */
  private tell(subscriber: EventSubscriber, thrown: { error: unknown } | null): { error: unknown } | null {
    try {
      subscriber.eventTriggered(this);
    } catch (error) {
      return thrown ?? { error };
    }
    return thrown;
  }

  /**
   * @internal The scheduler this event belongs to, if it was made for one
   * (`sim.event()`); null otherwise. Only used to report a failure that
   * happens outside any process.
   */
  get home(): Scheduler | null {
    return null;
  }

  /** Throws UsageError if the event has triggered already. */
  protected checkPending(what: string): void {
    if (this.status !== PENDING) {
      throw new UsageError(
        `${what} on ${this.describe()}, which has already ${this.status === OK ? "succeeded" : "failed"}: an event triggers once; create a new one for the next occurrence`,
      );
    }
  }
}

/**
 * A further task waiting on an event that already had a waiter: its Wait,
 * so that cancelling it unsubscribes exactly this task.
 */
class TaskWaiter implements EventSubscriber, Wait {
  constructor(
    private readonly task: Task<unknown>,
    private readonly event: BaseEvent<unknown>,
  ) {}
  eventTriggered(event: BaseEvent<unknown>): void {
    if (event.status === OK) {
      this.task.resume(event.outcome, this);
      return;
    }
    event.defuse(); // thrown into the waiting task: handled
    this.task.resumeWithError(event.outcome, this);
  }
  describe(): string {
    return this.event.describe();
  }
  undo(): void {
    this.event.unsubscribe(this);
    this.event.leftWaiting(this.task);
  }
}

/**
 * Options of {@link simEvent}.
 *
 * @example
 * ```ts
 * const soldOut = simEvent({ name: "sold out: Kill Process" });
 * ```
 *
 * @category Simulation
 */
export interface SimEventOptions {
  /** A name for traces and deadlock reports (default "simEvent"). */
  name?: string;
}

/**
 * An event that a model triggers itself (SimPy's `env.event()`). Create one
 * with {@link simEvent}.
 *
 * @example
 * ```ts
 * const doorOpen = simEvent<number>();
 * // one process: const when = yield* doorOpen;
 * // another:     doorOpen.succeed(yield* now());
 * ```
 *
 * @category Simulation
 */
export class SimEvent<T> extends BaseEvent<T> {
  constructor(
    private readonly name: string = "simEvent",
    private readonly owner: Scheduler | null = null,
  ) {
    super();
  }

  /** @internal See {@link BaseEvent.home}. */
  override get home(): Scheduler | null {
    return this.owner;
  }

  describe(): string {
    return this.name;
  }

  /**
   * Triggers the event with `value`: every waiting task becomes ready (in
   * the order they began to wait) and receives it. Throws UsageError if the
   * event has already triggered. Returns the event.
   *
   * @example
   * ```ts
   * ready.succeed(); // a SimEvent<void>
   * ```
   */
  succeed(value: T): this {
    this.checkPending("succeed()");
    this.trigger(true, value);
    return this;
  }

  /**
   * Fails the event: each waiting task gets `error` thrown at its `yield*`.
   * If nobody waits for it by the end of the instant, the run stops with
   * the error (see the file header). Throws UsageError if the event has
   * already triggered. Returns the event.
   *
   * @example
   * ```ts
   * delivery.fail(new Error("truck broke down"));
   * ```
   */
  fail(error: unknown): this {
    this.checkPending("fail()");
    this.trigger(false, error);
    return this;
  }
}

/**
 * Creates a pending event (SimPy's `env.event()`). Wait for it with
 * `const v = yield* ev` (typed `T`); trigger it with `ev.succeed(v)` or
 * `ev.fail(error)`. Waiting on an event that has already triggered gives
 * its outcome at once.
 *
 * @example
 * ```ts
 * const soldOut = simEvent();
 * function* moviegoer() {
 *   const r = yield* anyOf([counter.request(), soldOut]);
 *   if (r.has(soldOut)) return "left";
 * }
 * ```
 *
 * @category Simulation
 */
export function simEvent<T = void>(options: SimEventOptions = {}): SimEvent<T> {
  const name = options.name;
  if (name !== undefined && typeof name !== "string") throw new InvalidArgumentError(`simEvent(): the name option must be a string, not ${describeValue(name)}`);
  return new SimEvent<T>(name);
}

/** The timer behind {@link after}. */
class DelayTimer extends Timer {
  constructor(private readonly event: Delay<unknown>) {
    super();
  }
  fire(): void {
    this.event.elapse();
  }
}

/**
 * An event that succeeds a fixed delay after it was created (SimPy's
 * `env.timeout(delay, value)` used as a value); see {@link after}.
 *
 * @example
 * ```ts
 * const patience = after(5);
 * const r = yield* anyOf([req, patience]);
 * ```
 *
 * @category Simulation
 */
export class Delay<T> extends BaseEvent<T> {
  /** @internal */
  constructor(
    /** How long after its creation it succeeds. */
    readonly delay: number,
    private readonly payload: T,
  ) {
    super();
  }
  describe(): string {
    return `after(${this.delay})`;
  }
  /** @internal The timer fired. */
  elapse(): void {
    this.trigger(true, this.payload);
  }
}

/**
 * @internal Creates a Delay armed on `scheduler`. A zero delay needs no
 * timer: like SimPy's `timeout(0)` it is triggered now and processed at its
 * turn, before what the instant queues after it (a zero-delay timer would
 * fire only once the instant's queue is empty).
 */
export function delayOn<T>(scheduler: Scheduler, delay: number, value: T): Delay<T> {
  checkDuration("after", delay);
  const event = new Delay(delay, value);
  if (delay === 0) event.elapse();
  else scheduler.addTimer(new DelayTimer(event as Delay<unknown>), delay);
  return event;
}

/**
 * An event that succeeds `delay` time units from now with `value` (SimPy's
 * `env.timeout(delay, value)` when you need the timeout as a value, to
 * combine it with anyOf/allOf). To simply wait, `yield* sleep(delay)` is
 * cheaper. The clock starts when `after` is called, so call it inside a
 * process (outside one, use `sim.after`). Throws InvalidArgumentError for
 * a negative, NaN or infinite delay.
 *
 * @example
 * ```ts
 * const r = yield* anyOf([counter.request(), after(patience)]);
 * ```
 *
 * @category Simulation
 */
export function after(delay: number): Delay<void>;
export function after<T>(delay: number, value: T): Delay<T>;
export function after<T>(delay: number, value?: T): Delay<T | undefined> {
  const scheduler = activeScheduler();
  if (scheduler === null) {
    throw new UsageError(`after(${describeValue(delay)}) was called outside any process, so there is no clock to start from; call it inside a process, or use sim.after(delay)`);
  }
  return delayOn(scheduler, delay, value);
}
