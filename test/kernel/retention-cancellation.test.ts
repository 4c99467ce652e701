/**
 * The map that tells a task's own CancelledError from another
 * (lifecycle.ts, ownCancellation) must not make a CancelledError that user
 * code keeps (a log of errors, say) keep its task, and through it the whole
 * host and its task tree, alive.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { VirtualHost, sleep, spawn } from "../../src/index.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

async function collected(ref: WeakRef<object>): Promise<boolean> {
  await new Promise((resolve) => setTimeout(resolve, 0));
  gc();
  return ref.deref() === undefined;
}

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
