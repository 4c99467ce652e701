import { InvalidArgumentError, describeValue } from "./errors.js";

/** The largest initial capacity: past 2^30 the doubling below overflows 32-bit shifts (and never ends). */
const MAX_CAPACITY = 2 ** 30;

/**
 * A FIFO queue on a growable ring buffer: the scheduler's ready queue, and a
 * building block for primitives' buffers.
 *
 * @example
 * ```ts
 * const q = new RingQueue<number>();
 * q.push(1); q.push(2);
 * q.shift(); // 1
 * ```
 *
 * Invariants: `capacity` is a power of two; the live items are the `length`
 * slots starting at `head`, wrapping with `mask`; every other slot is
 * `undefined` so that a dequeued task is not kept alive by the buffer;
 * the capacity is at least the initial capacity and, for a queue made with
 * `shrinks`, above it at most four times `length` (past that it halves, as
 * the timer heap does), so a burst of a million tasks does not keep a
 * million slots once it is over.
 * push and shift are O(1) amortised and allocate only when the buffer
 * doubles or halves; each pays one length/threshold comparison for it.
 *
 * @category Extending
 */
export class RingQueue<T> {
  private items: (T | undefined)[];
  private head = 0;
  private mask: number;
  /** The capacity never goes below this (the initial capacity, a power of two). */
  private readonly minCapacity: number;
  /** Halve when `length` drops below this: a quarter of the capacity, or 0 (never) at the minimum. */
  private shrinkBelow = 0;
  /** Number of queued items. */
  length = 0;

  /**
   * @param shrinks whether the buffer gives memory back (halving at a
   *   quarter full): the scheduler's ready queue does, after a burst of tasks.
   *   A channel's buffer does not: its length swings between empty and full
   *   all the time, and halving it would reallocate at every swing (measured:
   *   channel fan-in ~20% slower).
   */
  constructor(
    initialCapacity = 16,
    private readonly shrinks = false,
  ) {
    if (typeof initialCapacity !== "number" || !Number.isInteger(initialCapacity) || initialCapacity < 0 || initialCapacity > MAX_CAPACITY) {
      throw new InvalidArgumentError(`new RingQueue(${describeValue(initialCapacity)}): the initial capacity must be an integer from 0 to 2^30`);
    }
    let capacity = 1;
    while (capacity < initialCapacity) capacity <<= 1;
    this.items = new Array<T | undefined>(capacity).fill(undefined);
    this.mask = capacity - 1;
    this.minCapacity = capacity;
  }

  /** How many items fit before the buffer grows (a power of two, for tests of the shrinking). */
  get capacity(): number {
    return this.mask + 1;
  }

  /** Adds an item at the back, growing the buffer when it is full. */
  push(item: T): void {
    if (this.length > this.mask) this.grow();
    this.items[(this.head + this.length) & this.mask] = item;
    this.length++;
  }

  /** Removes and returns the oldest item. Precondition: `length > 0`. */
  shift(): T {
    const item = this.items[this.head] as T;
    this.items[this.head] = undefined;
    this.head = (this.head + 1) & this.mask;
    // Halving at a quarter full (not at half) keeps a length that hovers
    // around a power of two from growing and shrinking at every step.
    if (--this.length < this.shrinkBelow) this.resize((this.mask + 1) >> 1);
    return item;
  }

  /** The oldest item without removing it, or undefined when empty. */
  peek(): T | undefined {
    return this.length === 0 ? undefined : this.items[this.head];
  }

  /** Removes the first occurrence of `item` (O(n)); keeps the others' order. */
  remove(item: T): boolean {
    for (let i = 0; i < this.length; i++) {
      if (this.at(i) === item) {
        this.removeAt(i);
        return true;
      }
    }
    return false;
  }

  /** The item at position `index` (0 is the oldest). Precondition: index < length. */
  at(index: number): T {
    return this.items[(this.head + index) & this.mask] as T;
  }

  /** Removes and returns the item at `index`, keeping the others' order. Precondition: index < length. */
  removeAt(index: number): T {
    const item = this.at(index);
    for (let j = index; j < this.length - 1; j++) {
      this.items[(this.head + j) & this.mask] = this.items[(this.head + j + 1) & this.mask];
    }
    this.items[(this.head + this.length - 1) & this.mask] = undefined;
    if (--this.length < this.shrinkBelow) this.resize((this.mask + 1) >> 1);
    return item;
  }

  /** Removes and returns the newest item. Precondition: `length > 0`. */
  pop(): T {
    const last = (this.head + this.length - 1) & this.mask;
    const item = this.items[last] as T;
    this.items[last] = undefined;
    if (--this.length < this.shrinkBelow) this.resize((this.mask + 1) >> 1);
    return item;
  }

  /** Puts `item` before the oldest: it is the next one shift() gives. */
  unshift(item: T): void {
    if (this.length > this.mask) this.grow();
    this.head = (this.head - 1) & this.mask;
    this.items[this.head] = item;
    this.length++;
  }

  /** Calls `visit` on each item, oldest first. */
  forEach(visit: (item: T) => void): void {
    for (let i = 0; i < this.length; i++) visit(this.items[(this.head + i) & this.mask] as T);
  }

  private grow(): void {
    this.resize((this.mask + 1) * 2);
  }

  /** Moves the items, oldest first, to a fresh buffer of `capacity` slots (>= length). */
  private resize(capacity: number): void {
    const old = this.items;
    const items = new Array<T | undefined>(capacity).fill(undefined);
    for (let i = 0; i < this.length; i++) items[i] = old[(this.head + i) & this.mask];
    this.items = items;
    this.head = 0;
    this.mask = capacity - 1;
    this.shrinkBelow = this.shrinks && capacity > this.minCapacity ? capacity >> 2 : 0;
  }
}
