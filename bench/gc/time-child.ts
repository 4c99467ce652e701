/**
 * One side of one workload, in a fresh process started by gc/run.ts:
 *
 *   node --expose-gc --import tsx bench/gc/time-child.ts --group=G --case=ID [--runs=N] [--warmups=W] [--smoke]
 *
 * One checked warm-up run (--warmups), then N pairs of measured runs: a "gc" run right
 * after a forced full collection (what a long-running program sees when the
 * collector has just run: caches and weakly-held code dropped), and a "warm"
 * run with no forced collection (what a tight benchmark loop sees). The two
 * alternate, each pair in the other order, so that neither always comes
 * first. Prints one JSON line (TimeSample) on stdout.
 */
import { option, readOptions } from "./options.js";
import { fullGc, timeOnce } from "./timing.js";
import { loadCase } from "./workloads.js";
import type { TimeWorkload } from "./workloads.js";

export interface TimeSample {
  caseId: string;
  /** The case's units per run (switches, tasks, round trips, items). */
  units: number;
  gcMs: number[];
  warmMs: number[];
}

async function main(): Promise<void> {
  const options = readOptions();
  const group = option("group") as TimeWorkload["group"] | undefined;
  const caseId = option("case");
  if (group === undefined || caseId === undefined) throw new Error("usage: time-child --group=G --case=ID [--runs=N] [--smoke]");
  const c = await loadCase(group, caseId, options.sizes);

  // Warm-up: compiles the code, fails fast on a wrong result. With the default single run the
  // next run or two are still being tiered up; the alternation below gives both conditions that share.
  for (let i = 0; i < options.warmups; i++) await timeOnce(c);
  const gcMs: number[] = [];
  const warmMs: number[] = [];
  for (let i = 0; i < options.runs; i++) {
    const gcFirst = i % 2 === 0;
    if (!gcFirst) warmMs.push(await timeOnce(c));
    fullGc();
    gcMs.push(await timeOnce(c));
    if (gcFirst) warmMs.push(await timeOnce(c));
  }
  const sample: TimeSample = { caseId, units: c.units, gcMs, warmMs };
  process.stdout.write(`${JSON.stringify(sample)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
