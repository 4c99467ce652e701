/**
 * The timer queue: a binary min-heap of {@link Timer} entries keyed by
 * (deadline, seq).
 *
 * Invariants:
 * - heap order: every entry's key is <= its children's keys;
 * - `seq` is unique and increasing in the order timers were armed, so timers
 *   with equal deadlines come out in the order they were set (FIFO);
 * - `timer.heapIndex` is the entry's position in `entries`, or -1 when it is
 *   not in the heap. That is what makes `remove` O(log n): a cancelled timer
 *   leaves the heap at once instead of lingering until its deadline, so a
 *   churn of cancelled timeouts keeps memory flat;
 * - the capacity is at least MIN_CAPACITY and at most four times `size`
 *   (past that it halves), so a burst of a million timers does not keep
 *   its arrays once the burst is over.
 */

/** The smallest capacity, and the one a new heap starts with. */
const MIN_CAPACITY = 64;

/**
 * @internal What the heap needs of an entry. {@link Timer} is the public
 * form; `Sleep` implements it directly, so that a sleep is its own timer.
 */
export interface TimerEntry {
  deadline: number;
  seq: number;
  heapIndex: number;
  /**
   * The heap the entry is armed in, or null. A task's timers go to the
   * scheduler's heap or to its time group's (see local-clock.ts), so
   * disarming asks the entry where it is rather than assuming.
   */
  heap: TimerHeap | null;
  fire(): void;
}

/**
 * An entry of the timer heap, for primitives that need a deadline.
 * Subclasses decide what firing does; `fire()` must only resume tasks or
 * record facts, never run task code.
 *
 * @example
 * ```ts
 * class Alarm extends Timer { constructor(private task: Task<unknown>) { super(); } fire() { this.task.resume("ring"); } }
 * scheduler.addTimer(new Alarm(task), 1000);
 * ```
 *
 * @category Extending
 */
export abstract class Timer implements TimerEntry {
  // Makes Timer nominal: an object that merely has the same fields (a Sleep,
  // which is a heap entry of its own) is not a Timer to the type checker.
  private declare readonly timerBrand: never;
  /** Absolute time, in the scheduler's milliseconds, at which the timer fires. */
  deadline = 0;
  /** Tie-breaker among equal deadlines: arming order. */
  seq = 0;
  /** Position in the heap, or -1 when not armed. */
  heapIndex = -1;
  /** @internal The heap it is armed in, or null (see TimerEntry). */
  heap: TimerHeap | null = null;
  /** Called once, when the clock reaches the deadline. Must not run task code. */
  abstract fire(): void;
}

/**
 * The heap keeps each entry's key (deadline, seq) in two typed arrays
 * beside the array of entries, in the same positions. Why: sifting compares
 * keys at every level, and a heap of a million timers is far larger than
 * the CPU caches. Reading keys from two dense arrays instead of from
 * objects scattered over the heap halves the cache misses per pop
 * (measured: 1M sleeping tasks ran ~1.3x faster). The entries are still
 * touched when they move, to keep `heapIndex` exact for O(log n) removal.
 */
export class TimerHeap {
  private entries: (TimerEntry | undefined)[] = [];
  private deadlines = new Float64Array(MIN_CAPACITY);
  private seqs = new Float64Array(MIN_CAPACITY);
  private count = 0;
  private nextSeq = 0;

  get size(): number {
    return this.count;
  }

  /** @internal How many entries fit before the arrays grow (for tests of the shrinking). */
  get capacity(): number {
    return this.deadlines.length;
  }

  /** The earliest deadline, or Infinity when the heap is empty. */
  nextDeadline(): number {
    return this.count === 0 ? Infinity : (this.deadlines[0] as number);
  }

  /** Arms `timer` at `deadline`. Precondition: the timer is not armed. */
  insert(timer: TimerEntry, deadline: number): void {
    if (this.count === this.deadlines.length) this.grow();
    const seq = this.nextSeq++;
    timer.deadline = deadline;
    timer.seq = seq;
    timer.heap = this;
    this.siftUp(this.count++, timer, deadline, seq);
  }

  /** Removes and returns the earliest timer. Precondition: size > 0. */
  pop(): TimerEntry {
    const top = this.entries[0] as TimerEntry;
    this.removeAt(0);
    return top;
  }

  /** Disarms `timer` if it is armed; returns whether it was. */
  remove(timer: TimerEntry): boolean {
    const index = timer.heapIndex;
    if (index < 0 || index >= this.count || this.entries[index] !== timer) return false;
    this.removeAt(index);
    return true;
  }

  /** Every armed timer, in no particular order (for reports). */
  forEach(visit: (timer: TimerEntry) => void): void {
    for (let i = 0; i < this.count; i++) visit(this.entries[i] as TimerEntry);
  }

  private removeAt(index: number): void {
    const entries = this.entries;
    const removed = entries[index] as TimerEntry;
    removed.heapIndex = -1;
    removed.heap = null;
    const lastIndex = --this.count;
    const last = entries[lastIndex] as TimerEntry;
    entries[lastIndex] = undefined; // keep nothing alive
    if (index !== lastIndex) {
      const deadline = this.deadlines[lastIndex] as number;
      const seq = this.seqs[lastIndex] as number;
      if (index > 0 && this.lessThanAt(deadline, seq, (index - 1) >> 2)) this.siftUp(index, last, deadline, seq);
      else this.siftDown(index, last, deadline, seq);
    }
    // Halving at a quarter full (not at half) keeps a size that hovers
    // around a power of two from growing and shrinking at every step.
    if (lastIndex < this.deadlines.length >> 2 && this.deadlines.length > MIN_CAPACITY) this.shrink();
  }

  /** Whether key (deadline, seq) comes before the key at `index`. */
  private lessThanAt(deadline: number, seq: number, index: number): boolean {
    const other = this.deadlines[index] as number;
    return deadline < other || (deadline === other && seq < (this.seqs[index] as number));
  }

  /** Places `item` (key deadline, seq) at `index` or above: the hole moves up while the parent is later. */
  private siftUp(index: number, item: TimerEntry, deadline: number, seq: number): void {
    const entries = this.entries;
    const deadlines = this.deadlines;
    const seqs = this.seqs;
    while (index > 0) {
      const parentIndex = (index - 1) >> 2;
      const parentDeadline = deadlines[parentIndex] as number;
      if (deadline > parentDeadline || (deadline === parentDeadline && seq > (seqs[parentIndex] as number))) break;
      const parent = entries[parentIndex] as TimerEntry;
      entries[index] = parent;
      deadlines[index] = parentDeadline;
      seqs[index] = seqs[parentIndex] as number;
      parent.heapIndex = index;
      index = parentIndex;
    }
    entries[index] = item;
    deadlines[index] = deadline;
    seqs[index] = seq;
    item.heapIndex = index;
  }

  /** Places `item` at `index` or below: the hole moves down while a child is earlier. */
  private siftDown(index: number, item: TimerEntry, deadline: number, seq: number): void {
    const entries = this.entries;
    const deadlines = this.deadlines;
    const seqs = this.seqs;
    const length = this.count;
    for (;;) {
      // The earliest of up to four children.
      const first = 4 * index + 1;
      if (first >= length) break;
      let child = first;
      let childDeadline = deadlines[first] as number;
      const end = first + 4 < length ? first + 4 : length;
      for (let c = first + 1; c < end; c++) {
        const d = deadlines[c] as number;
        if (d < childDeadline || (d === childDeadline && (seqs[c] as number) < (seqs[child] as number))) {
          child = c;
          childDeadline = d;
        }
      }
      if (childDeadline > deadline || (childDeadline === deadline && (seqs[child] as number) > seq)) break;
      const moved = entries[child] as TimerEntry;
      entries[index] = moved;
      deadlines[index] = childDeadline;
      seqs[index] = seqs[child] as number;
      moved.heapIndex = index;
      index = child;
    }
    entries[index] = item;
    deadlines[index] = deadline;
    seqs[index] = seq;
    item.heapIndex = index;
  }

  private shrink(): void {
    const capacity = this.deadlines.length >> 1;
    this.deadlines = this.deadlines.slice(0, capacity);
    this.seqs = this.seqs.slice(0, capacity);
    // Entries past `count` are all undefined: trimming the array lets V8 free its backing store.
    this.entries.length = this.count;
  }

  private grow(): void {
    const deadlines = new Float64Array(this.deadlines.length * 2);
    deadlines.set(this.deadlines);
    this.deadlines = deadlines;
    const seqs = new Float64Array(this.seqs.length * 2);
    seqs.set(this.seqs);
    this.seqs = seqs;
  }
}
