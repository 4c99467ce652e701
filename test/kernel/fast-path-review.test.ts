/**
 * Cases where the typed form's fast path once differed from the kernel's
 * path, or where a misuse did harm. Each runs the same program in both
 * forms (`yield* op`, which may complete or park inside next(), and
 * `yield op`, which always goes through the kernel) and requires the same
 * outcome.
 */
import {
  VirtualHost,
  channel,
  currentTask,
  run,
  sleep,
  spawn,
  suspend,
  yieldNow,
} from "../../src/index.js";
import { Instruction, WAIT, WaitList } from "../../src/extend.js";
import type { Coroutine, Task } from "../../src/index.js";
import type { Waiting } from "../../src/extend.js";

type Form = "typed" | "direct";
const FORMS: Form[] = ["typed", "direct"];

function both(program: (form: Form) => string[]): string[] {
  const [typed, direct] = FORMS.map(program) as [string[], string[]];
  expect(typed).toEqual(direct);
  return typed;
}

describe("the fast path, against the kernel's path", () => {
  it("counts refused operations against the inline budget, in both forms alike", () => {
    const log = both((form) => {
      const log: string[] = [];
      const closed = channel<number>(1);
      closed.close();
      const open = channel<number>("unbounded");
      run(function* (): Coroutine<void> {
        const a = yield* spawn(function* () {
          for (let i = 0; i < 70; i++) {
            try {
              if (form === "typed") yield* closed.send(i);
              else yield closed.send(i);
            } catch {
              // refused: the channel is closed
            }
          }
          log.push("A: 70 refused sends");
          if (form === "typed") yield* open.send(1);
          else yield open.send(1);
          log.push("A: sent");
        });
        const b = yield* spawn(function* () {
          log.push("B runs");
        });
        yield* a;
        yield* b;
      });
      return log;
    });
    // A refusal costs a unit of the budget like a completion, so a task
    // that retries a refused operation in a loop still lets the others run:
    // after 64 in a row, A goes back to the queue and B runs.
    expect(log).toEqual(["B runs", "A: 70 refused sends", "A: sent"]);
  });

  it("counts a custom instruction's completions against the inline budget in both forms", () => {
    /** Always completes at once. */
    class Ask extends Instruction<number> {
      n = 0;
      describe(): string {
        return "ask";
      }
      tryNow(): number {
        return ++this.n;
      }
    }
    const log = both((form) => {
      const log: string[] = [];
      const ask = new Ask();
      let done = 0;
      run(function* (): Coroutine<void> {
        const observer = yield* spawn(function* () {
          while (done < 100) {
            log.push(`observer sees ${done}`);
            yield* yieldNow();
          }
        });
        for (let i = 0; i < 100; i++) {
          if (form === "typed") yield* ask;
          else yield ask;
          done++;
        }
        yield* observer;
      });
      return log;
    });
    expect(log).toEqual(["observer sees 62"]);
  });

  it("delivers a cancellation that an instruction's tryNow() requested, at that yield", () => {
    class StopGroup extends Instruction<string> {
      describe(): string {
        return "stopGroup";
      }
      tryNow(task: Task<unknown>): string {
        (task.parent as Task<unknown>).cancel();
        return "stopped";
      }
    }
    const log = both((form) => {
      const log: string[] = [];
      const host = new VirtualHost();
      host.spawn(function* parent() {
        const worker = yield* spawn(function* worker() {
          try {
            const r = form === "typed" ? yield* new StopGroup() : ((yield new StopGroup()) as string);
            log.push(`got ${r}`);
          } catch (error) {
            log.push(`caught ${(error as Error).name}`);
            throw error;
          }
        });
        try {
          yield* suspend();
        } finally {
          log.push(`worker is ${worker.state}`);
        }
      });
      host.run();
      return log;
    });
    expect(log).toEqual(["caught CancelledError", "worker is cancelled"]);
  });

  it("delivers a cancellation requested inside park() by an instruction that parks (no deadlock)", () => {
    class StopAndWait extends Instruction<void> {
      describe(): string {
        return "stopAndWait";
      }
      tryNow(): Waiting {
        return WAIT;
      }
      override park(task: Task<unknown>): void {
        (task.parent as Task<unknown>).cancel();
        task.block(this);
      }
    }
    const states = both((form) => {
      const host = new VirtualHost();
      const root = host.spawn(function* parent() {
        yield* spawn(function* worker() {
          if (form === "typed") yield* new StopAndWait();
          else yield new StopAndWait();
        });
        yield* suspend();
      });
      host.run();
      return [root.state];
    });
    expect(states).toEqual(["cancelled"]);
  });

  it("keeps the value or error of a task that park() parks and wakes at once", () => {
    class Mailbox extends Instruction<string> {
      readonly waiters = new WaitList<string>("mailbox");
      constructor(
        private readonly mail: string[],
        private readonly bounce: boolean,
      ) {
        super();
      }
      describe(): string {
        return "mailbox";
      }
      tryNow(): Waiting {
        return WAIT;
      }
      override park(task: Task<unknown>): void {
        this.waiters.add(task, this);
        if (this.bounce) this.waiters.failAll(new Error("bounced"));
        else this.waiters.wakeFirst(this.mail.shift() as string);
      }
    }
    const log = both((form) => {
      const log: string[] = [];
      run(function* () {
        for (const box of [new Mailbox(["hello"], false), new Mailbox([], true)]) {
          try {
            log.push(`got ${form === "typed" ? yield* box : ((yield box) as string)}`);
          } catch (error) {
            log.push(`threw ${(error as Error).message}`);
          }
        }
      });
      return log;
    });
    expect(log).toEqual(["got hello", "threw bounced"]);
  });

  it("leaves no error behind when park() woke the task with one and then threw", () => {
    class Strict extends Instruction<number> {
      describe(): string {
        return "strict";
      }
      tryNow(): Waiting {
        return WAIT;
      }
      override park(task: Task<unknown>): void {
        task.block(this);
        task.resumeWithError(new Error("rejected"));
        throw new Error("and then park() threw");
      }
    }
    const log = both((form) => {
      const log: string[] = [];
      run(function* () {
        try {
          if (form === "typed") yield* new Strict();
          else yield new Strict();
        } catch (error) {
          log.push(`at the op: ${(error as Error).message}`);
        }
        yield* yieldNow();
        log.push("yieldNow returned");
        yield* sleep(1);
        log.push("sleep returned");
      });
      return log;
    });
    expect(log).toEqual(["at the op: and then park() threw", "yieldNow returned", "sleep returned"]);
  });

  it("refuses task.resume() on a running task from its own body, as documented, so a later join is unharmed", () => {
    const log = both((form) => {
      const log: string[] = [];
      const host = new VirtualHost();
      host.spawn(function* main() {
        const me = (yield* currentTask()) as Task<unknown>;
        const child = yield* spawn(function* child(): Coroutine<void> {
          yield* sleep(5);
          throw new Error("child failed");
        });
        log.push(`resume() on itself returned ${String(me.resume(123))}`);
        try {
          if (form === "typed") yield* child;
          else yield child;
        } catch (error) {
          log.push(`join threw ${(error as Error).message}`);
        }
      });
      host.run();
      return log;
    });
    expect(log).toEqual(["resume() on itself returned false", "join threw child failed"]);
  });
});
