/**
 * Scheduler.queueTurn: a turn takes a place in the ready queue, and the
 * tasks it wakes run at that place.
 */
import { InvalidArgumentError, Scheduler, spawn, yieldNow } from "../../src/index.js";
import { Instruction, WAIT } from "../../src/extend.js";
import type { Task, Turn, Waiting } from "../../src/extend.js";

/** An instruction that parks its task until someone resumes it. */
class Parked extends Instruction<string> {
  readonly tasks: Task<unknown>[] = [];
  override tryNow(): string | Waiting {
    return WAIT;
  }
  override park(task: Task<unknown>): void {
    this.tasks.push(task);
    task.block(this);
  }
  override undo(task: Task<unknown>): void {
    this.tasks.splice(this.tasks.indexOf(task), 1);
  }
  describe(): string {
    return "parked";
  }
  /** A turn that wakes every parked task with `value`. */
  wakeAll(value: string, log: string[]): Turn {
    return {
      takeTurn: () => {
        log.push(`turn ${value}`);
        for (const t of this.tasks.splice(0)) t.resume(value);
      },
    };
  }
}

function step(scheduler: Scheduler): void {
  scheduler.runReady();
}

describe("Scheduler.queueTurn", () => {
  it("is taken after the tasks queued before it, and the tasks it wakes run before those queued after it", () => {
    const s = new Scheduler();
    const log: string[] = [];
    const gate = new Parked();
    s.spawn(function* waiter1() {
      log.push(`w1 got ${yield gate}`);
    });
    s.spawn(function* waiter2() {
      log.push(`w2 got ${yield gate}`);
    });
    step(s); // both park
    s.spawn(function* a() {
      log.push("a");
      s.queueTurn(gate.wakeAll("x", log));
      yield* spawn(function* c() {
        log.push("c (queued after the turn)");
      });
      yield* yieldNow(); // a goes back to the queue after the turn too
      log.push("a again");
    });
    s.spawn(function* b() {
      log.push("b (queued before the turn)");
    });
    step(s);
    expect(log).toEqual(["a", "b (queued before the turn)", "turn x", "w1 got x", "w2 got x", "c (queued after the turn)", "a again"]);
  });

  it("a turn queued by a turn goes to the back, behind the tasks the first one woke", () => {
    const s = new Scheduler();
    const log: string[] = [];
    const gate = new Parked();
    s.spawn(function* waiter() {
      log.push(`waiter got ${yield gate}`);
    });
    s.runReady();
    s.spawn(function* queued() {
      log.push("queued before");
    });
    s.queueTurn({
      takeTurn: () => {
        s.queueTurn({ takeTurn: () => log.push("second turn") });
        gate.wakeAll("z", log).takeTurn(); // woken after the second turn was queued: still first
      },
    });
    s.runReady();
    expect(log).toEqual(["queued before", "turn z", "waiter got z", "second turn"]);
  });

  it("counts as ready work: a turn queued outside a run is taken by the next run, and wakes an idle host", () => {
    const s = new Scheduler();
    let woken = 0;
    s.onWork = () => woken++;
    const log: string[] = [];
    s.queueTurn({ takeTurn: () => log.push("taken") });
    expect(woken).toBe(1);
    expect(s.readyCount).toBe(1);
    expect(s.runReady()).toBe(1);
    expect(log).toEqual(["taken"]);
    expect(s.readyCount).toBe(0);
  });

  it("takes turns in the order they were queued", () => {
    const s = new Scheduler();
    const log: string[] = [];
    for (const n of [1, 2, 3]) s.queueTurn({ takeTurn: () => log.push(`turn ${n}`) });
    s.spawn(function* t() {
      log.push("task");
    });
    s.runReady();
    expect(log).toEqual(["turn 1", "turn 2", "turn 3", "task"]);
  });

  it("is not offered to a schedule policy, and keeps its place among the tasks it picks", () => {
    const offered: string[][] = [];
    const s = new Scheduler({
      policy: {
        pick(ready) {
          offered.push(ready.map((t) => t.name));
          return ready.length - 1; // the newest
        },
      },
    });
    const log: string[] = [];
    s.spawn(function* first() {
      log.push("first");
    });
    s.queueTurn({ takeTurn: () => log.push("turn") });
    s.spawn(function* second() {
      log.push("second");
    });
    s.runReady();
    expect(offered[0]).toEqual(["first", "second"]);
    expect(log).toEqual(["second", "first", "turn"]);
  });

  it("is not a step for a tracer", () => {
    const steps: string[] = [];
    const s = new Scheduler({
      tracer: {
        spawned() {},
        stepStarted(t) {
          steps.push(t.name);
        },
        stepEnded() {},
        woken() {},
        cancelRequested() {},
        finished() {},
      },
    });
    s.queueTurn({ takeTurn: () => {} });
    s.spawn(function* only() {});
    s.runReady();
    expect(steps).toEqual(["only"]);
  });

  it("a turn that throws has been taken: its error leaves the run, the tasks it woke keep their place, and the next run goes on", () => {
    const s = new Scheduler();
    const log: string[] = [];
    const gate = new Parked();
    s.spawn(function* waiter() {
      log.push(`waiter got ${yield gate}`);
    });
    s.runReady();
    s.queueTurn({
      takeTurn: () => {
        gate.wakeAll("y", log).takeTurn();
        throw new Error("turn failed");
      },
    });
    s.spawn(function* later() {
      log.push("later");
    });
    expect(() => s.runReady()).toThrow("turn failed");
    s.runReady();
    expect(log).toEqual(["turn y", "waiter got y", "later"]);
  });

  it("refuses what is not a turn", () => {
    const s = new Scheduler();
    expect(() => s.queueTurn(null as unknown as Turn)).toThrow(InvalidArgumentError);
    expect(() => s.queueTurn({} as Turn)).toThrow(/takeTurn/);
    expect(s.readyCount).toBe(0);
  });
});
