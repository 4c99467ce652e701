import { EventLog } from "../helpers.js";
import { CLOSED, EMPTY, ChannelClosedError, InvalidArgumentError, VirtualHost, channel, run, scope, select, sleep, spawn, trySelect, yieldNow } from "../../src/index.js";

describe("select", () => {
  it("fires the first case to become ready, and tells which with its value", () => {
    const log = new EventLog();
    run(
      scope(function* () {
        const a = channel<string>();
        const b = channel<number>();
        yield* spawn(function* () {
          yield* sleep(5);
          yield* b.send(42);
        });
        const r = yield* select([a.recv(), b.recv(), sleep(100)]);
        if (r.index === 1) yield* log.at(`case 1 with ${String(r.value)}`);
        else yield* log.at(`case ${r.index}`);
      }),
    );
    expect(log.events).toEqual(["t=5 case 1 with 42"]);
  });

  it("a sleep case is a timeout, and the channel cases it beat leave no waiter behind", () => {
    const result = run(function* () {
      const a = channel<string>();
      const r = yield* select([a.recv(), sleep(7)]);
      return [r.index, a.stats().receiversWaiting];
    });
    expect(result).toEqual([1, 0]);
  });

  it("when several cases are ready, the first listed wins", () => {
    const result = run(function* () {
      const a = channel<string>(1);
      const b = channel<string>(1);
      yield* a.send("a");
      yield* b.send("b");
      const r = yield* select([b.recv(), a.recv()]);
      return [r.index, r.value, a.tryRecv()];
    });
    expect(result).toEqual([0, "b", "a"]); // a's value was not taken
  });

  it("fair: true picks among ready cases with the seeded generator, reproducibly", () => {
    const program = function* () {
      const picks: number[] = [];
      const chans = [channel<number>(1), channel<number>(1), channel<number>(1)];
      for (let i = 0; i < 30; i++) {
        for (const ch of chans) if (ch.stats().buffered === 0) yield* ch.send(i);
        const r = yield* select([chans[0]!.recv(), chans[1]!.recv(), chans[2]!.recv()], { fair: true });
        picks.push(r.index);
      }
      return picks;
    };
    const a = run(program, { seed: 3 });
    expect(run(program, { seed: 3 })).toEqual(a);
    expect(new Set(a).size).toBe(3); // every case gets picked
  });

  it("a send case that did not fire never delivers its value", () => {
    const result = run(function* () {
      const out = channel<string>();
      const r = yield* select([out.send("unsent"), sleep(3)]);
      return [r.index, out.tryRecv(), out.stats().sendersWaiting];
    });
    expect(result).toEqual([1, EMPTY, 0]);
  });

  it("a send case fires when a receiver arrives", () => {
    const log = new EventLog();
    run(
      scope(function* () {
        const out = channel<string>();
        yield* spawn(function* () {
          yield* sleep(4);
          yield* log.at(`receiver got ${String(yield* out.recv())}`);
        });
        const r = yield* select([out.send("hi"), sleep(10)]);
        yield* log.at(`select fired case ${r.index}`);
      }),
    );
    // The receiver takes the value without waiting; the select's task is queued and runs next.
    expect(log.events).toEqual(["t=4 receiver got hi", "t=4 select fired case 0"]);
  });

  it("a closed channel fires its recv case with CLOSED; a send case on it throws", () => {
    const result = run(function* () {
      const done = channel<void>();
      done.close();
      const r = yield* select([done.recv(), sleep(5)]);
      let error = "";
      try {
        yield* select([done.send(undefined), sleep(5)]);
      } catch (e) {
        error = (e as Error).constructor.name;
      }
      return [r.index, r.value === CLOSED, error];
    });
    expect(result).toEqual([0, true, ChannelClosedError.name]);
  });

  it("cancelling a task blocked in select removes every case and disarms its timer", () => {
    const host = new VirtualHost();
    const a = channel<number>();
    const b = channel<number>();
    const t = host.spawn(function* () {
      yield* select([a.recv(), b.send(1), sleep(50)]);
    });
    host.runUntil(1);
    expect([a.stats().receiversWaiting, b.stats().sendersWaiting, host.scheduler.timerCount]).toEqual([1, 1, 1]);
    t.cancel();
    host.run();
    expect([a.stats().receiversWaiting, b.stats().sendersWaiting, host.scheduler.timerCount]).toEqual([0, 0, 0]);
    expect(a.trySend(5)).toBe(false); // nobody is receiving any more
  });

  it("trySelect is the non-blocking select with a default", () => {
    const a = channel<number>(1);
    expect(trySelect([a.recv()])).toBeNull();
    a.trySend(9);
    expect(trySelect([a.recv()])).toEqual({ index: 0, value: 9 });
  });

  it("rejects things that are not cases; null is a disabled case, and undefined is refused", () => {
    expect(() => select([yieldNow() as never])).toThrow(/a case must be ch.recv\(\), ch.send\(value\) or sleep\(ms\)/);
    expect(() => select([undefined as never])).toThrow(InvalidArgumentError);
    expect(() => select(42 as never)).toThrow(InvalidArgumentError);
    expect(() => select([null])).not.toThrow();
  });

  it("select([]) and a select whose cases are all null wait until cancelled (Go's select {}); trySelect([]) gives null", () => {
    const host = new VirtualHost();
    const a = channel<number>(1);
    const t1 = host.spawn(function* () {
      yield* select([]);
    });
    const t2 = host.spawn(function* () {
      yield* select([null, null]);
    });
    host.runUntil(100);
    expect([t1.state, t2.state]).toEqual(["blocked", "blocked"]);
    expect(t2.waitingOn).toBe("select(disabled, disabled)");
    t1.cancel();
    t2.cancel();
    host.run();
    expect([t1.state, t2.state]).toEqual(["cancelled", "cancelled"]);
    expect(trySelect([])).toBeNull();
    a.trySend(1);
    expect(trySelect([null, a.recv()])).toEqual({ index: 1, value: 1 });
  });

  it("a null case keeps the other cases' indexes and never fires", () => {
    const result = run(function* () {
      const a = channel<string>(1);
      a.trySend("x");
      const r = yield* select([null, a.recv(), null]);
      const t = yield* select([null, sleep(3)]);
      return [r.index, r.value, t.index];
    });
    expect(result).toEqual([1, "x", 1]);
  });
});
