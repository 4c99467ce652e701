/**
 * Soundness of the sim layer's bookkeeping in edge cases: user code that
 * throws inside it, and a preemption that meets a user whose wait has
 * already completed in the same instant.
 */
import { Interrupt, now, sleep } from "../../src/index.js";
import { FilterStore, Preempted, PreemptiveResource, Simulation } from "../../src/sim/index.js";

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

describe("a FilterStore filter that throws", () => {
  it("when its get is made: the getter gets the error, the get leaves the queue, and later gets are served", () => {
    // SimPy 4.1.2 raises the filter's error from get(), but leaves the get
    // in the store's queue, so every later put or get calls the faulty
    // filter again and the error escapes from whichever process made that
    // call. Here the error is the get's failure, delivered to its process.
    const sim = new Simulation();
    const store = new FilterStore<number>(Infinity, { sim });
    store.put(1);
    const log: string[] = [];
    sim.process(function* faulty() {
      try {
        log.push(`faulty got ${yield* store.get(() => { throw new Error("bad filter"); })}`);
      } catch (e) {
        log.push(`faulty caught: ${message(e)}`);
      }
    });
    sim.process(function* other() {
      yield* sleep(1);
      log.push(`other got ${yield* store.get()}`);
    });
    sim.run();
    expect(log).toEqual(["faulty caught: bad filter", "other got 1"]);
    expect(store.getQueueLength).toBe(0);
    expect(store.size).toBe(0);
  });

  it("while a put is processed: only that getter gets the error; the putter and the other getters go on", () => {
    // SimPy 4.1.2: the error escapes from env.run() in the middle of
    // processing the put, so the putter is never resumed.
    const sim = new Simulation();
    const store = new FilterStore<number>(Infinity, { sim });
    const log: string[] = [];
    sim.process(function* faulty() {
      try {
        log.push(`faulty got ${yield* store.get((x) => { if (x === 1) throw new Error("bad filter"); return true; })}`);
      } catch (e) {
        log.push(`faulty caught: ${message(e)}`);
      }
    });
    sim.process(function* other() {
      log.push(`other got ${yield* store.get(() => true)}`);
    });
    sim.process(function* producer() {
      yield* sleep(1);
      yield* store.put(1);
      log.push("put done");
    });
    sim.run();
    expect(log.slice().sort()).toEqual(["faulty caught: bad filter", "other got 1", "put done"]);
    expect(store.getQueueLength).toBe(0);
    expect(store.size).toBe(0);
  });
});

describe("a preempted user whose wait completed in the same instant", () => {
  it("and who releases at once is not interrupted later, at a wait that has nothing to do with the slot", () => {
    // The repairman's "other jobs" pattern of docs/simulation.md: the job's
    // sleep ends at t=1, when a more important request arrives and runs
    // first. SimPy 4.1.2 throws the Interrupt at the pending `yield
    // timeout` (the interruption is urgent and goes before the timeout's
    // processing), where the job catches it. Here the job's sleep has
    // already completed, so the job runs on and releases; an Interrupt
    // delivered afterwards would hit its next `yield* req`, outside the
    // try, and kill it.
    const sim = new Simulation();
    const repairman = new PreemptiveResource(1, { sim });
    const log: string[] = [];
    sim.process(function* repair() {
      yield* sleep(1);
      yield* repairman.use(function* () {
        log.push(`repair starts at ${yield* now()}`);
        yield* sleep(1);
      }, { priority: 1 });
    });
    sim.process(function* otherJobs() {
      for (let job = 0; job < 2; job++) {
        let doneIn = 1;
        while (doneIn > 0) {
          const req = repairman.request({ priority: 2 });
          yield* req;
          try {
            yield* sleep(doneIn);
            doneIn = 0;
          } catch (e) {
            if (!(e instanceof Interrupt) || !(e.cause instanceof Preempted)) throw e;
            doneIn -= (yield* now()) - e.cause.usageSince;
          } finally {
            repairman.release(req);
          }
        }
        log.push(`job ${job} done at ${yield* now()}`);
      }
    });
    sim.run();
    // SimPy's order too: the job's interrupt (urgent) and what it does then come before the repair's grant is processed.
    expect(log).toEqual(["job 0 done at 1", "repair starts at 1", "job 1 done at 3"]);
    expect(repairman.count).toBe(0);
    expect(repairman.stats().preempted).toBe(1);
  });

  it("and who goes on using the slot is interrupted at its next wait", () => {
    const sim = new Simulation();
    const res = new PreemptiveResource(1, { sim });
    const log: string[] = [];
    sim.process(function* important() {
      yield* sleep(1);
      yield* res.use(function* () {
        log.push(`important starts at ${yield* now()}`);
        yield* sleep(1);
      }, { priority: 1 });
    });
    sim.process(function* user() {
      const req = res.request({ priority: 2 });
      yield* req;
      try {
        yield* sleep(1);
        log.push(`user's first part done at ${yield* now()}`);
        yield* sleep(5);
        log.push("user finished without being preempted");
      } catch (e) {
        if (!(e instanceof Interrupt) || !(e.cause instanceof Preempted)) throw e;
        log.push(`user preempted at ${yield* now()}, held since ${e.cause.usageSince}`);
      } finally {
        res.release(req);
      }
    });
    sim.run();
    // SimPy 4.1.2 throws the Interrupt at the completed `yield timeout(1)`
    // instead, so it has no "first part done" line; the rest is in its order.
    expect(log).toEqual(["user's first part done at 1", "user preempted at 1, held since 0", "important starts at 1"]);
    expect(res.count).toBe(0);
  });

  it("and whose use() body ends at once is not interrupted after use() has returned", () => {
    const sim = new Simulation();
    const res = new PreemptiveResource(1, { sim });
    const log: string[] = [];
    sim.process(function* important() {
      yield* sleep(1);
      yield* res.use(sleep(1), { priority: 1 });
      log.push(`important done at ${yield* now()}`);
    });
    sim.process(function* user() {
      yield* res.use(sleep(1), { priority: 2 });
      log.push(`user left the resource at ${yield* now()}`);
      yield* sleep(5);
      log.push(`user's other work done at ${yield* now()}`);
    });
    sim.run();
    expect(log).toEqual(["user left the resource at 1", "important done at 2", "user's other work done at 6"]);
  });
});

describe("a preemption among users of equal standing", () => {
  it("takes the slot of the first of them to have been granted, as SimPy does", () => {
    // Two users requested at the same time with the same priority: their
    // SimPy keys (priority, time, not preempt) are equal, and SimPy 4.1.2
    // takes the first user with the largest key (Python's max() keeps the
    // first of equals), that is the one granted first.
    const sim = new Simulation();
    const res = new PreemptiveResource(2, { sim });
    const log: string[] = [];
    for (const name of ["first", "second"]) {
      sim.process(function* () {
        try {
          yield* res.use(sleep(5), { priority: 2 });
          log.push(`${name} done at ${yield* now()}`);
        } catch (e) {
          if (!(e instanceof Interrupt) || !(e.cause instanceof Preempted)) throw e;
          log.push(`${name} preempted at ${yield* now()}`);
        }
      });
    }
    sim.process(function* urgent() {
      yield* sleep(1);
      yield* res.use(sleep(1), { priority: 1 });
      log.push(`urgent done at ${yield* now()}`);
    });
    sim.run();
    expect(log).toEqual(["first preempted at 1", "urgent done at 2", "second done at 5"]);
  });
});
