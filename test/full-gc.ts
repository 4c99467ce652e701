/**
 * A full garbage collection from inside a test, for the tests that check
 * what is kept alive (WeakRef after a collection) or what a collection
 * triggers (finalizers).
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

setFlagsFromString("--expose-gc");
/** Runs a full collection (V8's gc, reached through a fresh context once the flag is set). */
export const gc = runInNewContext("gc") as () => void;

/** Collects garbage after the current job, whose WeakRef targets are kept alive until it ends; true if `ref`'s target is gone. */
export async function collected(ref: WeakRef<object>): Promise<boolean> {
  await new Promise((resolve) => setTimeout(resolve, 0));
  gc();
  return ref.deref() === undefined;
}
