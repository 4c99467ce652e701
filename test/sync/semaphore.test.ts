import { EventLog } from "../helpers.js";
import { DeadlockError, InvalidArgumentError, SemaphoreError, UsageError, cancel, currentTask, run, scope, semaphore, sleep, spawn, suspend } from "../../src/index.js";
import type { Semaphore, Task } from "../../src/index.js";

function brief(sem: Semaphore): string {
  const s = sem.stats();
  return `available=${s.available} held=${s.held} waiting=${s.waiting}`;
}

describe("semaphore", () => {
  it("hands a released permit straight to the oldest waiter: no barging, not even by tryAcquire", () => {
    const log = new EventLog();
    const sem = semaphore(1);
    run(
      scope(function* () {
        yield* spawn(function* a() {
          yield* sem.acquire();
          yield* log.at("a acquired");
          yield* sleep(10);
          sem.release();
          const barged = sem.tryAcquire();
          yield* log.at(`a released; tryAcquire() ${barged}; ${brief(sem)}`);
        });
        yield* spawn(function* b() {
          yield* sleep(1);
          yield* log.at("b waits");
          yield* sem.acquire();
          yield* log.at("b acquired");
          yield* sleep(10);
          sem.release();
        });
        yield* spawn(function* c() {
          yield* sleep(2);
          yield* log.at(`c waits; ${brief(sem)}`);
          yield* sem.acquire();
          yield* log.at("c acquired");
          sem.release();
        });
      }),
    );
    expect(log.events).toEqual([
      "t=0 a acquired",
      "t=1 b waits",
      "t=2 c waits; available=0 held=1 waiting=1",
      "t=10 a released; tryAcquire() false; available=0 held=1 waiting=1",
      "t=10 b acquired",
      "t=20 c acquired",
    ]);
    expect(sem.stats()).toEqual({ name: "sem#1", capacity: 1, available: 1, held: 0, waiting: 0 });
  });

  it("lets n tasks in at once and serves the rest in arrival order", () => {
    const log = new EventLog();
    const sem = semaphore(2);
    run(
      scope(function* () {
        for (const [name, ms] of [
          ["w1", 10],
          ["w2", 5],
          ["w3", 1],
          ["w4", 1],
        ] as const) {
          yield* spawn(function* worker() {
            yield* sem.withPermit(
              (function* () {
                yield* log.at(`${name} in`);
                yield* sleep(ms);
              })(),
            );
            yield* log.at(`${name} out`);
          });
        }
      }),
    );
    expect(log.events).toEqual(["t=0 w1 in", "t=0 w2 in", "t=5 w2 out", "t=5 w3 in", "t=6 w3 out", "t=6 w4 in", "t=7 w4 out", "t=10 w1 out"]);
    expect(sem.available).toBe(2);
  });

  it("acquire() is one cached instruction, usable with a plain yield", () => {
    const sem = semaphore(1);
    expect(sem.acquire()).toBe(sem.acquire());
    run(function* () {
      yield sem.acquire();
      expect(sem.available).toBe(0);
      sem.release();
    });
    expect(sem.available).toBe(1);
  });

  it("a waiter cancelled while blocked leaves the queue; the permit goes to the next one", () => {
    const log = new EventLog();
    const sem = semaphore(1);
    run(
      scope(function* () {
        yield* spawn(function* a() {
          yield* sem.withPermit(sleep(10));
          yield* log.at("a done");
        });
        const b = yield* spawn(function* b() {
          yield* sleep(1);
          try {
            yield* sem.acquire();
            log.push("b acquired (must not happen)");
          } finally {
            yield* log.at(`b cleanup; ${brief(sem)}`);
          }
        });
        yield* spawn(function* c() {
          yield* sleep(2);
          yield* sem.acquire();
          yield* log.at("c acquired");
          sem.release();
        });
        yield* sleep(5);
        yield* cancel(b);
        yield* log.at(`b cancelled; ${brief(sem)}`);
      }),
    );
    expect(log.events).toEqual(["t=5 b cleanup; available=0 held=1 waiting=1", "t=5 b cancelled; available=0 held=1 waiting=1", "t=10 a done", "t=10 c acquired"]);
    expect(sem.stats()).toMatchObject({ available: 1, held: 0, waiting: 0 });
  });

  it("a waiter handed a permit and cancelled before it runs still receives it, and releases it in its finally", () => {
    const log = new EventLog();
    const sem = semaphore(1);
    let b: Task<void> | undefined;
    run(
      scope(function* () {
        b = yield* spawn(function* b() {
          yield* sleep(1);
          yield* sem.acquire();
          log.push("b got the permit");
          try {
            yield* sleep(5);
            log.push("b slept (must not happen)");
          } finally {
            sem.release();
            log.push(`b released; ${brief(sem)}`);
          }
        });
        yield* spawn(function* c() {
          yield* sleep(2);
          yield* sem.acquire();
          yield* log.at("c acquired");
          sem.release();
        });
        yield* spawn(function* a() {
          yield* sem.acquire();
          yield* sleep(10);
          sem.release(); // hands the permit to b...
          b?.cancel(); // ...which is cancelled before it runs
          yield* log.at(`a released and cancelled b; ${brief(sem)}`);
        });
      }),
    );
    expect(log.events).toEqual([
      "t=10 a released and cancelled b; available=0 held=1 waiting=1",
      "b got the permit",
      "b released; available=0 held=1 waiting=0",
      "t=10 c acquired",
    ]);
    expect(b?.state).toBe("cancelled");
    expect(sem.available).toBe(1);
  });

  it("withPermit releases when the operation throws", () => {
    const sem = semaphore(2);
    const result = run(function* () {
      try {
        yield* sem.withPermit(
          (function* () {
            yield* sleep(3);
            expect(sem.available).toBe(1);
            throw new Error("boom");
          })(),
        );
        return "no error";
      } catch (e) {
        return `${(e as Error).message}; ${brief(sem)}`;
      }
    });
    expect(result).toBe("boom; available=2 held=0 waiting=0");
  });

  it("withPermit releases when the task is cancelled, and a task cancelled while waiting for the permit releases nothing", () => {
    const log = new EventLog();
    const sem = semaphore(1);
    run(
      scope(function* () {
        const holder = yield* spawn(function* holder() {
          yield* sem.withPermit(suspend());
        });
        const waiter = yield* spawn(function* waiter() {
          yield* sem.withPermit(suspend());
        });
        yield* sleep(1);
        yield* log.at(`both started; ${brief(sem)}`);
        yield* cancel(waiter);
        yield* log.at(`waiter cancelled; ${brief(sem)}`);
        yield* cancel(holder);
        yield* log.at(`holder cancelled; ${brief(sem)}`);
      }),
    );
    expect(log.events).toEqual([
      "t=1 both started; available=0 held=1 waiting=1",
      "t=1 waiter cancelled; available=0 held=1 waiting=0",
      "t=1 holder cancelled; available=1 held=0 waiting=0",
    ]);
  });

  it("withPermit gives the operation's result", () => {
    const sem = semaphore(1);
    const n = run(() =>
      sem.withPermit(
        (function* () {
          yield* sleep(1);
          return 42;
        })(),
      ),
    );
    expect(n).toBe(42);
  });

  it("rejects a count that is negative, fractional, NaN or infinite", () => {
    for (const [n, shown] of [
      [-1, "the number -1"],
      [1.5, "the number 1.5"],
      [NaN, "the number NaN"],
      [Infinity, "the number Infinity"],
      ["2", 'the string "2"'],
    ] as const) {
      expect(() => semaphore(n as number)).toThrow(InvalidArgumentError);
      expect(() => semaphore(n as number)).toThrow(`semaphore(${shown}): the number of permits must be an integer >= 0`);
    }
    expect(() => semaphore(1, { name: 5 as unknown as string })).toThrow("semaphore(): the name option must be a string, not the number 5");
  });

  it("bounded: release() with no permit held is a SemaphoreError that names the task and the semaphore, and changes nothing", () => {
    const sem = semaphore(2, { name: "pool", bounded: true });
    let label = "";
    const message = run(function* worker() {
      yield* sem.acquire();
      sem.release();
      label = (yield* currentTask()).label;
      const before = sem.stats();
      try {
        sem.release();
        return "no error";
      } catch (e) {
        expect(e).toBeInstanceOf(SemaphoreError);
        expect(e).toBeInstanceOf(UsageError);
        expect(sem.stats()).toEqual(before);
        return (e as Error).message;
      }
    });
    expect(label).toBe('task#1 "worker"');
    expect(message).toBe(
      'task#1 "worker" called release() on pool when no permit is held (available: 2 of 2), so there is nothing to release; release exactly once per acquire (withPermit() does it for you)',
    );
    expect(() => sem.release()).toThrow("code outside any task called release() on pool when no permit is held (available: 2 of 2)");
    expect(sem.stats()).toEqual({ name: "pool", capacity: 2, available: 2, held: 0, waiting: 0 });
  });

  it("counting (the default): release() adds a permit even above the initial count, so semaphore(0) is a signal", () => {
    const sem = semaphore(0, { name: "signal" });
    const log = new EventLog();
    run(
      scope(function* () {
        yield* spawn(function* waiter() {
          yield* sem.acquire();
          yield* log.at("waiter signalled");
          yield* sem.acquire();
          yield* log.at("waiter signalled again");
        });
        yield* sleep(5);
        sem.release(); // hands a permit to the waiter
        sem.release(); // no waiter yet: into the pool, above the initial 0
        yield* log.at(`released twice; ${brief(sem)}`);
      }),
    );
    expect(log.events).toEqual(["t=5 released twice; available=1 held=0 waiting=0", "t=5 waiter signalled", "t=5 waiter signalled again"]);
    const pool = semaphore(1);
    pool.release();
    pool.release();
    expect(pool.stats()).toEqual({ name: "sem#?", capacity: 1, available: 3, held: 0, waiting: 0 });
    expect(pool.bounded).toBe(false);
    expect(semaphore(1, { bounded: true }).bounded).toBe(true);
    expect(() => semaphore(1, { bounded: "yes" as unknown as boolean })).toThrow("semaphore(): the bounded option must be true or false, not the string \"yes\"");
  });

  it("bounded: semaphore(0, { bounded: true }) refuses every release", () => {
    expect(() => semaphore(0, { bounded: true }).release()).toThrow(SemaphoreError);
  });

  it("semaphore(0) never lets anyone in: the deadlock report says what the task waits on", () => {
    const sem = semaphore(0);
    let error: unknown;
    try {
      run(function* gatekeeper() {
        yield* sem.acquire();
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DeadlockError);
    expect((error as DeadlockError).blocked.map((t) => `${t.label} ${t.waitingOn}`)).toEqual(['task#1 "gatekeeper" acquire(sem#1)']);
    expect(sem.acquire().describe()).toBe("acquire(sem#1)");
  });
});
