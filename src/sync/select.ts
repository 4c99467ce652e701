/**
 * select: wait for the first of several channel operations (and timeouts).
 *
 * Invariants:
 * - exactly one case fires: the first ready one when the select starts, or
 *   the first to become ready while it waits;
 * - the cases that did not fire leave no trace: no value is taken and no
 *   waiter stays queued (all are removed the moment one fires, or when the
 *   task is cancelled), and their timers are disarmed;
 * - a send case that did not fire never delivers its value;
 * - a disabled case (`null` in the list, Go's nil channel) never fires, and
 *   a select with no enabled case waits until the task is cancelled (Go's
 *   `select {}`); `trySelect` then gives null (Go's `select { default: }`).
 *
 * The choice rule when several cases are ready at once: the first listed
 * wins, unless `{ fair: true }` is given, which tries them in an order drawn
 * from the scheduler's seeded generator. First-listed is the default because
 * it is the easiest to read in a trace and lets a program give priority (list
 * the quit channel first), which Go's always-random select cannot express.
 * The price is that a busy early case can starve a later one; `fair` is for
 * those loops. Both are deterministic for a given seed.
 *
 * A parked select queues one waiter per case, and a channel serves its
 * waiters oldest first, so when two cases of one select wait on the same
 * channel, the one queued first fires. The default mode queues in listed
 * order (the first listed wins again); `fair` queues in a freshly drawn
 * order, so the choice stays random after the select has parked as well
 * (Go's TestPseudoRandomSend).
 */
import { Instruction, InvalidArgumentError, Sleep, Timer, UsageError, WAIT, activeScheduler, creation as creationWatch, describeValue, used } from "../kernel/api.js";
import type { Random, Task, Wait, Waiting } from "../kernel/api.js";
import { ChannelWaiter, EMPTY, RecvOp, SendOp } from "./channel.js";
import type { Selection } from "./channel.js";

// Debug mode's watcher of operations never yielded (kernel/unyielded.ts), as a local const (see channel.ts).
const creation = creationWatch;

/**
 * A case of a select: `ch.recv()`, `ch.send(v)` or `sleep(ms)`; or `null`
 * for a disabled case, which never fires, as a nil channel in Go:
 * `select([input.recv(), pending > 0 ? out.send(next) : null])`. Only
 * `null` disables: `undefined` is refused, as it is more often a mistake
 * (a missing array element) than an intention.
 *
 * @category Channels and sync
 */
export type SelectCase = RecvOp<unknown> | SendOp<unknown> | Sleep | null;

type ValueOf<C> = C extends Instruction<infer V> ? V : never;
type IndexOf<K> = K extends `${infer N extends number}` ? N : never;

/**
 * The result of a select: which case fired (its position in the list) and
 * its value, as a union that narrows on `index`. A case that is always
 * disabled (a literal `null`) has no member; a select with no case at all
 * gives `never` (it never completes).
 *
 * @category Channels and sync
 */
export type Selected<C extends readonly SelectCase[]> = {
  [K in keyof C]: [C[K]] extends [null]
    ? never
    : {
        /** The position of the case that completed, in the array given to select(). */
        index: IndexOf<K>;
        /** What that case's operation gave. */
        value: ValueOf<C[K]>;
      };
}[number];

/**
 * Options of {@link select}.
 *
 * @category Channels and sync
 */
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
  readonly waiters: ChannelWaiter<unknown>[] = [];
  readonly timers: SelectTimer[] = [];

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
    for (const w of this.waiters) w.undo();
    for (const t of this.timers) this.task.scheduler.removeTimer(t);
  }
}

class Select<C extends readonly SelectCase[]> extends Instruction<Selected<C>> {
  constructor(
    private readonly cases: C,
    private readonly fair: boolean,
  ) {
    super();
    if (creation.watcher !== null) creation.watcher.created(this); // debug mode only: see kernel/unyielded.ts
  }

  describe(): string {
    return `select(${this.cases.map((c) => (c === null ? "disabled" : c.describe())).join(", ")})`;
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
    // Cases are queued in the order they should win if two of them wait on
    // the same channel (its queue serves the oldest first): listed order, or
    // a fresh seeded shuffle when fair.
    const order = this.fair ? shuffledIndexes(cases.length, task) : null;
    // Blocked first: if arming a sleep case throws (a delay the clock cannot
    // count), the kernel's undo (release) takes back the cases queued so far.
    // With no enabled case the task waits until it is cancelled, like Go's `select {}`.
    task.block(waiting);
    for (let k = 0; k < cases.length; k++) {
      const i = order === null ? k : (order[k] as number);
      const c = cases[i] as SelectCase;
      let waiter: ChannelWaiter<unknown> | null = null;
      let timer: SelectTimer | null = null;
      if (c === null) {
        // disabled: nothing to queue
      } else if (c instanceof RecvOp) {
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
        waiting.waiters.push(waiter);
      }
      if (timer !== null) waiting.timers.push(timer);
    }
  }
}

function shuffledIndexes(n: number, task: Task<unknown>): number[] {
  return shuffled(n, task.scheduler.random);
}

function shuffled(n: number, random: Random): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = random.below(i + 1);
    const tmp = order[i] as number;
    order[i] = order[j] as number;
    order[j] = tmp;
  }
  return order;
}

function checkCases(cases: readonly unknown[], what: string): void {
  if (!Array.isArray(cases)) throw new InvalidArgumentError(`${what}(): the cases must be an array, not ${describeValue(cases)}`);
  for (const c of cases) {
    if (!(c === null || c instanceof RecvOp || c instanceof SendOp || c instanceof Sleep)) {
      throw new InvalidArgumentError(`${what}(): a case must be ch.recv(), ch.send(value) or sleep(ms) (or null, to disable it), not ${describeValue(c)}`);
    }
  }
  // Debug mode: the cases are used by the select (see kernel/unyielded.ts).
  if (creation.watched) for (const c of cases) used(c);
}

/**
 * Waits for the first of several cases to complete and tells which one fired,
 * with its value. Cases are `ch.recv()`, `ch.send(value)` and `sleep(ms)`
 * (a timeout), and `null` for a case switched off (Go's nil channel), which
 * keeps the other cases' indexes. Exactly one case fires; the others leave
 * no trace. With no enabled case (`select([])`, `select([null])`) the task
 * waits until it is cancelled, as Go's `select {}` does.
 *
 * When several cases are ready, the first listed wins; `{ fair: true }`
 * picks among them with the scheduler's seeded generator instead, both when
 * the select starts and, if it has to wait, among its cases waiting on the
 * same channel.
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
 *
 * @category Channels and sync
 */
export function select<const C extends readonly SelectCase[]>(cases: C, options: SelectOptions = {}): Instruction<Selected<C>> {
  checkCases(cases, "select");
  return new Select(cases, fairOf(options, "select"));
}

/** The `fair` option, checked: an object with `fair` absent or a boolean (a typo such as "yes" would silently mean false). */
function fairOf(options: SelectOptions, what: string): boolean {
  if (typeof options !== "object" || options === null) {
    throw new InvalidArgumentError(`${what}(cases, options): options must be an object such as { fair: true }, or left out, not ${describeValue(options)}`);
  }
  const fair = options.fair;
  if (fair !== undefined && typeof fair !== "boolean") {
    throw new InvalidArgumentError(`${what}(cases, { fair }): fair must be true or false, not ${describeValue(fair)}`);
  }
  return fair === true;
}

/**
 * The non-blocking select (Go's `select` with a `default` case): completes
 * the first ready channel case, in list order, or returns null if none is
 * ready (always null for `trySelect([])`, Go's `select { default: }`).
 * `sleep` cases never count as ready here, and `null` cases are disabled.
 * `{ fair: true }` tries the ready cases in an order drawn from the running
 * scheduler's seeded generator, so it must be called from inside a task.
 *
 * @example
 * ```ts
 * const r = trySelect([highPriority.recv(), lowPriority.recv()]);
 * if (r === null) idle();
 * ```
 *
 * @category Channels and sync
 */
export function trySelect<const C extends readonly SelectCase[]>(cases: C, options: SelectOptions = {}): Selected<C> | null {
  checkCases(cases, "trySelect");
  let order: number[] | null = null;
  if (fairOf(options, "trySelect")) {
    const scheduler = activeScheduler();
    if (scheduler === null) throw new UsageError("trySelect(cases, { fair: true }) draws from the running scheduler's seeded generator, so call it from inside a task");
    order = shuffled(cases.length, scheduler.random);
  }
  for (let k = 0; k < cases.length; k++) {
    const i = order === null ? k : (order[k] as number);
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
