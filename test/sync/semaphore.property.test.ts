/**
 * Property tests of the semaphore: random tasks acquire a permit (three
 * ways), hold it for a while and release it, while other tasks cancel them
 * at random times, on the virtual clock. Checked throughout and at the end:
 * never more than n holders, no idle permit while a task waits, no permit
 * lost, and every acquire that returned matched by exactly one release.
 */
import fc from "fast-check";
import { run, scope, semaphore, sleep, spawn } from "../../src/index.js";
import type { Coroutine, Semaphore, Task } from "../../src/index.js";

/** How a worker takes its permit. */
type Mode = "acquire" | "withPermit" | "tryAcquireFirst";

interface WorkerSpec {
  start: number;
  hold: number;
  mode: Mode;
}

interface Scenario {
  permits: number;
  workers: WorkerSpec[];
  cancels: { worker: number; at: number }[];
}

const scenarios: fc.Arbitrary<Scenario> = fc.record({
  permits: fc.integer({ min: 1, max: 4 }),
  workers: fc.array(
    fc.record({
      start: fc.integer({ min: 0, max: 12 }),
      hold: fc.integer({ min: 0, max: 8 }),
      mode: fc.constantFrom<Mode>("acquire", "withPermit", "tryAcquireFirst"),
    }),
    { minLength: 1, maxLength: 14 },
  ),
  cancels: fc.array(fc.record({ worker: fc.nat(), at: fc.integer({ min: 0, max: 20 }) }), { maxLength: 8 }),
});

interface Tally {
  acquired: number;
  released: number;
}

interface Outcome {
  /** Every acquire, release and cancellation, in order. */
  log: string[];
  violations: string[];
  tallies: Tally[];
  tasks: Task<void>[];
  sem: Semaphore;
  maxHolders: number;
}

/**
 * "typed": `yield* sem.acquire()`, which completes or parks inside the
 * operation's own next() (the fast path); "direct": `yield sem.acquire()`,
 * always through the kernel, which calls the same tryNow() and park().
 */
type Form = "typed" | "direct";

function execute(s: Scenario, form: Form = "typed"): Outcome {
  const sem = semaphore(s.permits);
  const log: string[] = [];
  const violations: string[] = [];
  const tallies: Tally[] = s.workers.map(() => ({ acquired: 0, released: 0 }));
  const tasks: Task<void>[] = [];
  let holders = 0;
  let maxHolders = 0;

  const check = (where: string): void => {
    const st = sem.stats();
    if (holders > s.permits) violations.push(`${where}: ${holders} holders > ${s.permits} permits`);
    // Permits handed to a task that has not run yet count as held, so holders <= held.
    if (holders > st.held) violations.push(`${where}: ${holders} holders but only ${st.held} permits held`);
    if (st.available + st.held !== s.permits) violations.push(`${where}: available ${st.available} + held ${st.held} !== ${s.permits}`);
    if (st.waiting > 0 && st.available > 0) violations.push(`${where}: ${st.waiting} waiting while ${st.available} permits are idle`);
  };
  const gotPermit = (i: number): void => {
    log.push(`worker ${i} acquired`);
    holders++;
    maxHolders = Math.max(maxHolders, holders);
    (tallies[i] as Tally).acquired++;
    check(`worker ${i} acquired`);
  };
  const dropping = (i: number): void => {
    log.push(`worker ${i} releases`);
    holders--;
    (tallies[i] as Tally).released++;
  };

  function* hold(i: number, ms: number): Coroutine<void> {
    gotPermit(i);
    try {
      yield* sleep(ms);
    } finally {
      dropping(i);
    }
  }

  function* worker(i: number, spec: WorkerSpec): Coroutine<void> {
    yield* sleep(spec.start);
    switch (spec.mode) {
      case "withPermit":
        yield* sem.withPermit(hold(i, spec.hold));
        break;
      case "tryAcquireFirst":
      case "acquire":
        if (spec.mode === "acquire" || !sem.tryAcquire()) {
          if (form === "typed") yield* sem.acquire();
          else yield sem.acquire();
        }
        gotPermit(i);
        try {
          yield* sleep(spec.hold);
        } finally {
          dropping(i);
          sem.release();
        }
        break;
    }
    check(`worker ${i} released`);
  }

  run(
    scope(function* () {
      for (let i = 0; i < s.workers.length; i++) tasks.push(yield* spawn(worker, i, s.workers[i] as WorkerSpec));
      for (const c of s.cancels) {
        yield* spawn(function* canceller() {
          yield* sleep(c.at);
          log.push(`cancel worker ${c.worker % tasks.length}`);
          (tasks[c.worker % tasks.length] as Task<void>).cancel();
          check(`cancel of worker ${c.worker % tasks.length}`);
        });
      }
    }),
  );
  return { log, violations, tallies, tasks, sem, maxHolders };
}

describe("semaphore (property): random acquire / hold / release with random cancellations", () => {
  it("the typed form's fast path gives exactly the run the kernel's path gives", () => {
    fc.assert(
      fc.property(scenarios, (s) => {
        const typed = execute(s, "typed");
        const direct = execute(s, "direct");
        expect(typed.log).toEqual(direct.log);
        expect(typed.tasks.map((t) => t.state)).toEqual(direct.tasks.map((t) => t.state));
      }),
      { numRuns: 300 },
    );
  });

  it("never more than n holders, no idle permit while a task waits, and none lost", () => {
    fc.assert(
      fc.property(scenarios, (s) => {
        const o = execute(s);
        expect(o.violations).toEqual([]);
        expect(o.maxHolders).toBeLessThanOrEqual(s.permits);
        expect(o.sem.stats()).toEqual({ name: expect.stringMatching(/^sem#[1?]$/) as unknown, capacity: s.permits, available: s.permits, held: 0, waiting: 0 });
      }),
      { numRuns: 400 },
    );
  });

  it("every acquire that returned is matched by exactly one release; uncancelled workers all got their turn", () => {
    fc.assert(
      fc.property(scenarios, (s) => {
        const o = execute(s);
        o.tallies.forEach((t, i) => {
          expect({ worker: i, acquired: t.acquired, released: t.released }).toEqual({ worker: i, acquired: t.acquired, released: t.acquired });
          expect(t.acquired).toBeLessThanOrEqual(1);
          const task = o.tasks[i] as Task<void>;
          if (task.state === "done") expect({ worker: i, acquired: t.acquired }).toEqual({ worker: i, acquired: 1 });
          else expect(task.state).toBe("cancelled");
        });
      }),
      { numRuns: 400 },
    );
  });

  it("a cancelled worker either never got a permit or released the one it got (including one handed to it just before the cancel)", () => {
    // Cancel at the very instant permits are handed over: every worker holds for
    // exactly `hold` and cancellations hit at the same ticks.
    const sameTick = fc.record({
      permits: fc.integer({ min: 1, max: 3 }),
      workers: fc.array(fc.record({ start: fc.constant(0), hold: fc.constantFrom(1, 2), mode: fc.constantFrom<Mode>("acquire", "withPermit", "tryAcquireFirst") }), {
        minLength: 2,
        maxLength: 10,
      }),
      cancels: fc.array(fc.record({ worker: fc.nat(), at: fc.integer({ min: 0, max: 6 }) }), { minLength: 1, maxLength: 6 }),
    });
    fc.assert(
      fc.property(sameTick, (s) => {
        const o = execute(s);
        expect(o.violations).toEqual([]);
        expect(o.sem.available).toBe(s.permits);
        for (const t of o.tallies) expect(t.released).toBe(t.acquired);
      }),
      { numRuns: 400 },
    );
  });
});
