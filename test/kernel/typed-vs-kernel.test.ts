/**
 * `yield op` (StepLoop.stepOn) and `yield* op` (Instruction.next) must
 * interleave tasks identically: the cases where they once did not.
 */
import { Sleep, VirtualHost, now } from "../../src/index.js";
import { Instruction } from "../../src/extend.js";
import type { Task } from "../../src/index.js";

type Form = "direct" | "typed";

describe("typed and kernel paths agree", () => {
  // A completion that turns into the task's cancellation is not counted
  // against the inline budget, by stepOn nor by Instruction.next.
  it("a completion turned into the task's cancellation costs the same inline budget in both forms", () => {
    class CancelSelf extends Instruction<number> {
      describe(): string {
        return "cancelSelf";
      }
      tryNow(task: Task): number {
        task.cancel();
        return 1;
      }
    }
    const program = (form: Form): string[] => {
      const host = new VirtualHost();
      const log: string[] = [];
      host.spawn(function* a() {
        try {
          for (let i = 0; i < 10; i++) yield* now();
          if (form === "typed") yield* new CancelSelf();
          else yield new CancelSelf();
        } finally {
          for (let i = 0; i < 60; i++) {
            yield* now();
            log.push(`a${i}`);
          }
        }
      });
      host.spawn(function* b() {
        log.push("b");
      });
      host.run();
      return log;
    };
    expect(program("typed")).toEqual(program("direct"));
  });

  // The kernel runs `yield sleep(ms)` by its dispatch tag; a subclass that
  // overrode tryNow/park would behave one way with yield and another with
  // yield*, so subclassing Sleep is refused.
  it("refuses a Sleep subclass, which could behave one way with yield and another with yield*", () => {
    class QuickSleep extends Sleep {}
    expect(() => new QuickSleep(0)).toThrow(/Sleep cannot be subclassed; write an Instruction whose park\(\) arms a Timer/);
  });
});
