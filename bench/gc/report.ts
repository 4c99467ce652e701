/**
 * Turns the gc suite's samples into markdown tables: per workload and side,
 * the two conditions (after a forced full GC, and warm) side by side, then
 * the ratios to the baselines per batch and as median (range).
 *
 * Throughput ratios are spindle's rate ÷ the baseline's rate, as in
 * `npm run bench` (> 1: spindle is faster); each batch's ratio compares two
 * fresh processes run one right after the other. Memory ratios are
 * spindle's bytes ÷ the baseline's (< 1: spindle is smaller).
 */
import { formatRate, median } from "../harness.js";
import type { Side, Workload } from "./workloads.js";

/** What one fresh process measured for one side of one workload, in one batch. */
export interface SideResult {
  workload: string;
  side: Side;
  batch: number;
  /** Units per run, for rates (time workloads only). */
  units: number;
  /** Per run: milliseconds (time) or bytes per task (memory). */
  gc: number[];
  /** Per run, warm (time workloads only; empty for memory). */
  warm: number[];
}

type Condition = "gc" | "warm";

function sidesOf(results: readonly SideResult[], workload: string, side: Side): SideResult[] {
  return results.filter((r) => r.workload === workload && r.side === side).sort((a, b) => a.batch - b.batch);
}

/** Median over batches of each process's median, and the extremes over every run. */
function summary(rs: readonly SideResult[], condition: Condition): { med: number; min: number; max: number } {
  const all = rs.flatMap((r) => r[condition]);
  return { med: median(rs.map((r) => median(r[condition]))), min: Math.min(...all), max: Math.max(...all) };
}

const ms = (x: number): string => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));

/** Per batch, spindle vs `base`: the rate ratio (time) or the bytes ratio (memory). */
function batchRatios(spindle: readonly SideResult[], base: readonly SideResult[], condition: Condition, kind: Workload["kind"]): number[] {
  const out: number[] = [];
  for (const s of spindle) {
    const b = base.find((x) => x.batch === s.batch);
    if (b === undefined) continue;
    // time: rate ratio = base time / spindle time; memory: spindle bytes / base bytes.
    out.push(kind === "time" ? median(b[condition]) / median(s[condition]) : median(s[condition]) / median(b[condition]));
  }
  return out;
}

function ratioCell(rs: readonly number[]): string {
  if (rs.length === 0) return "";
  const lo = Math.min(...rs);
  const hi = Math.max(...rs);
  return `**${median(rs).toFixed(2)}** (${lo.toFixed(2)}-${hi.toFixed(2)}) [${rs.map((r) => r.toFixed(2)).join(", ")}]`;
}

export function buildReport(workloads: readonly Workload[], results: readonly SideResult[]): string {
  const lines: string[] = [];
  lines.push("### Throughput: after a forced full GC vs warm (same process, no forced GC)");
  lines.push("");
  lines.push("Per side: median over batches of each fresh process's median run; min-max over every run. Rate from the median.");
  lines.push("");
  lines.push("| workload | side | size | after GC: median ms (min-max) | rate | warm: median ms (min-max) | rate | GC ÷ warm time |");
  lines.push("|---|---|---|---|---|---|---|---|");
  for (const w of workloads) {
    if (w.kind !== "time") continue;
    for (const { side } of w.sides) {
      const rs = sidesOf(results, w.id, side);
      if (rs.length === 0) continue;
      const units = (rs[0] as SideResult).units;
      const g = summary(rs, "gc");
      const h = summary(rs, "warm");
      lines.push(
        `| ${w.name} | ${side} | ${units} | ${ms(g.med)} (${ms(g.min)}-${ms(g.max)}) | ${formatRate((units * 1000) / g.med)}/s | ${ms(h.med)} (${ms(h.min)}-${ms(h.max)}) | ${formatRate((units * 1000) / h.med)}/s | ${(g.med / h.med).toFixed(2)} |`,
      );
    }
  }
  lines.push("");
  lines.push("### Throughput ratios, spindle rate ÷ baseline rate (> 1: spindle faster): median (range) [per batch]");
  lines.push("");
  lines.push("| workload | vs | after GC | warm |");
  lines.push("|---|---|---|---|");
  for (const w of workloads) {
    if (w.kind !== "time") continue;
    const s = sidesOf(results, w.id, "spindle");
    for (const base of ["native", "bare"] as const) {
      const b = sidesOf(results, w.id, base);
      if (s.length === 0 || b.length === 0) continue;
      lines.push(`| ${w.name} | ${base} | ${ratioCell(batchRatios(s, b, "gc", "time"))} | ${ratioCell(batchRatios(s, b, "warm", "time"))} |`);
    }
  }
  lines.push("");
  lines.push("### Memory: bytes per blocked task (heapUsed growth after full GCs ÷ tasks)");
  lines.push("");
  lines.push("No warm column: heapUsed without a forced collection counts whatever garbage happens to be uncollected, not what the tasks hold.");
  lines.push("");
  lines.push("| workload | side | tasks | bytes/task median (min-max) | spindle ÷ this side, per batch |");
  lines.push("|---|---|---|---|---|");
  for (const w of workloads) {
    if (w.kind !== "memory") continue;
    const s = sidesOf(results, w.id, "spindle");
    for (const { side } of w.sides) {
      const rs = sidesOf(results, w.id, side);
      if (rs.length === 0) continue;
      const g = summary(rs, "gc");
      const ratio = side === "spindle" ? "" : ratioCell(batchRatios(s, rs, "gc", "memory"));
      lines.push(`| ${w.name} | ${side} | ${(rs[0] as SideResult).units} | ${g.med.toFixed(0)} (${g.min.toFixed(0)}-${g.max.toFixed(0)}) | ${ratio} |`);
    }
  }
  return lines.join("\n");
}
