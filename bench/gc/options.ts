/**
 * The gc suite's settings, read from the command line once and shared by the
 * runner and its children (which get the same flags passed down).
 *
 *   --smoke        tiny sizes (bench/config.ts SMOKE), 2 runs, 1 batch: checks that everything runs
 *   --runs=N       measured runs per process and condition (default 5)
 *   --warmups=W    unmeasured runs before them (default 1; the deopt child uses 10 for full sizes)
 *   --batches=B    times every side of every workload is measured, each in a fresh process (default 3)
 *   --only=a,b     workload ids to run (see workloads.ts)
 *   --source       load spindle from src/ through tsx instead of a tsc build (as bench/run.ts --source)
 *   --commit=REV   build src/ as it is in commit REV (git archive; the repository is only read), not the working tree
 */
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { FULL, SMOKE } from "../config.js";
import type { Sizes } from "../config.js";

export interface GcOptions {
  smoke: boolean;
  runs: number;
  warmups: number;
  batches: number;
  only: string[] | null;
  source: boolean;
  /** Build src/ from this commit instead of the working tree. */
  commit: string | undefined;
  sizes: Sizes;
}

/** The value of `--name=value`, if given. */
export function option(name: string, argv: readonly string[] = process.argv): string | undefined {
  const prefix = `--${name}=`;
  return argv.find((a) => a.startsWith(prefix))?.slice(prefix.length);
}

function count(name: string, fallback: number): number {
  const raw = option(name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got "${raw}"`);
  return n;
}

export function readOptions(): GcOptions {
  if (process.argv.includes("--source") && option("commit") !== undefined) throw new Error("--source and --commit exclude each other");
  const smoke = process.argv.includes("--smoke");
  return {
    smoke,
    runs: count("runs", smoke ? 2 : 5),
    warmups: count("warmups", 1),
    batches: count("batches", smoke ? 1 : 3),
    only: option("only")?.split(",") ?? null,
    source: process.argv.includes("--source"),
    commit: option("commit"),
    sizes: smoke ? SMOKE.sizes : FULL.sizes,
  };
}

/**
 * The gc suite's own build of src/ (not bench/run.ts's folder: either suite
 * rebuilds its folder from scratch when it starts, and must not delete the
 * files the other one's children are loading).
 */
export const GC_BUILD_DIR = path.join(__dirname, "..", "..", ".bench-results", "gc", "build", "cjs");

/** What was measured, for the report: the build's origin, and whether src/ had uncommitted changes. */
export function describeSource(options: GcOptions): string {
  if (options.source) return "src/ of the working tree, through tsx (--source)";
  if (options.commit !== undefined) return `tsc CommonJS build of src/ at ${gitOutput(["rev-parse", "--short", options.commit])} (--commit=${options.commit})`;
  const dirty = gitOutput(["status", "--porcelain", "--", "src"]) !== "";
  return `tsc CommonJS build of the working tree's src/ (HEAD ${gitOutput(["rev-parse", "--short", "HEAD"])}${dirty ? " + uncommitted changes in src/" : ""})`;
}

function gitOutput(args: readonly string[]): string {
  try {
    return execFileSync("git", args, { cwd: path.join(__dirname, "..", ".."), encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
}

/** The environment a child needs to load the same spindle as its parent chose (see bench/spindle.ts). */
export function childEnv(source: boolean): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, SPINDLE_BENCH_BUILD_DIR: GC_BUILD_DIR };
  if (source) env["SPINDLE_BENCH_SOURCE"] = "1";
  else delete env["SPINDLE_BENCH_SOURCE"];
  return env;
}
