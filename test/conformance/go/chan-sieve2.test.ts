/**
 * Port of Go 1.19's test/chan/sieve2.go: an Eratosthenes-style prime sieve
 * of odd numbers, merging the streams of multiples of each prime through a
 * heap, with a feedback loop of primes through a proxy task whose buffer
 * grows without bound. The proxy switches its output case off while its
 * buffer is empty: Go's nil channel, a `null` select case here.
 */
import { channel, run, select, spawn } from "../../../src/index.js";
import type { Channel, Coroutine, SelectOptions } from "../../../src/index.js";
import { MODES, sendOn } from "./helpers.js";

const PRIMES = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97];

function* take(ch: Channel<number>): Coroutine<number> {
  const v = yield* ch.recv();
  if (typeof v !== "number") throw new Error("closed");
  return v;
}

/** The odd numbers from 5 on. */
function* odds(): Coroutine<Channel<number>> {
  const out = channel<number>(50);
  yield* spawn(function* () {
    for (let n = 5; ; n += 2) yield* out.send(n);
  });
  return out;
}

/** The odd multiples of the prime p, from p*p on. */
function* multiples(p: number): Coroutine<Channel<number>> {
  const out = channel<number>(10);
  yield* spawn(function* () {
    for (let n = p * p; ; n += 2 * p) yield* out.send(n);
  });
  return out;
}

/** A stream whose next value is known: `head`, then what `ch` gives. */
interface Peeked {
  head: number;
  ch: Channel<number>;
}

/** A binary min-heap of streams, ordered by head. */
class StreamHeap {
  private readonly items: Peeked[] = [];
  push(item: Peeked): void {
    const a = this.items;
    a.push(item);
    for (let i = a.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if ((a[parent] as Peeked).head <= (a[i] as Peeked).head) break;
      [a[parent], a[i]] = [a[i] as Peeked, a[parent] as Peeked];
      i = parent;
    }
  }
  pop(): Peeked {
    const a = this.items;
    const top = a[0] as Peeked;
    const last = a.pop() as Peeked;
    if (a.length > 0) {
      a[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && (a[l] as Peeked).head < (a[m] as Peeked).head) m = l;
        if (r < a.length && (a[r] as Peeked).head < (a[m] as Peeked).head) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i] as Peeked, a[m] as Peeked];
        i = m;
      }
    }
    return top;
  }
}

/**
 * A channel that forwards to `out` through a buffer that grows as needed,
 * so that sending to it never blocks for long.
 */
function* sendProxy(out: Channel<number>, options: SelectOptions): Coroutine<Channel<number>> {
  const proxy = channel<number>(10);
  yield* spawn(function* () {
    const pending: number[] = [];
    let first = 0;
    for (;;) {
      const empty = first === pending.length;
      // While nothing is pending, the output case is switched off.
      const r = yield* select([proxy.recv(), sendOn(empty ? null : out, pending[first] as number)], options);
      if (r.index === 0) {
        pending.push(r.value as number);
      } else if (++first > 1024) {
        pending.splice(0, first); // drop what was forwarded
        first = 0;
      }
    }
  });
  return proxy;
}

function* sieve(options: SelectOptions): Coroutine<Channel<number>> {
  const out = channel<number>(10);
  yield* out.send(2);
  yield* out.send(3);
  const composites = channel<number>(50);
  const primes = channel<number>(10);
  yield* primes.send(3);

  // Merges the multiples of each prime fed back on `primes` into `composites`, in increasing order.
  yield* spawn(function* () {
    const h = new StreamHeap();
    let min = 15;
    for (;;) {
      const m = yield* multiples(yield* take(primes));
      const head = yield* take(m);
      while (min < head) {
        yield* composites.send(min);
        const smallest = h.pop();
        min = smallest.head;
        smallest.head = yield* take(smallest.ch);
        h.push(smallest);
      }
      while (min === head) {
        const smallest = h.pop();
        min = smallest.head;
        smallest.head = yield* take(smallest.ch);
        h.push(smallest);
      }
      yield* composites.send(head);
      h.push({ head: yield* take(m), ch: m });
    }
  });

  // Sieves the composites out of the odd candidates. The merger reads
  // primes far more slowly than this task finds them, hence the proxy.
  yield* spawn(function* () {
    const feedback = yield* sendProxy(primes, options);
    const candidates = yield* odds();
    let p = yield* take(candidates);
    for (;;) {
      const c = yield* take(composites);
      while (p < c) {
        yield* feedback.send(p);
        yield* out.send(p);
        p = yield* take(candidates);
      }
      if (p === c) p = yield* take(candidates);
    }
  });
  return out;
}

describe("test/chan/sieve2.go", () => {
  describe.each(MODES)("$mode mode", ({ options }) => {
    it("main", () => {
      const got = run(function* () {
        const primes = yield* sieve(options);
        const out: number[] = [];
        for (let i = 0; i < PRIMES.length; i++) out.push(yield* take(primes));
        return out;
      });
      expect(got).toEqual(PRIMES);
    });
  });
});
