/**
 * The command lines of `spindle sweep` and `spindle merge`. Pure parsing,
 * as in src/cli/args.ts; src/cli/sweep.ts carries them out.
 */
import { CliUsageError, integer, readCommandWords } from "./args.js";
import type { CommandWords } from "./args.js";
import { MERGE_USAGE, SWEEP_USAGE } from "./sweep-usage.js";

/** What `spindle sweep` is asked to do. */
export interface SweepArgs {
  /** The worker module, as written. */
  module: string;
  seeds: number[];
  /** --input as written (JSON text or @file), or null. */
  input: string | null;
  /** --points as written (JSON text or @file), or null. */
  points: string | null;
  exportName: string | null;
  /** --shard as written, or null. */
  shard: string | null;
  shards: number | null;
  workers: number | null;
  out: string | null;
}

/** What `spindle merge` is asked to do. */
export interface MergeArgs {
  files: string[];
  out: string | null;
}

/** A parsed `sweep` or `merge` command line. */
export type SweepParsed = { kind: "help"; text: string } | { kind: "sweep"; args: SweepArgs } | { kind: "merge"; args: MergeArgs };

const SEED_LIMIT = 2 ** 32;
/** More seeds than this on one command line is surely a typo (1..10000000000). */
const MAX_SEEDS = 10_000_000;

function seed(text: string, whole: string): number {
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value >= SEED_LIMIT) throw new CliUsageError(`--seeds ${whole}: ${text} is not a seed (an integer in [0, 2^32)); write a range 1..1000, a list 3,5,8, or both`);
  return value;
}

/**
 * The seeds of `--seeds`: ranges `a..b` (both ends included) and single
 * seeds, separated by commas.
 *
 * @example
 * ```ts
 * parseSeeds("1..3,10"); // [1, 2, 3, 10]
 * ```
 */
export function parseSeeds(text: string): number[] {
  const seeds: number[] = [];
  for (const part of text.split(",")) {
    const range = /^(\d+)\.\.(\d+)$/.exec(part.trim());
    if (range === null) {
      seeds.push(seed(part.trim(), text));
      continue;
    }
    const from = seed(range[1] as string, text);
    const to = seed(range[2] as string, text);
    if (to < from) throw new CliUsageError(`--seeds ${text}: the range ${part} runs backwards; write ${to}..${from}`);
    if (seeds.length + (to - from + 1) > MAX_SEEDS) throw new CliUsageError(`--seeds ${text}: more than ${MAX_SEEDS} seeds; split the study into several sweeps`);
    for (let s = from; s <= to; s++) seeds.push(s);
  }
  if (new Set(seeds).size !== seeds.length) throw new CliUsageError(`--seeds ${text}: a seed is listed twice; each replication needs its own seed`);
  return seeds;
}

/** The options of each command, with the placeholder of their value (every one takes a value). */
const SWEEP_OPTIONS: Record<string, string> = {
  "--seeds": "SEEDS",
  "--input": "JSON|@FILE",
  "--points": "JSON|@FILE",
  "--export": "NAME",
  "--shard": "i/n",
  "--shards": "N",
  "--workers": "N",
  "--out": "FILE",
};
const MERGE_OPTIONS: Record<string, string> = { "--out": "FILE" };

/** The command's files and option values, every value non-empty; or "help". */
function options(command: string, words: readonly string[], allowed: Record<string, string>): CommandWords | "help" {
  const got = readCommandWords(command, words, allowed, (name) => (command === "merge" && name in SWEEP_OPTIONS ? ["sweep"] : []));
  if (got === "help") return got;
  for (const [name, value] of got.values) {
    if (value === "") throw new CliUsageError(`spindle ${command}: ${name} needs a value: ${name} ${allowed[name] as string}`);
  }
  return got;
}

/** `text` as a count of at least `min`. */
function count(option: string, text: string, min: number): number {
  return integer(option, text, min, Number.MAX_SAFE_INTEGER, `an integer >= ${min}, such as ${option} 4`);
}

/**
 * Reads a `spindle sweep` or `spindle merge` command line (the command
 * word first).
 *
 * @example
 * ```ts
 * const parsed = parseSweepArgs(["sweep", "model.mjs", "--seeds", "1..100", "--shard", "0/4"]);
 * ```
 */
export function parseSweepArgs(argv: readonly string[]): SweepParsed {
  const [command, ...rest] = argv;
  if (command === "merge") {
    const got = options("merge", rest, MERGE_OPTIONS);
    if (got === "help") return { kind: "help", text: MERGE_USAGE.join("\n") + "\n" };
    if (got.files.length === 0) throw new CliUsageError("spindle merge needs the shard files: spindle merge results/shard-*.jsonl --out merged.jsonl");
    return { kind: "merge", args: { files: got.files, out: got.values.get("--out") ?? null } };
  }
  if (command !== "sweep") throw new CliUsageError(`parseSweepArgs(): not a sweep or merge command line: ${String(command)}`);
  const got = options("sweep", rest, SWEEP_OPTIONS);
  if (got === "help") return { kind: "help", text: SWEEP_USAGE.join("\n") + "\n" };
  const { files, values } = got;
  if (files.length === 0) throw new CliUsageError("spindle sweep needs the model's module, which exports work(input, seed): spindle sweep model.mjs --seeds 1..100");
  if (files.length > 1) throw new CliUsageError(`spindle sweep takes one module, but was given ${files.length}: ${files.join(" ")}`);
  const seedsText = values.get("--seeds");
  if (seedsText === undefined) throw new CliUsageError(`spindle sweep needs its seeds: spindle sweep ${files[0]} --seeds 1..100 (a range, a list 3,5,8, or both)`);
  if (values.has("--input") && values.has("--points")) throw new CliUsageError("spindle sweep: give --input (one input for every replication) or --points (a parameter sweep), not both");
  if (values.has("--shard") && values.has("--shards")) throw new CliUsageError("spindle sweep: --shard i/n already says the number of shards; leave out --shards");
  const shards = values.get("--shards");
  const workers = values.get("--workers");
  return {
    kind: "sweep",
    args: {
      module: files[0] as string,
      seeds: parseSeeds(seedsText),
      input: values.get("--input") ?? null,
      points: values.get("--points") ?? null,
      exportName: values.get("--export") ?? null,
      shard: values.get("--shard") ?? null,
      shards: shards === undefined ? null : count("--shards", shards, 1),
      workers: workers === undefined ? null : count("--workers", workers, 1),
      out: values.get("--out") ?? null,
    },
  };
}
