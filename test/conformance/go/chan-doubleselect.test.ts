/**
 * Port of Go 1.19's test/chan/doubleselect.go: a select with four send
 * cases must complete exactly one of them per round, so no value reaches
 * two channels.
 */
import { CLOSED, channel, run, select, spawn } from "../../../src/index.js";
import type { Channel, Coroutine, SelectOptions } from "../../../src/index.js";
import { MODES } from "./helpers.js";

const ITERATIONS = 100_000; // Go: 100000 (a flag)

function* sender(n: number, c1: Channel<number>, c2: Channel<number>, c3: Channel<number>, c4: Channel<number>, options: SelectOptions): Coroutine<void> {
  try {
    for (let i = 0; i < n; i++) yield* select([c1.send(i), c2.send(i), c3.send(i), c4.send(i)], options);
  } finally {
    c4.close();
    c3.close();
    c2.close();
    c1.close();
  }
}

/** Forwards everything from `input` to `out`, then reports on `done`. */
function* mux(out: Channel<number>, input: Channel<number>, done: Channel<boolean>): Coroutine<void> {
  for (;;) {
    const v = yield* input.recv();
    if (v === CLOSED) break;
    yield* out.send(v);
  }
  yield* done.send(true);
}

describe("test/chan/doubleselect.go", () => {
  describe.each(MODES)("$mode mode", ({ options }) => {
    it("main", () => {
      const { duplicates, seen } = run(function* () {
        const cs = [channel<number>(), channel<number>(), channel<number>(), channel<number>()] as const;
        const done = channel<boolean>();
        const cmux = channel<number>();
        yield* spawn(sender, ITERATIONS, cs[0], cs[1], cs[2], cs[3], options);
        for (const c of cs) yield* spawn(mux, cmux, c, done);
        yield* spawn(function* () {
          for (let k = 0; k < 4; k++) yield* done.recv();
          cmux.close();
        });
        // The receiver checks for duplicates (and, beyond Go's check, that nothing is missing).
        const seen = new Set<number>();
        const duplicates: number[] = [];
        for (;;) {
          const v = yield* cmux.recv();
          if (v === CLOSED) break;
          if (seen.has(v)) duplicates.push(v);
          seen.add(v);
        }
        return { duplicates, seen: seen.size };
      });
      expect(duplicates).toEqual([]);
      expect(seen).toBe(ITERATIONS);
    });
  });
});
