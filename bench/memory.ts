/**
 * Workload 5: memory per blocked task. Each subject is measured in a fresh
 * `node --expose-gc` process (bench/memory-child.ts) so that nothing else in
 * the heap moves the reading; the median of a few processes is kept.
 */
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import type { Sizes } from "./config.js";

export interface MemoryResult {
  subject: string;
  name: string;
  tasks: number;
  /** Median over the runs. */
  bytesPerTask: number;
  runs: number[];
}

const SUBJECTS: readonly { subject: string; name: string }[] = [
  { subject: "spindle.roots.direct", name: "spindle: top-level tasks in `yield suspend()`" },
  { subject: "spindle.roots.typed", name: "spindle: top-level tasks in `yield* suspend()`" },
  { subject: "spindle.children", name: "spindle: children of one task, `yield suspend()`" },
  { subject: "async", name: "async fn awaiting a never-resolving Promise" },
  { subject: "bare-generator", name: "bare generator suspended at a `yield` (in an array)" },
  { subject: "effection", name: "Effection 4: children of one task in `suspend()`" },
  { subject: "js-csp", name: "js-csp 1: processes blocked in `take`" },
];

function measureOnce(subject: string, tasks: number): number {
  const child = path.join(__dirname, "memory-child.ts");
  const out = execFileSync(process.execPath, ["--expose-gc", "--import", "tsx", child, subject, String(tasks)], {
    cwd: path.join(__dirname, ".."),
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  const line = out.split("\n").find((l) => l.startsWith("{"));
  if (line === undefined) throw new Error(`memory-child ${subject} printed no result`);
  return (JSON.parse(line) as { bytesPerTask: number }).bytesPerTask;
}

export function measureMemory(sizes: Sizes, repeats: number): MemoryResult[] {
  const results: MemoryResult[] = [];
  for (const { subject, name } of SUBJECTS) {
    // Effection 4 at 100k takes ~1 GB and a minute per process; its per-task figure is the same at 10k.
    const tasks = subject === "effection" ? sizes.effectionMemoryTasks : sizes.memoryTasks;
    const runs: number[] = [];
    for (let i = 0; i < repeats; i++) runs.push(measureOnce(subject, tasks));
    const sorted = [...runs].sort((a, b) => a - b);
    const bytesPerTask = sorted[Math.floor(sorted.length / 2)] as number;
    process.stderr.write(`  ${name.padEnd(58)} ${bytesPerTask.toFixed(0)} bytes/task  (runs: ${runs.map((r) => r.toFixed(0)).join(", ")})\n`);
    results.push({ subject, name, tasks, bytesPerTask, runs });
  }
  return results;
}
