/**
 * Exception safety at every place where user code runs inside the kernel:
 * an instruction's tryNow() and park(), a wait's undo(), a finish listener,
 * each tracer hook, and a custom timer's fire(). Whatever they throw, the
 * kernel finishes its own bookkeeping first and then hands the error to the
 * task concerned (or to the host when no task is).
 *
 * Every case checks the same things afterwards (see `checkConsistent`):
 * every task reached a final state, nothing is left in the ready queue or
 * the timer heap, every `finally` ran exactly once, and the same host runs
 * the next program.
 */
import {
  CancelledError,
  VirtualHost,
  scope,
  sleep,
  spawn,
  suppressedErrors,
  suspend,
} from "../../src/index.js";
import {
  Instruction,
  Timer,
  WAIT,
  WaitList,
} from "../../src/extend.js";
import type { Coroutine, Task, TaskGroup, Tracer } from "../../src/index.js";
import type { Waiting } from "../../src/extend.js";

/** Counts finally blocks by task name, so that "exactly once" can be checked. */
class Finallies {
  readonly counts = new Map<string, number>();
  ran(name: string): void {
    this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
  }
  expectEachOnce(names: string[]): void {
    for (const name of names) expect([name, this.counts.get(name)]).toEqual([name, 1]);
  }
}

/** The invariants every case must leave behind, and proof that the host still works. */
function checkConsistent(host: VirtualHost, tasks: Task<unknown>[]): void {
  for (const t of tasks) expect([t.label, t.isFinished]).toEqual([t.label, true]);
  expect(host.scheduler.liveTasks).toBe(0);
  expect(host.scheduler.readyCount).toBe(0);
  expect(host.scheduler.timerCount).toBe(0);
  expect(host.scheduler.uncaught).toEqual([]);
  const next = host.spawn(function* next() {
    yield* sleep(5);
    return "the next program ran";
  });
  host.run();
  expect(next.value).toBe("the next program ran");
}

/** A wait whose undo throws: the shape of a user's buggy primitive or teardown. */
class BrokenUndo extends Instruction<string> {
  constructor(private readonly message: string) {
    super();
  }
  describe(): string {
    return "brokenUndo";
  }
  tryNow(): Waiting {
    return WAIT;
  }
  override park(task: Task<unknown>): void {
    task.block(this);
  }
  override undo(): void {
    throw new Error(this.message);
  }
}

/** A tracer whose every hook does nothing, except `hook`, which throws the first time. */
function throwingTracer(hook: keyof Tracer, error: Error): Tracer {
  let thrown = false;
  const tracer: Tracer = {
    spawned() {},
    stepStarted() {},
    stepEnded() {},
    woken() {},
    cancelRequested() {},
    finished() {},
  };
  tracer[hook] = () => {
    if (thrown) return;
    thrown = true;
    throw error;
  };
  return tracer;
}

describe("exception safety: an instruction's own methods", () => {
  for (const form of ["typed", "direct"] as const) {
    it(`park() that throws after putting the task on a WaitList leaves it on no list, and the task gets the error (${form})`, () => {
      const list = new WaitList<string>("shaky");
      class Shaky extends Instruction<string> {
        describe(): string {
          return "shaky";
        }
        tryNow(): Waiting {
          return WAIT;
        }
        override park(task: Task<unknown>): void {
          list.add(task, this);
          throw new Error("park failed half-way");
        }
      }
      const host = new VirtualHost();
      const finallies = new Finallies();
      let caught: unknown;
      const t = host.spawn(function* main() {
        try {
          if (form === "typed") yield* new Shaky();
          else yield new Shaky();
        } catch (error) {
          caught = error;
        } finally {
          finallies.ran("main");
        }
      });
      host.run();
      expect((caught as Error).message).toBe("park failed half-way");
      expect(list.length).toBe(0);
      finallies.expectEachOnce(["main"]);
      checkConsistent(host, [t]);
    });

    it(`tryNow() that throws refuses the operation at the task's yield, and parks nothing (${form})`, () => {
      class Refuses extends Instruction<number> {
        describe(): string {
          return "refuses";
        }
        tryNow(): number {
          throw new RangeError("no");
        }
      }
      const host = new VirtualHost();
      const t = host.spawn(function* main(): Coroutine<string> {
        try {
          if (form === "typed") yield* new Refuses();
          else yield new Refuses();
          return "not refused";
        } catch (error) {
          return (error as Error).name;
        }
      });
      host.run();
      expect(t.value).toBe("RangeError");
      checkConsistent(host, [t]);
    });
  }
});

describe("exception safety: a wait's undo()", () => {
  it("an undo that throws on cancel: the task still unwinds (finally once), then fails with the undo's error", () => {
    const host = new VirtualHost();
    const finallies = new Finallies();
    const worker = host.spawn(function* worker() {
      try {
        yield new BrokenUndo("undo failed");
      } finally {
        finallies.ran("worker");
      }
    });
    host.runUntil(0);
    worker.cancel();
    expect(() => host.run()).toThrow("undo failed");
    expect(worker.state).toBe("failed");
    expect((worker.error as Error).message).toBe("undo failed");
    finallies.expectEachOnce(["worker"]);
    checkConsistent(host, [worker]);
  });

  it("an undo that throws while a parent's end cancels three children: all three are cancelled and the parent finishes", () => {
    const host = new VirtualHost();
    const finallies = new Finallies();
    const children: Task<unknown>[] = [];
    const parent = host.spawn(function* parent() {
      for (const name of ["a", "b", "c"]) {
        children.push(
          yield* spawn(function* child() {
            try {
              yield new BrokenUndo(`undo of ${name} failed`);
            } finally {
              finallies.ran(name);
            }
          }),
        );
      }
      yield* sleep(1);
      // Returning cancels the three children, whose undo each throws.
    });
    let thrown: unknown;
    try {
      host.run();
    } catch (error) {
      thrown = error;
    }
    // The children fail with their undo errors; nobody joined them, so the
    // parent fails with the first, the other two attached to it, none dropped.
    const all = [thrown, ...suppressedErrors(thrown)];
    expect(all.map((e) => (e as Error).message).sort()).toEqual(["undo of a failed", "undo of b failed", "undo of c failed"]);
    expect(children.map((c) => c.state)).toEqual(["failed", "failed", "failed"]);
    expect(parent.state).toBe("failed");
    finallies.expectEachOnce(["a", "b", "c"]);
    checkConsistent(host, [parent, ...children]);
  });

  it("an undo that throws on interrupt: the task gets the undo's error at its yield and carries on", () => {
    const host = new VirtualHost();
    const seen: string[] = [];
    const t = host.spawn(function* machine() {
      try {
        yield new BrokenUndo("undo failed on interrupt");
      } catch (error) {
        seen.push((error as Error).message);
      }
      yield* sleep(1);
      return "carried on";
    });
    host.runUntil(0);
    t.interrupt("breakdown");
    host.run();
    expect(seen).toEqual(["undo failed on interrupt"]);
    expect(t.value).toBe("carried on");
    checkConsistent(host, [t]);
  });
});

describe("exception safety: finish listeners", () => {
  it("a listener that throws: the joiner is still woken, the other listeners are told, and the error reaches the host", () => {
    const host = new VirtualHost();
    const told: string[] = [];
    let joined: unknown;
    const main = host.spawn(function* main() {
      const child = yield* spawn(function* child() {
        yield* sleep(1);
        return 7;
      });
      child.addFinishListener({ passive: true, taskFinished: () => told.push("first") });
      child.addFinishListener({
        passive: true,
        taskFinished: () => {
          throw new Error("listener failed");
        },
      });
      child.addFinishListener({ passive: true, taskFinished: () => told.push("third") });
      joined = yield* child;
    });
    expect(() => host.run()).toThrow("listener failed");
    expect(told).toEqual(["first", "third"]);
    host.run(); // the host took the listener's error; the rest of the run goes on
    expect(joined).toBe(7);
    expect(main.state).toBe("done");
    checkConsistent(host, [main]);
  });
});

describe("exception safety: tracer hooks", () => {
  const hooks: (keyof Tracer)[] = ["spawned", "stepStarted", "stepEnded", "woken", "cancelRequested", "finished"];
  for (const hook of hooks) {
    it(`a tracer whose ${hook}() throws once loses no task, no wake-up and no cancellation`, () => {
      const host = new VirtualHost();
      host.scheduler.tracer = throwingTracer(hook, new Error(`${hook} failed`));
      const finallies = new Finallies();
      const results: string[] = [];
      const main = host.spawn(function* main() {
        const sleeper = yield* spawn(function* sleeper() {
          try {
            yield* sleep(10);
            results.push("sleeper woke");
          } finally {
            finallies.ran("sleeper");
          }
        });
        const victim = yield* spawn(function* victim() {
          try {
            yield* suspend();
          } finally {
            finallies.ran("victim");
          }
        });
        yield* sleep(1);
        victim.cancel();
        yield* sleeper;
        results.push(`victim is ${victim.state}`);
      });
      let hostErrors = 0;
      for (let attempt = 0; attempt < 5 && !main.isFinished; attempt++) {
        try {
          host.run();
        } catch (error) {
          expect((error as Error).message).toBe(`${hook} failed`);
          hostErrors++;
        }
      }
      expect(hostErrors).toBe(1);
      expect(results).toEqual(["sleeper woke", "victim is cancelled"]);
      finallies.expectEachOnce(["sleeper", "victim"]);
      host.scheduler.tracer = null;
      checkConsistent(host, [main]);
    });
  }
});

describe("exception safety: custom timers", () => {
  it("a timer whose fire() throws: the other timers due at that instant still fire, then the host gets the error", () => {
    const host = new VirtualHost();
    const fired: string[] = [];
    class Bell extends Timer {
      constructor(
        private readonly name: string,
        private readonly broken: boolean,
      ) {
        super();
      }
      fire(): void {
        fired.push(this.name);
        if (this.broken) throw new Error(`${this.name} failed`);
      }
    }
    const main = host.spawn(function* main() {
      yield* sleep(10);
      return "slept";
    });
    host.scheduler.addTimer(new Bell("first", false), 10);
    host.scheduler.addTimer(new Bell("broken", true), 10);
    host.scheduler.addTimer(new Bell("last", false), 10);
    expect(() => host.run()).toThrow("broken failed");
    expect(fired).toEqual(["first", "broken", "last"]);
    host.run();
    expect(main.value).toBe("slept");
    checkConsistent(host, [main]);
  });
});

describe("cancellation that is not the task's own", () => {
  it("a cleanup that fails with another task's CancelledError fails the task, and the error is kept", () => {
    const host = new VirtualHost();
    let cleanupError: unknown;
    /** A cleanup that joins a task it cancelled, without catching what the join throws. */
    function* cleanup(): Coroutine<void> {
      const helper = yield* spawn(function* helper() {
        yield* suspend();
      });
      helper.cancel();
      try {
        yield* helper; // throws the helper's CancelledError
      } catch (error) {
        cleanupError = error;
        throw error;
      }
    }
    const worker = host.spawn(function* worker() {
      try {
        yield* suspend();
      } finally {
        yield* cleanup();
      }
    });
    host.runUntil(0);
    worker.cancel();
    expect(() => host.run()).toThrow(CancelledError);
    expect(worker.state).toBe("failed");
    expect(worker.error).toBe(cleanupError);
    expect((worker.error as CancelledError).taskLabel).toMatch(/helper/);
    checkConsistent(host, [worker]);
  });

  it("the task's own CancelledError, rethrown from a catch, still ends it as cancelled", () => {
    const host = new VirtualHost();
    const seen: string[] = [];
    const worker = host.spawn(function* worker() {
      try {
        yield* suspend();
      } catch (error) {
        seen.push((error as Error).name); // looked at, then rethrown as it should be
        throw error;
      }
    });
    host.runUntil(0);
    worker.cancel();
    host.run();
    expect(seen).toEqual(["CancelledError"]);
    expect(worker.state).toBe("cancelled");
    checkConsistent(host, [worker]);
  });
});

describe("spawning into a cancelled scope", () => {
  it("a task spawned into a scope after group.cancel() is cancelled at once, and the scope finishes", () => {
    const host = new VirtualHost();
    const ran: string[] = [];
    let late: Task<unknown> | null = null;
    let theGroup: TaskGroup | null = null;
    const main = host.spawn(function* main() {
      // A task outside the scope spawns into its group after cancelling it.
      yield* spawn(function* outsider() {
        yield* sleep(1);
        const group = theGroup as unknown as TaskGroup;
        group.cancel();
        yield* sleep(1); // the scope's body has ended by now; its child is still cleaning up
        late = yield* group.spawn(function* late() {
          ran.push("late ran"); // must never run
          yield* suspend();
        });
      });
      try {
        yield* scope(function* (group) {
          theGroup = group;
          yield* group.spawn(function* early() {
            try {
              yield* suspend();
            } finally {
              yield* sleep(5); // a slow cleanup keeps the scope open
              ran.push("early cleaned up");
            }
          });
          yield* suspend();
        });
      } catch (error) {
        ran.push(`scope threw ${(error as Error).name}`);
      }
    });
    host.run();
    expect(ran).toEqual(["early cleaned up", "scope threw CancelledError"]);
    expect((late as unknown as Task<unknown>).state).toBe("cancelled");
    expect(main.state).toBe("done");
    checkConsistent(host, [main]);
  });
});
