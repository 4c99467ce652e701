import { EventLog } from "../helpers.js";
import { Interrupt, InvalidArgumentError, UsageError, currentTask, now, run, sleep, spawn, yieldNow } from "../../src/index.js";
import type { Coroutine, Task } from "../../src/index.js";
import { PreemptiveResource, Preempted, PriorityResource, QueueFullError, Resource, ResourceError, Simulation, after, anyOf } from "../../src/sim/index.js";

/** A customer that holds the resource for `hold`, logging when it gets it and leaves. */
function* customer(log: EventLog, res: Resource, name: string, hold: number): Coroutine<void> {
  yield* log.at(`${name} requests`);
  yield* res.use(function* () {
    yield* log.at(`${name} served`);
    yield* sleep(hold);
  });
  yield* log.at(`${name} leaves`);
}

describe("Resource", () => {
  it("serves requests first come, first served", () => {
    const log = new EventLog();
    run(function* () {
      const res = new Resource(1);
      yield* spawn(customer, log, res, "a", 5);
      yield* sleep(1);
      yield* spawn(customer, log, res, "b", 5);
      yield* sleep(1);
      yield* spawn(customer, log, res, "c", 5);
      yield* sleep(20);
    });
    expect(log.events).toEqual([
      "t=0 a requests",
      "t=0 a served",
      "t=1 b requests",
      "t=2 c requests",
      "t=5 a leaves",
      "t=5 b served",
      "t=10 b leaves",
      "t=10 c served",
      "t=15 c leaves",
    ]);
  });

  it("counts users and the queue; capacity > 1 serves several at once", () => {
    const seen = run(function* () {
      const res = new Resource(2);
      const snapshots: string[] = [];
      for (let i = 0; i < 4; i++) yield* spawn(customer, new EventLog(), res, `c${i}`, 3);
      yield* yieldNow();
      snapshots.push(`${res.count}/${res.queueLength} ${res.queue.map((r) => r.task?.name).length} ${res.users.length}`);
      yield* sleep(3);
      // c0 and c1 release at t=3, and each release is processed at its turn
      // (SimPy's order): after one yield they are queued, after two the
      // slots have gone to c2 and c3.
      yield* yieldNow();
      snapshots.push(`${res.count}/${res.queueLength}`);
      yield* yieldNow();
      snapshots.push(`${res.count}/${res.queueLength}`);
      yield* sleep(4); // c2 and c3 leave at t=6
      snapshots.push(`${res.count}/${res.queueLength}`);
      return snapshots;
    });
    expect(seen).toEqual(["2/2 2 2", "0/2", "2/0", "0/0"]);
  });

  it("never lets a newcomer barge: a released slot goes to the oldest waiter, even before it runs", () => {
    const log = new EventLog();
    run(function* () {
      const res = new Resource(1);
      const first = res.request();
      yield* first;
      const waiter = yield* spawn(function* waiter() {
        yield* res.request();
        yield* log.at(`waiter got it (count ${res.count})`);
      });
      yield* yieldNow(); // the waiter is queued now
      res.release(first); // the waiter holds the slot from this moment, though it has not run
      const newcomer = res.request();
      yield* log.at(`newcomer ${newcomer.state}, queue ${res.queueLength}`);
      newcomer.cancel();
      yield* waiter;
    });
    expect(log.events).toEqual(["t=0 newcomer queued, queue 1", "t=0 waiter got it (count 1)"]);
  });

  it("a request cancelled or interrupted while waiting leaves the queue, and no slot is lost", () => {
    const log = new EventLog();
    run(function* () {
      const res = new Resource(1);
      const holder = res.request();
      yield* holder;
      const cancelled = yield* spawn(function* () {
        yield* res.request();
        yield* log.at("cancelled one was served (wrong)");
      });
      const interrupted = yield* spawn(function* () {
        try {
          yield* res.request();
        } catch (e) {
          yield* log.at(`interrupted while waiting: ${String((e as Interrupt).cause)}, queue ${res.queueLength}`);
        }
      });
      const third = yield* spawn(function* () {
        yield* res.request();
        yield* log.at(`third served, count ${res.count}, queue ${res.queueLength}`);
        res.release();
      });
      yield* sleep(1);
      cancelled.cancel();
      interrupted.interrupt("called away");
      yield* sleep(1);
      yield* log.at(`queue ${res.queueLength}: ${res.queue.map((r) => r.task?.name).join()}`);
      res.release(holder);
      yield* third;
      yield* log.at(`count ${res.count}, withdrawn ${res.stats().withdrawn}`);
    });
    expect(log.events).toEqual([
      "t=1 interrupted while waiting: called away, queue 1",
      "t=2 queue 1: anonymous",
      "t=2 third served, count 1, queue 0",
      "t=2 count 0, withdrawn 2",
    ]);
  });

  it("a request granted and processed just before its task is cancelled is received, and use() gives it back", () => {
    const log = new EventLog();
    run(function* () {
      const res = new Resource(1);
      const first = res.request();
      yield* first;
      const t = yield* spawn(function* () {
        yield* res.use(function* (req) {
          log.push(`holding since t=${req.usageSince}`); // runs: the slot was received
          yield* sleep(100); // the cancellation lands here
        });
      });
      yield* yieldNow();
      res.release(first);
      yield* yieldNow(); // the release is processed: the slot goes to t's request
      yield* yieldNow(); // t's request is processed: t is ready, with the slot
      t.cancel();
      yield* sleep(1);
      yield* log.at(`count ${res.count}, queue ${res.queueLength}`);
    });
    expect(log.events).toEqual(["holding since t=0", "t=1 count 0, queue 0"]);
  });

  it("a request granted but not yet processed when its task is cancelled is not received (SimPy's order); use() gives the slot back", () => {
    const log = new EventLog();
    run(function* () {
      const res = new Resource(1);
      const first = res.request();
      yield* first;
      const t = yield* spawn(function* () {
        yield* res.use(function* () {
          log.push("the body ran"); // does not: the cancellation came before the grant was processed
        });
      });
      yield* yieldNow();
      res.release(first);
      yield* yieldNow(); // the release is processed: the slot goes to t's request, whose turn is next
      t.cancel();
      yield* sleep(1);
      yield* log.at(`count ${res.count}, queue ${res.queueLength}, ${t.state}`);
    });
    expect(log.events).toEqual(["t=1 count 0, queue 0, cancelled"]);
  });

  it("use() releases on return, error, cancellation and interrupt", () => {
    const result = run(function* () {
      const res = new Resource(1);
      const counts: number[] = [];
      // return
      yield* res.use(sleep(1));
      counts.push(res.count);
      // error
      try {
        yield* res.use(function* () {
          yield* sleep(1);
          throw new Error("oops");
        });
      } catch {
        counts.push(res.count);
      }
      // cancellation while holding
      const holder = yield* spawn(() => res.use(sleep(50)));
      yield* sleep(1);
      holder.cancel();
      yield* sleep(0);
      counts.push(res.count);
      // interrupt while holding, not caught inside
      const worker = yield* spawn(function* () {
        try {
          yield* res.use(sleep(50));
        } catch (e) {
          return e instanceof Interrupt ? "interrupted" : "other";
        }
        return "finished";
      });
      yield* sleep(1);
      worker.interrupt("breakdown");
      const outcome = yield* worker;
      counts.push(res.count);
      return { counts, outcome, stats: res.stats().requests };
    });
    expect(result).toEqual({ counts: [0, 0, 0, 0], outcome: "interrupted", stats: 4 });
  });

  it("a renege with anyOf leaves the request queued until released; a task's end withdraws it anyway", () => {
    const log = new EventLog();
    run(function* () {
      const res = new Resource(1);
      yield* spawn(() => res.use(sleep(10)));
      yield* yieldNow();
      yield* spawn(function* patient() {
        const req = res.request();
        const r = yield* anyOf([req, after(3)]);
        yield* log.at(`reneged: ${!r.has(req)}, request ${req.state}, queue ${res.queueLength}`);
        res.release(req); // SimPy's `with` does this; withdrawing a waiting request
        yield* log.at(`after release: request ${req.state}, queue ${res.queueLength}`);
      });
      yield* spawn(function* forgetful() {
        const req = res.request();
        yield* anyOf([req, after(4)]);
        yield* log.at(`forgetful leaves with its request ${req.state}`);
      });
      yield* sleep(5);
      yield* log.at(`queue ${res.queueLength}, withdrawn ${res.stats().withdrawn}`);
    });
    expect(log.events).toEqual([
      "t=3 reneged: true, request queued, queue 2",
      "t=3 after release: request withdrawn, queue 1",
      "t=4 forgetful leaves with its request queued",
      "t=5 queue 0, withdrawn 2",
    ]);
  });

  it("refuses misuse with errors that name the task and the resource", () => {
    const sim = new Simulation();
    const res = new Resource(1, { name: "counter" });
    expect(() => res.request()).toThrow(/request\(\) on counter was called outside any process/);
    const errors: string[] = [];
    sim.process(function* main() {
      const other = new Resource(1, { name: "other" });
      const req = yield* res.request();
      try {
        other.release(req);
      } catch (e) {
        errors.push(`${(e as Error).constructor.name}: ${(e as Error).message}`);
      }
      res.release(req);
      try {
        res.release(req);
      } catch (e) {
        errors.push((e as Error).message);
      }
      try {
        res.release();
      } catch (e) {
        errors.push((e as Error).message);
      }
      const held = res.request();
      const stale = res.request(); // queued behind `held`
      res.release(stale); // withdrawn
      res.release(held);
      try {
        yield* stale;
      } catch (e) {
        errors.push((e as Error).message);
      }
    });
    sim.run();
    expect(errors).toEqual([
      'ResourceError: task#1 "main" released request(counter) on other, which did not grant it; release a request on the resource that made it',
      'task#1 "main" released request(counter) of task#1 "main" twice; release each granted request exactly once (use() does it for you)',
      'task#1 "main" called release() on counter but holds no slot of it; pass the request to release (counter.release(req)), from any task',
      'task#1 "main" waits for request(counter), which was withdrawn (cancelled, or its task stopped waiting for it); make a new one',
    ]);
    expect(() => new Resource(0)).toThrow(InvalidArgumentError);
    expect(() => new Resource(1.5)).toThrow(/capacity must be an integer >= 1/);
    expect(new ResourceError("x")).toBeInstanceOf(UsageError);
  });
});

describe("PriorityResource", () => {
  it("serves lower priority values first, first come first served among equals", () => {
    const log = new EventLog();
    run(function* () {
      const res = new PriorityResource(1);
      const first = res.request();
      yield* first;
      const arrivals: [string, number][] = [
        ["low-1", 5],
        ["high-1", 1],
        ["mid", 3],
        ["high-2", 1],
        ["low-2", 5],
      ];
      for (const [name, priority] of arrivals) {
        yield* spawn(function* () {
          yield* res.use(function* () {
            yield* log.at(name);
            yield* sleep(1);
          }, { priority });
        });
        yield* sleep(1);
      }
      res.release(first);
      yield* sleep(10);
    });
    expect(log.events).toEqual(["t=5 high-1", "t=6 high-2", "t=7 mid", "t=8 low-1", "t=9 low-2"]);
  });

  it("refuses a priority that is not a number", () => {
    run(function* () {
      const res = new PriorityResource(1);
      expect(() => res.request({ priority: Number.NaN })).toThrow(/priority must be a number/);
      expect(res.queueLength + res.count).toBe(0);
    });
  });
});

describe("PreemptiveResource", () => {
  /** A user that works `work` units on the resource, resuming after each preemption. */
  function* user(log: EventLog, res: PreemptiveResource, name: string, priority: number, work: number): Coroutine<void> {
    let left = work;
    while (left > 0) {
      const req = res.request({ priority });
      yield* req;
      const start = yield* now();
      try {
        yield* sleep(left);
        left = 0;
        yield* log.at(`${name} done`);
        res.release(req);
      } catch (e) {
        if (!(e instanceof Interrupt) || !(e.cause instanceof Preempted)) throw e;
        left -= (yield* now()) - start;
        const cause = e.cause;
        yield* log.at(`${name} preempted by ${cause.by?.name} (held since t=${cause.usageSince}), ${left} left, request ${req.state}`);
        res.release(req); // does nothing: the slot is gone
      }
    }
  }

  it("a more important request takes the slot; the user learns by whom and since when", () => {
    const log = new EventLog();
    run(function* () {
      const res = new PreemptiveResource(1);
      yield* spawn(user, log, res, "low", 2, 10);
      yield* sleep(3);
      yield* spawn(function* vip() {
        yield* res.use(function* () {
          yield* log.at("vip served");
          yield* sleep(4);
        }, { priority: 1 });
      });
      yield* sleep(20);
      yield* log.at(`preempted ${res.stats().preempted}`);
    });
    // As in SimPy: the Interrupt reaches low (woken as the request took its
    // slot) before vip's request is processed.
    expect(log.events).toEqual(["t=3 low preempted by vip (held since t=0), 7 left, request preempted", "t=3 vip served", "t=14 low done", "t=23 preempted 1"]);
  });

  it("equal priority, or preempt: false, waits its turn instead", () => {
    const log = new EventLog();
    run(function* () {
      const res = new PreemptiveResource(1);
      yield* spawn(user, log, res, "first", 1, 5);
      yield* sleep(1);
      yield* spawn(user, log, res, "equal", 1, 1);
      yield* spawn(function* polite() {
        yield* res.use(function* () {
          yield* log.at("polite served");
        }, { priority: 0, preempt: false });
      });
      yield* sleep(20);
    });
    expect(log.events).toEqual(["t=5 first done", "t=5 polite served", "t=6 equal done"]);
  });

  it("the victim is the least important, most recent user", () => {
    const log = new EventLog();
    run(function* () {
      const res = new PreemptiveResource(2);
      yield* spawn(user, log, res, "p3-early", 3, 10);
      yield* sleep(1);
      yield* spawn(user, log, res, "p3-late", 3, 10);
      yield* sleep(1);
      yield* spawn(function* urgent() {
        yield* res.use(sleep(1), { priority: 0 });
        yield* log.at("urgent done");
      });
      yield* sleep(30);
    });
    expect(log.events[0]).toBe("t=2 p3-late preempted by urgent (held since t=1), 9 left, request preempted");
  });

  it("a task never preempts itself", () => {
    const result = run(function* () {
      const res = new PreemptiveResource(1);
      const mine = res.request({ priority: 5 });
      yield* mine;
      const again = res.request({ priority: 0 });
      const me = yield* currentTask();
      return [again.state, res.users[0]?.task === me, res.stats().preempted];
    });
    expect(result).toEqual(["queued", true, 0]);
  });

  it("a user that finished without releasing is not interrupted, but loses the slot", () => {
    const result = run(function* () {
      const res = new PreemptiveResource(1);
      const lazy: Task<unknown> = yield* spawn(function* () {
        yield* res.request({ priority: 5 });
      });
      yield* lazy;
      const req = res.request({ priority: 0 });
      return [req.state, res.count, res.stats().preempted];
    });
    expect(result).toEqual(["served", 1, 1]);
  });
});

describe("Resource maxQueue", () => {
  it("refuses a request that would wait beyond it with QueueFullError, and leaves the resource unchanged", () => {
    const log = new EventLog();
    run(function* () {
      const desk = new Resource(1, { name: "desk", maxQueue: 1 });
      const first = desk.request(); // granted
      const second = desk.request(); // waits
      try {
        desk.request();
      } catch (e) {
        yield* log.at(`${e instanceof QueueFullError ? "QueueFullError" : String(e)}: ${(e as Error).message.replace(/#\d+/g, "#n")}`);
      }
      yield* log.at(`count ${desk.count}, queue ${desk.queueLength}, requests ${desk.stats().requests}`);
      desk.release(first);
      yield* second;
      desk.release(second);
    });
    expect(log.events).toEqual([
      't=0 QueueFullError: task#n "main" called request() on desk, whose queue is full (1 waiting, maxQueue 1); the request was not made. Catch QueueFullError to turn the customer away, or raise maxQueue',
      "t=0 count 1, queue 1, requests 2",
    ]);
  });

  it("takes an integer >= 0 or Infinity; anything else is an InvalidArgumentError naming the option", () => {
    for (const bad of [-1, 1.5, NaN, "2", null]) {
      expect(() => new Resource(1, { maxQueue: bad as number })).toThrow(/maxQueue option must be an integer >= 0/);
    }
    expect(new Resource(1, { maxQueue: 0 }).maxQueue).toBe(0);
    expect(new Resource(1).maxQueue).toBe(Infinity);
  });
});
