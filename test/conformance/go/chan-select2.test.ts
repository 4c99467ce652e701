/**
 * Port of Go 1.19's test/chan/select2.go, which checks that 100,000 selects
 * do not use undue memory. Measuring the heap is Go-only (runtime.MemStats);
 * the port runs the same two rounds of selects and checks the spindle
 * counterpart of a leak: that no select case stays queued on the channel
 * that never fires.
 */
import { channel, run, select, spawn } from "../../../src/index.js";
import type { Channel, Coroutine } from "../../../src/index.js";

function* sender(c: Channel<number>, n: number): Coroutine<void> {
  for (let i = 0; i < n; i++) yield* c.send(1);
}

function* receiver(c: Channel<number>, dummy: Channel<number>, n: number): Coroutine<void> {
  for (let i = 0; i < n; i++) {
    const r = yield* select([c.recv(), dummy.recv()]);
    if (r.index === 1) throw new Error("dummy");
  }
}

describe("test/chan/select2.go", () => {
  it("main (the selects' side: no queued waiter left behind)", () => {
    const n = 100_000;
    const after = run(function* () {
      const c = channel<number>();
      const dummy = channel<number>();
      yield* spawn(sender, c, n); // warm up
      yield* receiver(c, dummy, n);
      yield* spawn(sender, c, n);
      yield* receiver(c, dummy, n);
      return [dummy.stats().receiversWaiting, c.stats().receiversWaiting, c.stats().sendersWaiting];
    });
    expect(after).toEqual([0, 0, 0]);
  });

  it.skip("main (the heap's side): Go-only, reads runtime.MemStats after runtime.GC()", () => {});
});
