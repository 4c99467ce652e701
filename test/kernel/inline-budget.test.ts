/**
 * The inline budget: refusals count like completions, in both forms.
 */
import { VirtualHost, spawn } from "../../src/index.js";

describe("the inline budget", () => {
  // A tryNow() that throws (a join of a failed task, cancel() of a task
  // whose cleanup failed, a failed sim event, an action rejected at once)
  // counts against the inline budget in both paths. Were it not counted, a
  // retry loop would starve every other task and the run would never return.
  it("a task retrying an operation that is refused at once still lets the others run", () => {
    const host = new VirtualHost();
    let flag = false;
    let tries = 0;
    host.spawn(function* main() {
      const bad = yield* spawn(function* bad() {
        throw new Error("boom");
      });
      try {
        yield* bad;
      } catch {
        // joined: handled
      }
      yield* spawn(function* setter() {
        flag = true;
      });
      while (!flag) {
        if (++tries > 10_000) throw new Error("starved: the setter never ran");
        try {
          yield* bad;
        } catch {
          // retry
        }
      }
    });
    host.run();
    expect(tries).toBeLessThanOrEqual(64);
  });
});
