/**
 * A user primitive whose describe() throws: the reports that name waits
 * (the deadlock report, dump(), waitingOn) still come out, naming the
 * failure, instead of the user's error replacing them.
 */
import { DeadlockError, VirtualHost, run } from "../../src/index.js";
import { Instruction, WAIT, WaitList } from "../../src/extend.js";
import type { Task, Waiting } from "../../src/extend.js";

class BrokenName extends Instruction<void> {
  private readonly waiters = new WaitList<void>();
  describe(): string {
    throw new Error("describe is broken");
  }
  tryNow(): Waiting {
    return WAIT;
  }
  override park(task: Task<unknown>): void {
    this.waiters.add(task, this);
  }
}

describe("a wait whose describe() throws", () => {
  it("a deadlock is still reported as a DeadlockError that names the failure", () => {
    let error: unknown;
    try {
      run(function* stuck() {
        yield* new BrokenName();
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DeadlockError);
    expect((error as DeadlockError).blocked[0]?.waitingOn).toBe("(describe() threw Error: describe is broken)");
  });

  it("dump() and waitingOn name the failure too", () => {
    const host = new VirtualHost();
    const t = host.spawn(function* stuck() {
      yield* new BrokenName();
    });
    host.runUntil(0);
    expect(t.waitingOn).toBe("(describe() threw Error: describe is broken)");
    expect(host.scheduler.dump()).toContain('task#1 "stuck" blocked on (describe() threw Error: describe is broken)');
  });
});
