/**
 * timeout() and a value already handed over: an operation that took
 * something irrevocably (a channel value given to its waiting receiver)
 * before the deadline fired in the same instant must not lose it.
 */
import { TimeoutError, VirtualHost, channel, sleep, spawn, timeout } from "../../src/index.js";
import { Timer } from "../../src/extend.js";
import type { Channel, Coroutine, Operation, Task } from "../../src/index.js";

/** A timer that sends at its instant, armed before the receiver's deadline. */
class SendAt extends Timer {
  constructor(
    private readonly ch: Channel<number>,
    private readonly value: number,
    private readonly log: boolean[],
  ) {
    super();
  }
  fire(): void {
    this.log.push(this.ch.trySend(this.value));
  }
}

describe("timeout and a value handed over in the deadline's instant", () => {
  it("a channel value received in the deadline's instant is returned, not lost behind a TimeoutError", () => {
    const host = new VirtualHost();
    const ch = channel<number>();
    const sent: boolean[] = [];
    host.scheduler.addTimer(new SendAt(ch, 42, sent), 5); // armed first: fires first at t=5
    const t: Task<number | string> = host.spawn(function* receiver() {
      try {
        return (yield* timeout(5, ch.recv())) as number;
      } catch (e) {
        if (e instanceof TimeoutError) return "timed out";
        throw e;
      }
    });
    host.run();
    expect(sent).toEqual([true]); // the channel says the value was taken
    expect(t.value).toBe(42); // so the receiver must have it
  });

  /** Runs timeout(5, op) in a task: "in time" or "timed out". */
  function outcomeOf(op: Operation<unknown>): string {
    const host = new VirtualHost();
    const t = host.spawn(function* () {
      try {
        yield* timeout(5, op);
        return "in time";
      } catch (e) {
        if (e instanceof TimeoutError) return "timed out";
        throw e;
      }
    });
    host.run();
    return t.value;
  }

  it("an operation that would only end at the deadline still times out (the documented tie rule)", () => {
    expect(outcomeOf(sleep(5))).toBe("timed out");
  });

  it("a child that swallows its cancellation and returns still makes timeout throw", () => {
    function* stubborn(): Coroutine<number> {
      try {
        yield* sleep(100);
      } catch {
        // swallowed: returns normally although cancelled
      }
      return 1;
    }
    expect(outcomeOf(stubborn())).toBe("timed out");
  });

  it("a spawned child's value is not involved: only timeout's own operation", () => {
    const host = new VirtualHost();
    const t = host.spawn(function* () {
      const other = yield* spawn(function* () {
        yield* sleep(5);
        return 7;
      });
      try {
        yield* timeout(5, sleep(10));
      } catch (e) {
        if (!(e instanceof TimeoutError)) throw e;
      }
      return yield* other;
    });
    host.run();
    expect(t.value).toBe(7);
  });
});
