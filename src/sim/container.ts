/**
 * Container (SimPy's Container): a level of some continuous or countable
 * matter (fuel, money, parts) between 0 and a capacity, that processes put
 * into and get out of, waiting while it does not fit.
 *
 * Invariants:
 * - 0 <= level <= capacity at every instant;
 * - puts are served strictly in arrival order, and so are gets: the first
 *   waiting get is served as soon as the level covers it, and no later get
 *   is served before it, even a smaller one that would fit (no barging:
 *   a big request is never starved by a stream of small ones). The same
 *   holds for puts and the room left;
 * - after every change both queues are settled: the first put is served
 *   while it fits, then the first get while the level covers it, and again
 *   until neither can proceed. So a put and a get that can both be served
 *   never wait for each other;
 * - a waiting put or get leaves its queue when withdrawn (see queued-op.ts),
 *   having moved nothing; one that was served has moved its amount.
 *
 * Amounts are numbers > 0 (fractions allowed) and at most the capacity: a
 * larger one could never be served, so it is refused at once.
 */
import { InvalidArgumentError, describeValue } from "../kernel/api.js";
import type { Task } from "../kernel/api.js";
import { WaitTally } from "./monitor.js";
import type { TimeWeighted } from "./monitor.js";
import type { LevelSummary, WaitSummary } from "./monitor.js";
import { SimPrimitive } from "./primitive.js";
import type { MonitorOptions } from "./primitive.js";
import { OpList, QUEUED, QueuedOp } from "./queued-op.js";
import type { OpHost } from "./queued-op.js";
import { logOf } from "./resource.js";

/**
 * A put into a container: an event that succeeds when the amount has gone
 * in. Made by `container.put(amount)`.
 *
 * @example
 * ```ts
 * yield* tank.put(50);
 * ```
 */
export class ContainerPut extends QueuedOp<void> {
  /** @internal Made by a container. */
  constructor(
    readonly container: Container,
    readonly amount: number,
    task: Task<unknown>,
    time: number,
    seq: number,
  ) {
    super(container, task, time, seq);
  }
  describe(): string {
    return `put(${this.container.describe()}, ${this.amount})`;
  }
}

/**
 * A get from a container: an event that succeeds when the amount has come
 * out. Made by `container.get(amount)`.
 *
 * @example
 * ```ts
 * yield* tank.get(litersRequired);
 * ```
 */
export class ContainerGet extends QueuedOp<void> {
  /** @internal Made by a container. */
  constructor(
    readonly container: Container,
    readonly amount: number,
    task: Task<unknown>,
    time: number,
    seq: number,
  ) {
    super(container, task, time, seq);
  }
  describe(): string {
    return `get(${this.container.describe()}, ${this.amount})`;
  }
}

/**
 * A snapshot of a container and its statistics over the current window.
 *
 * @example
 * ```ts
 * const { level, getWait } = tank.stats();
 * console.log(level.mean, level.min, getWait.mean);
 * ```
 */
export interface ContainerStats {
  name: string;
  capacity: number;
  /** Start of the statistics window. */
  since: number;
  /** Length of the window. */
  elapsed: number;
  /** The level over time (`level.current` is the level now). */
  level: LevelSummary;
  /** Waiting puts over time. */
  putQueue: LevelSummary;
  /** Waiting gets over time. */
  getQueue: LevelSummary;
  /** Time from put to served, over the puts served in the window. */
  putWait: WaitSummary;
  /** Time from get to served, over the gets served in the window. */
  getWait: WaitSummary;
  /** Total amount put in during the window. */
  amountPut: number;
  /** Total amount got out during the window. */
  amountGot: number;
  /** Puts and gets withdrawn before being served. */
  withdrawn: number;
}

/**
 * A level between 0 and `capacity` that processes put into and get from
 * (SimPy's Container), first come, first served on each side.
 *
 * @example
 * ```ts
 * const fuel = new Container(200, 200); // a full 200-litre reservoir
 * function* car(need: number) { yield* fuel.get(need); }
 * function* truck() { yield* fuel.put(fuel.capacity - fuel.level); }
 * ```
 */
export class Container extends SimPrimitive implements OpHost {
  /** The most it holds (Infinity by default). */
  readonly capacity: number;
  private amount: number;
  private readonly puts = new OpList<ContainerPut>();
  private readonly gets = new OpList<ContainerGet>();
  private seq = 0;
  private readonly levelSeries: TimeWeighted;
  private readonly putQueueSeries = this.track(0);
  private readonly getQueueSeries = this.track(0);
  private readonly putWaits = new WaitTally();
  private readonly getWaits = new WaitTally();
  private amountPut = 0;
  private amountGot = 0;
  private withdrawnCount = 0;

  /**
   * A container holding `init` (default 0) out of `capacity` (default
   * Infinity). Throws InvalidArgumentError for a capacity that is not > 0,
   * or an `init` outside [0, capacity].
   *
   * @example
   * ```ts
   * const tank = new Container(1000, 250, { name: "tank", log: true });
   * ```
   */
  constructor(capacity = Infinity, init = 0, options: MonitorOptions = {}) {
    const what = `new Container(${describeValue(capacity)}, ${describeValue(init)})`;
    super("container", options, what);
    if (typeof capacity !== "number" || !(capacity > 0)) throw new InvalidArgumentError(`${what}: capacity must be a number > 0 (or Infinity)`);
    if (typeof init !== "number" || !(init >= 0 && init <= capacity) || init === Infinity) {
      throw new InvalidArgumentError(`${what}: init must be a finite number between 0 and the capacity`);
    }
    this.capacity = capacity;
    this.amount = init;
    this.levelSeries = this.track(init);
  }

  /** How much it holds now. */
  get level(): number {
    return this.amount;
  }

  /** Puts waiting for room now. */
  get putQueueLength(): number {
    return this.puts.length;
  }

  /** Gets waiting for the level now. */
  get getQueueLength(): number {
    return this.gets.length;
  }

  /**
   * Puts `amount` in: at once if it fits and no earlier put waits, else when
   * its turn comes and there is room. Wait with `yield* op`. Must be called
   * inside a process. Throws InvalidArgumentError unless 0 < amount <= capacity.
   *
   * @example
   * ```ts
   * yield* tank.put(40);
   * ```
   */
  put(amount: number): ContainerPut {
    const task = this.callingTask(`put(${describeValue(amount)})`);
    this.checkAmount(task, "put", amount);
    const op = new ContainerPut(this, amount, task, this.now(), this.seq++);
    this.puts.push(op);
    this.putQueueSeries.set(op.time, this.puts.length);
    this.settle();
    if (op.stateCode === QUEUED) op.park();
    return op;
  }

  /**
   * Takes `amount` out: at once if the level covers it and no earlier get
   * waits, else when its turn comes and the level covers it. Wait with
   * `yield* op`. Must be called inside a process. Throws
   * InvalidArgumentError unless 0 < amount <= capacity.
   *
   * @example
   * ```ts
   * yield* tank.get(25);
   * ```
   */
  get(amount: number): ContainerGet {
    const task = this.callingTask(`get(${describeValue(amount)})`);
    this.checkAmount(task, "get", amount);
    const op = new ContainerGet(this, amount, task, this.now(), this.seq++);
    this.gets.push(op);
    this.getQueueSeries.set(op.time, this.gets.length);
    this.settle();
    if (op.stateCode === QUEUED) op.park();
    return op;
  }

  /**
   * A snapshot of the container and its statistics over the current window.
   *
   * @example
   * ```ts
   * console.log(tank.stats().level.mean);
   * ```
   */
  stats(): ContainerStats {
    const now = this.now();
    return {
      name: this.describe(),
      capacity: this.capacity,
      since: this.windowStart,
      elapsed: now - this.windowStart,
      level: this.levelSeries.summary(now),
      putQueue: this.putQueueSeries.summary(now),
      getQueue: this.getQueueSeries.summary(now),
      putWait: this.putWaits.summary(),
      getWait: this.getWaits.summary(),
      amountPut: this.amountPut,
      amountGot: this.amountGot,
      withdrawn: this.withdrawnCount,
    };
  }

  /**
   * Every change of the level, as `[time, level]`, from the first use on.
   * Throws UsageError unless created with `{ log: true }`.
   *
   * @example
   * ```ts
   * const tank = new Container(200, 200, { log: true }); // ... run ...
   * plot(tank.levelLog());
   * ```
   */
  levelLog(): [number, number][] {
    return logOf(this, this.levelSeries.log);
  }

  /** @internal Takes a waiting put or get out of its queue. */
  withdraw(op: QueuedOp<unknown>): void {
    const now = this.now();
    if (op instanceof ContainerPut && this.puts.remove(op)) this.putQueueSeries.set(now, this.puts.length);
    else if (op instanceof ContainerGet && this.gets.remove(op)) this.getQueueSeries.set(now, this.gets.length);
    else return;
    op.markWithdrawn();
    this.withdrawnCount++;
    // The first of a queue may have left: the next one may fit now.
    this.settle();
  }

  /** Serves the first put while it fits and the first get while it is covered, until neither can. */
  private settle(): void {
    const now = this.now();
    for (let progress = true; progress; ) {
      progress = false;
      for (let put = this.puts.peek(); put !== null && put.amount <= this.capacity - this.amount; put = this.puts.peek()) {
        this.puts.remove(put);
        this.putQueueSeries.set(now, this.puts.length);
        this.amount += put.amount;
        this.amountPut += put.amount;
        this.levelSeries.set(now, this.amount);
        this.putWaits.add(now - put.time);
        put.serve(undefined);
        progress = true;
      }
      for (let get = this.gets.peek(); get !== null && get.amount <= this.amount; get = this.gets.peek()) {
        this.gets.remove(get);
        this.getQueueSeries.set(now, this.gets.length);
        this.amount -= get.amount;
        this.amountGot += get.amount;
        this.levelSeries.set(now, this.amount);
        this.getWaits.add(now - get.time);
        get.serve(undefined);
        progress = true;
      }
    }
  }

  private checkAmount(task: Task<unknown>, what: string, amount: unknown): void {
    if (typeof amount !== "number" || !(amount > 0) || amount > this.capacity || amount === Infinity) {
      throw new InvalidArgumentError(
        `${task.label} called ${what}(${describeValue(amount)}) on ${this.describe()}: the amount must be a finite number > 0 and at most the capacity (${this.capacity}), or it could never be served`,
      );
    }
  }

  protected resetCounts(): void {
    this.putWaits.reset();
    this.getWaits.reset();
    this.amountPut = this.amountGot = this.withdrawnCount = 0;
  }
}
