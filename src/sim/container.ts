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
import { callerLabel } from "../sync/primitive.js";
import { InvalidArgumentError, describeValue } from "../kernel/api.js";
import type { Task } from "../kernel/api.js";
import type { MonitorOptions } from "./primitive.js";
import { PutGetPrimitive } from "./put-get.js";
import type { PutGetStats } from "./put-get.js";
import { QueuedOp } from "./queued-op.js";

/**
 * A put into a container: an event that succeeds when the amount has gone
 * in. Made by `container.put(amount)`.
 *
 * @example
 * ```ts
 * yield* tank.put(50);
 * ```
 *
 * @category Simulation
 */
export class ContainerPut extends QueuedOp<void> {
  /** @internal Made by a container. */
  constructor(
    /** The container it puts into or gets from. */
    readonly container: Container,
    /** How much it puts or gets. */
    readonly amount: number,
    task: Task<unknown> | null,
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
 *
 * @category Simulation
 */
export class ContainerGet extends QueuedOp<void> {
  /** @internal Made by a container. */
  constructor(
    /** The container it puts into or gets from. */
    readonly container: Container,
    /** How much it puts or gets. */
    readonly amount: number,
    task: Task<unknown> | null,
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
 *
 * @category Simulation
 */
export interface ContainerStats extends PutGetStats {
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
 *
 * @category Simulation
 */
export class Container extends PutGetPrimitive<ContainerPut, ContainerGet> {
  /** The most it holds (Infinity by default). */
  readonly capacity: number;
  private amount: number;
  private amountPut = 0;
  private amountGot = 0;

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
    super("container", options, what, typeof init === "number" ? init : 0);
    if (typeof capacity !== "number" || !(capacity > 0)) throw new InvalidArgumentError(`${what}: capacity must be a number > 0 (or Infinity)`);
    if (typeof init !== "number" || !(init >= 0 && init <= capacity) || init === Infinity) {
      throw new InvalidArgumentError(`${what}: init must be a finite number between 0 and the capacity`);
    }
    this.capacity = capacity;
    this.amount = init;
  }

  /** How much it holds now. */
  get level(): number {
    return this.amount;
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
    return this.queuePut(new ContainerPut(this, amount, task, this.now(), this.seq++));
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
    return this.queueGet(new ContainerGet(this, amount, task, this.now(), this.seq++));
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
    return {
      ...this.putGetStats(this.now()),
      amountPut: this.amountPut,
      amountGot: this.amountGot,
      withdrawn: this.withdrawnCount,
    };
  }

  /**
   * SimPy's rule for a container's puts (its `_trigger_put`): waiting puts
   * are served in order while each fits; the first that does not stops the
   * rest. Called when a put is made, when a get is processed, and after a
   * withdrawal.
   */
  protected servePuts(): void {
    const now = this.now();
    for (let put = this.puts.peek(); put !== null && put.amount <= this.capacity - this.amount; put = this.puts.peek()) {
      this.puts.remove(put);
      this.putQueueSeries.set(now, this.puts.length);
      this.amount += put.amount;
      this.amountPut += put.amount;
      this.levelSeries.set(now, this.amount);
      this.putWaits.add(now - put.time);
      put.serve(undefined);
    }
  }

  /** The same for gets (SimPy's `_trigger_get`): served in order while the level covers each. */
  protected serveGets(): void {
    const now = this.now();
    for (let get = this.gets.peek(); get !== null && get.amount <= this.amount; get = this.gets.peek()) {
      this.gets.remove(get);
      this.getQueueSeries.set(now, this.gets.length);
      this.amount -= get.amount;
      this.amountGot += get.amount;
      this.levelSeries.set(now, this.amount);
      this.getWaits.add(now - get.time);
      get.serve(undefined);
    }
  }

  /** @internal See OpHost.opProcessed: a processed put lets gets be served, a processed get puts. */
  opProcessed(op: QueuedOp<unknown>): void {
    if (op instanceof ContainerPut) this.serveGets();
    else this.servePuts();
  }

  /** @internal See OpHost.takeBack: a get's amount goes back in; a put has done its part. */
  takeBack(op: QueuedOp<unknown>): void {
    if (op instanceof ContainerPut) return;
    const get = op as ContainerGet;
    this.amountGot -= get.amount;
    if (this.amount + get.amount <= this.capacity) {
      this.amount += get.amount;
      this.levelSeries.set(this.now(), this.amount);
    } else {
      this.amountPut -= get.amount; // counted again when this put is served
      this.putBackFirst(new ContainerPut(this, get.amount, null, this.now(), this.seq++));
    }
    this.tookBack(get);
  }


  private checkAmount(task: Task<unknown> | null, what: string, amount: unknown): void {
    if (typeof amount !== "number" || !(amount > 0) || amount > this.capacity || amount === Infinity) {
      throw new InvalidArgumentError(
        `${callerLabel(task)} called ${what}(${describeValue(amount)}) on ${this.describe()}: the amount must be a finite number > 0 and at most the capacity (${this.capacity}), or it could never be served`,
      );
    }
  }

  /** Forgets the counters and wait tallies, for a new statistics window (see resetStats()). */
  protected override resetCounts(): void {
    super.resetCounts();
    this.amountPut = this.amountGot = 0;
  }
}
