/** Port of Go 1.19's test/chan/sieve1.go: the classic concurrent prime sieve, a chain of filter tasks. */
import { CLOSED, channel, run, spawn } from "../../../src/index.js";
import type { Channel, Coroutine } from "../../../src/index.js";

const PRIMES = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97];

function* generate(out: Channel<number>): Coroutine<void> {
  for (let i = 2; ; i++) yield* out.send(i);
}

function* filter(input: Channel<number>, out: Channel<number>, prime: number): Coroutine<void> {
  for (;;) {
    const i = yield* input.recv();
    if (i === CLOSED) return;
    if (i % prime !== 0) yield* out.send(i);
  }
}

function* sieve(primes: Channel<number>): Coroutine<void> {
  let ch = channel<number>();
  yield* spawn(generate, ch);
  for (;;) {
    const prime = yield* ch.recv();
    if (prime === CLOSED) return;
    yield* primes.send(prime);
    const next = channel<number>();
    yield* spawn(filter, ch, next, prime);
    ch = next;
  }
}

describe("test/chan/sieve1.go", () => {
  it("main", () => {
    const got = run(function* () {
      const primes = channel<number>();
      yield* spawn(sieve, primes);
      const out: unknown[] = [];
      for (let i = 0; i < PRIMES.length; i++) out.push(yield* primes.recv());
      return out;
    });
    expect(got).toEqual(PRIMES);
  });
});
