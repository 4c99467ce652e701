/**
 * Running one case once, timed and checked; shared by the timing child and
 * the deopt child so that both run a workload the same way.
 */
import type { Case } from "../harness.js";

/** A full, synchronous major GC (needs node --expose-gc; refusing to run without it beats measuring the wrong thing). */
export function fullGc(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error("run this under node --expose-gc");
  gc();
}

/** Throws unless the run returned what the case says it must: a broken workload must not look fast. */
export function check(c: Case, value: number): void {
  if (c.expect !== undefined && value !== c.expect) {
    throw new Error(`${c.id}: the workload returned ${value}, expected ${c.expect}; it did not do the work it claims`);
  }
}

/** Runs the case once; returns the wall time in milliseconds (process.hrtime.bigint), after checking the result. */
export async function timeOnce(c: Case): Promise<number> {
  let value: number;
  const start = process.hrtime.bigint();
  // Sync cases are called directly: no await (and no microtask) inside their timed region.
  if ("runAsync" in c) value = await c.runAsync();
  else value = c.run();
  const end = process.hrtime.bigint();
  check(c, value);
  return Number(end - start) / 1e6;
}
