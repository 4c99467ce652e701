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
 *   churn of cancelled timeouts keeps memory flat.
 */

/**
 * @internal What the heap needs of an entry. {@link Timer} is the public
 * form; `Sleep` implements it directly, so that a sleep is its own timer.
 */
export interface TimerEntry {
  deadline: number;
  seq: number;
  heapIndex: number;
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
 */
export abstract class Timer implements TimerEntry {
  /** Absolute time, in the scheduler's milliseconds, at which the timer fires. */
  deadline = 0;
  /** Tie-breaker among equal deadlines: arming order. */
  seq = 0;
  /** Position in the heap, or -1 when not armed. */
  heapIndex = -1;
  /** Called once, when the clock reaches the deadline. Must not run task code. */
  abstract fire(): void;
}

function before(a: TimerEntry, b: TimerEntry): boolean {
  return a.deadline < b.deadline || (a.deadline === b.deadline && a.seq < b.seq);
}

export class TimerHeap {
  private entries: TimerEntry[] = [];
  private nextSeq = 0;

  get size(): number {
    return this.entries.length;
  }

  /** The earliest deadline, or Infinity when the heap is empty. */
  nextDeadline(): number {
    return this.entries.length === 0 ? Infinity : (this.entries[0] as TimerEntry).deadline;
  }

  /** Arms `timer` at `deadline`. Precondition: the timer is not armed. */
  insert(timer: TimerEntry, deadline: number): void {
    timer.deadline = deadline;
    timer.seq = this.nextSeq++;
    timer.heapIndex = this.entries.length;
    this.entries.push(timer);
    this.siftUp(timer.heapIndex);
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
    if (index < 0 || this.entries[index] !== timer) return false;
    this.removeAt(index);
    return true;
  }

  /** Every armed timer, in no particular order (for reports). */
  forEach(visit: (timer: TimerEntry) => void): void {
    for (const timer of this.entries) visit(timer);
  }

  private removeAt(index: number): void {
    const entries = this.entries;
    const removed = entries[index] as TimerEntry;
    removed.heapIndex = -1;
    const last = entries.pop() as TimerEntry;
    if (index === entries.length) return;
    entries[index] = last;
    last.heapIndex = index;
    if (index > 0 && before(last, entries[(index - 1) >> 1] as TimerEntry)) this.siftUp(index);
    else this.siftDown(index);
  }

  private siftUp(index: number): void {
    const entries = this.entries;
    const item = entries[index] as TimerEntry;
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = entries[parentIndex] as TimerEntry;
      if (!before(item, parent)) break;
      entries[index] = parent;
      parent.heapIndex = index;
      index = parentIndex;
    }
    entries[index] = item;
    item.heapIndex = index;
  }

  private siftDown(index: number): void {
    const entries = this.entries;
    const length = entries.length;
    const item = entries[index] as TimerEntry;
    for (;;) {
      let child = 2 * index + 1;
      if (child >= length) break;
      const right = child + 1;
      if (right < length && before(entries[right] as TimerEntry, entries[child] as TimerEntry)) child = right;
      const smallest = entries[child] as TimerEntry;
      if (!before(smallest, item)) break;
      entries[index] = smallest;
      smallest.heapIndex = index;
      index = child;
    }
    entries[index] = item;
    item.heapIndex = index;
  }
}
