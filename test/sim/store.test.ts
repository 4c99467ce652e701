import { EventLog } from "../helpers.js";
import { run, sleep, spawn, yieldNow } from "../../src/index.js";
import type { Coroutine, Interrupt } from "../../src/index.js";
import { FilterStore, PriorityStore, Store, after, anyOf } from "../../src/sim/index.js";
import type { StoreGet } from "../../src/sim/index.js";

function* consumer<T>(log: EventLog, store: { get(): StoreGet<T> }, name: string, n: number): Coroutine<void> {
  for (let i = 0; i < n; i++) {
    const item = yield* store.get();
    yield* log.at(`${name} got ${String(item)}`);
  }
}

describe("Store", () => {
  it("keeps items FIFO; get waits while empty, getters served in arrival order", () => {
    const log = new EventLog();
    run(function* () {
      const pipe = new Store<string>();
      yield* spawn(consumer, log, pipe, "a", 2);
      yield* spawn(consumer, log, pipe, "b", 1);
      yield* sleep(1);
      yield* log.at(`getters waiting ${pipe.getQueueLength}`);
      for (const m of ["m1", "m2", "m3"]) yield* pipe.put(m);
      yield* sleep(1);
    });
    // As in SimPy: each put is processed in turn and hands its item to the
    // first waiting get (m1 to a, m2 to b); m3 stays in the buffer, where a's
    // second get finds it, so that get is processed after b's.
    expect(log.events).toEqual(["t=1 getters waiting 2", "t=1 a got m1", "t=1 b got m2", "t=1 a got m3"]);
  });

  it("put waits while full, first come first served; items keep their order", () => {
    const log = new EventLog();
    run(function* () {
      const belt = new Store<number>(2);
      yield* spawn(function* producer() {
        for (let i = 1; i <= 4; i++) {
          yield* belt.put(i);
          yield* log.at(`put ${i}`);
        }
      });
      yield* sleep(5);
      yield* log.at(`puts waiting ${belt.putQueueLength}, items ${belt.items.join(",")}`);
      const got: number[] = [];
      yield* spawn(function* () {
        for (let i = 0; i < 4; i++) {
          got.push(yield* belt.get());
          yield* sleep(1);
        }
      });
      yield* sleep(10);
      yield* log.at(`got ${got.join(",")}`);
    });
    expect(log.events).toEqual(["t=0 put 1", "t=0 put 2", "t=5 puts waiting 1, items 1,2", "t=5 put 3", "t=6 put 4", "t=15 got 1,2,3,4"]);
  });

  it("a cancelled or interrupted getter is never handed an item; a withdrawn put never puts", () => {
    const log = new EventLog();
    run(function* () {
      const pipe = new Store<string>(1);
      const cancelled = yield* spawn(consumer, log, pipe, "cancelled", 1);
      const interrupted = yield* spawn(function* () {
        try {
          yield* pipe.get();
        } catch (e) {
          yield* log.at(`interrupted: ${String((e as Interrupt).cause)}`);
        }
      });
      yield* spawn(consumer, log, pipe, "kept", 2);
      yield* sleep(1);
      cancelled.cancel();
      interrupted.interrupt("go home");
      yield* pipe.put("x");
      yield* pipe.put("filler");
      yield* pipe.put("full"); // the store holds 1: `full` waits
      const blocked = yield* spawn(function* () {
        yield* pipe.put("never");
      });
      yield* yieldNow();
      blocked.cancel();
      yield* sleep(1);
      yield* log.at(`items ${pipe.items.join(",")}, withdrawn ${pipe.stats().withdrawn}`);
    });
    expect(log.events).toEqual(["t=1 interrupted: go home", "t=1 kept got x", "t=1 kept got filler", "t=2 items full, withdrawn 3"]);
  });

  it("a get that lost an anyOf stays queued until cancelled (SimPy's semantics)", () => {
    const result = run(function* () {
      const pipe = new Store<string>();
      const get = pipe.get();
      const r = yield* anyOf([get, after(1)]);
      const before = [r.has(get), get.state, pipe.getQueueLength];
      get.cancel();
      yield* pipe.put("kept");
      return [...before, get.state, pipe.items];
    });
    expect(result).toEqual([false, "queued", 1, "withdrawn", ["kept"]]);
  });
});

describe("FilterStore", () => {
  it("get(predicate) takes the first matching item; a getter with no match does not block others", () => {
    const log = new EventLog();
    run(function* () {
      const parts = new FilterStore<string>();
      yield* spawn(function* () {
        yield* log.at(`bolt getter got ${yield* parts.get((p) => p.startsWith("bolt"))}`);
      });
      yield* spawn(function* () {
        yield* log.at(`any getter got ${yield* parts.get()}`);
      });
      yield* spawn(function* () {
        yield* log.at(`nut getter got ${yield* parts.get((p) => p.startsWith("nut"))}`);
      });
      yield* sleep(1);
      yield* parts.put("nut-1"); // the bolt getter waits on; the any getter is next in order
      yield* sleep(1);
      yield* parts.put("nut-2");
      yield* parts.put("bolt-1");
      yield* sleep(1);
      yield* log.at(`left: ${parts.items.join(",")}, getters ${parts.getQueueLength}`);
    });
    expect(log.events).toEqual(["t=1 any getter got nut-1", "t=2 nut getter got nut-2", "t=2 bolt getter got bolt-1", "t=3 left: , getters 0"]);
  });

  it("waiting getters are served in arrival order when an item they both accept arrives", () => {
    const log = new EventLog();
    run(function* () {
      const parts = new FilterStore<number>();
      for (const name of ["first", "second"]) {
        yield* spawn(function* () {
          yield* log.at(`${name} got ${yield* parts.get((n) => n > 10)}`);
        });
      }
      yield* sleep(1);
      yield* parts.put(5);
      yield* parts.put(20);
      yield* parts.put(30);
      yield* sleep(1);
      yield* log.at(`left ${parts.items.join(",")}`);
    });
    expect(log.events).toEqual(["t=1 first got 20", "t=1 second got 30", "t=2 left 5"]);
  });
});

describe("PriorityStore", () => {
  it("gives the lowest priority first, FIFO among equals", () => {
    const result = run(function* () {
      const triage = new PriorityStore<string>();
      yield* triage.put("ankle-1", 3);
      yield* triage.put("heart", 0);
      yield* triage.put("ankle-2", 3);
      yield* triage.put("arm", 1);
      yield* triage.put("ankle-3", 3);
      const order = [triage.items.join(",")];
      for (let i = 0; i < 5; i++) order.push(yield* triage.get());
      return order;
    });
    expect(result).toEqual(["heart,arm,ankle-1,ankle-2,ankle-3", "heart", "arm", "ankle-1", "ankle-2", "ankle-3"]);
  });

  it("a waiting getter takes the first item put, whatever its priority", () => {
    const log = new EventLog();
    run(function* () {
      const q = new PriorityStore<string>();
      yield* spawn(consumer, log, q, "c", 3);
      yield* sleep(1);
      yield* q.put("late-low", 9);
      yield* q.put("urgent", 0);
      yield* q.put("mid", 5);
      yield* sleep(1);
    });
    expect(log.events).toEqual(["t=1 c got late-low", "t=1 c got urgent", "t=1 c got mid"]);
  });

  it("refuses a priority that is not a number", () => {
    run(function* () {
      const q = new PriorityStore<string>();
      expect(() => q.put("x", Number.NaN)).toThrow(/priority must be a number/);
      expect(q.size).toBe(0);
    });
  });
});
