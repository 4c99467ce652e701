/**
 * Property tests of the simulation layer's queued operations under
 * interrupts: random processes put, get, hold a resource slot and
 * interrupt each other, at instants where operations are served but not
 * yet processed (events are processed at their turn; src/sim/event.ts).
 *
 * Invariants (DESIGN.md's "nothing lost, nothing duplicated"):
 * - every item whose put was served is, at the end, received by exactly one
 *   get, or still held by the store, or waiting first in its put queue (a
 *   taken-back item that no longer fitted); an item whose put was withdrawn
 *   is nowhere;
 * - the store never holds more than its capacity, and a resource never has
 *   more users than slots; every slot taken with use() is given back;
 * - the same program gives the same log twice (determinism).
 */
import fc from "fast-check";
import { Interrupt, sleep } from "../../src/index.js";
import type { Coroutine, Task } from "../../src/index.js";
import { Resource, Simulation, Store, after } from "../../src/sim/index.js";
import { runs } from "./program.js";

type Action =
  | { k: "put" }
  | { k: "get" }
  | { k: "hold"; ms: number }
  | { k: "sleep"; ms: number }
  | { k: "after0" }
  | { k: "interrupt"; target: number };

const actionArb: fc.Arbitrary<Action> = fc.oneof(
  { weight: 3, arbitrary: fc.constant<Action>({ k: "put" }) },
  { weight: 3, arbitrary: fc.constant<Action>({ k: "get" }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant("hold" as const), ms: fc.constantFrom(0, 1, 2) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant("sleep" as const), ms: fc.constantFrom(0, 1, 2) }) },
  { weight: 1, arbitrary: fc.constant<Action>({ k: "after0" }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant("interrupt" as const), target: fc.nat(4) }) },
);

interface Program {
  capacity: number;
  slots: number;
  procs: Action[][];
}

const programArb: fc.Arbitrary<Program> = fc.record({
  capacity: fc.constantFrom(1, 2, 3),
  slots: fc.constantFrom(1, 2),
  procs: fc.array(fc.array(actionArb, { maxLength: 8 }), { minLength: 2, maxLength: 5 }),
});

interface Outcome {
  log: string[];
  servedPuts: string[];
  withdrawnPuts: string[];
  received: string[];
  inStore: string[];
  waitingPuts: string[];
  maxItems: number;
  maxUsers: number;
  usersAtEnd: number;
}

function runProgram(p: Program): Outcome {
  const sim = new Simulation({ seed: 7 });
  const store = new Store<string>(p.capacity, { sim });
  const res = new Resource(p.slots, { sim });
  const tasks: Task<void>[] = [];
  const log: string[] = [];
  const puts: { item: string; op: ReturnType<Store<string>["put"]> }[] = [];
  const received: string[] = [];
  let maxItems = 0;
  let maxUsers = 0;
  const watch = (): void => {
    maxItems = Math.max(maxItems, store.size);
    maxUsers = Math.max(maxUsers, res.count);
  };
  p.procs.forEach((actions, i) => {
    tasks.push(
      sim.process(function* proc(): Coroutine<void> {
        for (let j = 0; j < actions.length; j++) {
          const a = actions[j] as Action;
          try {
            watch();
            if (a.k === "put") {
              const item = `p${i}.${j}`;
              const op = store.put(item);
              puts.push({ item, op });
              yield* op;
              log.push(`${sim.now} p${i} put ${item}`);
            } else if (a.k === "get") {
              const item = yield* store.get();
              received.push(item);
              log.push(`${sim.now} p${i} got ${item}`);
            } else if (a.k === "hold") {
              yield* res.use(function* () {
                watch();
                log.push(`${sim.now} p${i} holds`);
                yield* sleep(a.ms);
              });
            } else if (a.k === "sleep") {
              yield* sleep(a.ms);
            } else if (a.k === "after0") {
              yield* after(0);
            } else {
              const target = tasks[a.target % tasks.length] as Task<void>;
              if (target !== tasks[i] && !target.isFinished) target.interrupt(`by p${i}`);
            }
          } catch (e) {
            if (!(e instanceof Interrupt)) throw e;
            log.push(`${sim.now} p${i} interrupted ${String(e.cause)}`);
          }
          watch();
        }
      }),
    );
  });
  sim.runUntil(1000);
  return {
    log,
    servedPuts: puts.filter((x) => x.op.state === "served").map((x) => x.item),
    withdrawnPuts: puts.filter((x) => x.op.state === "withdrawn").map((x) => x.item),
    received,
    inStore: store.items,
    waitingPuts: store.putQueue.filter((op) => op.task === null).map((op) => op.item),
    maxItems,
    maxUsers,
    usersAtEnd: res.count,
  };
}

describe("simulation operations under interrupts (random programs)", () => {
  it("lose nothing and duplicate nothing; capacities hold; slots come back", () => {
    fc.assert(
      fc.property(programArb, (p) => {
        const o = runProgram(p);
        const accounted = [...o.received, ...o.inStore, ...o.waitingPuts].sort();
        expect(accounted).toEqual([...o.servedPuts].sort());
        for (const item of o.withdrawnPuts) expect(accounted).not.toContain(item);
        expect(new Set(o.received).size).toBe(o.received.length);
        expect(o.maxItems).toBeLessThanOrEqual(p.capacity);
        expect(o.maxUsers).toBeLessThanOrEqual(p.slots);
        expect(o.usersAtEnd).toBe(0);
      }),
      { numRuns: runs(300) },
    );
  });

  it("are deterministic: the same program gives the same log", () => {
    fc.assert(
      fc.property(programArb, (p) => {
        expect(runProgram(p).log).toEqual(runProgram(p).log);
      }),
      { numRuns: runs(100) },
    );
  });
});
