/**
 * Conditions: SimPy's AllOf and AnyOf. A condition is itself an event over
 * a list of operands (events or tasks), so it can be waited for, passed to
 * `runUntilEvent`, or nested in another condition.
 *
 * - `allOf(ops)` succeeds when every operand has succeeded, with their
 *   values as a tuple in operand order; its `results` is SimPy's value of
 *   an AllOf, a {@link ConditionValue};
 * - `anyOf(ops)` succeeds when the first operand succeeds, with a
 *   {@link ConditionValue} of every operand that had succeeded by then
 *   (`r.has(req)`, `r.get(req)`, SimPy's `req in results`). As in SimPy, a
 *   nested condition is listed as its own operands that had succeeded by
 *   then, whether it had triggered or not (`has(inner)` still answers for
 *   the nested condition itself);
 * - either fails as soon as an operand fails, with that operand's error (a
 *   cancelled task fails it with CancelledError). The condition has then
 *   handled that operand's failure; its own failure is reported like any
 *   event's if nobody waits for it.
 *
 * Invariants:
 * - a condition subscribes to each pending operand once per occurrence in
 *   the list, and unsubscribes from every operand still pending the moment
 *   it triggers: afterwards it holds no operand's attention, so a task that
 *   fails later is not "handled" by a condition that no longer cares;
 * - operands are evaluated when the condition is created: a condition over
 *   operands that have already triggered is triggered at once.
 *
 * Like SimPy, a condition never cancels its operands: when `anyOf([req,
 * after(5)])` ends by the timeout, the request is still queued. Withdraw it
 * (`req.cancel()`, or `resource.release(req)`), or let its task end (a task's
 * unserved requests are withdrawn when it finishes).
 */
import { InvalidArgumentError, UsageError, describeValue } from "../kernel/api.js";
import type { FinishListener, Task } from "../kernel/api.js";
import { BaseEvent, FAILED, OK, PENDING, culpritOf } from "./event.js";
import type { EventSubscriber, ValueOf, Waitable } from "./event.js";

/**
 * What `anyOf` gives: the operands that had succeeded when it triggered,
 * with their values (SimPy's ConditionValue).
 *
 * @example
 * ```ts
 * const r = yield* anyOf([req, after(patience)]);
 * if (r.has(req)) { ... } else { ... } // reneged
 * ```
 *
 * @category Simulation
 */
export class ConditionValue {
  /** @internal */
  constructor(
    private readonly keys: readonly Waitable<unknown>[],
    private readonly vals: readonly unknown[],
    /** Nested conditions that had succeeded: not listed (SimPy lists their events), but has() and get() know them. */
    private readonly nested: readonly ConditionEvent<unknown>[] = [],
  ) {}

  /** How many events (and tasks) had succeeded. */
  get size(): number {
    return this.keys.length;
  }

  /** True if `operand` (an event, a task, or a nested condition) had succeeded when the condition triggered. */
  has(operand: Waitable<unknown>): boolean {
    return this.keys.includes(operand) || this.nested.includes(operand as ConditionEvent<unknown>);
  }

  /**
   * The value of `operand`. Throws UsageError if it had not succeeded (check
   * with `has` first).
   *
   * @example
   * ```ts
   * const msg = r.get(inbox); // typed by the operand
   * ```
   */
  get<T>(operand: Waitable<T>): T {
    const index = this.keys.indexOf(operand);
    if (index >= 0) return this.vals[index] as T;
    if (this.nested.includes(operand as ConditionEvent<unknown>)) return (operand as ConditionEvent<T>).outcome as T;
    throw new UsageError(`${describeOperand(operand)} is not among the operands that succeeded; check r.has(operand) first`);
  }

  /** The events (and tasks) that had succeeded, in operand order, nested conditions' events in their place (SimPy's `keys()`). */
  operands(): Waitable<unknown>[] {
    return this.keys.slice();
  }

  /** Their values, in the same order (SimPy's `values()`). */
  values(): unknown[] {
    return this.vals.slice();
  }

  /** The same as a Map from event to value (SimPy's `todict()`). */
  toMap(): Map<Waitable<unknown>, unknown> {
    return new Map(this);
  }

  /** `[event, value]` pairs, in operand order (SimPy's `items()`). */
  [Symbol.iterator](): Iterator<[Waitable<unknown>, unknown]> {
    return this.keys.map((k, i): [Waitable<unknown>, unknown] => [k, this.vals[i]])[Symbol.iterator]();
  }
}

/**
 * SimPy's rule for what a condition's value lists: every event (or task)
 * among the operands that has succeeded, in operand order, and in place of
 * a nested condition, the same of its own operands, whether that condition
 * has triggered or not. A nested condition that succeeded is noted too, for
 * has() and get().
 */
function collect(operands: readonly Waitable<unknown>[], keys: Waitable<unknown>[], vals: unknown[], nested: ConditionEvent<unknown>[]): void {
  for (const operand of operands) {
    if (operand instanceof ConditionEvent) {
      if (operand.status === OK) nested.push(operand);
      collect(operand.operands, keys, vals, nested);
    } else if (statusOf(operand) === OK) {
      keys.push(operand);
      vals.push(valueOf(operand));
    }
  }
}

function describeOperand(operand: Waitable<unknown>): string {
  return operand instanceof BaseEvent ? operand.describe() : operand.label;
}

/** An operand's status as a condition sees it: an event counts once processed (SimPy's rule), a task once finished. */
function statusOf(operand: Waitable<unknown>): number {
  if (operand instanceof BaseEvent) return operand.awaitingTurn ? PENDING : operand.status;
  if (!operand.isFinished) return PENDING;
  return operand.state === "done" ? OK : FAILED;
}

function valueOf(operand: Waitable<unknown>): unknown {
  return operand instanceof BaseEvent ? operand.outcome : operand.value;
}

/** The error of a failed operand (a cancelled task's is CancelledError). */
function errorOf(operand: Waitable<unknown>): unknown {
  if (operand instanceof BaseEvent) {
    operand.defused = true;
    return operand.outcome;
  }
  try {
    return operand.value;
  } catch (error) {
    return error;
  }
}

/** Hears a task operand finish. */
class TaskOperand implements FinishListener {
  constructor(
    private readonly condition: ConditionEvent<unknown>,
    readonly task: Task<unknown>,
  ) {}
  taskFinished(): void {
    this.condition.operandTriggered(this.task);
  }
}

/**
 * An AllOf or AnyOf over events and tasks; see {@link allOf} and {@link anyOf}.
 *
 * @example
 * ```ts
 * const both = allOf([a, b]);
 * const [x, y] = yield* both;
 * ```
 *
 * @category Simulation
 */
export class ConditionEvent<V> extends BaseEvent<V> implements EventSubscriber {
  private pending = 0;
  /** For allOf: its events' values as SimPy lists them, taken when it triggers if it has nested conditions (see `results`). */
  private snapshot: ConditionValue | null = null;
  /** Finish listeners on task operands, parallel to `operands` (null for events). */
  private readonly taskListeners: (TaskOperand | null)[] | null = null;

  /** @internal Use {@link allOf} or {@link anyOf}. */
  constructor(
    /** "all" for {@link allOf}, "any" for {@link anyOf}. */
    readonly mode: "all" | "any",
    /** The events and tasks it waits for, in the order given. */
    readonly operands: readonly Waitable<unknown>[],
  ) {
    super();
    for (const operand of operands) {
      if (!(operand instanceof BaseEvent) && !isTask(operand)) {
        throw new InvalidArgumentError(`${mode}Of(): every operand must be an event or a task, but one is ${describeValue(operand)}`);
      }
    }
    // Operands that have already triggered are looked at in list order, as
    // SimPy does: the first failure fails the condition, and for anyOf the
    // first success (before any failure) succeeds it.
    let pending = 0;
    for (const operand of operands) {
      const status = statusOf(operand);
      if (status === FAILED) {
        this.trigger(false, errorOf(operand), isTask(operand) ? operand : null);
        return;
      }
      if (status === PENDING) pending++;
      else if (mode === "any") {
        this.trigger(true, undefined);
        return;
      }
    }
    if (pending === 0) {
      this.trigger(true, undefined);
      return;
    }
    this.pending = pending;
    for (let i = 0; i < operands.length; i++) {
      const operand = operands[i] as Waitable<unknown>;
      if (operand instanceof BaseEvent) {
        operand.subscribe(this);
      } else {
        const listener = new TaskOperand(this as ConditionEvent<unknown>, operand);
        (this.taskListeners ??= new Array<TaskOperand | null>(operands.length).fill(null))[i] = listener;
        operand.addFinishListener(listener);
      }
    }
  }

  describe(): string {
    const shown = this.operands.slice(0, 3).map(describeOperand);
    if (this.operands.length > 3) shown.push(`…${this.operands.length - 3} more`);
    return `${this.mode}Of(${shown.join(", ")})`;
  }

  /** @internal An operand event triggered. */
  eventTriggered(event: BaseEvent<unknown>): void {
    this.operandTriggered(event);
  }

  /** @internal An operand triggered (an event) or finished (a task). */
  operandTriggered(operand: Waitable<unknown>): void {
    if (this.status !== PENDING) return;
    if (statusOf(operand) === FAILED) {
      // The condition fails with the operand's error: the operand's failure is handled here (SimPy's Condition defuses it).
      if (!isTask(operand)) operand.defuse();
      this.detach();
      this.trigger(false, errorOf(operand), isTask(operand) ? operand : culpritOf(operand));
      return;
    }
    if (this.mode === "any" || --this.pending === 0) {
      this.detach();
      this.trigger(true, undefined);
    }
  }

  /**
   * The value (see {@link BaseEvent.value}). A condition's value is taken
   * when it is processed, so between its trigger and its turn there is none
   * yet: that is a UsageError rather than `undefined`.
   */
  override get value(): V {
    if (this.awaitingTurn && this.status === OK) {
      throw new UsageError(`${this.describe()} has triggered but is not processed yet, so its value is not known; wait for it with yield*`);
    }
    return super.value;
  }

  /**
   * @internal The value is taken when the condition is processed, as SimPy
   * builds it: an anyOf lists every operand processed by then.
   */
  protected override beforeWaiters(): void {
    if (this.status === OK) this.outcome = this.result();
  }

  /**
   * Every event that had succeeded when the condition triggered, with its
   * value, nested conditions' events included (SimPy's ConditionValue, for
   * allOf as well as anyOf, whose value it is). Taken when the condition
   * triggers: events that succeed later do not show. Throws the error of a
   * condition that failed, and UsageError for one still pending.
   *
   * @example
   * ```ts
   * const both = allOf([anyOf([a, b]), c]);
   * yield* both;
   * for (const [event, value] of both.results) console.log(event.describe(), value);
   * ```
   */
  get results(): ConditionValue {
    // `value` throws the error, or UsageError while pending or not yet processed.
    if (this.status !== OK || this.awaitingTurn) return this.value as never;
    if (this.mode === "any") return this.outcome as ConditionValue;
    // Without nested conditions every operand succeeded: the tuple says it all, so build it only when asked.
    return (this.snapshot ??= new ConditionValue(this.operands, this.outcome as unknown[]));
  }

  /** The value: a tuple (all) or a ConditionValue (any). */
  private result(): unknown {
    const operands = this.operands;
    let hasNested = false;
    for (const operand of operands) if (operand instanceof ConditionEvent) hasNested = true;
    if (this.mode === "all") {
      // With nested conditions, what `results` lists depends on this instant (SimPy's rule): take it now.
      if (hasNested) this.snapshot = flatValue(operands);
      return operands.map(valueOf);
    }
    if (hasNested) return flatValue(operands);
    const keys: Waitable<unknown>[] = [];
    const values: unknown[] = [];
    for (const operand of operands) {
      if (statusOf(operand) === OK) {
        keys.push(operand);
        values.push(valueOf(operand));
      }
    }
    return new ConditionValue(keys, values);
  }

  /** Stops listening to the operands still pending. */
  private detach(): void {
    const operands = this.operands;
    for (let i = 0; i < operands.length; i++) {
      const operand = operands[i] as Waitable<unknown>;
      if (operand instanceof BaseEvent) {
        if (statusOf(operand) === PENDING) operand.unsubscribe(this);
      } else {
        const listener = this.taskListeners?.[i];
        if (listener) operand.removeFinishListener(listener);
      }
    }
  }
}

/** SimPy's ConditionValue of `operands`, now (see {@link collect}). */
function flatValue(operands: readonly Waitable<unknown>[]): ConditionValue {
  const keys: Waitable<unknown>[] = [];
  const vals: unknown[] = [];
  const nested: ConditionEvent<unknown>[] = [];
  collect(operands, keys, vals, nested);
  return new ConditionValue(keys, vals, nested);
}

function isTask(value: unknown): value is Task<unknown> {
  return typeof value === "object" && value !== null && typeof (value as Task<unknown>).addFinishListener === "function" && "scheduler" in value;
}

/**
 * An event that succeeds when every operand (event or task) has succeeded,
 * giving their values as a tuple typed like the operands; it fails as soon
 * as one of them fails (SimPy's AllOf, `a & b`). An empty list succeeds at
 * once with `[]`.
 *
 * @example
 * ```ts
 * const [order, payment] = yield* allOf([orderReady, paymentCleared]);
 * ```
 *
 * @category Simulation
 */
export function allOf<const W extends readonly Waitable<unknown>[]>(operands: W): ConditionEvent<{ -readonly [K in keyof W]: ValueOf<W[K]> }> {
  return new ConditionEvent("all", checkList("allOf", operands));
}

/**
 * An event that succeeds when the first operand (event or task) succeeds,
 * giving a {@link ConditionValue} of the operands that had succeeded by
 * then (a nested condition's own operands in its place, as SimPy lists
 * them); it fails if an operand fails first (SimPy's AnyOf, `a | b`). An
 * empty list succeeds at once with an empty value. The other operands carry
 * on: a losing request stays queued until withdrawn.
 *
 * @example
 * ```ts
 * const req = counter.request();
 * const r = yield* anyOf([req, after(patience)]);
 * if (!r.has(req)) { counter.release(req); return "reneged"; }
 * ```
 *
 * @category Simulation
 */
export function anyOf(operands: readonly Waitable<unknown>[]): ConditionEvent<ConditionValue> {
  return new ConditionEvent("any", checkList("anyOf", operands));
}

function checkList<W extends readonly Waitable<unknown>[]>(what: string, operands: W): W {
  if (!Array.isArray(operands)) throw new InvalidArgumentError(`${what}() takes an array of events and tasks, not ${describeValue(operands)}`);
  return operands;
}
