import { EventLog } from "../helpers.js";
import { CLOSED, EMPTY, broadcast, channel, collect, filter, forEach, map, merge, run, scope, sleep, spawn, stream, take } from "../../src/index.js";

describe("streams", () => {
  it("produce values from a generator and consume them with map / filter / take", () => {
    const result = run(function* () {
      const numbers = yield* stream<number>(function* (emit) {
        for (let i = 1; ; i++) yield* emit(i);
      });
      const odd = yield* filter(numbers, (n) => n % 2 === 1);
      const squares = yield* map(odd, (n) => n * n);
      return yield* collect(yield* take(squares, 5));
    });
    expect(result).toEqual([1, 9, 25, 49, 81]);
  });

  it("forEach runs a generator body per value, in order, with backpressure", () => {
    const log = new EventLog();
    run(function* () {
      const ticks = yield* stream<number>(function* (emit) {
        for (let i = 0; i < 3; i++) {
          yield* emit(i);
          yield* log.at(`emitted ${i}`);
        }
      });
      yield* forEach(ticks, function* (n) {
        yield* sleep(10);
        yield* log.at(`handled ${n}`);
      });
    });
    expect(log.events).toEqual(["t=0 emitted 0", "t=10 handled 0", "t=10 emitted 1", "t=20 handled 1", "t=20 emitted 2", "t=30 handled 2"]);
  });

  it("merge interleaves sources in arrival order and closes when all have closed", () => {
    const result = run(function* () {
      const fast = yield* stream<string>(function* (emit) {
        for (const x of ["f1", "f2", "f3"]) {
          yield* sleep(2);
          yield* emit(x);
        }
      });
      const slow = yield* stream<string>(function* (emit) {
        for (const x of ["s1", "s2"]) {
          yield* sleep(5);
          yield* emit(x);
        }
      });
      return yield* collect(yield* merge([fast, slow]));
    });
    expect(result).toEqual(["f1", "f2", "s1", "f3", "s2"]);
  });

  it("a stream's producer stops when the task that built the pipeline finishes", () => {
    const log = new EventLog();
    run(function* () {
      const builder = yield* spawn(function* () {
        const source = yield* stream<number>(function* (emit) {
          try {
            for (let i = 0; ; i++) yield* emit(i);
          } finally {
            log.push("producer stopped");
          }
        });
        log.push(`first two: ${(yield* collect(yield* take(source, 2))).join(",")}`);
      });
      yield* builder; // its return cancelled the producer, and waited for it
      log.push("builder finished");
    });
    expect(log.events).toEqual(["first two: 0,1", "producer stopped", "builder finished"]);
  });

  it("a failing producer still closes its channel, and its error reaches the builder", () => {
    expect(() =>
      run(function* () {
        const s = yield* stream<number>(function* (emit) {
          yield* emit(1);
          throw new Error("producer broke");
        });
        yield* collect(s);
        yield* sleep(1);
      }),
    ).toThrow("producer broke");
  });
});

describe("broadcast", () => {
  it("delivers every message to every subscriber, in order", () => {
    const result = run(function* () {
      const news = broadcast<string>({ capacity: 4 });
      const a = news.subscribe();
      const b = news.subscribe();
      yield* news.send("one");
      yield* news.send("two");
      news.close();
      const drain = function* (sub: typeof a) {
        const got: string[] = [];
        for (;;) {
          const v = yield* sub.recv();
          if (v === CLOSED) return got;
          got.push(v);
        }
      };
      return [yield* drain(a), yield* drain(b)];
    });
    expect(result).toEqual([
      ["one", "two"],
      ["one", "two"],
    ]);
  });

  it("a lagging subscriber loses its oldest messages under drop-oldest, and the sender never waits", () => {
    const news = broadcast<number>({ capacity: 2 });
    const fast = news.subscribe();
    const slow = news.subscribe();
    for (let i = 1; i <= 5; i++) {
      expect(news.trySend(i)).toBe(true);
      expect(fast.tryRecv()).toBe(i);
    }
    expect([slow.tryRecv(), slow.tryRecv(), slow.tryRecv()]).toEqual([4, 5, EMPTY]);
    expect(slow.stats().dropped).toBe(3);
    expect(fast.stats().dropped).toBe(0);
  });

  it("with lag: block the sender waits for the slowest subscriber", () => {
    const log = new EventLog();
    run(
      scope(function* () {
        const feed = broadcast<number>({ capacity: 1, lag: "block" });
        const sub = feed.subscribe();
        yield* spawn(function* () {
          for (let i = 0; i < 3; i++) {
            yield* feed.send(i);
            yield* log.at(`sent ${i}`);
          }
          feed.close();
        });
        for (;;) {
          yield* sleep(10);
          const v = yield* sub.recv();
          if (v === CLOSED) break;
          yield* log.at(`got ${v}`);
        }
      }),
    );
    expect(log.events).toEqual(["t=0 sent 0", "t=10 got 0", "t=10 sent 1", "t=20 got 1", "t=20 sent 2", "t=30 got 2"]);
  });

  it("unsubscribing stops delivery; subscribing late misses earlier messages", () => {
    const feed = broadcast<number>();
    const early = feed.subscribe();
    feed.trySend(1);
    const late = feed.subscribe();
    feed.trySend(2);
    early.unsubscribe();
    feed.trySend(3);
    expect([early.tryRecv(), early.tryRecv(), early.tryRecv()]).toEqual([1, 2, CLOSED]);
    expect([late.tryRecv(), late.tryRecv(), late.tryRecv()]).toEqual([2, 3, EMPTY]);
    expect(feed.stats().subscribers).toBe(1);
    expect(channel<number>().stats().closed).toBe(false);
  });
});

describe("broadcast: a 'block' subscriber that unsubscribes while the sender waits for it", () => {
  it("releases the sender, which goes on to the other subscribers; nothing is lost for them", () => {
    const log = new EventLog();
    run(function* () {
      const feed = broadcast<number>({ capacity: 1, lag: "block" });
      const slow = feed.subscribe();
      const fast = feed.subscribe();
      const reader = yield* spawn(function* () {
        for (let i = 0; i < 3; i++) {
          const v = yield* fast.recv();
          yield* log.at(`fast got ${String(v)}`);
        }
      });
      const sender = yield* spawn(function* () {
        for (const v of [1, 2, 3]) {
          yield* feed.send(v);
          yield* log.at(`sent ${v}`);
        }
      });
      yield* sleep(10); // the sender waits on "slow" (full with 1) for 2
      yield* log.at(`slow unsubscribes with ${slow.stats().buffered} buffered`);
      slow.unsubscribe();
      yield* sender;
      yield* reader;
      yield* log.at(`slow then reads ${String(slow.tryRecv())}, then ${String(slow.tryRecv())}`);
    });
    expect(log.events).toEqual([
      "t=0 sent 1",
      "t=0 fast got 1",
      "t=10 slow unsubscribes with 1 buffered",
      "t=10 sent 2",
      "t=10 sent 3", // 2 went straight to the waiting reader, 3 into its empty buffer
      "t=10 fast got 2",
      "t=10 fast got 3",
      "t=10 slow then reads 1, then Symbol(spindle.closed)",
    ]);
  });
});

describe("forEach with a plain function whose result happens to be iterable", () => {
  it("ignores the result (a string, an array, a Map iterator) instead of running it as an operation", () => {
    const seen: unknown[] = [];
    run(function* () {
      const words = yield* stream<string>(function* (emit) {
        for (const w of [" a ", " b "]) yield* emit(w);
      });
      yield* forEach(words, (w) => {
        seen.push(w.trim());
        return w.trim(); // a string is iterable
      });
      const lists = yield* stream<number[]>(function* (emit) {
        yield* emit([1, 2]);
      });
      yield* forEach(lists, (list) => list.map((n) => n * 10)); // an array is iterable
      const maps = yield* stream<Map<string, number>>(function* (emit) {
        yield* emit(new Map([["k", 1]]));
      });
      yield* forEach(maps, (m) => m.keys()); // an iterator without throw()
    });
    expect(seen).toEqual(["a", "b"]);
  });

  it("still runs what the body returns when it is an operation (a generator object or an instruction)", () => {
    const log = new EventLog();
    run(function* () {
      const ticks = yield* stream<number>(function* (emit) {
        yield* emit(1);
        yield* emit(2);
      });
      yield* forEach(ticks, (n) => (n === 1 ? sleep(5) : log.at(`got ${n}`)));
    });
    expect(log.events).toEqual(["t=5 got 2"]);
  });
});
