/**
 * What finished work keeps alive: nothing but results. Checked with the
 * garbage collector itself (WeakRef after a forced full collection), since
 * these are properties no other test can observe.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { VirtualHost, channel, run, sleep, spawn } from "../../src/index.js";
import type { Coroutine, Task } from "../../src/index.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

/** Collects garbage after the current job, whose WeakRef targets are kept alive until it ends. */
async function collected(ref: WeakRef<object>): Promise<boolean> {
  await new Promise((resolve) => setTimeout(resolve, 0));
  gc();
  return ref.deref() === undefined;
}

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
