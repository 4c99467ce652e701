/**
 * What finished work keeps alive: nothing but results. Checked with the
 * garbage collector itself (WeakRef after a forced full collection), since
 * these are properties no other test can observe.
 */
import { VirtualHost, channel, run, sleep, spawn } from "../../src/index.js";
import type { Coroutine, Task } from "../../src/index.js";
import { collected } from "../full-gc.js";

describe("retention", () => {
  it("a finished task kept by its caller does not keep its generator function's closure", async () => {
    // Built in a function of its own, so that only the returned task and weak reference outlive it.
    const { task, ref } = ((): { task: Task<number>; ref: WeakRef<object> } => {
      const host = new VirtualHost();
      const big = new Array<number>(10_000).fill(1);
      const task = host.spawn(function* () {
        yield* sleep(1);
        return big.length;
      });
      host.run();
      return { task, ref: new WeakRef(big) };
    })();
    expect(task.value).toBe(10_000); // the task itself stays referenced
    expect(await collected(ref)).toBe(true);
    expect(task.name).toBe("anonymous");
  });

  it("a host that stays alive keeps no closure of a finished task once its run call has returned", async () => {
    const host = new VirtualHost();
    const { task, ref } = ((): { task: Task<number>; ref: WeakRef<object> } => {
      const big = new Array<number>(10_000).fill(1);
      const task = host.spawn(function* counter() {
        yield* sleep(1);
        return big.length;
      });
      host.run();
      return { task, ref: new WeakRef(big) };
    })();
    expect(await collected(ref)).toBe(true);
    expect(task.name).toBe("counter");
    expect(host.scheduler.liveTasks).toBe(0);
  });

  it("a channel does not keep a delivered value alive in its spare waiters", async () => {
    const ch = channel<object>();
    const ref = ((): WeakRef<object> => {
      const payload = { data: new Array<number>(10_000).fill(2) };
      run(function* (): Coroutine<void> {
        yield* spawn(function* () {
          yield* ch.send(payload); // blocks: nobody receives yet
        });
        yield* sleep(1);
        yield* ch.recv();
      });
      return new WeakRef(payload);
    })();
    expect(await collected(ref)).toBe(true);
    expect(ch.stats().sent).toBe(1);
  });

  it("a shared Sleep that fired keeps neither its task nor the scheduler", async () => {
    const pause = sleep(5);
    const ref = ((): WeakRef<object> => {
      const host = new VirtualHost();
      host.spawn(function* () {
        yield pause;
      });
      host.run();
      return new WeakRef(host.scheduler);
    })();
    expect(await collected(ref)).toBe(true);
    expect(pause.ms).toBe(5);
  });
});

/**
 * The map that tells a task's own CancelledError from another
 * (lifecycle.ts, ownCancellation) must not make a CancelledError that user
 * code keeps (a log of errors, say) keep its task, and through it the whole
 * host and its task tree, alive.
 */
describe("retention through a kept CancelledError", () => {
  it("a CancelledError kept after the run does not keep the host's scheduler alive", async () => {
    const kept: unknown[] = [];
    const ref = ((): WeakRef<object> => {
      const host = new VirtualHost();
      const big = new Array<number>(100_000).fill(1);
      host.spawn(function* main() {
        const child = yield* spawn(function* worker() {
          try {
            yield* sleep(1000);
          } catch (e) {
            kept.push(e); // an error log
            void (e as Error).stack; // formats the stack, which lets go of its frames
            throw e;
          }
        });
        yield* sleep(1);
        child.cancel();
        return big.length;
      });
      host.run();
      return new WeakRef(host.scheduler);
    })();
    expect(kept.length).toBe(1);
    expect(await collected(ref)).toBe(true);
  });
});
