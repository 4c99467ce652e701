import { EventLog } from "../helpers.js";
import { Scheduler, VirtualHost, now, run, scope, sleep, spawn, yieldNow } from "../../src/index.js";
import { Instruction, WAIT } from "../../src/extend.js";
import type { Coroutine, Task } from "../../src/index.js";
import type { Waiting } from "../../src/extend.js";

describe("ordering", () => {
  it("runs ready tasks first-in first-out", () => {
    const log = new EventLog();
    run(scope(function* () {
      for (const name of ["a", "b", "c"]) {
        yield* spawn(function* (n: string) {
          log.push(`${n}1`);
          yield* yieldNow();
          log.push(`${n}2`);
        }, name);
      }
    }));
    expect(log.events).toEqual(["a1", "b1", "c1", "a2", "b2", "c2"]);
  });

  it("fires equal deadlines in the order they were set, exactly at the deadline", () => {
    const log = new EventLog();
    run(scope(function* () {
      for (const name of ["x", "y", "z"]) {
        yield* spawn(function* () {
          yield* sleep(10);
          yield* log.at(name);
        });
      }
      yield* sleep(5);
      yield* spawn(function* () {
        yield* sleep(5); // also due at 10, but set last
        yield* log.at("w");
      });
    }));
    expect(log.events).toEqual(["t=10 x", "t=10 y", "t=10 z", "t=10 w"]);
  });

  it("readies every timer due at an instant before any of their tasks runs", () => {
    const log = new EventLog();
    run(scope(function* () {
      yield* spawn(function* () {
        yield* sleep(10);
        log.push("a woke");
        yield* sleep(0); // a new timer at t=10: after b, which was already due
        log.push("a again");
      });
      yield* spawn(function* () {
        yield* sleep(10);
        log.push("b woke");
      });
    }));
    expect(log.events).toEqual(["a woke", "b woke", "a again"]);
  });

  it("never fires a timer early, and the clock reads its deadline", () => {
    const times: number[] = [];
    run(scope(function* () {
      for (const d of [7, 3, 3, 12, 0]) {
        yield* spawn(function* () {
          const start = yield* now();
          yield* sleep(d);
          times.push((yield* now()) - start - d);
        });
      }
    }));
    expect(times).toEqual([0, 0, 0, 0, 0]);
  });

  it("bounds how long a task may continue without going through the queue", () => {
    const log = new EventLog();
    run(scope(function* () {
      yield* spawn(function* greedy() {
        for (let i = 0; i < 500; i++) yield* now(); // each completes at once
        log.push("greedy done");
      });
      yield* spawn(function* () {
        log.push("other ran");
      });
    }));
    expect(log.events).toEqual(["other ran", "greedy done"]);
  });

  it("accepts the direct form `yield op` and gives the same result", () => {
    const result = run(function* () {
      yield sleep(4);
      const direct: number = yield now();
      const typed = yield* now();
      return [direct, typed];
    });
    expect(result).toEqual([4, 4]);
  });

  it("spawns from a generator function with arguments, or from an operation", () => {
    const result = run(function* () {
      const a = yield* spawn(function* (x: number, y: string): Coroutine<string> {
        yield* sleep(1);
        return `${y}${x}`;
      }, 3, "n");
      const b = yield* spawn(sleep(2));
      const c = yield* spawn(now());
      return [yield* a, yield* b, yield* c, yield* now()];
    });
    expect(result).toEqual(["n3", undefined, 0, 2]);
  });
});

describe("scheduler bookkeeping", () => {
  it("reports live tasks, timers and a readable dump", () => {
    const host = new VirtualHost();
    host.spawn(function* main() {
      yield* spawn(function* worker() {
        yield* sleep(100);
      });
      yield* sleep(50);
    });
    host.runUntil(10);
    expect(host.scheduler.liveTasks).toBe(2);
    expect(host.scheduler.timerCount).toBe(2);
    expect(host.scheduler.dump()).toBe(
      ['task#1 "main" blocked on sleep(50) for 10ms', '  task#2 "worker" blocked on sleep(100) for 10ms'].join("\n"),
    );
    host.run();
    // main returned at t=50, which cancelled the still-sleeping worker.
    expect(host.scheduler.liveTasks).toBe(0);
    expect(host.scheduler.timerCount).toBe(0);
    expect(host.now).toBe(50);
  });

  it("names tasks after their generator function", () => {
    const s = new Scheduler();
    const t = s.spawn(function* fetchUser() {});
    expect(t.name).toBe("fetchUser");
    expect(t.label).toBe('task#1 "fetchUser"');
    expect(t.state).toBe("ready");
    s.runReady();
    expect(t.state).toBe("done");
  });

  it("the same seed gives the same random sequence; another seed another", () => {
    const draw = (seed: number) => {
      const s = new Scheduler({ seed });
      return [s.random.next(), s.random.next(), s.random.nextUint32()];
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
    const s = new Scheduler({ seed: 1 });
    for (let i = 0; i < 1000; i++) {
      const x = s.random.next();
      expect(x >= 0 && x < 1).toBe(true);
    }
  });
});

describe("writing a primitive", () => {
  it("a primitive that blocks and then resumes at once in park() runs the task exactly once", () => {
    class Instant extends Instruction<string> {
      describe() {
        return "instant";
      }
      tryNow(): Waiting {
        return WAIT;
      }
      override park(task: Task<unknown>) {
        task.block(this);
        task.resume("now");
      }
    }
    const log: string[] = [];
    const result = run(function* () {
      log.push("before");
      const v = yield* new Instant();
      log.push(`after ${v}`);
      return v;
    });
    expect(result).toBe("now");
    expect(log).toEqual(["before", "after now"]);
  });

  it("a user's field named kind (or any name but the protocol's) leaves the instruction an ordinary one", () => {
    /** Once, this field changed a custom instruction into a yield, a sleep or a join. */
    class Tagged extends Instruction<string> {
      readonly kind = 2;
      readonly sleeper = null;
      readonly ms = 5;
      describe() {
        return "tagged";
      }
      tryNow(): string {
        return `kind ${this.kind}`;
      }
    }
    const result = run(function* () {
      const typed = yield* new Tagged();
      const direct = (yield new Tagged()) as string;
      return [typed, direct, yield* now()];
    });
    expect(result).toEqual(["kind 2", "kind 2", 0]);
  });

  it("a primitive that says WAIT and has no park() fails the task with a UsageError that says what to write", () => {
    class Forgetful extends Instruction<void> {
      describe() {
        return "forgetful";
      }
      tryNow(): Waiting {
        return WAIT;
      }
    }
    expect(() => run(() => new Forgetful())).toThrow(/forgetful: tryNow\(\) said task#1 "main" must wait, but the instruction has no park\(\)/);
  });
});

describe("resume with the wait it completes", () => {
  it("a late wake-up for an old wait is ignored once the task waits on something else", () => {
    let stale: Task<unknown> | null = null;
    class Leaky extends Instruction<string> {
      describe() {
        return "leaky";
      }
      tryNow(): Waiting {
        return WAIT;
      }
      override park(task: Task<unknown>) {
        stale = task; // forgets to take the task off its list in undo()
        task.block(this);
      }
    }
    const leaky = new Leaky();
    const host = new VirtualHost();
    const t = host.spawn(function* () {
      try {
        return yield* leaky;
      } catch {
        yield* sleep(10); // now blocked on a sleep, not on the leaky wait
        return "slept";
      }
    });
    host.runUntil(0);
    t.interrupt("move on");
    host.runUntil(1);
    expect(t.waitingOn).toBe("sleep(10)");
    expect((stale as unknown as Task<unknown>).resume("stale", leaky)).toBe(false);
    expect(t.waitingOn).toBe("sleep(10)");
    host.run();
    expect(t.value).toBe("slept");
  });
});
