/**
 * The typed form's fast path: an instruction reached through `yield*` may
 * complete, or park its task, inside its own next(), by calling the same
 * tryNow()/park() the kernel calls for `yield op`. It must behave exactly as
 * the kernel's path does: same order, same inline budget, same cancellation
 * points, same errors.
 */
import {
  CancelledError,
  UsageError,
  VirtualHost,
  channel,
  currentTask,
  mutex,
  run,
  semaphore,
  spawn,
  suspend,
  yieldNow,
} from "../../src/index.js";
import { Instruction, WAIT, WaitList } from "../../src/extend.js";
import type { Coroutine, Task } from "../../src/index.js";
import type { Waiting } from "../../src/extend.js";

type Form = "typed" | "direct";

/** A producer that never has to wait (unbounded channel) beside a task that counts its turns. */
function budgetLog(form: Form): string[] {
  const log: string[] = [];
  const ch = channel<number>("unbounded");
  let sent = 0;
  run(function* (): Coroutine<void> {
    const producer = yield* spawn(function* () {
      for (let i = 0; i < 200; i++) {
        if (form === "typed") yield* ch.send(i);
        else yield ch.send(i);
        sent++;
      }
    });
    const observer = yield* spawn(function* () {
      while (sent < 200) {
        log.push(`observer runs after ${sent} sends`);
        yield* yieldNow();
      }
    });
    yield* producer;
    yield* observer;
  });
  return log;
}

describe("the typed form's fast path", () => {
  it("keeps the inline budget: a task that never waits goes back to the queue after 64 operations in a row", () => {
    const typed = budgetLog("typed");
    expect(typed).toEqual(budgetLog("direct"));
    // The producer is requeued at its 64th send in a row, every time: that
    // send has completed, but the producer counts it only when it next runs.
    expect(typed).toEqual(["observer runs after 63 sends", "observer runs after 127 sends", "observer runs after 191 sends"]);
  });

  it("keeps the inline budget for spawns too, and joins of finished tasks", () => {
    const spawnLog = (form: Form): string[] => {
      const log: string[] = [];
      let spawned = 0;
      let joined = 0;
      run(function* (): Coroutine<void> {
        const observer = yield* spawn(function* () {
          while (joined < 100) {
            log.push(`observer: ${spawned} spawned, ${joined} joined`);
            yield* yieldNow();
          }
        });
        const children: Task<number>[] = [];
        for (let i = 0; i < 100; i++) {
          children.push(form === "typed" ? yield* spawn(function* () { return i; }) : ((yield spawn(function* () { return i; })) as Task<number>));
          spawned++;
        }
        yield* yieldNow(); // let the children finish
        for (const child of children) {
          if (form === "typed") yield* child;
          else yield child;
          joined++;
        }
        yield* observer;
      });
      return log;
    };
    const typed = spawnLog("typed");
    expect(typed).toEqual(spawnLog("direct"));
    // 64 instructions in a row: the observer's spawn and 63 children (the
    // 63rd counted when main next runs); then 64 joins, the 64th counted later.
    expect(typed).toEqual(["observer: 62 spawned, 0 joined", "observer: 100 spawned, 0 joined", "observer: 100 spawned, 63 joined"]);
  });

  it("throws the same errors as the kernel's path when joining a cancelled or failed task", () => {
    const joinErrors = (form: Form): string[] => {
      const errors: string[] = [];
      const host = new VirtualHost();
      host.spawn(function* main() {
        const doomed = yield* spawn(function* doomed() {
          yield* suspend();
        });
        const failing = yield* spawn(function* failing(): Coroutine<void> {
          yield* yieldNow();
          throw new Error("broken");
        });
        for (const target of [doomed, failing]) {
          if (target === doomed) doomed.cancel();
          try {
            if (form === "typed") yield* target;
            else yield target;
          } catch (error) {
            errors.push(`${(error as Error).name}: ${(error as Error).message}`);
          }
        }
        yield* yieldNow(); // both finished: join them again, now at once
        for (const target of [doomed, failing]) {
          try {
            if (form === "typed") yield* target;
            else yield target;
          } catch (error) {
            errors.push(`${(error as Error).name}: ${(error as Error).message}`);
          }
        }
      });
      host.run();
      return errors;
    };
    const typed = joinErrors("typed");
    expect(typed).toEqual(joinErrors("direct"));
    expect(typed).toHaveLength(4);
    expect(typed[0]).toMatch(/^CancelledError: task#2 "doomed" was cancelled/);
    expect(typed[1]).toBe("Error: broken");
  });

  it("leaves a pending cancellation to the kernel: the operation does not complete, the cancellation lands at it", () => {
    for (const form of ["typed", "direct"] as Form[]) {
      const ch = channel<string>(4);
      let outcome = "";
      const host = new VirtualHost();
      host.spawn(function* () {
        const self = (yield* currentTask()) as Task<unknown>;
        self.cancel(); // delivered at the next yield, which is the send
        try {
          if (form === "typed") yield* ch.send("x");
          else yield ch.send("x");
          outcome = "sent";
        } catch (error) {
          outcome = error instanceof CancelledError ? "cancelled at the send" : String(error);
        }
      });
      host.run();
      expect([form, outcome]).toEqual([form, "cancelled at the send"]);
      expect(ch.stats().buffered).toBe(0);
    }
  });

  it("leaves a pending cancellation to the kernel for every instruction, a semaphore too", () => {
    for (const form of ["typed", "direct"] as Form[]) {
      const sem = semaphore(1);
      let outcome = "";
      const host = new VirtualHost();
      host.spawn(function* () {
        const self = (yield* currentTask()) as Task<unknown>;
        self.cancel();
        try {
          if (form === "typed") yield* sem.acquire();
          else yield sem.acquire();
          outcome = "acquired";
        } catch (error) {
          outcome = error instanceof CancelledError ? "cancelled at the acquire" : String(error);
        }
      });
      host.run();
      expect([form, outcome, sem.stats().available]).toEqual([form, "cancelled at the acquire", 1]);
    }
  });

  it("throws at the yield* what tryNow() throws, having parked nothing (a mutex locked twice)", () => {
    const lock = mutex();
    let caught: unknown;
    run(function* () {
      yield* lock.lock();
      try {
        yield* lock.lock(); // not reentrant: refused at once
      } catch (error) {
        caught = error;
      }
      lock.unlock();
    });
    expect(String(caught)).toMatch(/already holds; a mutex is not reentrant/);
    expect(lock.stats().waiting).toBe(0);
  });

  it("does nothing when next() is called outside any task: the value stays in the channel", () => {
    const ch = channel<string>(1);
    ch.trySend("kept");
    const op = ch.recv();
    const step = op[Symbol.iterator]().next();
    expect(step.done).toBe(false);
    expect(step.value).toBe(op);
    expect(ch.tryRecv()).toBe("kept");
  });

  it("gives a custom instruction the fast path without writing it: tryNow()/park() run from next() in the typed form", () => {
    /** A gate: waiting on an open gate completes at once; on a closed one, until open() is called. */
    class Gate extends Instruction<string> {
      open = false;
      readonly waiters = new WaitList<string>("gate");
      tryNowCalls = 0;
      describe(): string {
        return "gate";
      }
      tryNow(): string | Waiting {
        this.tryNowCalls++;
        return this.open ? "open" : WAIT;
      }
      override park(task: Task<unknown>): void {
        this.waiters.add(task, this);
      }
      release(): void {
        this.open = true;
        this.waiters.wakeAll("opened");
      }
    }
    const gate = new Gate();
    const log: string[] = [];
    const host = new VirtualHost();
    const waiter = host.spawn(function* () {
      log.push(yield* gate); // parks in next()
      log.push(yield* gate); // completes in next()
    });
    host.runUntil(0);
    expect(waiter.waitingOn).toBe("gate");
    // The task suspended at its first yield only after parking: its step
    // yielded the park marker, not the gate (the kernel never saw the gate).
    expect(gate.tryNowCalls).toBe(1);
    gate.release();
    host.run();
    expect(log).toEqual(["opened", "open"]);
    expect(gate.tryNowCalls).toBe(2);
    // The direct form goes through the kernel, which calls the same tryNow().
    host.spawn(function* () {
      log.push((yield gate) as string);
    });
    host.run();
    expect(log).toEqual(["opened", "open", "open"]);
    expect(gate.tryNowCalls).toBe(3);
  });

  it("refuses a park() that did not park the task, at the task's yield, in both forms", () => {
    class Careless extends Instruction<void> {
      describe(): string {
        return "careless";
      }
      tryNow(): Waiting {
        return WAIT;
      }
      override park(): void {} // forgot to park
    }
    for (const form of ["typed", "direct"] as const) {
      let caught: unknown;
      run(function* () {
        try {
          if (form === "typed") yield* new Careless();
          else yield new Careless();
        } catch (error) {
          caught = error;
        }
      });
      expect(caught).toBeInstanceOf(UsageError);
      expect(String(caught)).toMatch(/careless: tryNow\(\) said task#1 "main" must wait, but park\(\) did not park it/);
    }
  });
});
