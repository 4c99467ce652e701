/** Port of Go 1.19's test/chan/goroutines.go: a long chain of tasks, each forwarding one value, torn down cleanly. */
import { channel, run, spawn } from "../../../src/index.js";
import type { Channel, Coroutine } from "../../../src/index.js";

function* relay(left: Channel<number>, right: Channel<number>): Coroutine<void> {
  const v = yield* right.recv();
  if (typeof v === "number") yield* left.send(v);
}

describe("test/chan/goroutines.go", () => {
  it("main", () => {
    const n = 10_000; // Go's default
    const got = run(function* () {
      const leftmost = channel<number>();
      let left = leftmost;
      let right = leftmost;
      for (let i = 0; i < n; i++) {
        right = channel<number>();
        yield* spawn(relay, left, right);
        left = right;
      }
      const last = right;
      yield* spawn(function* () {
        yield* last.send(1);
      });
      return yield* leftmost.recv();
    });
    expect(got).toBe(1);
  });
});
