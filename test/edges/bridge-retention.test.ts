/**
 * A promise that never settles, waited on by a task that is then cancelled
 * (a fromPromise that loses a race, a shutdown signal never sent): the
 * promise keeps its callbacks, and those must not keep the cancelled task,
 * or a loop of such races grows without bound. Checked with the garbage
 * collector itself (WeakRef after a forced full collection).
 */
import { VirtualHost, suspend } from "../../src/index.js";
import { fromPromise } from "../../src/promise.js";
import type { Task } from "../../src/index.js";
import { collected } from "../full-gc.js";

/** Never settles; kept alive for the whole test, as a long-lived shutdown promise is. */
const never = new Promise<void>(() => {});

describe("a promise that never settles, and a cancelled waiter", () => {
  it("does not keep the cancelled task alive", async () => {
    const ref = ((): WeakRef<Task<unknown>> => {
      const host = new VirtualHost();
      const t = host.spawn(function* waiter() {
        yield* fromPromise(never);
        yield* suspend();
      });
      host.runUntil(0);
      t.cancel();
      host.run();
      return new WeakRef(t);
    })();
    expect(await collected(ref)).toBe(true);
  });
});
