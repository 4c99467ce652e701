/**
 * One row of bench/mm1-side-by-side.ts, in a fresh `node --expose-gc`
 * process: `--warmups` runs, then `--runs` runs each right after a forced
 * full GC, every one checked against theory (a wrong result exits
 * non-zero). Prints one JSON line: { row, runs, warmups, node }.
 *
 *   node --expose-gc --import tsx bench/mm1-child.ts --row=a --customers=20000 --build=.bench-results/mm1-side/cjs
 *
 * `--build=DIR` loads spindle from a tsc build of src/ (bench/build.ts);
 * without it, from src/ through tsx.
 */
import * as path from "node:path";
import { ROOT } from "./build.js";
import {
  checkOutcome,
  requireSpindle,
  runBare,
  runFreshBodyNoUse,
  runRequestRelease,
  runUseFreshArrow,
  runUseFreshBody,
  runUseSharedBody,
  runYieldInstructions,
} from "./mm1-models.js";
import type { Modules, Outcome } from "./mm1-models.js";

/** The Node rows, by id (SimPy's runs in python3: mm1_simpy.py). */
export const NODE_ROWS: Record<string, (m: Modules, customers: number) => Outcome | Promise<Outcome>> = {
  floor: (m, n) => runBare(m, n),
  a: runRequestRelease,
  b: runUseFreshBody,
  c: runUseSharedBody,
  d: runYieldInstructions,
  "b-arrow": runUseFreshArrow,
  "b-no-use": runFreshBodyNoUse,
  simscript: async (_m, n) => (await import("./mm1-simscript.js")).runSimscript(n),
};

function option(args: readonly string[], name: string): string | undefined {
  const found = args.find((a) => a.startsWith(`--${name}=`));
  return found === undefined ? undefined : found.slice(name.length + 3);
}

function count(args: readonly string[], name: string, fallback: number, min: number): number {
  const raw = option(args, name);
  const n = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name}: expected an integer >= ${min}, got ${raw}`);
  return n;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const row = option(args, "row") ?? "";
  const run = NODE_ROWS[row];
  if (run === undefined) throw new Error(`--row: one of ${Object.keys(NODE_ROWS).join(", ")}; got "${row}"`);
  const customers = count(args, "customers", 1_000_000, 1);
  const runs = count(args, "runs", 3, 1);
  const warmups = count(args, "warmups", 1, 0);
  const build = option(args, "build");
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error("run with node --expose-gc: every measured run follows a forced full GC");

  const m = requireSpindle(build === undefined ? path.join(ROOT, "src") : path.resolve(ROOT, build));
  const once = async (): Promise<Outcome> => {
    const outcome = await run(m, customers);
    checkOutcome(row, outcome, customers);
    return outcome;
  };
  const warm: Outcome[] = [];
  for (let i = 0; i < warmups; i++) warm.push(await once());
  const measured: Outcome[] = [];
  for (let i = 0; i < runs; i++) {
    gc();
    measured.push(await once());
  }
  console.log(JSON.stringify({ row, runs: measured, warmups: warm, node: process.version }));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
