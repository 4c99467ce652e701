/**
 * Stands in for the event loop's timers (setTimeout and setImmediate), with
 * a clock that moves only when a timer fires, so that tests of RealtimeHost
 * can wait for days and count what the host arms. It does what Node does
 * with a delay it cannot wait (fires after 1 ms instead).
 */

/** The longest delay setTimeout can wait (about 24.8 days). */
export const MAX_DELAY = 2 ** 31 - 1;

type Pending = { at: number; callback: () => void };

export class FakeEventLoop {
  time = 0;
  /** Every delay passed to setTimeout. */
  readonly delays: number[] = [];
  /** How many times setImmediate was called. */
  immediates = 0;
  /** The most timers and immediates pending at once. */
  maxPending = 0;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  /** Replaces the globals with jest spies (restore them with jest.restoreAllMocks()). */
  install(): void {
    const add = (callback: () => void, at: number): number => {
      const id = this.nextId++;
      this.pending.set(id, { at, callback });
      this.maxPending = Math.max(this.maxPending, this.pending.size);
      return id;
    };
    const remove = (id: unknown): void => void this.pending.delete(id as number);
    jest.spyOn(globalThis, "setTimeout").mockImplementation(((callback: () => void, ms: number) => {
      this.delays.push(ms);
      return add(callback, this.time + (ms >= 1 && ms <= MAX_DELAY ? ms : 1));
    }) as unknown as typeof setTimeout);
    jest.spyOn(globalThis, "setImmediate").mockImplementation(((callback: () => void) => {
      this.immediates++;
      return add(callback, this.time);
    }) as unknown as typeof setImmediate);
    jest.spyOn(globalThis, "clearTimeout").mockImplementation(remove);
    jest.spyOn(globalThis, "clearImmediate").mockImplementation(remove);
  }

  /** Fires the earliest pending callback (the first armed, among equals), moving the clock to its time, until none is left or `limit` have fired. */
  run(limit: number): void {
    for (let fired = 0; fired < limit && this.pending.size > 0; fired++) {
      let first: [number, Pending] | null = null;
      for (const entry of this.pending) if (first === null || entry[1].at < first[1].at) first = entry;
      const [id, { at, callback }] = first as [number, Pending];
      this.pending.delete(id);
      this.time = Math.max(this.time, at);
      callback();
    }
  }
}
