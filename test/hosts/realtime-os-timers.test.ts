/**
 * What RealtimeHost asks of the event loop per wake-up: one setTimeout, and
 * no setImmediate when the timer's own callback can run the tasks it woke.
 */
import { RealtimeHost, now, sleep, spawn } from "../../src/index.js";
import { FakeEventLoop } from "./fake-event-loop.js";

afterEach(() => jest.restoreAllMocks());

describe("RealtimeHost: OS timers per wake-up", () => {
  it("runs the tasks a timer wakes in that timer's callback, arming no immediate for them", () => {
    const loop = new FakeEventLoop();
    loop.install();
    const host = new RealtimeHost({ clock: () => loop.time });
    const ticker = host.spawn(function* () {
      for (let i = 0; i < 10; i++) yield* sleep(5);
      return yield* now();
    });
    const pair = host.spawn(function* () {
      // two tasks woken by one timer, and a child spawned meanwhile
      yield* spawn(() => sleep(20));
      yield* sleep(20);
      yield* spawn(() => sleep(1));
    });
    loop.run(100);
    expect(ticker.value).toBe(50);
    expect(pair.state).toBe("done");
    expect(loop.immediates).toBe(1); // for the first run, after spawn()
    expect(loop.maxPending).toBe(1);
  });
});
