/**
 * Priority queue: items come out lowest priority value first, and in the
 * order they were put among equal priorities (SimPy's PriorityStore,
 * asyncio.PriorityQueue without the tuple trick).
 *
 * Invariants:
 * - the buffer is a binary min-heap keyed by (priority, seq), seq counting
 *   up as items enter the heap: so equal priorities leave in arrival order,
 *   and put and get are O(log n);
 * - getters wait only while the heap is empty, putters only while it is
 *   full (size === capacity): so the two wait queues are never both
 *   non-empty;
 * - a put that finds a waiting getter hands the item straight to the oldest
 *   one (the heap is empty then, so nothing better is skipped); a get that
 *   makes room moves the oldest waiting putter's item into the heap. Room
 *   never goes to a newer put while an older one waits, so items enter the
 *   heap in the order they were put;
 * - a waiter that is cancelled leaves its queue: a cancelled getter is never
 *   handed an item, and a cancelled putter's item never enters the queue. A
 *   getter that was handed an item receives it even if it is cancelled
 *   before it runs, so no item is lost.
 *
 * Why a capacity of 0 is refused: with no buffer there is nothing to order
 * by priority, and a put would be a rendezvous (a channel does that).
 *
 * The heap lives in three parallel arrays (items, priorities, sequence
 * numbers) rather than an array of entry objects, so put and get allocate
 * nothing but what the arrays grow by.
 */
import { Instruction, InvalidArgumentError, describeValue , WAIT } from "../kernel/api.js";
import type { Task , Waiting } from "../kernel/api.js";
import { EMPTY } from "./channel.js";
import type { Empty } from "./channel.js";
import { Primitive, checkOptions, isCount } from "./primitive.js";
import type { NamedOptions } from "./primitive.js";
import { WaitNode, WaitList } from "../kernel/api.js";

/**
 * Options of {@link priorityQueue}.
 *
 * @example
 * ```ts
 * const jobs = priorityQueue<Job>({ capacity: 100, name: "jobs" });
 * ```
 *
 * @category Channels and sync
 */
export interface PriorityQueueOptions extends NamedOptions {
  /** The most items it holds; a put waits while it is full (default: unbounded). */
  capacity?: number;
}

/**
 * A snapshot of a priority queue's state, from {@link PriorityQueue.stats}.
 *
 * @example
 * ```ts
 * const { size, gettersWaiting } = jobs.stats();
 * ```
 *
 * @category Channels and sync
 */
export interface PriorityQueueStats {
  /** The queue's name: its `name` option or `priorityQueue#N`. */
  name: string;
  /** The most items it holds before put() waits (Infinity when unbounded). */
  capacity: number;
  /** Items in the queue. */
  size: number;
  /** Tasks blocked in get() (the queue is empty). */
  gettersWaiting: number;
  /** Tasks blocked in put() (the queue is full). */
  puttersWaiting: number;
}

/**
 * A queue of `T` ordered by priority (lowest first, FIFO among equals);
 * create one with {@link priorityQueue}.
 *
 * @example
 * ```ts
 * const triage = priorityQueue<string>();
 * yield* triage.put("sprained ankle", 3);
 * yield* triage.put("cardiac arrest", 0);
 * const next = yield* triage.get(); // "cardiac arrest"
 * ```
 *
 * @category Channels and sync
 */
export class PriorityQueue<T> extends Primitive {
  /** The most items it holds (Infinity when unbounded). */
  readonly capacity: number;
  /** @internal Tasks parked in get(), oldest first; non-empty only while the heap is empty. */
  readonly getters = new WaitList<unknown>();
  /** @internal Tasks parked in put(), oldest first; non-empty only while the heap is full. */
  readonly putters = new WaitList<unknown, PutWaiter<T>>();
  // The heap: entry i is (items[i], priorities[i], seqs[i]); children of i are 2i+1, 2i+2.
  private readonly items: T[] = [];
  private readonly priorities: number[] = [];
  private readonly seqs: number[] = [];
  private nextSeq = 0;
  private readonly getOp: GetOp<T>;

  /** @internal Use {@link priorityQueue}. */
  constructor(capacity: number, options: PriorityQueueOptions) {
    super("pq", options.name);
    this.capacity = capacity;
    this.getOp = new GetOp(this);
  }

  /** Items in the queue. */
  get size(): number {
    return this.items.length;
  }

  /**
   * Puts `item` with `priority` (a number, default 0; lower comes out
   * first): hands it to the oldest waiting getter, or queues it, or waits
   * while the queue is full. Throws InvalidArgumentError for a NaN or
   * non-number priority.
   *
   * @example
   * ```ts
   * yield* queue.put(job, job.urgent ? 0 : 10);
   * ```
   */
  put(item: T, priority = 0): Instruction<void> {
    this.checkPriority("put", priority);
    return new PutOp(this, item, priority);
  }

  /**
   * Takes the item with the lowest priority value (the oldest among equals),
   * waiting while the queue is empty. The same instruction object is returned
   * every time.
   *
   * @example
   * ```ts
   * const job = yield* queue.get();
   * ```
   */
  get(): Instruction<T> {
    return this.getOp;
  }

  /**
   * Puts without waiting: true if the item was handed over or queued, false
   * if the queue is full.
   *
   * @example
   * ```ts
   * if (!queue.tryPut(job, 5)) rejected++;
   * ```
   */
  tryPut(item: T, priority = 0): boolean {
    this.checkPriority("tryPut", priority);
    this.touch();
    return this.offer(item, priority);
  }

  /**
   * Takes without waiting: the item with the lowest priority value, or EMPTY.
   *
   * @example
   * ```ts
   * const job = queue.tryGet();
   * if (job !== EMPTY) start(job);
   * ```
   */
  tryGet(): T | Empty {
    this.touch();
    return this.poll();
  }

  /**
   * A snapshot of the queue's state.
   *
   * @example
   * ```ts
   * console.log(q.stats()); // { name: "pq#1", capacity: Infinity, size: 3, gettersWaiting: 0, puttersWaiting: 0 }
   * ```
   */
  stats(): PriorityQueueStats {
    return {
      name: this.describe(),
      capacity: this.capacity,
      size: this.items.length,
      gettersWaiting: this.getters.length,
      puttersWaiting: this.putters.length,
    };
  }

  /**
   * @internal Completes a put now if it can (oldest waiting getter → room in
   * the heap); false means the putter must park.
   */
  offer(item: T, priority: number): boolean {
    for (let getter = this.getters.shift(); getter !== null; getter = this.getters.shift()) {
      if (getter.task.resume(item)) return true;
    }
    if (this.items.length < this.capacity) {
      this.insert(item, priority);
      return true;
    }
    return false;
  }

  /** @internal Completes a get now if it can: the best item, or EMPTY (the getter must park). */
  poll(): T | Empty {
    if (this.items.length === 0) return EMPTY;
    const item = this.removeMin();
    // Room appeared: the oldest waiting putter's item takes it.
    for (let putter = this.putters.shift(); putter !== null; putter = this.putters.shift()) {
      if (putter.task.resume(undefined)) {
        this.insert(putter.item, putter.priority);
        break;
      }
    }
    return item;
  }

  private checkPriority(what: string, priority: number): void {
    if (typeof priority !== "number" || Number.isNaN(priority)) {
      throw new InvalidArgumentError(`${what}() on ${this.describe()}: the priority must be a number (lower comes out first), not ${describeValue(priority)}`);
    }
  }

  /** Adds an entry. Precondition: size < capacity. */
  private insert(item: T, priority: number): void {
    const items = this.items;
    const priorities = this.priorities;
    const seqs = this.seqs;
    const seq = this.nextSeq++;
    let i = items.length;
    items.push(item);
    priorities.push(priority);
    seqs.push(seq);
    // Sift up. The new seq is the largest, so among equal priorities the new
    // entry belongs below: stop at a parent whose priority is <= ours.
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const parentPriority = priorities[parent] as number;
      if (parentPriority <= priority) break;
      items[i] = items[parent] as T;
      priorities[i] = parentPriority;
      seqs[i] = seqs[parent] as number;
      i = parent;
    }
    items[i] = item;
    priorities[i] = priority;
    seqs[i] = seq;
  }

  /** Removes and returns the entry with the least (priority, seq). Precondition: size > 0. */
  private removeMin(): T {
    const items = this.items;
    const priorities = this.priorities;
    const seqs = this.seqs;
    const top = items[0] as T;
    const lastItem = items.pop() as T;
    const lastPriority = priorities.pop() as number;
    const lastSeq = seqs.pop() as number;
    const n = items.length;
    if (n === 0) return top;
    // Sift the last entry down from the root.
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      const right = child + 1;
      if (right < n && precedes(priorities[right] as number, seqs[right] as number, priorities[child] as number, seqs[child] as number)) child = right;
      if (!precedes(priorities[child] as number, seqs[child] as number, lastPriority, lastSeq)) break;
      items[i] = items[child] as T;
      priorities[i] = priorities[child] as number;
      seqs[i] = seqs[child] as number;
      i = child;
    }
    items[i] = lastItem;
    priorities[i] = lastPriority;
    seqs[i] = lastSeq;
    return top;
  }
}

/** True if entry (p1, s1) comes out before entry (p2, s2). */
function precedes(p1: number, s1: number, p2: number, s2: number): boolean {
  return p1 < p2 || (p1 === p2 && s1 < s2);
}

/** @internal A task parked in put(), with the item it is putting. */
export class PutWaiter<T> extends WaitNode {
  constructor(
    task: Task<unknown>,
    what: { describe(): string },
    readonly item: T,
    readonly priority: number,
  ) {
    super(task, what);
  }
}

/** @internal `q.get()`: one per queue, immutable, shared by every getter. */
export class GetOp<T> extends Instruction<T> {
  constructor(readonly queue: PriorityQueue<T>) {
    super();
  }
  describe(): string {
    return `get(${this.queue.describe()})`;
  }
  tryNow(task: Task<unknown>): T | Waiting {
    const q = this.queue;
    q.nameFor(task.scheduler);
    const item = q.poll();
    return item !== EMPTY ? item : WAIT;
  }
  override park(task: Task<unknown>): void {
    this.queue.getters.park(new WaitNode(task, this));
  }
}

/** @internal `q.put(item, priority)`. */
export class PutOp<T> extends Instruction<void> {
  constructor(
    readonly queue: PriorityQueue<T>,
    readonly item: T,
    readonly priority: number,
  ) {
    super();
  }
  describe(): string {
    return `put(${this.queue.describe()})`;
  }
  tryNow(task: Task<unknown>): void | Waiting {
    const q = this.queue;
    q.nameFor(task.scheduler);
    return q.offer(this.item, this.priority) ? undefined : WAIT;
  }
  override park(task: Task<unknown>): void {
    this.queue.putters.park(new PutWaiter<T>(task, this, this.item, this.priority));
  }
}

/**
 * Creates a priority queue, unbounded unless `capacity` (an integer >= 1)
 * is given.
 *
 * @example
 * ```ts
 * const events = priorityQueue<SimEvent>();
 * const bounded = priorityQueue<Job>({ capacity: 10 });
 * ```
 *
 * @category Channels and sync
 */
export function priorityQueue<T>(options: PriorityQueueOptions = {}): PriorityQueue<T> {
  checkOptions("priorityQueue", options);
  const capacity = options.capacity ?? Infinity;
  if (capacity !== Infinity && (!isCount(capacity) || capacity < 1)) {
    throw new InvalidArgumentError(
      `priorityQueue(): capacity must be an integer >= 1 (or omitted for an unbounded queue), not ${describeValue(options.capacity)}${capacity === 0 ? "; for a rendezvous use a channel" : ""}`,
    );
  }
  return new PriorityQueue<T>(capacity, options);
}
