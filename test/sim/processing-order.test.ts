/**
 * Events are triggered, then processed at their turn in the ready queue
 * (SimPy's order; src/sim/event.ts). These tests pin that order down, and
 * that an operation served but not yet processed is given back when its
 * task stops waiting for it.
 */
import { sleep, yieldNow } from "../../src/index.js";
import type { Interrupt } from "../../src/index.js";
import { Container, FilterStore, PriorityStore, Resource, Simulation, Store, after, simEvent } from "../../src/sim/index.js";

describe("processing at the event's turn", () => {
  it("an event triggered and waited for in the same step resumes its waiter at its turn, after the tasks queued before it", () => {
    const sim = new Simulation();
    const log: string[] = [];
    const ev = simEvent<string>();
    sim.process(function* trigger() {
      ev.succeed("v");
      log.push(`triggered, processed ${ev.processed}`);
      const v = yield* ev;
      log.push(`trigger got ${v}, processed ${ev.processed}`);
    });
    sim.process(function* other() {
      log.push("other (queued before the event)");
    });
    sim.run();
    expect(log).toEqual(["triggered, processed false", "other (queued before the event)", "trigger got v, processed true"]);
  });

  it("waiting for a processed event gives its value at once", () => {
    const sim = new Simulation();
    const log: string[] = [];
    const ev = simEvent<number>();
    sim.process(function* () {
      ev.succeed(7);
      yield* sleep(1);
      sim.process(function* late() {
        log.push("late starts");
      });
      log.push(`got ${yield* ev} at ${sim.now}`); // before `late` runs: no turn to wait for
    });
    sim.run();
    expect(log).toEqual(["got 7 at 1", "late starts"]);
  });

  it("a request granted by the call that made it resumes its process at its turn (SimPy's carwash order)", () => {
    const sim = new Simulation();
    const log: string[] = [];
    const wash = new Resource(2);
    for (let i = 0; i < 3; i++) {
      sim.process(function* car() {
        log.push(`car ${i} arrives`);
        yield* wash.use(function* () {
          log.push(`car ${i} enters`);
          yield* sleep(5);
        });
      });
    }
    sim.run();
    expect(log).toEqual(["car 0 arrives", "car 1 arrives", "car 2 arrives", "car 0 enters", "car 1 enters", "car 2 enters"]);
  });

  it("after(0) is processed at its turn, like SimPy's timeout(0): before what is queued after it in the instant", () => {
    const sim = new Simulation();
    const log: string[] = [];
    const go = simEvent();
    sim.process(function* a() {
      yield* after(0);
      log.push("a after(0)");
    });
    sim.process(function* b() {
      go.succeed(); // queued after a's after(0)
      log.push("b triggers go");
    });
    sim.process(function* c() {
      yield* go;
      log.push("c woken by go");
    });
    sim.run();
    expect(log).toEqual(["b triggers go", "a after(0)", "c woken by go"]);
  });
});

describe("an operation served but not yet processed goes back if its task stops waiting", () => {
  function interruptBeforeTurn(serve: () => void, victim: { interrupt(cause?: unknown): void }): void {
    serve();
    victim.interrupt("called away"); // in the same step: the served operation's turn has not come
  }

  it("Store: the item goes back to the front, and the next get takes it", () => {
    const sim = new Simulation();
    const log: string[] = [];
    const store = new Store<string>();
    const first = sim.process(function* first() {
      try {
        log.push(`first got ${yield* store.get()}`);
      } catch (e) {
        log.push(`first: ${(e as Interrupt).cause as string}, store holds ${store.items.join(",")}`);
      }
    });
    sim.process(function* second() {
      yield* sleep(1);
      log.push(`second got ${yield* store.get()}`);
    });
    sim.process(function* putter() {
      yield* yieldNow();
      interruptBeforeTurn(() => store.put("a"), first);
      store.put("b");
    });
    sim.run();
    expect(log).toEqual(["first: called away, store holds a,b", "second got a"]);
    expect(store.stats().withdrawn).toBe(1);
  });

  it("Store: an item that no longer fits (a put took the room meanwhile) waits first in the put queue; the capacity holds", () => {
    const sim = new Simulation();
    const log: string[] = [];
    const store = new Store<string>(1, { sim });
    store.put("a"); // setup code: the store starts full
    const first = sim.process(function* first() {
      try {
        yield* store.get();
      } catch {
        log.push(`first interrupted: holds ${store.items.join(",")}, puts waiting ${store.putQueueLength}`);
      }
    });
    sim.process(function* putter() {
      // first's get has taken "a" in the step before, and its turn is queued behind this step
      store.put("b"); // the room goes to b
      first.interrupt();
      yield* sleep(0);
    });
    sim.process(function* second() {
      yield* sleep(1);
      log.push(`second got ${yield* store.get()}, then the store holds ${store.items.join(",")}`);
    });
    sim.run();
    expect(log).toEqual(["first interrupted: holds b, puts waiting 1", "second got b, then the store holds a"]);
    expect(store.size).toBe(1);
  });

  it("PriorityStore: the item goes back in its place by priority", () => {
    const sim = new Simulation();
    const log: string[] = [];
    const store = new PriorityStore<string>();
    const first = sim.process(function* first() {
      try {
        yield* store.get();
      } catch {
        log.push(`first interrupted, store holds ${store.items.join(",")}`);
      }
    });
    sim.process(function* putter() {
      yield* yieldNow();
      interruptBeforeTurn(() => store.put("urgent", 0), first);
      store.put("later", 5);
      store.put("sooner", 1);
    });
    sim.run();
    expect(log).toEqual(["first interrupted, store holds urgent,sooner,later"]);
  });

  it("FilterStore: the item goes back, and a get waiting for it takes it", () => {
    const sim = new Simulation();
    const log: string[] = [];
    const store = new FilterStore<number>();
    const first = sim.process(function* first() {
      try {
        yield* store.get((n) => n > 1);
      } catch {
        log.push("first interrupted");
      }
    });
    sim.process(function* second() {
      log.push(`second got ${yield* store.get((n) => n > 2)}`);
    });
    sim.process(function* putter() {
      yield* yieldNow();
      interruptBeforeTurn(() => store.put(3), first);
    });
    sim.run();
    // The item went straight to second's get, whose turn came before first ran again.
    expect(log).toEqual(["second got 3", "first interrupted"]);
  });

  it("Container: the amount goes back in, and a waiting get is served from it", () => {
    const sim = new Simulation();
    const log: string[] = [];
    const tank = new Container(100, 0);
    const first = sim.process(function* first() {
      try {
        yield* tank.get(30);
      } catch {
        log.push(`first interrupted, level ${tank.level}`);
      }
    });
    sim.process(function* second() {
      yield* tank.get(20);
      log.push(`second served, level ${tank.level}`);
    });
    sim.process(function* filler() {
      yield* yieldNow();
      interruptBeforeTurn(() => tank.put(40), first);
    });
    sim.run();
    // The 30 went back in, and second's get took 20 of the 40 at once; its turn came before first ran again.
    expect(log).toEqual(["second served, level 20", "first interrupted, level 20"]);
  });

  it("Resource: the slot goes to the next request, and waiting again for the taken-back request is refused", () => {
    const sim = new Simulation();
    const log: string[] = [];
    const res = new Resource(1, { sim });
    const holder = res.request(); // made outside any process, as SimPy allows
    const first = sim.process(function* first() {
      const req = res.request();
      try {
        yield* req;
      } catch {
        log.push(`first interrupted, its request ${req.state}, users ${res.count}`);
      }
      try {
        yield* req;
      } catch (e) {
        log.push((e as Error).message.replace(/#\d+/g, "#n"));
      }
    });
    sim.process(function* second() {
      yield* sleep(1);
      yield* res.request();
      log.push(`second holds the slot at ${sim.now}`);
    });
    sim.process(function* releaser() {
      yield* sleep(1);
      res.release(holder);
      yield* yieldNow(); // the release is processed: the slot goes to first's request
      first.interrupt("called away"); // before that request's turn
    });
    sim.run();
    expect(log).toEqual([
      "first interrupted, its request withdrawn, users 1", // the slot went on to second's request
      'task#n "first" waits for request(res#n), which was withdrawn (cancelled, or its task stopped waiting for it); make a new one',
      "second holds the slot at 1",
    ]);
  });
});
