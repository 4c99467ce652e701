import { now } from "../src/index.js";
import type { Coroutine } from "../src/index.js";

/** An ordered event log with virtual timestamps, for scenario tests. */
export class EventLog {
  readonly events: string[] = [];
  /** Records `what` at the current virtual time: "t=10 a woke". */
  *at(what: string): Coroutine<void> {
    this.events.push(`t=${yield* now()} ${what}`);
  }
  push(what: string): void {
    this.events.push(what);
  }
}

/** Calls `f` and gives what it threw; fails the test if it did not throw. */
export function thrownBy(f: () => unknown): unknown {
  try {
    f();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}
