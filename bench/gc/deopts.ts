/**
 * `npm run bench:deopts` (`-- --smoke`): how much of spindle's optimised
 * code a full GC throws away, against the same workload in async/await.
 *
 * For each workload, spindle's side and the native side each run in a fresh
 * `node --expose-gc --trace-deopt` process (deopt-child.ts): warm-up, a
 * forced full GC, one more run. Every deoptimization V8 reports between the
 * GC and the end of that run is counted (trace.ts), grouped by reason; for
 * spindle, those in spindle's own files (the build in
 * .bench-results/gc/build/cjs, or src/ and dist/) are counted apart from the
 * rest, with the functions they hit. Results: a markdown table on stdout,
 * JSON in .bench-results/gc-deopts.json, the raw traces in
 * .bench-results/gc/traces/. Options: --smoke, --only=ids, --commit=REV,
 * --source (options.ts).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { buildSpindle, ROOT } from "../build.js";
import { childEnv, describeSource, GC_BUILD_DIR, readOptions } from "./options.js";
import type { GcOptions } from "./options.js";
import { END_MARKER, FunctionFiles, GC_MARKER, parseDeopt } from "./trace.js";
import type { Deopt } from "./trace.js";
import { WORKLOADS } from "./workloads.js";
import type { TimeWorkload } from "./workloads.js";

/** The workloads traced by default: all the timed ones (ping-pong and spawn+join among them). */
const DEFAULT = ["pingpong", "spawn", "switch.direct", "switch.typed", "fanin"];

interface Traced {
  workload: string;
  side: string;
  warmup: Deopt[];
  afterGc: Deopt[];
  msAfterGc: number;
}

/** Where the raw --trace-deopt output of each child is kept. */
const TRACE_DIR = path.join(ROOT, ".bench-results", "gc", "traces");

const SPINDLE_DIRS = [GC_BUILD_DIR, path.join(ROOT, "src"), path.join(ROOT, "dist")].map((d) => d + path.sep);
const isSpindleFile = (file: string | null): boolean => file !== null && SPINDLE_DIRS.some((d) => file.startsWith(d));

function trace(w: TimeWorkload, side: "spindle" | "native", options: GcOptions): Traced {
  const caseId = w.sides.find((s) => s.side === side)?.caseId;
  if (caseId === undefined) throw new Error(`${w.id} has no ${side} side`);
  const argv = ["--expose-gc", "--trace-deopt", "--trace-opt", "--trace-file-names", "--import", "tsx", path.join(__dirname, "deopt-child.ts"), `--group=${w.group}`, `--case=${caseId}`];
  if (options.smoke) argv.push("--smoke");
  const r = spawnSync(process.execPath, argv, { cwd: ROOT, encoding: "utf8", env: childEnv(options.source), maxBuffer: 1 << 29 });
  if (r.status !== 0) throw new Error(`deopt-child ${caseId} failed (exit ${r.status}):\n${r.stderr}`);
  // The raw trace, kept so that it can be read (or parsed again) later.
  fs.mkdirSync(TRACE_DIR, { recursive: true });
  fs.writeFileSync(path.join(TRACE_DIR, `${w.id}.${side}.txt`), r.stdout);
  const files = new FunctionFiles();
  const warmup: Deopt[] = [];
  const afterGc: Deopt[] = [];
  let msAfterGc = NaN;
  const stdout = r.stdout.split("\n");
  // First pass: where every function lives (a marking line can name a function whose file only a later line gives).
  for (const line of stdout) {
    files.learn(line);
    if (line.startsWith(END_MARKER)) msAfterGc = (JSON.parse(line.slice(END_MARKER.length)) as { msAfterGc: number }).msAfterGc;
  }
  let phase: "warmup" | "afterGc" | "done" = "warmup";
  for (const line of stdout) {
    if (line.startsWith(GC_MARKER)) phase = "afterGc";
    else if (line.startsWith(END_MARKER)) phase = "done";
    else if (phase !== "done") {
      const d = parseDeopt(line, files);
      if (d !== null) (phase === "warmup" ? warmup : afterGc).push(d);
    }
  }
  if (phase !== "done") throw new Error(`deopt-child ${caseId}: markers missing from its output`);
  return { workload: w.id, side, warmup, afterGc, msAfterGc };
}

/** "weak objects 12, wrong map 3" */
function byReason(ds: readonly Deopt[]): string {
  return countBy(ds, (d) => `${d.kind === "marked" ? "marked" : d.kind.replace("bailout: deopt-", "")}: ${d.reason}`);
}

function countBy(ds: readonly Deopt[], key: (d: Deopt) => string, top = 8): string {
  const counts = new Map<string, number>();
  for (const d of ds) counts.set(key(d), (counts.get(key(d)) ?? 0) + 1);
  const sorted = [...counts].sort((a, b) => b[1] - a[1]);
  const shown = sorted.slice(0, top).map(([k, n]) => `${k} ×${n}`);
  if (sorted.length > top) shown.push(`… ${sorted.length - top} more`);
  return shown.join("; ") || "-";
}

const fnLabel = (d: Deopt): string => `${d.name} (${d.file === null ? "?" : path.relative(ROOT, d.file).replace(/^\.bench-results\/gc\/build\/cjs\//, "")})`;

function main(): void {
  const options = readOptions();
  const ids = options.only ?? DEFAULT;
  const workloads = ids.map((id) => {
    const w = WORKLOADS.find((x) => x.id === id);
    if (w === undefined || w.kind !== "time") throw new Error(`"${id}" is not a timed workload`);
    return w;
  });
  if (!options.source) {
    process.stderr.write(`building spindle (tsc) into ${path.relative(ROOT, GC_BUILD_DIR)} ...\n`);
    buildSpindle(GC_BUILD_DIR, options.commit);
  }
  const source = describeSource(options);
  const traced: Traced[] = [];
  const lines = [
    "| workload | spindle: deopts after GC in spindle's files (all files) | by reason | top spindle functions | native: deopts after GC (all files) | native by reason | run after GC: spindle / native ms |",
    "|---|---|---|---|---|---|---|",
  ];
  for (const w of workloads) {
    const s = trace(w, "spindle", options);
    const n = trace(w, "native", options);
    traced.push(s, n);
    const own = s.afterGc.filter((d) => isSpindleFile(d.file));
    process.stderr.write(`  ${w.id}: spindle ${own.length} (${s.afterGc.length} all files; warm-up ${s.warmup.filter((d) => isSpindleFile(d.file)).length}), native ${n.afterGc.length} (warm-up ${n.warmup.length})\n`);
    lines.push(`| ${w.name} | ${own.length} (${s.afterGc.length}) | ${byReason(own)} | ${countBy(own, fnLabel, 6)} | ${n.afterGc.length} | ${byReason(n.afterGc)} | ${s.msAfterGc.toFixed(2)} / ${n.msAfterGc.toFixed(2)} |`);
  }
  lines.push("");
  lines.push("For context, the same counts during the warm-up runs (before the forced GC):");
  lines.push("");
  lines.push("| workload | spindle warm-up deopts, spindle's files (all) | by reason | native warm-up deopts (all) |");
  lines.push("|---|---|---|---|");
  for (const w of workloads) {
    const s = traced.find((t) => t.workload === w.id && t.side === "spindle") as Traced;
    const n = traced.find((t) => t.workload === w.id && t.side === "native") as Traced;
    const own = s.warmup.filter((d) => isSpindleFile(d.file));
    lines.push(`| ${w.name} | ${own.length} (${s.warmup.length}) | ${byReason(own)} | ${n.warmup.length} |`);
  }
  process.stdout.write(`\nspindle = ${source}; node ${process.version}\n\n${lines.join("\n")}\n${options.smoke ? "\n(smoke sizes)\n" : ""}`);
  const file = path.join(ROOT, ".bench-results", "gc-deopts.json");
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify({ date: new Date().toISOString(), node: process.version, spindle: source, smoke: options.smoke, traced }, null, 2)}\n`);
  process.stderr.write(`details written to ${path.relative(process.cwd(), file)}\n`);
}

try {
  main();
} catch (error: unknown) {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
}
