/**
 * A thin layer over benchmark.js: a workload is a `Case`, run as one
 * benchmark.js benchmark (deferred when it is asynchronous), and turned into
 * a plain `Result` that the report and the JSON file use.
 *
 * Rounds, and why: this machine is shared (load averages of 3-7 on 2 cores
 * were seen while developing the suite), and one long measurement per case
 * swung by 2-3x from run to run. So each group's cases run in many short
 * rounds, interleaved (bare, spindle, native, bare, spindle...; every other
 * round in reverse order), and a ratio is the median of the per-round ratios
 * of two cases measured moments apart: a burst of load slows both sides of a
 * pair. The same rule applies to every case; no side is favoured.
 */
import Benchmark from "benchmark";
import type { HarnessOptions } from "./config.js";

/** Who is measured: the library, a physical-limit baseline, the platform, or a peer library. */
export type Subject = "spindle" | "bare" | "native" | "effection" | "js-csp";

interface CaseBase {
  /** Stable identifier, used by the report and the JSON file. */
  id: string;
  /** Human-readable label for the tables. */
  name: string;
  subject: Subject;
  /** What one op is made of ("switch", "task", "timer") and how many of them. */
  unit: string;
  units: number;
  /** What one run must return: checked on the warm-up and after every measurement, so a broken workload cannot look fast. */
  expect?: number;
  /**
   * For workloads that take seconds per run: the harness's minSamples is
   * replaced by this, and the untimed warm-up run is left out (benchmark.js
   * runs one calibration cycle before its samples anyway).
   */
  minSamples?: number;
}

export interface SyncCase extends CaseBase {
  run: () => number;
}

export interface AsyncCase extends CaseBase {
  runAsync: () => PromiseLike<number>;
}

export type Case = SyncCase | AsyncCase;

/** One benchmark.js measurement of one case. */
interface Measurement {
  opsPerSec: number;
  rmePercent: number;
  samples: number;
}

export interface Result {
  id: string;
  name: string;
  group: string;
  subject: Subject;
  unit: string;
  unitsPerOp: number;
  /** Median over the rounds of benchmark.js `hz`: whole workloads per second. */
  opsPerSec: number;
  /** opsPerSec x unitsPerOp: switches/s, tasks/s, timers/s. */
  unitsPerSec: number;
  /** Median of benchmark.js's relative margin of error over the rounds, in percent. */
  rmePercent: number;
  /** benchmark.js samples, all rounds together. */
  samples: number;
  /** unitsPerSec of each round, in round order (pairs with the other cases' rounds). */
  rounds: number[];
}

function isAsync(c: Case): c is AsyncCase {
  return "runAsync" in c;
}

function check(c: Case, value: number | undefined): void {
  if (value === undefined) throw new Error(`${c.id}: the workload never completed`);
  if (c.expect !== undefined && value !== c.expect) {
    throw new Error(`${c.id}: the workload returned ${value}, expected ${c.expect}; it did not do the work it claims`);
  }
}

/** Frees the previous benchmark's garbage so it is not billed to the next one (needs --expose-gc). */
export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc !== undefined) {
    gc();
    gc();
  }
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Measures one case once with benchmark.js; rejects if the workload throws or returns the wrong value. */
async function measure(c: Case, options: HarnessOptions, warmUp: boolean): Promise<Measurement> {
  if (warmUp && c.minSamples === undefined) {
    // An untimed, checked run: a broken workload fails here, and the code is warm before the clock starts.
    check(c, isAsync(c) ? await c.runAsync() : c.run());
  }
  collectGarbage();
  let failure: unknown = null;
  // What the last run returned, checked against `expect` once benchmark.js is done.
  let last: number | undefined;
  const common = { maxTime: options.maxTime, minSamples: c.minSamples ?? options.minSamples, minTime: options.minTime };
  const bench = isAsync(c)
    ? new Benchmark(c.name, {
        ...common,
        // Deferred: benchmark.js starts the clock, we resolve when the workload's promise settles.
        defer: true,
        fn: (deferred: Benchmark.Deferred) => {
          c.runAsync().then(
            (value) => {
              last = value;
              deferred.resolve();
            },
            (error: unknown) => {
              failure = error;
              deferred.benchmark.abort();
              deferred.resolve();
            },
          );
        },
      })
    : new Benchmark(c.name, {
        ...common,
        fn: () => {
          last = c.run();
        },
      });

  await new Promise<void>((resolve) => {
    bench.on("complete", () => resolve());
    bench.run({ async: isAsync(c) });
  });
  if (failure !== null) throw failure;
  const error = (bench as unknown as { error?: unknown }).error;
  if (error !== undefined) throw error;
  if (bench.aborted) throw new Error(`${c.id}: benchmark.js aborted the benchmark`);
  check(c, last);
  collectGarbage();
  return { opsPerSec: bench.hz, rmePercent: bench.stats.rme, samples: bench.stats.sample.length };
}

/**
 * Runs the cases one after the other (never concurrently: they would share
 * the CPU), in `rounds` interleaved rounds, and summarises each case by its
 * median round.
 */
export async function runCases(group: string, cases: readonly Case[], options: HarnessOptions): Promise<Result[]> {
  const rounds = options.groupRounds[group] ?? options.rounds;
  const measured = new Map<string, Measurement[]>(cases.map((c) => [c.id, []]));
  for (let round = 0; round < rounds; round++) {
    // Every other round in reverse, so that no case always runs right after the same neighbour.
    const order = round % 2 === 0 ? cases : [...cases].reverse();
    for (const c of order) {
      const m = await measure(c, options, round === 0);
      (measured.get(c.id) as Measurement[]).push(m);
    }
    process.stderr.write(`  round ${round + 1}/${rounds} done\n`);
  }
  return cases.map((c) => {
    const ms = measured.get(c.id) as Measurement[];
    const opsPerSec = median(ms.map((m) => m.opsPerSec));
    const result: Result = {
      id: c.id,
      name: c.name,
      group,
      subject: c.subject,
      unit: c.unit,
      unitsPerOp: c.units,
      opsPerSec,
      unitsPerSec: opsPerSec * c.units,
      rmePercent: median(ms.map((m) => m.rmePercent)),
      samples: ms.reduce((n, m) => n + m.samples, 0),
      rounds: ms.map((m) => m.opsPerSec * c.units),
    };
    const lo = Math.min(...result.rounds);
    const hi = Math.max(...result.rounds);
    process.stderr.write(`  ${c.name.padEnd(58)} ${formatRate(result.unitsPerSec)} ${c.unit}/s  (rounds ${formatRate(lo)}..${formatRate(hi)})\n`);
    return result;
  });
}

/** 12.3M, 456k, 789 */
export function formatRate(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}k`;
  return n.toFixed(1);
}
