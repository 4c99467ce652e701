/**
 * `npm run bench:gc` (`-- --smoke` for tiny sizes): spindle and its
 * baselines measured the way a long-running program sees them.
 *
 * The main suite (bench/run.ts) times each workload many times back to back
 * in one process, so the JIT's code and the heap are as warm as they ever get.
 * A long-running program is different: between two bursts of work the
 * collector runs, and a full collection drops code and feedback that hold
 * only weak references (see gc/deopts.ts). So here:
 *
 * - every side of every workload runs in a FRESH `node --expose-gc` process
 *   (time-child.ts, memory-child.ts): nothing one side left in the heap or
 *   the JIT bills the next;
 * - in it, one warm-up run, then N runs each right after a forced full
 *   `gc()`, alternating with N warm runs (no forced GC), timed with
 *   process.hrtime.bigint and checked (a wrong result fails the suite);
 * - the sides run one after the other, in the opposite order every other
 *   batch, for B batches: a burst of load on this shared machine then hits
 *   both sides of a ratio, and each batch's ratio compares two processes run
 *   moments apart.
 *
 * spindle is loaded as bench/run.ts does (a tsc build of src/, here into
 * .bench-results/gc/build/cjs; --source for src/ through tsx); the bench code
 * itself runs through tsx. Options: see options.ts. Results: markdown on
 * stdout, JSON in .bench-results/gc-latest.json.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { buildSpindle, ROOT } from "../build.js";
import { formatRate } from "../harness.js";
import type { MemorySample } from "./memory-child.js";
import { childEnv, describeSource, GC_BUILD_DIR, readOptions } from "./options.js";
import type { GcOptions } from "./options.js";
import { buildReport } from "./report.js";
import type { SideResult } from "./report.js";
import type { TimeSample } from "./time-child.js";
import { WORKLOADS } from "./workloads.js";
import type { Workload } from "./workloads.js";

/** Runs one child script in a fresh `node --expose-gc` process; returns the JSON line it printed. */
function runChild(script: string, args: readonly string[], options: GcOptions): unknown {
  const argv = ["--expose-gc", "--import", "tsx", path.join(__dirname, script), ...args, `--runs=${options.runs}`, `--warmups=${options.warmups}`];
  if (options.smoke) argv.push("--smoke");
  // A child that throws (a wrong result, a task not blocked) exits non-zero: execFileSync throws, and so does the suite.
  const out = execFileSync(process.execPath, argv, { cwd: ROOT, encoding: "utf8", env: childEnv(options.source), stdio: ["ignore", "pipe", "inherit"], maxBuffer: 1 << 24 });
  const line = out.split("\n").find((l) => l.startsWith("{"));
  if (line === undefined) throw new Error(`${script} ${args.join(" ")} printed no result`);
  return JSON.parse(line);
}

function measureSide(w: Workload, index: number, batch: number, options: GcOptions): SideResult {
  if (w.kind === "time") {
    const { side, caseId } = w.sides[index] as (typeof w.sides)[number];
    const s = runChild("time-child.ts", [`--group=${w.group}`, `--case=${caseId}`], options) as TimeSample;
    return { workload: w.id, side, batch, units: s.units, gc: s.gcMs, warm: s.warmMs };
  }
  const { side, probe } = w.sides[index] as (typeof w.sides)[number];
  const s = runChild("memory-child.ts", [`--probe=${probe}`], options) as MemorySample;
  return { workload: w.id, side, batch, units: s.tasks, gc: s.bytesPerTask, warm: [] };
}

function describe(r: SideResult, kind: Workload["kind"]): string {
  const med = [...r.gc].sort((a, b) => a - b)[r.gc.length >> 1] as number;
  if (kind === "memory") return `${med.toFixed(0)} bytes/task`;
  const warm = [...r.warm].sort((a, b) => a - b)[r.warm.length >> 1] as number;
  return `after GC ${med.toFixed(2)} ms (${formatRate((r.units * 1000) / med)}/s), warm ${warm.toFixed(2)} ms (${formatRate((r.units * 1000) / warm)}/s)`;
}

function main(): void {
  const options = readOptions();
  const workloads = options.only === null ? WORKLOADS : WORKLOADS.filter((w) => options.only?.includes(w.id));
  if (options.only !== null) {
    for (const id of options.only) if (!WORKLOADS.some((w) => w.id === id)) throw new Error(`unknown workload "${id}"; workloads: ${WORKLOADS.map((w) => w.id).join(", ")}`);
  }
  const started = Date.now();
  const loadAtStart = os.loadavg();
  const source = describeSource(options);
  process.stderr.write(
    `spindle gc benchmarks (${options.smoke ? "smoke" : "full"}): ${options.batches} batches x ${options.runs} runs per condition (${options.warmups} warm-up), node ${process.version}, ${os.cpus().length} cpus, load ${loadAtStart.map((l) => l.toFixed(2)).join(" ")}\nspindle = ${source}\n`,
  );
  if (!options.source) {
    process.stderr.write(`building spindle (tsc) into ${path.relative(ROOT, GC_BUILD_DIR)} ...\n`);
    buildSpindle(GC_BUILD_DIR, options.commit);
  }

  const results: SideResult[] = [];
  for (let batch = 0; batch < options.batches; batch++) {
    process.stderr.write(`\n[batch ${batch + 1}/${options.batches}]\n`);
    for (const w of workloads) {
      const indices = w.sides.map((_, i) => i);
      // Every other batch in reverse, so no side always runs first (or right after the same neighbour).
      if (batch % 2 === 1) indices.reverse();
      for (const i of indices) {
        const r = measureSide(w, i, batch, options);
        results.push(r);
        process.stderr.write(`  ${w.id.padEnd(14)} ${r.side.padEnd(8)} ${describe(r, w.kind)}\n`);
      }
    }
  }

  const seconds = (Date.now() - started) / 1000;
  const text = buildReport(workloads, results);
  process.stdout.write(`\nspindle = ${source}; node ${process.version}; ${options.batches} batches x ${options.runs} runs per condition after ${options.warmups} warm-up run(s)\n\n${text}\n\n(${seconds.toFixed(0)} s; load average ${loadAtStart.map((l) => l.toFixed(2)).join(" ")} at start, ${os.loadavg().map((l) => l.toFixed(2)).join(" ")} at end${options.smoke ? "; smoke sizes: the numbers mean nothing" : ""})\n`);
  const dir = path.join(ROOT, ".bench-results");
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "gc-latest.json");
  const json = { date: new Date().toISOString(), node: process.version, spindle: source, options, seconds, loadAverage: { start: loadAtStart, end: os.loadavg() }, results };
  fs.writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
  process.stderr.write(`results written to ${path.relative(process.cwd(), file)}\n`);
}

try {
  main();
} catch (error: unknown) {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
}
