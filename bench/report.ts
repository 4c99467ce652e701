/**
 * Turns results into ratios against the baselines, judges them against the
 * targets of the issue, and prints one markdown table per workload (the same
 * tables as docs/benchmarks.md) plus a summary of the targets.
 */
import type { MemoryResult } from "./memory.js";
import type { Result } from "./harness.js";
import { formatRate, median } from "./harness.js";

/** One judged or recorded ratio, as stored in the JSON file. */
export interface Comparison {
  workload: string;
  spindle: string;
  baseline: string;
  /** Throughput: spindle's rate ÷ the baseline's (higher is better). Memory: spindle's bytes ÷ the baseline's, or bytes (lower is better). */
  ratio: number;
  /** Per-round ratios when both sides were measured in the same interleaved rounds (ratio is their median). */
  roundRatios?: number[];
  /** The target in words, or null for a ratio recorded without one. */
  target: string | null;
  met: boolean | null;
}

/**
 * spindle ÷ baseline. When both ran in the same group's interleaved rounds,
 * the median of the per-round ratios (each from two measurements taken
 * moments apart); otherwise (peers, other groups) the ratio of the medians.
 */
function pairedRatio(s: Result, b: Result): { ratio: number; rounds?: number[] } {
  if (s.group === b.group && s.rounds.length > 1 && s.rounds.length === b.rounds.length) {
    const rounds = s.rounds.map((x, i) => x / (b.rounds[i] as number));
    return { ratio: median(rounds), rounds };
  }
  return { ratio: s.unitsPerSec / b.unitsPerSec };
}

function formatRatio(ratio: number, rounds: number[] | undefined): string {
  if (rounds === undefined) return ratio.toFixed(2);
  return `${ratio.toFixed(2)} (${Math.min(...rounds).toFixed(2)}-${Math.max(...rounds).toFixed(2)})`;
}

interface Row {
  id: string;
  /** Minimum spindle ÷ row ratio required by the issue. */
  atLeast?: number;
  target?: string;
}

interface Workload {
  key: string;
  title: string;
  /** The spindle case the ratios are about. */
  spindle: string;
  rows: readonly Row[];
}

const PEERS_SWITCH_1 = [{ id: "peers.switch.single.effection" }, { id: "peers.switch.single.js-csp" }];
const PEERS_SWITCH_RR = [{ id: "peers.switch.rr.effection" }, { id: "peers.switch.rr.effection-sleep0" }, { id: "peers.switch.rr.js-csp" }];

const WORKLOADS: readonly Workload[] = [
  {
    key: "1a",
    title: "1(a) context switch, direct form (`yield yieldNow()`), one task",
    spindle: "switch.single.direct.spindle",
    rows: [
      { id: "switch.single.direct.bare", atLeast: 0.7, target: ">= 0.70x bare loop" },
      { id: "switch.single.async", atLeast: 1.5, target: ">= 1.5x async/await" },
      { id: "switch.single.direct.minimal" },
      ...PEERS_SWITCH_1,
    ],
  },
  {
    key: "1b",
    title: "1(b) context switch, direct form, 1,000 tasks round-robin",
    spindle: "switch.rr.direct.spindle",
    rows: [
      { id: "switch.rr.direct.bare", atLeast: 0.7, target: ">= 0.70x bare loop" },
      { id: "switch.rr.async", atLeast: 1.5, target: ">= 1.5x async/await" },
      { id: "switch.rr.direct.minimal" },
      ...PEERS_SWITCH_RR,
    ],
  },
  {
    key: "2a",
    title: "2(a) context switch, typed form (`yield* yieldNow()`), one task",
    spindle: "switch.single.typed.spindle",
    rows: [{ id: "switch.single.typed.bare", atLeast: 0.8, target: ">= 0.80x bare yield* loop" }, { id: "switch.single.async" }, ...PEERS_SWITCH_1],
  },
  {
    key: "2b",
    title: "2(b) context switch, typed form, 1,000 tasks round-robin",
    spindle: "switch.rr.typed.spindle",
    rows: [{ id: "switch.rr.typed.bare", atLeast: 0.8, target: ">= 0.80x bare yield* loop" }, { id: "switch.rr.async" }, ...PEERS_SWITCH_RR],
  },
  {
    key: "3",
    title: "3 spawn+join of 100,000 short tasks (`yield* spawn(child, i)`, `yield* task`)",
    spindle: "spawn.spindle.typed",
    rows: [
      { id: "spawn.promise-all", atLeast: 1, target: ">= 1x Promise.all" },
      { id: "spawn.spindle.direct" },
      { id: "spawn.minimal" },
      { id: "spawn.minimal16" },
      { id: "peers.spawn.effection" },
      { id: "peers.spawn.js-csp" },
    ],
  },
  {
    key: "3'",
    title: "3' the same with the spawn in direct form (`yield spawn(child, i)`)",
    spindle: "spawn.spindle.direct",
    rows: [{ id: "spawn.promise-all", atLeast: 1, target: ">= 1x Promise.all" }],
  },
  {
    key: "4a",
    title: "4(a) 1,000,000 timers: 1M tasks each `yield sleep(d)` once, d seeded-random, `run()`",
    spindle: "timers.once.spindle",
    rows: [
      { id: "timers.once.bare-heap", atLeast: 1 / 3, target: "within 3x of bare heap (>= 0.33x)" },
      { id: "timers.once.number-heap" },
    ],
  },
  {
    key: "4b",
    title: "4(b) 1,000,000 timers: 1,000 tasks x 1,000 sleeps (steady heap of ~1,000)",
    spindle: "timers.steady.spindle",
    rows: [{ id: "timers.steady.bare-heap", atLeast: 1 / 3, target: "within 3x of bare heap (>= 0.33x)" }],
  },
  {
    key: "6a",
    title: "6(a) channel ping-pong, 200,000 round trips over two rendezvous channels, typed form",
    spindle: "channels.pingpong.spindle",
    rows: [{ id: "channels.pingpong.native", atLeast: 1.5, target: ">= 1.5x native async/await" }, { id: "channels.pingpong.floor" }],
  },
  {
    key: "6b",
    title: "6(b) channel fan-in, 10 producers x 20,000 items, capacity 64, one consumer",
    spindle: "channels.fanin.spindle",
    rows: [{ id: "channels.fanin.native", atLeast: 1.2, target: ">= 1.2x native async/await" }],
  },
  {
    key: "7a",
    title: "7(a) semaphore acquire+release with no contention, typed form, against a typed switch (as 2a) in the same process",
    spindle: "prims.semaphore.spindle",
    rows: [{ id: "prims.switch.typed", atLeast: 1 / 1.5, target: "a pair costs <= 1.5x a switch (>= 0.67x its rate)" }],
  },
  {
    key: "7b",
    title: "7(b) mutex lock+unlock with no contention, typed form, against a typed switch (as 2a) in the same process",
    spindle: "prims.mutex.spindle",
    rows: [{ id: "prims.switch.typed", atLeast: 1 / 1.5, target: "a pair costs <= 1.5x a switch (>= 0.67x its rate)" }],
  },
  {
    key: "7c",
    title: "7(c) wait on an event that is already set, typed form, against a typed switch (as 2a) in the same process",
    spindle: "prims.event.spindle",
    rows: [{ id: "prims.switch.typed", atLeast: 1, target: "a wait costs <= 1x a switch (>= 1x its rate)" }],
  },
  {
    key: "8",
    title: "8 game frame: 10,000 entities in a FrameHost (half sleeping in a 0.5x time group, half tweening), per `advance(16.67)`, against the hand-written update loop (bench/game-frame.ts)",
    spindle: "game.frame.spindle",
    rows: [{ id: "game.frame.hand", atLeast: 0.5, target: "per-frame cost <= 2x the hand-written loop (>= 0.5x its frame rate)" }],
  },
];

const MEMORY_SPINDLE = "spindle.roots.direct";
const MEMORY_LIMIT_BYTES = 300;
const MEMORY_MAX_ASYNC_RATIO = 0.75;

function table(header: string[], rows: string[][]): string {
  const lines = [`| ${header.join(" | ")} |`, `| ${header.map(() => "---").join(" | ")} |`];
  for (const row of rows) lines.push(`| ${row.join(" | ")} |`);
  return lines.join("\n");
}

/** The range of a case's rounds, or benchmark.js's margin of error when it ran once. */
function spread(r: Result): string {
  if (r.rounds.length < 2) return `±${r.rmePercent.toFixed(1)}% (1 round)`;
  return `${formatRate(Math.min(...r.rounds))}-${formatRate(Math.max(...r.rounds))} (${r.rounds.length})`;
}

function verdict(met: boolean | null, smoke: boolean): string {
  if (met === null) return "";
  if (smoke) return "(smoke)";
  return met ? "**met**" : "**not met**";
}

export interface Report {
  comparisons: Comparison[];
  text: string;
}

/** `smoke`: the sizes are too small to mean anything, so no target is judged in the text. */
export function buildReport(results: readonly Result[], memory: readonly MemoryResult[], smoke: boolean): Report {
  const byId = new Map(results.map((r) => [r.id, r]));
  const comparisons: Comparison[] = [];
  const parts: string[] = [];

  for (const w of WORKLOADS) {
    const s = byId.get(w.spindle);
    if (s === undefined) continue; // its group was not run (--only)
    const rows: string[][] = [[`**${s.name}**`, `${formatRate(s.unitsPerSec)} ${s.unit}/s`, spread(s), s.opsPerSec.toFixed(2), "", "", ""]];
    for (const row of w.rows) {
      const b = byId.get(row.id);
      if (b === undefined) continue;
      const { ratio, rounds } = pairedRatio(s, b);
      const met = row.atLeast === undefined ? null : ratio >= row.atLeast;
      const comparison: Comparison = { workload: w.key, spindle: s.name, baseline: b.name, ratio, target: row.target ?? null, met };
      if (rounds !== undefined) comparison.roundRatios = rounds;
      comparisons.push(comparison);
      rows.push([b.name, `${formatRate(b.unitsPerSec)} ${b.unit}/s`, spread(b), b.opsPerSec.toFixed(2), formatRatio(ratio, rounds), row.target ?? "", verdict(met, smoke)]);
    }
    parts.push(`#### ${w.title}\n`);
    parts.push(table(["benchmark", "rate (median)", "rounds: min-max", "runs/s", "spindle ÷ this (rounds: min-max)", "target", "verdict"], rows));
    parts.push("");
  }

  if (memory.length > 0) {
    const mem = new Map(memory.map((m) => [m.subject, m]));
    const s = mem.get(MEMORY_SPINDLE);
    const rows: string[][] = [];
    for (const m of memory) {
      let ratio = "";
      let target = "";
      let met: boolean | null = null;
      if (s !== undefined && m !== s) {
        const r = s.bytesPerTask / m.bytesPerTask;
        ratio = r.toFixed(2);
        if (m.subject === "async") {
          target = `<= ${MEMORY_MAX_ASYNC_RATIO}x async fn`;
          met = r <= MEMORY_MAX_ASYNC_RATIO;
        }
        comparisons.push({ workload: "5", spindle: s.name, baseline: m.name, ratio: r, target: target || null, met });
      } else if (m === s) {
        ratio = "1.00";
        target = `<= ${MEMORY_LIMIT_BYTES} bytes/task`;
        met = m.bytesPerTask <= MEMORY_LIMIT_BYTES;
        comparisons.push({ workload: "5", spindle: s.name, baseline: "bytes per task", ratio: m.bytesPerTask, target, met });
      }
      rows.push([m.name, String(m.tasks), m.bytesPerTask.toFixed(0), m.runs.map((r) => r.toFixed(0)).join(", "), ratio, target, verdict(met, smoke)]);
    }
    parts.push("#### 5 memory per blocked task (V8 heap growth after GC ÷ tasks)\n");
    parts.push(table(["subject", "tasks", "bytes/task", "runs", "spindle ÷ this", "target", "verdict"], rows));
    parts.push("");
  }

  const judged = comparisons.filter((c) => c.met !== null);
  if (judged.length > 0) {
    parts.push("#### Targets\n");
    parts.push(
      table(
        ["workload", "spindle", "vs", "measured", "target", "verdict"],
        judged.map((c) => [
          c.workload,
          c.spindle,
          c.baseline,
          c.baseline === "bytes per task" ? `${c.ratio.toFixed(0)} B` : `${c.ratio.toFixed(2)}x`,
          c.target ?? "",
          verdict(c.met, smoke),
        ]),
      ),
    );
  }
  return { comparisons, text: parts.join("\n") };
}
