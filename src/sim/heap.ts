/**
 * KeyHeap: a binary min-heap of intrusive entries, ordered by a comparator
 * the owner supplies. It orders the waiting requests of a PriorityResource
 * and the items of a PriorityStore.
 *
 * Invariants:
 * - heap order: `before(parent, child)` or the two are equivalent, for every
 *   parent/child pair; the comparator must be a strict total order (callers
 *   end every key with a unique, increasing sequence number, which is what
 *   makes equal priorities come out first in, first out);
 * - `entry.heapIndex` is the entry's position in `entries`, or -1 when it is
 *   in no heap. That makes `remove` O(log n) from anywhere: a request
 *   withdrawn from the middle of the queue (renege, cancellation) leaves at
 *   once instead of lingering as a tombstone that statistics would count.
 *
 * Why not a sorted array (SimPy's SortedQueue re-sorts on every append):
 * O(n log n) per request becomes visible with long queues; the heap is
 * O(log n) for push, pop and remove.
 */

/** What an entry of a {@link KeyHeap} carries: its position, maintained by the heap. */
export interface HeapEntry {
  /** Position in the heap, or -1 when it is in none. */
  heapIndex: number;
}

/** @internal A binary min-heap; see the file header. */
export class KeyHeap<E extends HeapEntry> {
  private readonly entries: E[] = [];

  /** @param before strict total order: true when `a` must come out before `b`. */
  constructor(private readonly before: (a: E, b: E) => boolean) {}

  /** Number of entries. */
  get length(): number {
    return this.entries.length;
  }

  /** The first entry without removing it, or null when empty. */
  peek(): E | null {
    return this.entries.length === 0 ? null : (this.entries[0] as E);
  }

  /** Adds `entry`. Precondition: it is in no heap. */
  push(entry: E): void {
    entry.heapIndex = this.entries.length;
    this.entries.push(entry);
    this.siftUp(entry.heapIndex);
  }

  /** Removes and returns the first entry, or null when empty. */
  shift(): E | null {
    if (this.entries.length === 0) return null;
    const top = this.entries[0] as E;
    this.removeAt(0);
    return top;
  }

  /** Removes `entry` if it is in this heap; returns whether it was. */
  remove(entry: E): boolean {
    const index = entry.heapIndex;
    if (index < 0 || this.entries[index] !== entry) return false;
    this.removeAt(index);
    return true;
  }

  /** The entries in the order they would come out (a sorted copy; for reports). */
  toArray(): E[] {
    return this.entries.slice().sort((a, b) => (this.before(a, b) ? -1 : this.before(b, a) ? 1 : 0));
  }

  /** Calls `visit` on every entry, in no particular order. */
  forEach(visit: (entry: E) => void): void {
    for (const entry of this.entries) visit(entry);
  }

  private removeAt(index: number): void {
    const entries = this.entries;
    (entries[index] as E).heapIndex = -1;
    const last = entries.pop() as E;
    if (index === entries.length) return;
    entries[index] = last;
    last.heapIndex = index;
    if (index > 0 && this.before(last, entries[(index - 1) >> 1] as E)) this.siftUp(index);
    else this.siftDown(index);
  }

  private siftUp(index: number): void {
    const entries = this.entries;
    const item = entries[index] as E;
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = entries[parentIndex] as E;
      if (!this.before(item, parent)) break;
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
    const item = entries[index] as E;
    for (;;) {
      let child = 2 * index + 1;
      if (child >= length) break;
      const right = child + 1;
      if (right < length && this.before(entries[right] as E, entries[child] as E)) child = right;
      const smallest = entries[child] as E;
      if (!this.before(smallest, item)) break;
      entries[index] = smallest;
      smallest.heapIndex = index;
      index = child;
    }
    entries[index] = item;
    item.heapIndex = index;
  }
}
