import { EventLog } from "../helpers.js";
import { DeadlockError, InvalidArgumentError, MutexError, UsageError, cancel, currentTask, mutex, run, scope, sleep, spawn, suspend } from "../../src/index.js";
import type { Mutex, Task } from "../../src/index.js";

function owner(m: Mutex): string {
  return m.owner === null ? "free" : `held by ${m.owner.name}`;
}

function errorOf(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected an error");
}

describe("mutex", () => {
  it("hands the lock to the oldest waiter on unlock; tryLock cannot barge in between", () => {
    const log = new EventLog();
    const m = mutex();
    run(
      scope(function* () {
        yield* spawn(function* a() {
          yield* m.lock();
          yield* log.at(`a locked; ${owner(m)}`);
          yield* sleep(10);
          m.unlock();
          yield* log.at(`a unlocked; ${owner(m)}; tryLock() ${m.tryLock()}; waiting ${m.stats().waiting}`);
        });
        yield* spawn(function* b() {
          yield* sleep(1);
          yield* m.lock();
          yield* log.at(`b locked; ${owner(m)}`);
          yield* sleep(10);
          m.unlock();
        });
        yield* spawn(function* c() {
          yield* sleep(2);
          yield* m.lock();
          yield* log.at(`c locked; ${owner(m)}`);
          m.unlock();
          yield* log.at(`c unlocked; ${owner(m)}`);
        });
      }),
    );
    expect(log.events).toEqual(["t=0 a locked; held by a", "t=10 a unlocked; held by b; tryLock() false; waiting 1", "t=10 b locked; held by b", "t=20 c locked; held by c", "t=20 c unlocked; free"]);
    expect(m.stats()).toEqual({ name: "mutex#1", locked: false, owner: null, waiting: 0 });
  });

  it("tryLock takes a free mutex for the calling task", () => {
    const m = mutex({ name: "cache" });
    run(function* refresher() {
      expect(m.tryLock()).toBe(true);
      expect(m.owner).toBe(yield* currentTask());
      expect(m.stats()).toEqual({ name: "cache", locked: true, owner: 'task#1 "refresher"', waiting: 0 });
      m.unlock();
      expect(m.locked).toBe(false);
    });
  });

  it("lock() is one cached instruction, usable with a plain yield", () => {
    const m = mutex();
    expect(m.lock()).toBe(m.lock());
    run(function* () {
      yield m.lock();
      m.unlock();
    });
    expect(m.owner).toBeNull();
  });

  it("a waiter cancelled while blocked never becomes the owner; the mutex is not left locked", () => {
    const log = new EventLog();
    const m = mutex();
    run(
      scope(function* () {
        yield* spawn(function* a() {
          yield* m.withLock(sleep(10));
          yield* log.at(`a done; ${owner(m)}`);
        });
        const b = yield* spawn(function* b() {
          yield* sleep(1);
          yield* m.withLock(suspend());
        });
        yield* sleep(5);
        yield* cancel(b);
        yield* log.at(`b cancelled; ${owner(m)}; waiting ${m.stats().waiting}`);
        yield* sleep(10);
        yield* m.lock();
        yield* log.at(`main locked at once; held by main: ${m.owner === (yield* currentTask())}`);
        m.unlock();
      }),
    );
    expect(log.events).toEqual(["t=5 b cancelled; held by a; waiting 0", "t=10 a done; free", "t=15 main locked at once; held by main: true"]);
  });

  it("a waiter handed the lock and cancelled before it runs still gets it, and its finally unlocks it", () => {
    const log = new EventLog();
    const m = mutex();
    let b: Task<void> | undefined;
    run(
      scope(function* () {
        b = yield* spawn(function* b() {
          yield* sleep(1);
          yield* m.lock();
          log.push(`b got the lock; ${owner(m)}`);
          try {
            yield* sleep(5);
          } finally {
            m.unlock();
            log.push(`b unlocked; ${owner(m)}`);
          }
        });
        yield* spawn(function* c() {
          yield* sleep(2);
          yield* m.lock();
          yield* log.at(`c locked; ${owner(m)}`);
          m.unlock();
        });
        yield* spawn(function* a() {
          yield* m.lock();
          yield* sleep(10);
          m.unlock();
          b?.cancel();
          yield* log.at(`a unlocked and cancelled b; ${owner(m)}`);
        });
      }),
    );
    expect(log.events).toEqual(["t=10 a unlocked and cancelled b; held by b", "b got the lock; held by b", "b unlocked; held by c", "t=10 c locked; held by c"]);
    expect(m.owner).toBeNull();
  });

  it("withLock unlocks when the operation throws, and gives its result otherwise", () => {
    const m = mutex();
    const result = run(function* () {
      const ok = yield* m.withLock(
        (function* () {
          yield* sleep(1);
          return "ok";
        })(),
      );
      try {
        yield* m.withLock(
          (function* () {
            yield* sleep(1);
            throw new Error("boom");
          })(),
        );
      } catch (e) {
        return `${ok}, ${(e as Error).message}, ${owner(m)}`;
      }
      return "no error";
    });
    expect(result).toBe("ok, boom, free");
  });

  it("withLock unlocks when the task is cancelled, handing the lock on", () => {
    const log = new EventLog();
    const m = mutex();
    run(
      scope(function* () {
        const holder = yield* spawn(function* holder() {
          yield* m.withLock(suspend());
        });
        yield* spawn(function* next() {
          yield* sleep(1);
          yield* m.withLock(
            (function* () {
              yield* log.at(`next locked; ${owner(m)}`);
              yield* sleep(1);
            })(),
          );
        });
        yield* sleep(3);
        yield* log.at(`cancelling; ${owner(m)}`);
        yield* cancel(holder);
        yield* log.at(`holder cancelled; ${owner(m)}`);
      }),
    );
    expect(log.events).toEqual(["t=3 cancelling; held by holder", "t=3 next locked; held by next", "t=3 holder cancelled; held by next"]);
    expect(m.locked).toBe(false);
  });

  it("lock() in a cancelled task's cleanup waits for the holder, in turn; a second cancel() meanwhile is ignored", () => {
    const log = new EventLog();
    const m = mutex({ name: "m" });
    run(function* main() {
      const worker = yield* spawn(function* worker() {
        try {
          yield* suspend();
        } finally {
          yield* m.lock();
          yield* log.at(`worker cleanup locked; ${owner(m)}`);
          m.unlock();
          log.push(`worker cleanup unlocked; ${owner(m)}`);
        }
      });
      yield* m.lock();
      yield* spawn(function* early() {
        yield* m.lock();
        yield* log.at(`early locked; ${owner(m)}`);
        m.unlock();
      });
      yield* sleep(1);
      worker.cancel();
      yield* spawn(function* late() {
        yield* m.lock();
        yield* log.at(`late locked; ${owner(m)}`);
        m.unlock();
      });
      yield* sleep(1);
      worker.cancel();
      yield* log.at(`worker ${worker.state} on ${worker.waitingOn}; waiting ${m.stats().waiting}`);
      m.unlock();
      yield* cancel(worker);
      yield* log.at(`worker ${worker.state}; ${owner(m)}`);
    });
    expect(log.events).toEqual([
      't=2 worker blocked on lock(m) held by task#1 "main"; waiting 3',
      "t=2 early locked; held by early",
      "t=2 worker cleanup locked; held by worker",
      "worker cleanup unlocked; held by late",
      "t=2 late locked; held by late",
      "t=2 worker cancelled; free",
    ]);
  });

  it("the owner rule has no exception: unlock() in a cancelled task's cleanup without holding the mutex is a MutexError", () => {
    const m = mutex({ name: "m" });
    const message = run(function* main() {
      let error = "no error";
      yield* m.lock();
      const waiter = yield* spawn(function* waiter() {
        try {
          yield* m.lock();
        } finally {
          error = errorOf(() => m.unlock()).message;
        }
      });
      yield* sleep(1);
      yield* cancel(waiter);
      m.unlock();
      return error;
    });
    expect(message).toBe(
      'task#2 "waiter" called unlock() on m, which is held by task#1 "main"; only the task that locked a mutex may unlock it (for a lock any task may release, use a semaphore)',
    );
  });

  it("unlock() by a task that does not hold it is a MutexError naming both tasks; nothing changes", () => {
    const m = mutex();
    let message = "";
    run(
      scope(function* () {
        const holder = yield* spawn(function* holder() {
          yield* m.lock();
          yield* sleep(10);
          m.unlock();
        });
        yield* spawn(function* intruder() {
          yield* sleep(1);
          const error = errorOf(() => m.unlock());
          expect(error).toBeInstanceOf(MutexError);
          expect(error).toBeInstanceOf(UsageError);
          expect(m.owner).toBe(holder);
          message = error.message.replace(holder.label, "<holder>").replace((yield* currentTask()).label, "<intruder>");
        });
      }),
    );
    expect(message).toBe(
      "<intruder> called unlock() on mutex#1, which is held by <holder>; only the task that locked a mutex may unlock it (for a lock any task may release, use a semaphore)",
    );
  });

  it("unlock() of a mutex that is not locked is a MutexError", () => {
    const m = mutex({ name: "accounts" });
    const message = run(function* clerk() {
      return errorOf(() => m.unlock()).message;
    });
    expect(message).toBe('task#1 "clerk" called unlock() on accounts, which is not locked; unlock exactly once, after lock() returned (withLock() does it for you)');
    expect(errorOf(() => m.unlock()).message).toMatch(/^code outside any task called unlock\(\) on accounts, which is not locked/);
  });

  it("lock() by the holder is a MutexError (not reentrant) instead of a silent deadlock", () => {
    const m = mutex({ name: "m" });
    const message = run(function* recursive() {
      yield* m.lock();
      try {
        yield* m.lock();
        return "no error";
      } catch (e) {
        expect(e).toBeInstanceOf(MutexError);
        expect(m.owner?.name).toBe("recursive");
        return (e as Error).message;
      } finally {
        m.unlock();
      }
    });
    expect(message).toBe('task#1 "recursive" called lock() on m, which it already holds; a mutex is not reentrant, so this would wait forever');
  });

  it("lock() of a mutex abandoned by a finished task is a MutexError naming it", () => {
    const m = mutex({ name: "m" });
    const message = run(function* main() {
      const careless = yield* spawn(function* careless() {
        yield* m.lock();
      });
      yield* careless;
      try {
        yield* m.lock();
        return "no error";
      } catch (e) {
        return (e as Error).message;
      }
    });
    expect(message).toBe(
      'task#1 "main" called lock() on m, which is still held by task#2 "careless", a task that has finished without unlocking it (abandoned); unlock in a finally block, or use withLock()',
    );
  });

  it("tryLock() outside any task is a MutexError; a bad name is an InvalidArgumentError", () => {
    expect(errorOf(() => mutex({ name: "m" }).tryLock()).message).toBe(
      "tryLock() on m was called outside any task; a mutex is owned by a task, so lock it from inside one",
    );
    expect(() => mutex({ name: 1 as unknown as string })).toThrow(InvalidArgumentError);
  });

  it("a task waiting on a mutex is reported with the mutex and its holder", () => {
    const m = mutex({ name: "db" });
    let error: unknown;
    try {
      run(function* main() {
        yield* m.lock();
        const t = yield* spawn(function* writer() {
          yield* m.lock();
        });
        yield* t;
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DeadlockError);
    expect((error as DeadlockError).blocked.map((t) => `${t.label}: ${t.waitingOn}`)).toEqual([
      'task#1 "main": join(task#2 "writer")',
      'task#2 "writer": lock(db) held by task#1 "main"',
    ]);
    expect(m.lock().describe()).toBe("lock(db)");
  });
});
