/**
 * The native baseline's channel: a rendezvous or bounded channel on
 * Promises, the least an async/await program needs (resolver queues, no
 * extras). The native side of the channel workloads (channel-workloads.ts).
 */
/** A rendezvous or bounded channel on Promises: the least an async/await program needs. */
export class PromiseChannel<T> {
  private buffer: T[] = [];
  private receivers: ((v: T) => void)[] = [];
  private senders: { value: T; resolve: () => void }[] = [];
  constructor(private readonly capacity: number) {}
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
