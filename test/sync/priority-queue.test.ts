import fc from "fast-check";
import { EventLog } from "../helpers.js";
import { DeadlockError, EMPTY, InvalidArgumentError, cancel, priorityQueue, run, scope, sleep, spawn } from "../../src/index.js";
import type { Operation } from "../../src/index.js";

describe("priorityQueue", () => {
  it("gives the lowest priority value first, and FIFO among equal priorities", () => {
    const q = priorityQueue<string>();
    const out = run(function* () {
      yield* q.put("low-a", 5);
      yield* q.put("urgent", -1);
      yield* q.put("default-a");
      yield* q.put("low-b", 5);
      yield* q.put("default-b", 0);
      yield* q.put("whenever", Infinity);
      const got: string[] = [];
      while (q.size > 0) got.push(yield* q.get());
      return got;
    });
    expect(out).toEqual(["urgent", "default-a", "default-b", "low-a", "low-b", "whenever"]);
  });

  it("hands a put straight to the oldest waiting getter", () => {
    const log = new EventLog();
    const q = priorityQueue<string>();
    run(
      scope(function* () {
        for (const name of ["g1", "g2"]) {
          yield* spawn(function* getter() {
            yield* log.at(`${name} got ${yield* q.get()}`);
          });
        }
        yield* sleep(1);
        yield* log.at(`getters waiting ${q.stats().gettersWaiting}`);
        yield* q.put("x", 9);
        yield* q.put("y", 1);
        yield* log.at(`put both; size ${q.size}`);
      }),
    );
    expect(log.events).toEqual(["t=1 getters waiting 2", "t=1 put both; size 0", "t=1 g1 got x", "t=1 g2 got y"]);
  });

  it("with a capacity, put waits while full and the oldest waiting putter gets the room", () => {
    const log = new EventLog();
    const q = priorityQueue<string>({ capacity: 2, name: "jobs" });
    run(
      scope(function* () {
        for (const [item, priority] of [
          ["a", 3],
          ["b", 2],
          ["c", 1],
          ["d", 0],
        ] as const) {
          yield* spawn(function* putter() {
            yield* q.put(item, priority);
            yield* log.at(`put ${item}`);
          });
        }
        yield* sleep(1);
        yield* log.at(JSON.stringify(q.stats()));
        expect(q.tryPut("e")).toBe(false);
        for (let i = 0; i < 4; i++) {
          yield* log.at(`got ${yield* q.get()}`);
          yield* sleep(1);
        }
      }),
    );
    expect(log.events).toEqual([
      "t=0 put a",
      "t=0 put b",
      't=1 {"name":"jobs","capacity":2,"size":2,"gettersWaiting":0,"puttersWaiting":2}',
      "t=1 got b",
      "t=1 put c",
      "t=2 got c",
      "t=2 put d",
      "t=3 got d",
      "t=4 got a",
    ]);
  });

  it("a cancelled getter is never handed an item, and a cancelled putter's item never enters", () => {
    const log = new EventLog();
    const q = priorityQueue<string>({ capacity: 1 });
    run(
      scope(function* () {
        const getter = yield* spawn(function* getter() {
          log.push(`getter got ${yield* q.get()} (must not happen)`);
        });
        yield* sleep(1);
        yield* cancel(getter);
        yield* q.put("kept");
        const putter = yield* spawn(function* putter() {
          yield* q.put("dropped");
          log.push("putter put (must not happen)");
        });
        yield* sleep(1);
        yield* log.at(`putters waiting ${q.stats().puttersWaiting}`);
        yield* cancel(putter);
        yield* log.at(`putter cancelled; putters waiting ${q.stats().puttersWaiting}`);
        yield* log.at(`got ${yield* q.get()}; then tryGet ${String(q.tryGet())}`);
      }),
    );
    expect(log.events).toEqual(["t=2 putters waiting 1", "t=2 putter cancelled; putters waiting 0", "t=2 got kept; then tryGet Symbol(spindle.empty)"]);
  });

  it("a getter handed an item and cancelled before it runs still receives it", () => {
    const log = new EventLog();
    const q = priorityQueue<number>();
    run(
      scope(function* () {
        const getter = yield* spawn(function* getter() {
          const item = yield* q.get();
          log.push(`getter received ${item}`);
          yield* sleep(1);
          log.push("getter slept (must not happen)");
        });
        yield* sleep(1);
        q.tryPut(7);
        getter.cancel();
      }),
    );
    expect(log.events).toEqual(["getter received 7"]);
  });

  it("tryPut and tryGet never wait", () => {
    const q = priorityQueue<string>({ capacity: 2 });
    expect(q.tryGet()).toBe(EMPTY);
    expect(q.tryPut("b", 2)).toBe(true);
    expect(q.tryPut("a", 1)).toBe(true);
    expect(q.tryPut("c", 0)).toBe(false);
    expect(q.tryGet()).toBe("a");
    expect(q.tryGet()).toBe("b");
    expect(q.tryGet()).toBe(EMPTY);
    expect(q.get()).toBe(q.get());
  });

  it("rejects a bad capacity or priority, saying what to do", () => {
    expect(() => priorityQueue({ capacity: 0 })).toThrow(
      "priorityQueue(): capacity must be an integer >= 1 (or omitted for an unbounded queue), not the number 0; for a rendezvous use a channel",
    );
    expect(() => priorityQueue({ capacity: -1 })).toThrow(InvalidArgumentError);
    expect(() => priorityQueue({ capacity: 2.5 })).toThrow("not the number 2.5");
    const q = priorityQueue<string>({ name: "triage" });
    expect(() => q.put("x", NaN)).toThrow("put() on triage: the priority must be a number (lower comes out first), not the number NaN");
    expect(() => q.tryPut("x", "high" as unknown as number)).toThrow('tryPut() on triage: the priority must be a number (lower comes out first), not the string "high"');
    expect(q.size).toBe(0);
  });

  it("is reported as get(pq#N) / put(pq#N) in a deadlock", () => {
    const blockedOn = (body: () => Operation<void>): string[] => {
      try {
        run(body);
      } catch (e) {
        expect(e).toBeInstanceOf(DeadlockError);
        return (e as DeadlockError).blocked.map((t) => `${t.name}: ${t.waitingOn}`);
      }
      return [];
    };
    const empty = priorityQueue<number>();
    expect(
      blockedOn(function* consumer() {
        yield* empty.get();
      }),
    ).toEqual(["consumer: get(pq#1)"]);
    const full = priorityQueue<number>({ capacity: 1, name: "inbox" });
    expect(
      blockedOn(function* producer() {
        yield* full.put(1);
        yield* full.put(2);
      }),
    ).toEqual(["producer: put(inbox)"]);
  });
});

describe("priorityQueue (property)", () => {
  it("agrees with a stable sort by priority, for any interleaving of puts and gets", () => {
    const ops = fc.array(fc.oneof(fc.record({ put: fc.integer({ min: -3, max: 3 }) }), fc.constant({ get: true as const })), { maxLength: 200 });
    fc.assert(
      fc.property(ops, (script) => {
        const q = priorityQueue<number>();
        const model: { priority: number; id: number }[] = [];
        let id = 0;
        for (const op of script) {
          if ("put" in op) {
            expect(q.tryPut(id, op.put)).toBe(true);
            model.push({ priority: op.put, id: id++ });
          } else {
            let best = -1;
            for (let i = 0; i < model.length; i++) if (best < 0 || (model[i]?.priority as number) < (model[best]?.priority as number)) best = i;
            const expected = best < 0 ? EMPTY : (model.splice(best, 1)[0]?.id as number);
            expect(q.tryGet()).toBe(expected);
          }
          expect(q.size).toBe(model.length);
        }
      }),
      { numRuns: 300 },
    );
  });
});
