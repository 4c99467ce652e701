import { EventLog } from "../helpers.js";
import { DeadlockError, Interrupt, InvalidArgumentError, MutexError, cancel, condition, currentTask, mutex, run, scope, sleep, spawn } from "../../src/index.js";
import type { Coroutine, Mutex, Task } from "../../src/index.js";

/** Whether the running task holds `m`. */
function* holds(m: Mutex): Coroutine<boolean> {
  return m.owner === (yield* currentTask());
}

describe("condition with a mutex", () => {
  it("releases the mutex while waiting and returns holding it (producer / consumers)", () => {
    const log = new EventLog();
    const m = mutex();
    const nonEmpty = condition(m);
    const queue: string[] = [];
    let c1: Task<void> | undefined;
    function* consumer(name: string): Coroutine<void> {
      yield* m.lock();
      try {
        while (queue.length === 0) {
          yield* log.at(`${name} waits`);
          yield* nonEmpty.wait();
        }
        yield* log.at(`${name} took ${queue.shift()}; holds the mutex: ${yield* holds(m)}`);
      } finally {
        m.unlock();
      }
    }
    run(
      scope(function* () {
        c1 = yield* spawn(consumer, "c1");
        yield* spawn(consumer, "c2");
        yield* spawn(function* producer() {
          yield* sleep(5);
          yield* m.lock();
          queue.push("x");
          const woken = nonEmpty.notify();
          yield* log.at(`producer notified ${woken}; mutex waiting ${m.stats().waiting}, condition waiting ${nonEmpty.stats().waiting}`);
          yield* sleep(2); // still holding the mutex: c1 cannot return yet
          queue.push("y");
          nonEmpty.notify();
          m.unlock();
          yield* log.at("producer unlocked");
        });
        yield* sleep(6);
        yield* log.at(`c1 waits on ${c1.waitingOn}`);
      }),
    );
    expect(log.events).toEqual([
      "t=0 c1 waits",
      "t=0 c2 waits",
      "t=5 producer notified 1; mutex waiting 1, condition waiting 1",
      't=6 c1 waits on lock(mutex#1) held by task#5 "producer" (notified on cond#2)',
      "t=7 producer unlocked",
      "t=7 c1 took x; holds the mutex: true",
      "t=7 c2 took y; holds the mutex: true",
    ]);
    expect(m.locked).toBe(false);
    expect(nonEmpty.stats()).toEqual({ name: "cond#2", mutex: "mutex#1", waiting: 0 });
  });

  it("notifyAll() moves every waiter onto the mutex; they return one at a time, oldest first", () => {
    const log = new EventLog();
    const m = mutex();
    const changed = condition(m);
    run(
      scope(function* () {
        for (const name of ["w1", "w2", "w3"]) {
          yield* spawn(function* waiter() {
            yield* m.withLock(
              (function* () {
                yield* changed.wait();
                yield* log.at(`${name} returned; holds the mutex: ${yield* holds(m)}`);
                yield* sleep(1);
              })(),
            );
          });
        }
        yield* sleep(1);
        yield* m.lock();
        yield* log.at(`notifyAll woke ${changed.notifyAll()}; mutex waiting ${m.stats().waiting}`);
        m.unlock();
      }),
    );
    expect(log.events).toEqual([
      "t=1 notifyAll woke 3; mutex waiting 3",
      "t=1 w1 returned; holds the mutex: true",
      "t=2 w2 returned; holds the mutex: true",
      "t=3 w3 returned; holds the mutex: true",
    ]);
  });

  it("a waiter cancelled while waiting, with the mutex free, holds it again when its cleanup runs", () => {
    const log = new EventLog();
    const m = mutex();
    const cond = condition(m);
    run(
      scope(function* () {
        const waiter = yield* spawn(function* waiter() {
          yield* m.lock();
          try {
            yield* cond.wait();
            log.push("waiter returned (must not happen)");
          } finally {
            yield* log.at(`waiter cleanup; holds the mutex: ${yield* holds(m)}`);
            m.unlock();
          }
        });
        yield* sleep(1);
        yield* cancel(waiter);
        yield* log.at(`waiter ${waiter.state}; mutex locked ${m.locked}; condition waiting ${cond.stats().waiting}`);
      }),
    );
    expect(log.events).toEqual(["t=1 waiter cleanup; holds the mutex: true", "t=1 waiter cancelled; mutex locked false; condition waiting 0"]);
  });

  it("a waiter cancelled while another task holds the mutex waits for it in its cleanup, at the back of the queue; then holds it, and its caller's unlock hands it on", () => {
    const log = new EventLog();
    const m = mutex({ name: "m" });
    const cond = condition(m, { name: "c" });
    function* locker(name: string, at: number): Coroutine<void> {
      yield* sleep(at);
      yield* m.lock();
      yield* log.at(`${name} locked`);
      yield* sleep(1);
      m.unlock();
    }
    run(
      scope(function* () {
        const main = yield* currentTask();
        const waiter = yield* spawn(function* waiter() {
          yield* m.lock();
          try {
            yield* cond.wait();
            log.push("code after wait() ran (must not happen)");
          } catch (e) {
            yield* log.at(`waiter caught ${(e as Error).name}; holds the mutex: ${yield* holds(m)}`);
            throw e;
          } finally {
            yield* log.at(`waiter cleanup; holds the mutex: ${yield* holds(m)}`);
            m.unlock();
            log.push(`waiter unlocked; now held by ${m.owner?.name}`);
          }
        });
        yield* sleep(1);
        yield* m.lock();
        yield* spawn(function* early() {
          yield* locker("early", 1); // queues for the mutex at t=2
        });
        yield* sleep(2);
        waiter.cancel(); // t=3: the waiter leaves the condition and queues behind "early"
        yield* spawn(function* late() {
          yield* locker("late", 1); // queues at t=4, behind the waiter
        });
        yield* sleep(1);
        waiter.cancel(); // ignored: the cleanup is shielded
        yield* sleep(1);
        yield* log.at(`waiter ${waiter.state} on ${waiter.waitingOn?.replace(main.label, "<main>")}; mutex waiting ${m.stats().waiting}; condition waiting ${cond.stats().waiting}`);
        m.unlock();
        yield* cancel(waiter); // already cancelling: waits for its cleanup to end
        yield* log.at(`waiter ${waiter.state}; mutex held by ${m.owner?.name}`);
      }),
    );
    expect(log.events).toEqual([
      "t=5 waiter blocked on lock(m) held by <main>; mutex waiting 3; condition waiting 0",
      "t=5 early locked",
      "t=6 waiter caught CancelledError; holds the mutex: true",
      "t=6 waiter cleanup; holds the mutex: true",
      "waiter unlocked; now held by late",
      "t=6 late locked",
      "t=6 waiter cancelled; mutex held by late",
    ]);
    expect(m.stats()).toEqual({ name: "m", locked: false, owner: null, waiting: 0 });
  });

  it("a waiter cancelled after notify, while queued for the mutex, queues again at the back and holds the mutex in its cleanup", () => {
    const log = new EventLog();
    const m = mutex();
    const cond = condition(m);
    run(
      scope(function* () {
        const main = yield* currentTask();
        const waiter = yield* spawn(function* waiter() {
          yield* m.lock();
          try {
            yield* cond.wait();
            log.push("code after wait() ran (must not happen)");
          } finally {
            yield* log.at(`waiter cleanup; holds the mutex: ${yield* holds(m)}`);
            m.unlock();
          }
        });
        yield* sleep(1);
        yield* m.lock();
        cond.notify(); // the waiter now queues for the mutex
        yield* spawn(function* other() {
          yield* m.lock();
          yield* log.at(`other locked; holds the mutex: ${yield* holds(m)}`);
          m.unlock();
        });
        yield* sleep(1);
        yield* log.at(`waiter waits on ${waiter.waitingOn?.replace(main.label, "<main>")}; mutex waiting ${m.stats().waiting}`);
        waiter.cancel();
        yield* sleep(1);
        yield* log.at(`waiter cancelled, waits on ${waiter.waitingOn?.replace(main.label, "<main>")}; mutex waiting ${m.stats().waiting}`);
        yield* sleep(4);
        m.unlock();
      }),
    );
    expect(log.events).toEqual([
      "t=2 waiter waits on lock(mutex#1) held by <main> (notified on cond#2); mutex waiting 2",
      "t=3 waiter cancelled, waits on lock(mutex#1) held by <main>; mutex waiting 2",
      "t=7 other locked; holds the mutex: true",
      "t=7 waiter cleanup; holds the mutex: true",
    ]);
    expect(m.locked).toBe(false);
  });

  it("withLock around wait() releases the mutex exactly once, whether wait() returns, is cancelled or is interrupted", () => {
    const log = new EventLog();
    const m = mutex({ name: "m" });
    const cond = condition(m);
    const unlock = m.unlock.bind(m);
    m.unlock = () => {
      log.push(`  unlock() by ${m.owner?.name}`);
      unlock();
    };
    const states = run(function* main() {
      const out: string[] = [];
      for (const how of ["notify", "cancel, mutex free", "cancel, mutex held", "interrupt, mutex held"]) {
        log.push(how);
        const waiter = yield* spawn(function* waiter() {
          try {
            yield* m.withLock(
              (function* () {
                yield* cond.wait();
                yield* log.at("  wait() returned");
              })(),
            );
          } catch (e) {
            if (!(e instanceof Interrupt)) throw e;
            yield* log.at(`  waiter caught Interrupt; mutex locked ${m.locked}`);
          }
        });
        yield* sleep(1);
        const held = how.endsWith("held");
        if (held) yield* m.lock();
        if (how === "notify") cond.notify();
        else if (how.startsWith("cancel")) waiter.cancel();
        else waiter.interrupt();
        if (held) {
          yield* sleep(1);
          yield* log.at(`  main unlocks; waiter waits on ${waiter.waitingOn?.replace(/task#\d+ /, "")}`);
          m.unlock();
        }
        yield* sleep(1);
        out.push(`${how}: ${waiter.state}; mutex locked ${m.locked}`);
      }
      return out;
    });
    expect(log.events).toEqual([
      "notify",
      "t=1   wait() returned",
      "  unlock() by waiter",
      "cancel, mutex free",
      "  unlock() by waiter",
      "cancel, mutex held",
      't=6   main unlocks; waiter waits on lock(m) held by "main"',
      "  unlock() by main",
      "  unlock() by waiter",
      "interrupt, mutex held",
      't=9   main unlocks; waiter waits on lock(m) held by "main"',
      "  unlock() by main",
      "  unlock() by waiter",
      "t=9   waiter caught Interrupt; mutex locked false",
    ]);
    expect(states).toEqual(["notify: done; mutex locked false", "cancel, mutex free: cancelled; mutex locked false", "cancel, mutex held: cancelled; mutex locked false", "interrupt, mutex held: done; mutex locked false"]);
  });

  it("an interrupted waiter waits for the mutex, then catches the Interrupt holding it, and can wait again", () => {
    const log = new EventLog();
    const m = mutex({ name: "m" });
    const cond = condition(m);
    let ready = false;
    run(function* main() {
      const waiter = yield* spawn(function* waiter() {
        yield* m.lock();
        try {
          while (!ready) {
            try {
              yield* cond.wait();
              yield* log.at(`waiter returned from wait(); holds the mutex: ${yield* holds(m)}`);
            } catch (e) {
              if (!(e instanceof Interrupt)) throw e;
              yield* log.at(`waiter caught Interrupt (${String(e.cause)}); holds the mutex: ${yield* holds(m)}`);
            }
          }
        } finally {
          m.unlock();
        }
      });
      yield* sleep(1);
      yield* m.lock();
      waiter.interrupt("check the queue");
      yield* sleep(2);
      yield* log.at(`main unlocks; waiter waits on ${waiter.waitingOn}`);
      m.unlock();
      yield* sleep(1);
      yield* m.lock(); // free: the waiter went back to waiting, releasing it
      ready = true;
      cond.notify();
      yield* log.at(`main notified; condition waiting ${cond.stats().waiting}`);
      m.unlock();
      yield* waiter;
      yield* log.at(`waiter ${waiter.state}; mutex locked ${m.locked}`);
    });
    expect(log.events).toEqual([
      't=3 main unlocks; waiter waits on lock(m) held by task#1 "main"',
      "t=3 waiter caught Interrupt (check the queue); holds the mutex: true",
      "t=4 main notified; condition waiting 0",
      "t=4 waiter returned from wait(); holds the mutex: true",
      "t=4 waiter done; mutex locked false",
    ]);
  });

  it("an Interrupt or a cancellation landing while an interrupted waiter waits for the mutex does not stop it; wait() throws the most recent one", () => {
    const log = new EventLog();
    const m = mutex({ name: "m" });
    const cond = condition(m);
    run(function* main() {
      const waiter = yield* spawn(function* waiter() {
        yield* m.lock();
        try {
          for (;;) {
            try {
              yield* cond.wait();
              log.push("code after wait() ran (must not happen)");
            } catch (e) {
              const what = e instanceof Interrupt ? `Interrupt (${String(e.cause)})` : (e as Error).name;
              yield* log.at(`waiter caught ${what}; holds the mutex: ${yield* holds(m)}`);
              if (!(e instanceof Interrupt)) throw e;
            }
          }
        } finally {
          yield* log.at(`waiter cleanup; holds the mutex: ${yield* holds(m)}`);
          m.unlock();
        }
      });
      for (const second of ["interrupt", "cancel"]) {
        yield* sleep(1);
        yield* m.lock();
        waiter.interrupt("first");
        yield* sleep(1);
        if (second === "interrupt") waiter.interrupt("second");
        else waiter.cancel();
        yield* sleep(1);
        yield* log.at(`main unlocks; waiter ${waiter.state} on ${waiter.waitingOn}`);
        m.unlock();
      }
      yield* sleep(1);
      yield* log.at(`waiter ${waiter.state}; mutex locked ${m.locked}`);
    });
    expect(log.events).toEqual([
      't=3 main unlocks; waiter blocked on lock(m) held by task#1 "main"',
      "t=3 waiter caught Interrupt (second); holds the mutex: true",
      't=6 main unlocks; waiter blocked on lock(m) held by task#1 "main"',
      "t=6 waiter caught CancelledError; holds the mutex: true",
      "t=6 waiter cleanup; holds the mutex: true",
      "t=7 waiter cancelled; mutex locked false",
    ]);
  });

  it("a waiter interrupted after its mutex was abandoned gets the MutexError from re-locking", () => {
    const m = mutex({ name: "m" });
    const cond = condition(m);
    const message = run(function* main() {
      const waiter = yield* spawn(function* waiter() {
        yield* m.lock();
        try {
          yield* cond.wait();
          return "returned (must not happen)";
        } catch (e) {
          return `${(e as Error).name}: ${(e as Error).message}; holds the mutex: ${yield* holds(m)}`;
        }
      });
      yield* sleep(1);
      yield* spawn(function* careless() {
        yield* m.lock();
      });
      yield* sleep(1);
      waiter.interrupt();
      return yield* waiter;
    });
    expect(message).toBe(
      'MutexError: task#2 "waiter" called lock() on m, which is still held by task#3 "careless", a task that has finished without unlocking it (abandoned); unlock in a finally block, or use withLock(); holds the mutex: false',
    );
  });

  it("a cancellation requested before wait() lands before the mutex is released", () => {
    const log = new EventLog();
    const m = mutex();
    const cond = condition(m);
    run(
      scope(function* () {
        yield* spawn(function* selfCancelling() {
          yield* m.lock();
          yield* sleep(1); // "other" queues for the mutex meanwhile
          try {
            (yield* currentTask()).cancel();
            yield* cond.wait();
            log.push("returned (must not happen)");
          } finally {
            log.push(`cleanup; holds the mutex: ${yield* holds(m)}; mutex waiting ${m.stats().waiting}; condition waiting ${cond.stats().waiting}`);
            m.unlock();
          }
        });
        yield* spawn(function* other() {
          yield* m.lock();
          yield* log.at("other locked");
          m.unlock();
        });
      }),
    );
    expect(log.events).toEqual(["cleanup; holds the mutex: true; mutex waiting 1; condition waiting 0", "t=1 other locked"]);
  });

  it("wait() without holding the mutex is a MutexError; nothing changes", () => {
    const m = mutex({ name: "state" });
    const cond = condition(m, { name: "changed" });
    const messages: string[] = [];
    run(
      scope(function* () {
        const holder = yield* spawn(function* holder() {
          yield* sleep(1);
          yield* m.lock();
          yield* sleep(5);
          m.unlock();
        });
        yield* spawn(function* impatient() {
          for (const at of [0, 2]) {
            yield* sleep(at);
            try {
              yield* cond.wait();
            } catch (e) {
              expect(e).toBeInstanceOf(MutexError);
              messages.push((e as Error).message);
              expect(m.owner).toBe(at === 0 ? null : holder);
            }
          }
        });
      }),
    );
    expect(messages).toEqual([
      'task#4 "impatient" called wait() on changed without holding its mutex state (it is not locked); lock the mutex, then wait in a loop that re-checks the condition',
      'task#4 "impatient" called wait() on changed without holding its mutex state (it is held by task#3 "holder"); lock the mutex, then wait in a loop that re-checks the condition',
    ]);
    expect(cond.stats().waiting).toBe(0);
  });
});

describe("condition without a mutex", () => {
  it("notify(n) wakes the n oldest waiters; a notification with no one waiting is not kept", () => {
    const log = new EventLog();
    const cond = condition();
    run(
      scope(function* () {
        yield* log.at(`notify with no waiter: ${cond.notify()}`);
        const tasks: Task<void>[] = [];
        for (const name of ["w1", "w2", "w3", "w4"]) {
          tasks.push(
            yield* spawn(function* waiter() {
              yield* cond.wait();
              yield* log.at(`${name} woke`);
            }),
          );
        }
        yield* sleep(1);
        yield* cancel(tasks[0] as Task<void>);
        yield* log.at(`notify(2) woke ${cond.notify(2)}; waiting ${cond.stats().waiting}`);
        yield* sleep(1);
        yield* log.at(`notifyAll woke ${cond.notifyAll()}`);
      }),
    );
    expect(log.events).toEqual(["t=0 notify with no waiter: 0", "t=1 notify(2) woke 2; waiting 1", "t=1 w2 woke", "t=1 w3 woke", "t=2 notifyAll woke 1", "t=2 w4 woke"]);
  });

  it("rejects a bad count or a mutex that is not one, and is reported as wait(cond#N)", () => {
    const cond = condition();
    expect(() => cond.notify(-1)).toThrow("notify(the number -1) on cond#?: the number of tasks to wake must be an integer >= 0");
    expect(() => cond.notify(1.5)).toThrow(InvalidArgumentError);
    expect(() => condition({} as unknown as Mutex)).toThrow("condition(a plain object): the argument must be a mutex created with mutex(), or omitted");
    let error: unknown;
    try {
      run(function* sleeper() {
        yield* cond.wait();
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DeadlockError);
    expect((error as DeadlockError).blocked.map((t) => t.waitingOn)).toEqual(["wait(cond#1)"]);
  });
});
