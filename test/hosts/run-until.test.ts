/**
 * VirtualHost.runUntil(t) follows SimPy's run(until=t): it runs what is due
 * before t and leaves what is due at exactly t for the next call; the
 * current instant (runUntil(now)) is run.
 */
import { VirtualHost, now, sleep } from "../../src/index.js";
import type { Coroutine } from "../../src/index.js";

function* ticker(log: number[]): Coroutine<void> {
  for (let i = 0; i < 4; i++) {
    yield* sleep(5);
    log.push(yield* now());
  }
}

describe("VirtualHost.runUntil", () => {
  it("stops before the timers due at t, with the clock at t; each instant runs once across calls", () => {
    const host = new VirtualHost();
    const log: number[] = [];
    host.spawn(ticker, log);
    host.runUntil(10);
    expect([log, host.now]).toEqual([[5], 10]);
    host.runUntil(20);
    expect([log, host.now]).toEqual([[5, 10, 15], 20]);
    host.run();
    expect(log).toEqual([5, 10, 15, 20]);
  });

  it("runUntil(now) runs the current instant: what is ready and the timers due now", () => {
    const host = new VirtualHost();
    const log: number[] = [];
    host.spawn(ticker, log);
    host.runUntil(0);
    host.runUntil(5);
    expect(log).toEqual([]);
    host.runUntil(5);
    expect(log).toEqual([5]);
  });
});
