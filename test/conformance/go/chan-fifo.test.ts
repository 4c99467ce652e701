/** Port of Go 1.19's test/chan/fifo.go: channels deliver in FIFO order, buffered and unbuffered. */
import { channel, run, spawn } from "../../../src/index.js";
import type { Channel, Coroutine } from "../../../src/index.js";

const N = 10;

describe("test/chan/fifo.go", () => {
  it("AsynchFifo", () => {
    const got = run(function* () {
      const ch = channel<number>(N);
      for (let i = 0; i < N; i++) yield* ch.send(i);
      const out: unknown[] = [];
      for (let i = 0; i < N; i++) out.push(yield* ch.recv());
      return out;
    });
    expect(got).toEqual(Array.from({ length: N }, (_, i) => i));
  });

  it("SynchFifo", () => {
    // A daisy chain of N tasks: task i waits for its turn on `turn`, takes
    // one value from the shared unbuffered channel (which must be i), then
    // passes the turn on. The values are sent while the tasks wait.
    const bad: number[] = [];
    run(function* () {
      const ch = channel<number>();
      function* link(turn: Channel<number>, expected: number, next: Channel<number>): Coroutine<void> {
        yield* turn.recv();
        const v = yield* ch.recv();
        if (v !== expected) bad.push(expected);
        yield* next.send(1);
      }
      const first = channel<number>();
      let turn = first;
      for (let i = 0; i < N; i++) {
        const next = channel<number>();
        yield* spawn(link, turn, i, next);
        turn = next;
      }
      yield* first.send(0);
      for (let i = 0; i < N; i++) yield* ch.send(i);
      yield* turn.recv();
    });
    expect(bad).toEqual([]);
  });
});
