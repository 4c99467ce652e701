/**
 * `npm run bench:progress`: what progress reports cost a virtual run.
 *
 * Sides, each in a fresh `node --expose-gc` process, all on a tsc build of
 * src/ (see spindle.ts for why not tsx):
 * - "none": `run(main)` with no onProgress: one runVirtual call, as before;
 * - "noop": `run(main, { onProgress: () => {} })` with the default interval
 *   (100 ms) and clock: the run in slices, the wall clock read between them;
 * - "base" (with --base=REF, e.g. --base=HEAD): `run(main)` on src/ as it is
 *   in that commit, to compare "none" with code that has no hooks at all.
 *
 * Workloads, about a million steps each:
 * - yields: 100 tasks, 10,000 yieldNow() each: one instant, a million task steps;
 * - sleeps: one task, 1,000,000 sleep(1): a million instants of one step
 *   each, where a per-instant cost would show.
 *
 * In each process: one warm-up run, then --runs (default 5) runs, each right
 * after a forced full GC, timed in CPU ms (process.cpuUsage, user + system:
 * less sensitive than wall time to the other processes of a shared
 * machine). Prints the median and the spread of each side; sides run in the
 * opposite order every other round (--rounds, default 2).
 *
 *   npm run bench:progress [-- --runs=5] [--rounds=2] [--base=HEAD]
 */
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import type * as Spindle from "../src/index.js";
import { buildSpindle, ROOT } from "./build.js";

const WORKLOADS = ["yields", "sleeps"] as const;
type WorkloadName = (typeof WORKLOADS)[number];
type Side = "none" | "noop" | "base";

const OUT = path.join(ROOT, ".bench-results", "progress");

function option(name: string): string | undefined {
  const prefix = `--${name}=`;
  return process.argv.find((a) => a.startsWith(prefix))?.slice(prefix.length);
}

function positiveInt(name: string, fallback: number): number {
  const text = option(name);
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`--${name}=${text}: expected an integer >= 1`);
  return n;
}

/** The workload as a main for run(); gives the number of steps it must have taken. */
function workload(spindle: typeof Spindle, name: WorkloadName): { main: () => Spindle.Coroutine<number>; expect: number } {
  const { sleep, spawn, yieldNow } = spindle;
  if (name === "yields") {
    return {
      expect: 1_000_000,
      main: function* (): Spindle.Coroutine<number> {
        const tasks: Spindle.Task<void>[] = [];
        for (let i = 0; i < 100; i++) {
          tasks.push(
            yield* spawn(function* (): Spindle.Coroutine<void> {
              for (let j = 0; j < 10_000; j++) yield* yieldNow();
            }),
          );
        }
        for (const t of tasks) yield* t;
        return 100 * 10_000;
      },
    };
  }
  return {
    expect: 1_000_000,
    main: function* (): Spindle.Coroutine<number> {
      let n = 0;
      for (; n < 1_000_000; n++) yield* sleep(1);
      return n;
    },
  };
}

/** The child: one side of one workload, timed; prints one JSON line. */
function child(): void {
  const dir = option("dir");
  const name = option("workload") as WorkloadName | undefined;
  const side = option("side") as Side | undefined;
  if (dir === undefined || name === undefined || side === undefined) throw new Error("usage: progress-cost --child --dir=D --workload=W --side=S");
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error("run the child under node --expose-gc");
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the build to measure is chosen at run time
  const spindle = require(path.join(dir, "index.js")) as typeof Spindle;
  const { main, expect } = workload(spindle, name);
  let reports = 0;
  const options = side === "noop" ? { onProgress: (): void => void reports++ } : {};
  const once = (): number => {
    const before = process.cpuUsage();
    const result = spindle.run(main, options);
    const used = process.cpuUsage(before);
    if (result !== expect) throw new Error(`${name}: the run gave ${result}, expected ${expect}`);
    return (used.user + used.system) / 1000;
  };
  once(); // warm-up: compiles the code and checks the result
  const cpuMs: number[] = [];
  const runs = positiveInt("runs", 5);
  for (let i = 0; i < runs; i++) {
    gc();
    cpuMs.push(once());
  }
  process.stdout.write(`${JSON.stringify({ cpuMs, reports: reports / (runs + 1) })}\n`);
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

function main(): void {
  const runs = positiveInt("runs", 5);
  const rounds = positiveInt("rounds", 2);
  const base = option("base");
  const current = path.join(OUT, "build", "cjs");
  buildSpindle(current);
  const dirs: Partial<Record<Side, string>> = { none: current, noop: current };
  if (base !== undefined) {
    dirs.base = path.join(OUT, "base", "cjs");
    buildSpindle(dirs.base, base);
  }
  const sides = Object.keys(dirs) as Side[];
  const lines = [`progress reports' cost: CPU ms per run, median of ${runs} runs after a forced GC, per process; ${rounds} round(s)`, ""];
  lines.push("| workload | side | median CPU ms | min-max | reports per run | vs none |", "| --- | --- | --- | --- | --- | --- |");
  for (const name of WORKLOADS) {
    const samples: Record<string, number[]> = {};
    const reports: Record<string, number> = {};
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? sides : [...sides].reverse();
      for (const side of order) {
        const argv = ["--expose-gc", "--import", "tsx", __filename, "--child", `--dir=${dirs[side] as string}`, `--workload=${name}`, `--side=${side}`, `--runs=${runs}`];
        const out = execFileSync(process.execPath, argv, { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
        const line = out.split("\n").find((l) => l.startsWith("{"));
        if (line === undefined) throw new Error(`${name}/${side} printed no result`);
        const result = JSON.parse(line) as { cpuMs: number[]; reports: number };
        (samples[side] ??= []).push(median(result.cpuMs));
        reports[side] = result.reports;
      }
    }
    const noneMedian = median(samples["none"] as number[]);
    for (const side of sides) {
      const xs = samples[side] as number[];
      const m = median(xs);
      const label = side === "base" ? `base (${base as string})` : side;
      lines.push(`| ${name} | ${label} | ${m.toFixed(1)} | ${Math.min(...xs).toFixed(1)}-${Math.max(...xs).toFixed(1)} | ${side === "noop" ? (reports[side] as number).toFixed(1) : "-"} | ${(m / noneMedian).toFixed(3)} |`);
    }
  }
  console.log(lines.join("\n"));
}

if (process.argv.includes("--child")) child();
else main();
