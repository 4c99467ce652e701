/**
 * Stores (SimPy's Store, FilterStore, PriorityStore): a buffer of discrete
 * items that processes put and get, waiting while it is full or has
 * nothing for them.
 *
 * Invariants:
 * - 0 <= items <= capacity at every instant;
 * - puts are served strictly in arrival order while there is room; an item
 *   enters the buffer exactly once, when its put is served;
 * - Store and PriorityStore: gets are served strictly in arrival order while
 *   there are items (the first getter takes the oldest item, or the one with
 *   the lowest priority value, oldest first among equals);
 * - FilterStore: each get has a predicate; whenever items or getters change,
 *   the waiting gets are visited in arrival order and each takes the first
 *   item (oldest first) its predicate accepts. A getter whose predicate
 *   matches nothing lets later getters be served (SimPy's rule): it waits
 *   for an item for it, and no item is held back for it;
 * - after every change both queues are settled (puts while there is room,
 *   then gets while items serve them, until neither can proceed);
 * - an item is handed to exactly one getter, and a getter that was served
 *   receives its item even if cancelled right after (the kernel never takes
 *   a wake-up back); a get withdrawn while waiting takes nothing, and a put
 *   withdrawn while waiting leaves its item out (see queued-op.ts).
 */
import { InvalidArgumentError, RingQueue, describeValue } from "../kernel/api.js";
import type { Task } from "../kernel/api.js";
import { KeyHeap } from "./heap.js";
import { callerLabel } from "../sync/primitive.js";
import { checkCapacity } from "./primitive.js";
import type { MonitorOptions } from "./primitive.js";
import { PutGetPrimitive } from "./put-get.js";
import type { PutGetStats } from "./put-get.js";
import { QueuedOp } from "./queued-op.js";

/**
 * A put into a store: an event that succeeds when the item is in. Made by
 * `store.put(item)`.
 *
 * @example
 * ```ts
 * yield* pipe.put(message);
 * ```
 *
 * @category Simulation
 */
export class StorePut<T> extends QueuedOp<void> {
  /** @internal Made by a store. */
  constructor(
    /** The store it puts into. */
    readonly store: StoreBase<T>,
    /** The item it puts. */
    readonly item: T,
    /**
     * The item's priority (PriorityStore: the one given, or the item itself
     * when none was given and it is a number or a string; 0 elsewhere).
     */
    readonly priority: number | string,
    task: Task<unknown> | null,
    time: number,
    seq: number,
  ) {
    super(store, task, time, seq);
  }
  describe(): string {
    return `put(${this.store.describe()})`;
  }
}

/**
 * A get from a store: an event that succeeds with the item taken. Made by
 * `store.get()` (or `filterStore.get(predicate)`).
 *
 * @example
 * ```ts
 * const message = yield* pipe.get();
 * ```
 *
 * @category Simulation
 */
export class StoreGet<T> extends QueuedOp<T> {
  /** @internal The priority of the item a PriorityStore get took, to give it back (see takeBack). */
  priorityTaken: number | string = 0;
  /** @internal Made by a store. */
  constructor(
    /** The store it gets from. */
    readonly store: StoreBase<T>,
    /** The predicate of a FilterStore get; null elsewhere. */
    readonly filter: ((item: T) => boolean) | null,
    task: Task<unknown> | null,
    time: number,
    seq: number,
  ) {
    super(store, task, time, seq);
  }
  describe(): string {
    return `get(${this.store.describe()})`;
  }
}

/**
 * A snapshot of a store and its statistics over the current window.
 *
 * @example
 * ```ts
 * const { level, getWait } = pipe.stats();
 * console.log(level.mean, getWait.mean);
 * ```
 *
 * @category Simulation
 */
export interface StoreStats extends PutGetStats {
  /** Puts and gets withdrawn before being served. */
  withdrawn: number;
}

/** What a store's buffer gives when it has nothing for a getter. */
const NONE: unique symbol = Symbol("none");

/**
 * What Store, FilterStore and PriorityStore share: the two queues, the
 * settling, the statistics. Subclasses decide how items are kept and which
 * one a get takes.
 *
 * @example
 * ```ts
 * function drain<T>(store: StoreBase<T>) { return store.items; }
 * ```
 *
 * @category Simulation
 */
export abstract class StoreBase<T> extends PutGetPrimitive<StorePut<T>, StoreGet<T>> {
  /** The most items it holds (Infinity by default). */
  readonly capacity: number;

  constructor(capacity: number, options: MonitorOptions, what: string) {
    super("store", options, what, 0);
    this.capacity = checkCapacity(what, capacity, true);
  }

  /** Items held now. */
  abstract get size(): number;
  /** The items held, in the order gets would take them (a copy). */
  abstract get items(): T[];
  /** @internal Adds the item of a put being served. Precondition: size < capacity. */
  protected abstract insert(put: StorePut<T>): void;
  /** @internal Removes and returns the item `get` takes, or NONE. */
  protected abstract take(get: StoreGet<T>): T | typeof NONE;
  /** @internal True when a getter that finds nothing lets later ones try (FilterStore). */
  protected abstract readonly getsMayOvertake: boolean;

  /**
   * A snapshot of the store and its statistics over the current window.
   *
   * @example
   * ```ts
   * console.log(store.stats().level.max);
   * ```
   */
  stats(): StoreStats {
    return { ...this.putGetStats(this.now()), withdrawn: this.withdrawnCount };
  }

  /** @internal Makes, queues and settles a put for the calling task. */
  protected makePut(what: string, item: T, priority: number | string): StorePut<T> {
    const task = this.callingTask(what);
    return this.queuePut(new StorePut<T>(this, item, priority, task, this.now(), this.seq++));
  }

  /** @internal Makes, queues and settles a get for the calling task. */
  protected makeGet(what: string, filter: ((item: T) => boolean) | null): StoreGet<T> {
    const task = this.callingTask(what);
    return this.queueGet(new StoreGet<T>(this, filter, task, this.now(), this.seq++));
  }

  /**
   * SimPy's rule for a store (its `_trigger_put`): the first waiting put is
   * served if there is room; that is all, one put per call. Called when a
   * put is made, when a get is processed, and after a withdrawal.
   */
  protected servePuts(): void {
    const put = this.puts.peek();
    if (put === null || this.size >= this.capacity) return;
    const now = this.now();
    this.puts.remove(put);
    this.putQueueSeries.set(now, this.puts.length);
    this.insert(put);
    this.levelSeries.set(now, this.size);
    this.putWaits.add(now - put.time);
    put.serve(undefined);
  }

  /**
   * SimPy's rule for gets (its `_trigger_get`): a store serves its first
   * waiting get if an item is there, one get per call; a FilterStore tries
   * every waiting get in order, each predicate once per item (a later get
   * may overtake one whose predicate nothing matches). Called when a get is
   * made, when a put is processed, and after a withdrawal.
   */
  protected serveGets(): void {
    const gets = this.gets;
    for (let get = gets.peek(); get !== null && this.size > 0; ) {
      const next = get.nextOp as StoreGet<T> | null;
      const item = this.take(get);
      if (item !== NONE) {
        const now = this.now();
        gets.remove(get);
        this.getQueueSeries.set(now, gets.length);
        this.levelSeries.set(now, this.size);
        this.getWaits.add(now - get.time);
        get.serve(item);
      }
      if (!this.getsMayOvertake) return;
      get = next;
    }
  }

  /** @internal See OpHost.opProcessed: a processed put lets gets be served, a processed get puts. */
  opProcessed(op: QueuedOp<unknown>): void {
    if (op instanceof StorePut) this.serveGets();
    else this.servePuts();
  }

  /** @internal See OpHost.takeBack: a get's item goes back to the front; a put has done its part. */
  takeBack(op: QueuedOp<unknown>): void {
    if (op instanceof StorePut) return;
    const get = op as StoreGet<T>;
    const item = get.outcome as T;
    if (this.size < this.capacity) {
      this.restore(get, item);
      this.levelSeries.set(this.now(), this.size);
    } else {
      this.putBackFirst(new StorePut<T>(this, item, get.priorityTaken, null, this.now(), this.seq++));
    }
    this.tookBack(get);
  }

  /** @internal Puts back the item a get took, where the next get finds it first. */
  protected abstract restore(get: StoreGet<T>, item: T): void;


}

/**
 * A FIFO buffer of items (SimPy's Store): `put(item)` waits while it is
 * full, `get()` while it is empty; both first come, first served.
 *
 * @example
 * ```ts
 * const pipe = new Store<string>();           // unbounded
 * yield* pipe.put("hello");                   // in one process
 * const msg = yield* pipe.get();              // in another: "hello"
 * ```
 *
 * @category Simulation
 */
export class Store<T> extends StoreBase<T> {
  private readonly buffer = new RingQueue<T>(16);
  protected readonly getsMayOvertake = false;

  /**
   * A store holding at most `capacity` items (default Infinity). Throws
   * InvalidArgumentError unless it is an integer >= 1 or Infinity.
   *
   * @example
   * ```ts
   * const conveyor = new Store<Part>(10);
   * ```
   */
  constructor(capacity = Infinity, options: MonitorOptions = {}) {
    super(capacity, options, `new Store(${describeValue(capacity)})`);
  }

  get size(): number {
    return this.buffer.length;
  }

  get items(): T[] {
    const out: T[] = [];
    this.buffer.forEach((item) => out.push(item));
    return out;
  }

  /**
   * Puts `item` at the back: at once if there is room and no earlier put
   * waits. Wait with `yield* op`. Must be called inside a process.
   *
   * @example
   * ```ts
   * yield* conveyor.put(part);
   * ```
   */
  put(item: T): StorePut<T> {
    return this.makePut("put()", item, 0);
  }

  /**
   * Takes the oldest item: at once if there is one and no earlier get
   * waits. `const item = yield* store.get()`. Must be called inside a process.
   *
   * @example
   * ```ts
   * const part = yield* conveyor.get();
   * ```
   */
  get(): StoreGet<T> {
    return this.makeGet("get()", null);
  }

  protected insert(put: StorePut<T>): void {
    this.buffer.push(put.item);
  }

  protected take(): T | typeof NONE {
    return this.buffer.length === 0 ? NONE : this.buffer.shift();
  }

  protected restore(_get: StoreGet<T>, item: T): void {
    this.buffer.unshift(item);
  }
}

/**
 * A store whose gets choose: `get(predicate)` takes the oldest item the
 * predicate accepts, waiting until there is one (SimPy's FilterStore).
 * Getters are served in arrival order as items arrive, and one waiting for
 * an item nobody has put does not block the others.
 *
 * @example
 * ```ts
 * const parts = new FilterStore<{ kind: string }>();
 * const bolt = yield* parts.get((p) => p.kind === "bolt");
 * ```
 *
 * @category Simulation
 */
export class FilterStore<T> extends StoreBase<T> {
  private readonly buffer: T[] = [];
  protected readonly getsMayOvertake = true;

  /**
   * A filter store holding at most `capacity` items (default Infinity).
   *
   * @example
   * ```ts
   * const machines = new FilterStore<Machine>(3);
   * ```
   */
  constructor(capacity = Infinity, options: MonitorOptions = {}) {
    super(capacity, options, `new FilterStore(${describeValue(capacity)})`);
  }

  get size(): number {
    return this.buffer.length;
  }

  get items(): T[] {
    return this.buffer.slice();
  }

  /**
   * Puts `item` at the back (see {@link Store.put}).
   *
   * @example
   * ```ts
   * yield* parts.put({ kind: "nut" });
   * ```
   */
  put(item: T): StorePut<T> {
    return this.makePut("put()", item, 0);
  }

  /**
   * Takes the oldest item that `predicate` accepts (any item by default),
   * waiting until one is there. The predicate must not have side effects:
   * it may be called many times, whenever items change. If it throws, the
   * get leaves the queue and fails with that error, which its process
   * receives at `yield* get`; the store and the other gets are unaffected.
   *
   * @example
   * ```ts
   * const big = yield* parts.get((p) => p.size > 10);
   * ```
   */
  get(predicate: (item: T) => boolean = () => true): StoreGet<T> {
    if (typeof predicate !== "function") {
      throw new InvalidArgumentError(
        `${callerLabel(this.caller())} called get(${describeValue(predicate)}) on ${this.describe()}: the filter must be a function (item) => boolean`,
      );
    }
    return this.makeGet("get()", predicate);
  }

  protected insert(put: StorePut<T>): void {
    this.buffer.push(put.item);
  }

  protected take(get: StoreGet<T>): T | typeof NONE {
    const filter = get.filter as (item: T) => boolean;
    let index: number;
    try {
      index = this.buffer.findIndex(filter);
    } catch (error) {
      // The filter is user code: its error is this get's failure, not the
      // failure of whoever's put or get made the store look for items.
      this.refuseGet(get, error);
      return NONE;
    }
    if (index < 0) return NONE;
    return this.buffer.splice(index, 1)[0] as T;
  }

  protected restore(_get: StoreGet<T>, item: T): void {
    this.buffer.unshift(item);
  }
}

interface PriorityEntry<T> {
  item: T;
  priority: number | string;
  seq: number;
  heapIndex: number;
}

function entryBefore(a: PriorityEntry<unknown>, b: PriorityEntry<unknown>): boolean {
  const p = a.priority;
  const q = b.priority;
  if (p === q) return a.seq < b.seq;
  // Numbers before strings: a total order even when a store mixes the two.
  if (typeof p !== typeof q) return typeof p === "number";
  return p < q;
}

/**
 * A store whose gets take the item with the lowest priority value, the
 * oldest among equals (SimPy's PriorityStore with PriorityItem).
 *
 * @example
 * ```ts
 * const triage = new PriorityStore<string>();
 * yield* triage.put("sprained ankle", 3);
 * yield* triage.put("cardiac arrest", 0);
 * const next = yield* triage.get(); // "cardiac arrest"
 * ```
 *
 * @category Simulation
 */
export class PriorityStore<T> extends StoreBase<T> {
  private readonly heap = new KeyHeap<PriorityEntry<T>>(entryBefore);
  private entrySeq = 0;
  protected readonly getsMayOvertake = false;

  /**
   * A priority store holding at most `capacity` items (default Infinity).
   *
   * @example
   * ```ts
   * const jobs = new PriorityStore<Job>(100);
   * ```
   */
  constructor(capacity = Infinity, options: MonitorOptions = {}) {
    super(capacity, options, `new PriorityStore(${describeValue(capacity)})`);
  }

  get size(): number {
    return this.heap.length;
  }

  get items(): T[] {
    return this.heap.toArray().map((e) => e.item);
  }

  /**
   * Puts `item` with `priority` (lower comes out first). Without a
   * priority, an item that is a number or a string is ordered by itself
   * (SimPy's PriorityStore compares the items: `put(3)` comes out before
   * `put(7)`, `"a"` before `"b"`), and any other item counts as priority 0.
   * Numbers come out before strings. Throws InvalidArgumentError for a
   * priority that is not a number.
   *
   * @example
   * ```ts
   * yield* jobs.put(job, job.urgent ? 0 : 5);
   * yield* deadlines.put(42); // ordered by the number itself
   * ```
   */
  put(item: T, priority?: number): StorePut<T> {
    if (priority === undefined) {
      const ordered = (typeof item === "number" && !Number.isNaN(item)) || typeof item === "string";
      return this.makePut("put()", item, ordered ? item : 0);
    }
    if (typeof priority !== "number" || Number.isNaN(priority)) {
      throw new InvalidArgumentError(
        `${callerLabel(this.caller())} called put(item, ${describeValue(priority)}) on ${this.describe()}: priority must be a number (lower comes out first)`,
      );
    }
    return this.makePut("put()", item, priority);
  }

  /**
   * Takes the item with the lowest priority value (oldest first among equals).
   *
   * @example
   * ```ts
   * const job = yield* jobs.get();
   * ```
   */
  get(): StoreGet<T> {
    return this.makeGet("get()", null);
  }

  protected insert(put: StorePut<T>): void {
    this.heap.push({ item: put.item, priority: put.priority, seq: this.entrySeq++, heapIndex: -1 });
  }

  protected take(get: StoreGet<T>): T | typeof NONE {
    const entry = this.heap.shift();
    if (entry === null) return NONE;
    get.priorityTaken = entry.priority;
    return entry.item;
  }

  protected restore(get: StoreGet<T>, item: T): void {
    // seq -1: first among its equals, as it was.
    this.heap.push({ item, priority: get.priorityTaken, seq: -1, heapIndex: -1 });
  }
}
