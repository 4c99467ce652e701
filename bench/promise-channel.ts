/**
 * The native baseline's channel: a rendezvous or bounded channel on
 * Promises, written as a careful async/await programmer would write it. The
 * native side of the channel workloads (channel-workloads.ts).
 *
 * Every queue (the buffer, the waiting receivers, the waiting senders) is a
 * ring buffer: `Array.prototype.shift` on a queue that grows is O(n) per call
 * once V8 stops moving the array's start in place (large or holey arrays),
 * and a baseline that pays that would flatter spindle.
 */

/** A growable FIFO on a power-of-two ring: O(1) push and shift, no per-item allocation. */
export class Ring<T> {
  private items: (T | undefined)[];
  private head = 0;
  private count = 0;
  private mask: number;

  constructor(initialCapacity = 16) {
    let capacity = 1;
    while (capacity < initialCapacity) capacity <<= 1;
    this.items = new Array<T | undefined>(capacity).fill(undefined);
    this.mask = capacity - 1;
  }

  get length(): number {
    return this.count;
  }

  push(value: T): void {
    if (this.count > this.mask) this.grow();
    this.items[(this.head + this.count) & this.mask] = value;
    this.count++;
  }

  /** The oldest item, or undefined when empty. */
  shift(): T | undefined {
    if (this.count === 0) return undefined;
    const value = this.items[this.head];
    this.items[this.head] = undefined; // let it be collected
    this.head = (this.head + 1) & this.mask;
    this.count--;
    return value;
  }

  /** Doubles the ring, copying the items in FIFO order to the start. */
  private grow(): void {
    const old = this.items;
    const capacity = old.length * 2;
    const items = new Array<T | undefined>(capacity).fill(undefined);
    for (let i = 0; i < this.count; i++) items[i] = old[(this.head + i) & this.mask];
    this.items = items;
    this.head = 0;
    this.mask = capacity - 1;
  }
}

interface PendingSend<T> {
  value: T;
  resolve: () => void;
}

/** A rendezvous (capacity 0) or bounded channel on Promises: the least an async/await program needs. */
export class PromiseChannel<T> {
  private readonly buffer: Ring<T>;
  private readonly receivers = new Ring<(v: T) => void>();
  private readonly senders = new Ring<PendingSend<T>>();
  constructor(private readonly capacity: number) {
    this.buffer = new Ring<T>(Math.max(1, capacity));
  }
  send(value: T): Promise<void> | void {
    const r = this.receivers.shift();
    if (r !== undefined) return r(value);
    if (this.buffer.length < this.capacity) {
      this.buffer.push(value);
      return;
    }
    return new Promise((resolve) => this.senders.push({ value, resolve }));
  }
  recv(): Promise<T> | T {
    if (this.buffer.length > 0) {
      const v = this.buffer.shift() as T;
      const s = this.senders.shift();
      if (s !== undefined) {
        this.buffer.push(s.value);
        s.resolve();
      }
      return v;
    }
    const s = this.senders.shift();
    if (s !== undefined) {
      s.resolve();
      return s.value;
    }
    return new Promise((resolve) => this.receivers.push(resolve));
  }
}
