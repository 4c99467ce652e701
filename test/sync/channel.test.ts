import { EventLog } from "../helpers.js";
import {
  CLOSED,
  ChannelClosedError,
  DeadlockError,
  EMPTY,
  InvalidArgumentError,
  VirtualHost,
  cancel,
  channel,
  run,
  scope,
  sleep,
  spawn,
  yieldNow,
} from "../../src/index.js";
import type { Channel, Coroutine } from "../../src/index.js";

describe("unbuffered channel", () => {
  it("is a rendezvous: a send completes only when a receiver takes the value", () => {
    const log = new EventLog();
    run(
      scope(function* () {
        const ch = channel<string>();
        yield* spawn(function* () {
          yield* log.at("sending");
          yield* ch.send("hello");
          yield* log.at("send completed");
        });
        yield* sleep(10);
        yield* log.at(`received ${String(yield* ch.recv())}`);
      }),
    );
    expect(log.events).toEqual(["t=0 sending", "t=10 received hello", "t=10 send completed"]);
  });

  it("serves waiting receivers oldest first", () => {
    const got: string[] = [];
    run(
      scope(function* () {
        const ch = channel<number>();
        for (const name of ["r1", "r2", "r3"]) {
          yield* spawn(function* () {
            got.push(`${name}:${String(yield* ch.recv())}`);
          });
        }
        yield* yieldNow();
        for (let i = 0; i < 3; i++) yield* ch.send(i);
      }),
    );
    expect(got).toEqual(["r1:0", "r2:1", "r3:2"]);
  });
});

describe("buffered channel", () => {
  it("applies backpressure: send waits while the buffer is full", () => {
    const log = new EventLog();
    run(
      scope(function* () {
        const ch = channel<number>(2);
        yield* spawn(function* producer() {
          for (let i = 0; i < 5; i++) {
            yield* ch.send(i);
            yield* log.at(`sent ${i}`);
          }
          ch.close();
        });
        yield* sleep(10);
        for (;;) {
          const v = yield* ch.recv();
          if (v === CLOSED) break;
          yield* log.at(`got ${v}`);
          yield* sleep(10);
        }
      }),
    );
    expect(log.events).toEqual([
      "t=0 sent 0",
      "t=0 sent 1",
      "t=10 got 0",
      "t=10 sent 2",
      "t=20 got 1",
      "t=20 sent 3",
      "t=30 got 2",
      "t=30 sent 4",
      "t=40 got 3",
      "t=50 got 4",
    ]);
  });

  it("drop-newest and drop-oldest never block and count what they drop", () => {
    const newest = channel<number>(2, { overflow: "drop-newest" });
    const oldest = channel<number>(2, { overflow: "drop-oldest" });
    for (let i = 1; i <= 5; i++) {
      expect(newest.trySend(i)).toBe(true);
      expect(oldest.trySend(i)).toBe(true);
    }
    const drain = (ch: Channel<number>) => [ch.tryRecv(), ch.tryRecv(), ch.tryRecv()];
    expect(drain(newest)).toEqual([1, 2, EMPTY]);
    expect(drain(oldest)).toEqual([4, 5, EMPTY]);
    expect(newest.stats().dropped).toBe(3);
    expect(oldest.stats().dropped).toBe(3);
  });

  it("unbounded never blocks a sender", () => {
    const ch = channel<number>("unbounded");
    let accepted = 0;
    for (let i = 0; i < 10_000; i++) if (ch.trySend(i)) accepted++;
    expect(accepted).toBe(10_000);
    expect(ch.stats().buffered).toBe(10_000);
    expect(ch.tryRecv()).toBe(0);
  });

  it("trySend and tryRecv never block and say so", () => {
    const ch = channel<string>(1);
    expect(ch.tryRecv()).toBe(EMPTY);
    expect(ch.trySend("a")).toBe(true);
    expect(ch.trySend("b")).toBe(false);
    expect(ch.tryRecv()).toBe("a");
    ch.close();
    expect(ch.tryRecv()).toBe(CLOSED);
  });
});

describe("close", () => {
  it("lets receivers drain the buffer, then gives CLOSED without an exception", () => {
    const got = run(function* () {
      const ch = channel<number>(3);
      yield* ch.send(1);
      yield* ch.send(2);
      ch.close();
      return [yield* ch.recv(), yield* ch.recv(), yield* ch.recv(), yield* ch.recv()];
    });
    expect(got).toEqual([1, 2, CLOSED, CLOSED]);
  });

  it("wakes waiting receivers with CLOSED and fails waiting senders", () => {
    const log = new EventLog();
    run(
      scope(function* () {
        const ch = channel<number>();
        yield* spawn(function* () {
          yield* log.at(`receiver got ${String(yield* ch.recv())}`);
        });
        const full = channel<number>(0);
        yield* spawn(function* () {
          try {
            yield* full.send(1);
          } catch (e) {
            yield* log.at(`sender: ${(e as Error).constructor.name}`);
          }
        });
        yield* sleep(5);
        ch.close();
        full.close();
        expect(ch.close()).toBe(false); // closing twice is harmless
      }),
    );
    expect(log.events).toEqual(["t=5 receiver got Symbol(spindle.closed)", "t=5 sender: ChannelClosedError"]);
  });

  it("sending on a closed channel throws ChannelClosedError naming the task and channel", () => {
    const message = run(function* producer() {
      const ch = channel<number>(1, { name: "results" });
      ch.close();
      try {
        yield* ch.send(7);
      } catch (e) {
        expect(e).toBeInstanceOf(ChannelClosedError);
        return (e as Error).message;
      }
      return "sent";
    });
    expect(message).toMatch(/task#1 "producer" sent the number 7 on results, which is closed/);
  });
});

describe("cancellation loses nothing", () => {
  it("a cancelled receiver never takes a value: it goes to the next receiver", () => {
    const got = run(function* () {
      const ch = channel<string>();
      const first = yield* spawn(function* () {
        return yield* ch.recv();
      });
      const second = yield* spawn(function* () {
        return yield* ch.recv();
      });
      yield* yieldNow();
      yield* cancel(first);
      yield* ch.send("only value");
      return [first.state, yield* second];
    });
    expect(got).toEqual(["cancelled", "only value"]);
  });

  it("a cancelled sender's value is never delivered", () => {
    const got = run(function* () {
      const ch = channel<string>();
      const doomed = yield* spawn(function* () {
        yield* ch.send("from the cancelled sender");
      });
      yield* spawn(function* () {
        yield* sleep(1);
        yield* ch.send("from the live sender");
      });
      yield* yieldNow();
      yield* cancel(doomed);
      return [yield* ch.recv(), ch.stats().sendersWaiting];
    });
    expect(got).toEqual(["from the live sender", 0]);
  });

  it("a channel's reused waiters keep each wait apart: roles, values, cancellation", () => {
    // Every wait below parks on the same channel, so later waits reuse the
    // waiter objects of earlier, completed ones (receivers as senders too).
    const host = new VirtualHost();
    const ch = channel<string>(0, { name: "c" });
    const got: string[] = [];
    host.spawn(function* main() {
      for (let round = 0; round < 3; round++) {
        const receiver = yield* spawn(function* () {
          got.push(String(yield* ch.recv()));
        });
        yield* yieldNow(); // receiver parks
        yield* ch.send(`r${round}`); // completes it: its waiter becomes a spare
        const doomed = yield* spawn(function* () {
          yield* ch.send(`cancelled ${round}`);
        });
        const sender = yield* spawn(function* () {
          yield* ch.send(`s${round}`);
        });
        yield* yieldNow(); // both senders park, the first on the reused waiter
        expect(doomed.waitingOn).toBe("send(c)");
        yield* cancel(doomed);
        got.push(String(yield* ch.recv()));
        yield* receiver;
        yield* sender;
      }
    });
    host.run();
    expect(got).toEqual(["r0", "s0", "r1", "s1", "r2", "s2"]);
    expect(ch.stats()).toMatchObject({ sendersWaiting: 0, receiversWaiting: 0 });
  });
});

describe("classic programs", () => {
  it("Go's concurrent prime sieve finds the first primes", () => {
    function* generate(out: Channel<number>): Coroutine<void> {
      for (let i = 2; ; i++) yield* out.send(i);
    }
    function* sieve(input: Channel<number>, out: Channel<number>, prime: number): Coroutine<void> {
      for (;;) {
        const n = yield* input.recv();
        if (n === CLOSED) return;
        if (n % prime !== 0) yield* out.send(n);
      }
    }
    const primes = run(function* () {
      let ch = channel<number>();
      yield* spawn(generate, ch);
      const found: number[] = [];
      for (let i = 0; i < 25; i++) {
        const prime = yield* ch.recv();
        if (prime === CLOSED) break;
        found.push(prime);
        const next = channel<number>();
        yield* spawn(sieve, ch, next, prime);
        ch = next;
      }
      return found; // returning cancels the whole chain of sieves
    });
    expect(primes).toEqual([2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97]);
  });

  it("a receive nobody will ever satisfy is reported as a deadlock on that channel", () => {
    let caught: unknown;
    try {
      run(function* main() {
        yield* channel<number>(0, { name: "orders" }).recv();
      });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(DeadlockError);
    expect((caught as DeadlockError).blocked.map((b) => `${b.label} ${b.waitingOn}`)).toEqual(['task#1 "main" recv(orders)']);
  });

  it("names unnamed channels in the order a run first uses them", () => {
    const host = new VirtualHost();
    const a = channel<number>();
    const b = channel<number>();
    host.spawn(function* () {
      yield* b.recv();
    });
    host.spawn(function* () {
      yield* a.recv();
    });
    host.runUntil(0);
    expect([b.describe(), a.describe()]).toEqual(["ch#1", "ch#2"]);
  });

  it("rejects bad capacities and policies", () => {
    expect(() => channel(-1)).toThrow(InvalidArgumentError);
    expect(() => channel(1.5)).toThrow(/capacity must be an integer >= 0, or "unbounded"/);
    expect(() => channel(1, { overflow: "sometimes" as never })).toThrow(/overflow must be/);
  });
});
