/**
 * select: wait for the first of several channel operations (and timeouts).
 *
 * Invariants:
 * - exactly one case fires: the first ready one when the select starts, or
 *   the first to become ready while it waits;
 * - the cases that did not fire leave no trace: no value is taken and no
 *   waiter stays queued (all are removed the moment one fires, or when the
 *   task is cancelled), and their timers are disarmed;
 * - a send case that did not fire never delivers its value.
 *
 * The choice rule when several cases are ready at once: the first listed
 * wins, unless `{ fair: true }` is given, which tries them in an order drawn
 * from the scheduler's seeded generator. First-listed is the default because
 * it is the easiest to read in a trace and lets a program give priority (list
 * the quit channel first), which Go's always-random select cannot express.
 * The price is that a busy early case can starve a later one; `fair` is for
 * those loops. Both are deterministic for a given seed.
 */
import { Instruction, InvalidArgumentError, Sleep, Timer, describeValue , WAIT } from "../kernel/api.js";
import type { Task, Wait, Waiting } from "../kernel/api.js";
import { ChannelWaiter, EMPTY, RecvOp, SendOp } from "./channel.js";
import type { Selection } from "./channel.js";

/** A case of a select: `ch.recv()`, `ch.send(v)` or `sleep(ms)`. */
export type SelectCase = RecvOp<unknown> | SendOp<unknown> | Sleep;

type ValueOf<C> = C extends Instruction<infer V> ? V : never;
type IndexOf<K> = K extends `${infer N extends number}` ? N : never;

/**
 * The result of a select: which case fired (its position in the list) and
 * its value, as a union that narrows on `index`.
 */
export type Selected<C extends readonly SelectCase[]> = {
  [K in keyof C]: { index: IndexOf<K>; value: ValueOf<C[K]> };
}[number];

/** Options of {@link select}. */
export interface SelectOptions {
  /** Try the ready cases in a seeded random order instead of first-listed-first. */
  fair?: boolean;
}

class SelectTimer extends Timer {
  constructor(
    private readonly owner: SelectWait,
    private readonly index: number,
  ) {
    super();
  }
  fire(): void {
    this.owner.fire(this.index, undefined);
  }
}

/** One task's pending select: the Wait of the task and the Selection of every queued case. */
class SelectWait implements Wait, Selection {
  private done = false;
  readonly waiters: (ChannelWaiter<unknown> | null)[] = [];
  readonly timers: (SelectTimer | null)[] = [];

  constructor(
    private readonly task: Task<unknown>,
    private readonly op: Select<readonly SelectCase[]>,
  ) {}

  describe(): string {
    return this.op.describe();
  }

  fire(index: number, value: unknown): void {
    if (this.done) return;
    this.release();
    this.task.resume({ index, value });
  }

  fail(_index: number, error: unknown): void {
    if (this.done) return;
    this.release();
    this.task.resumeWithError(error);
  }

  undo(): void {
    this.release();
  }

  /** Takes every remaining case off its queue and disarms every timer. */
  private release(): void {
    this.done = true;
    for (const w of this.waiters) if (w !== null) w.undo();
    for (const t of this.timers) if (t !== null) this.task.scheduler.removeTimer(t);
  }
}

class Select<C extends readonly SelectCase[]> extends Instruction<Selected<C>> {
  constructor(
    private readonly cases: C,
    private readonly fair: boolean,
  ) {
    super();
  }

  describe(): string {
    return `select(${this.cases.map((c) => c.describe()).join(", ")})`;
  }

  tryNow(task: Task<unknown>): Selected<C> | Waiting {
    const cases = this.cases;
    const order = this.fair ? shuffledIndexes(cases.length, task) : null;
    for (let k = 0; k < cases.length; k++) {
      const i = order === null ? k : (order[k] as number);
      const c = cases[i] as SelectCase;
      if (c instanceof RecvOp) {
        c.channel.nameFor(task.scheduler);
        const value = c.channel.poll();
        if (value !== EMPTY) return { index: i, value } as Selected<C>;
      } else if (c instanceof SendOp) {
        c.channel.nameFor(task.scheduler);
        if (c.channel.offer(c.value, task)) return { index: i, value: undefined } as Selected<C>;
      }
    }
    return WAIT;
  }
  override park(task: Task<unknown>): void {
    const cases = this.cases;
    const waiting = new SelectWait(task, this as unknown as Select<readonly SelectCase[]>);
    for (let i = 0; i < cases.length; i++) {
      const c = cases[i] as SelectCase;
      let waiter: ChannelWaiter<unknown> | null = null;
      let timer: SelectTimer | null = null;
      if (c instanceof RecvOp) {
        waiter = new ChannelWaiter<unknown>(task, c, undefined);
        c.channel.receivers.push(waiter);
      } else if (c instanceof SendOp) {
        waiter = new ChannelWaiter<unknown>(task, c, c.value);
        c.channel.senders.push(waiter);
      } else {
        timer = new SelectTimer(waiting, i);
        task.scheduler.addTimer(timer, c.ms);
      }
      if (waiter !== null) {
        waiter.selection = waiting;
        waiter.index = i;
      }
      waiting.waiters.push(waiter);
      waiting.timers.push(timer);
    }
    task.block(waiting);
  }
}

function shuffledIndexes(n: number, task: Task<unknown>): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = task.scheduler.random.below(i + 1);
    const tmp = order[i] as number;
    order[i] = order[j] as number;
    order[j] = tmp;
  }
  return order;
}

function checkCases(cases: readonly unknown[], what: string): void {
  if (cases.length === 0) throw new InvalidArgumentError(`${what}([]): needs at least one case; with none it could never fire`);
  for (const c of cases) {
    if (!(c instanceof RecvOp || c instanceof SendOp || c instanceof Sleep)) {
      throw new InvalidArgumentError(`${what}(): a case must be ch.recv(), ch.send(value) or sleep(ms), not ${describeValue(c)}`);
    }
  }
}

/**
 * Waits for the first of several cases to complete and tells which one fired,
 * with its value. Cases are `ch.recv()`, `ch.send(value)` and `sleep(ms)`
 * (a timeout). Exactly one case fires; the others leave no trace.
 *
 * @example
 * ```ts
 * const r = yield* select([requests.recv(), quit.recv(), sleep(1000)]);
 * switch (r.index) {
 *   case 0: if (r.value !== CLOSED) handle(r.value); break;
 *   case 1: return;
 *   case 2: console.log("idle for a second"); break;
 * }
 * ```
 */
export function select<const C extends readonly SelectCase[]>(cases: C, options: SelectOptions = {}): Instruction<Selected<C>> {
  checkCases(cases, "select");
  return new Select(cases, options.fair === true);
}

/**
 * The non-blocking select (Go's `select` with a `default` case): completes
 * the first ready channel case, in list order, or returns null if none is
 * ready. `sleep` cases never count as ready here.
 *
 * @example
 * ```ts
 * const r = trySelect([highPriority.recv(), lowPriority.recv()]);
 * if (r === null) idle();
 * ```
 */
export function trySelect<const C extends readonly SelectCase[]>(cases: C): Selected<C> | null {
  checkCases(cases, "trySelect");
  for (let i = 0; i < cases.length; i++) {
    const c = cases[i] as SelectCase;
    if (c instanceof RecvOp) {
      const value = c.channel.poll();
      if (value !== EMPTY) return { index: i, value } as Selected<C>;
    } else if (c instanceof SendOp) {
      if (c.channel.offer(c.value, null)) return { index: i, value: undefined } as Selected<C>;
    }
  }
  return null;
}
