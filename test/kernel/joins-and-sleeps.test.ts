/**
 * A Task is its own join instruction and a Sleep its own timer entry: the
 * cases where that sharing could go wrong (a joiner cancelled while it waits,
 * several joiners, one Sleep yielded by two tasks at once), and the timer
 * heap growing past its first typed-array capacity.
 */
import { EventLog } from "../helpers.js";
import { CancelledError, Random, Scheduler, VirtualHost, run, scope, select, sleep, spawn } from "../../src/index.js";
import type { Coroutine, Task } from "../../src/index.js";
import { Timer, TimerHeap } from "../../src/kernel/timer-heap.js";

function* after<T>(ms: number, value: T): Coroutine<T> {
  yield* sleep(ms);
  return value;
}

describe("joining a task", () => {
  it("works in the direct form too: `yield task` gives its result", () => {
    const result = run(function* () {
      const child = yield* spawn(after, 5, "five");
      return (yield child) as string;
    });
    expect(result).toBe("five");
  });

  it("wakes every joiner of one task, in the order they started waiting", () => {
    const log = new EventLog();
    run(scope(function* () {
      const target = yield* spawn(after, 10, 42);
      for (const name of ["a", "b", "c"]) {
        yield* spawn(function* () {
          const value = yield* target;
          yield* log.at(`${name} got ${value}`);
        });
      }
    }));
    expect(log.events).toEqual(["t=10 a got 42", "t=10 b got 42", "t=10 c got 42"]);
  });

  it("forgets a joiner cancelled while it waits: the target's end neither wakes it nor fails anyone", () => {
    const log = new EventLog();
    const host = new VirtualHost();
    const target = host.spawn(after, 20, "done");
    const joiner = host.spawn(function* () {
      try {
        yield* target;
        log.push("joined");
      } finally {
        log.push("joiner cleanup");
      }
    });
    host.runUntil(5);
    expect(joiner.waitingOn).toBe(`join(${target.label})`);
    joiner.cancel();
    host.run();
    expect(log.events).toEqual(["joiner cleanup"]);
    expect(joiner.state).toBe("cancelled");
    expect(target.value).toBe("done");
  });

  it("throws CancelledError into the joiner of a cancelled task, and the failure of a failed one", () => {
    const outcomes = run(function* () {
      const doomed = yield* spawn(after, 50, 0);
      const failing = yield* spawn(function* (): Coroutine<number> {
        yield* sleep(1);
        throw new Error("boom");
      });
      const results: string[] = [];
      yield* spawn(function* () {
        yield* sleep(2);
        doomed.cancel();
      });
      for (const t of [failing, doomed] as Task<number>[]) {
        try {
          yield* t;
        } catch (e) {
          results.push(e instanceof CancelledError ? "cancelled" : (e as Error).message);
        }
      }
      return results;
    });
    expect(outcomes).toEqual(["boom", "cancelled"]);
  });
});

describe("one Sleep yielded by several tasks", () => {
  it("times each task's sleep from when that task yielded it", () => {
    const log = new EventLog();
    const pause = sleep(10);
    run(scope(function* () {
      for (const [name, start] of [["a", 0], ["b", 3], ["c", 3]] as const) {
        yield* spawn(function* () {
          yield* sleep(start);
          yield* pause;
          yield* log.at(name);
          yield* pause; // the same Sleep again, once it is free
          yield* log.at(`${name} again`);
        });
      }
    }));
    expect(log.events).toEqual(["t=10 a", "t=13 b", "t=13 c", "t=20 a again", "t=23 b again", "t=23 c again"]);
  });

  it("disarms only the cancelled task's timer", () => {
    const log = new EventLog();
    const host = new VirtualHost();
    const pause = sleep(10);
    const sleeper = (name: string) =>
      host.spawn(function* () {
        yield pause;
        yield* log.at(name);
      });
    const first = sleeper("first");
    const second = sleeper("second");
    host.runUntil(1);
    first.cancel();
    host.run();
    expect(log.events).toEqual(["t=10 second"]);
    expect(second.state).toBe("done");
    expect(host.scheduler.timerCount).toBe(0);
  });
});

describe("misuse", () => {
  it("refuses a Sleep passed to addTimer, which only takes Timer subclasses", () => {
    const scheduler = new Scheduler();
    expect(() => scheduler.addTimer(sleep(5) as unknown as Timer, 1)).toThrow(/addTimer\(\) needs an instance of a Timer subclass, but got an instance of Sleep/);
    expect(scheduler.timerCount).toBe(0);
  });

  it("names a Task as a Task, not as a generator object, in error messages", () => {
    expect(() =>
      run(function* () {
        const child = yield* spawn(after, 1, 1);
        yield* select([child as never]);
      }),
    ).toThrow(/an instance of Task/);
  });
});

describe("the timer heap beyond its first capacity", () => {
  class Entry extends Timer {
    constructor(readonly order: number) {
      super();
    }
    fire(): void {}
  }

  it("pops 5,000 timers in (deadline, arming) order after growing, with removals", () => {
    const heap = new TimerHeap();
    const random = new Random(3);
    const entries: Entry[] = [];
    for (let i = 0; i < 5000; i++) {
      const entry = new Entry(i);
      heap.insert(entry, Math.floor(random.next() * 100)); // many equal deadlines
      entries.push(entry);
    }
    const removed = new Set<Entry>();
    for (let i = 0; i < 5000; i += 7) {
      expect(heap.remove(entries[i] as Entry)).toBe(true);
      removed.add(entries[i] as Entry);
    }
    expect(heap.remove(entries[0] as Entry)).toBe(false);
    const expected = entries.filter((e) => !removed.has(e)).sort((a, b) => a.deadline - b.deadline || a.order - b.order);
    const popped: Entry[] = [];
    while (heap.size > 0) popped.push(heap.pop() as Entry);
    expect(popped).toEqual(expected);
    expect(popped.every((e) => e.heapIndex === -1)).toBe(true);
    expect(heap.nextDeadline()).toBe(Infinity);
  });

  it("gives its memory back after a burst: the capacity follows the size down", () => {
    const heap = new TimerHeap();
    const entries: Entry[] = [];
    for (let i = 0; i < 100_000; i++) {
      const entry = new Entry(i);
      heap.insert(entry, i % 977);
      entries.push(entry);
    }
    expect(heap.capacity).toBe(131_072);
    // Half the burst is cancelled, the rest fires: both paths shrink.
    for (let i = 0; i < 100_000; i += 2) heap.remove(entries[i] as Entry);
    expect(heap.capacity).toBeLessThanOrEqual(4 * heap.size);
    let last = -1;
    while (heap.size > 0) {
      const entry = heap.pop() as Entry;
      expect(entry.deadline).toBeGreaterThanOrEqual(last);
      last = entry.deadline;
      if (heap.size === 1000) expect(heap.capacity).toBeLessThanOrEqual(4096);
    }
    expect(heap.capacity).toBe(64);
    // And it grows again as before.
    for (let i = 0; i < 1000; i++) heap.insert(new Entry(i), 1000 - i);
    expect(heap.nextDeadline()).toBe(1);
    expect(heap.capacity).toBe(1024);
  });

  it("runs 10,000 sleeping tasks in deadline order on the scheduler", () => {
    const scheduler = new Scheduler();
    const random = new Random(9);
    const woke: number[] = [];
    for (let i = 0; i < 10_000; i++) {
      const ms = Math.floor(random.next() * 1000);
      scheduler.spawn(function* () {
        yield sleep(ms);
        woke.push(scheduler.now);
      });
    }
    scheduler.runVirtual();
    expect(woke).toHaveLength(10_000);
    expect(woke.every((t, i) => i === 0 || (woke[i - 1] as number) <= t)).toBe(true);
    expect(scheduler.liveTasks).toBe(0);
  });
});
