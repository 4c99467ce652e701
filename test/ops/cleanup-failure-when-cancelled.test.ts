/**
 * A child's cleanup that fails while the task waiting for it is being
 * cancelled: the failure is never dropped. A plain child fails its parent
 * with it; so must the children of all, race, timeout and scope, whose
 * caller is the one cancelled.
 */
import { VirtualHost, all, race, scope, sleep, spawn, suspend, timeout } from "../../src/index.js";
import type { Coroutine, Operation } from "../../src/index.js";

function* failsInCleanup(): Coroutine<void> {
  try {
    yield* sleep(100);
  } finally {
    yield* sleep(1); // the cleanup waits, so the caller's cancellation lands first
    // eslint-disable-next-line no-unsafe-finally
    throw new Error("cleanup failed");
  }
}

/** Runs `waiting` in a task, cancels it at t=5, gives its final state and error message. */
function cancelledWhileWaiting(waiting: () => Operation<unknown>): { state: string; error: string | undefined } {
  const host = new VirtualHost();
  const t = host.spawn(function* caller() {
    yield* waiting();
  });
  host.spawn(function* canceller() {
    yield* sleep(5);
    t.cancel();
  });
  try {
    host.run();
  } catch (e) {
    // A failed top-level task is also thrown by run(): the same error.
    if (e !== t.error) throw e;
  }
  return { state: t.state, error: t.error instanceof Error ? t.error.message : undefined };
}

describe("a child's cleanup failing while its waiter is cancelled", () => {
  it("a plain child fails its parent with the cleanup's error (the reference)", () => {
    expect(
      cancelledWhileWaiting(function* () {
        yield* spawn(failsInCleanup);
        yield* suspend();
      }),
    ).toEqual({ state: "failed", error: "cleanup failed" });
  });

  it.each([
    ["all", () => all([failsInCleanup()])],
    ["race", () => race([failsInCleanup(), suspend()])],
    ["timeout", () => timeout(1000, failsInCleanup())],
    [
      "scope",
      () =>
        scope(function* (group) {
          yield* group.spawn(failsInCleanup);
          yield* suspend();
        }),
    ],
  ] as [string, () => Operation<unknown>][])("%s: the caller fails with the cleanup's error, not only cancelled", (_name, op) => {
    expect(cancelledWhileWaiting(op)).toEqual({ state: "failed", error: "cleanup failed" });
  });
});
