/// <reference types="node" />
/**
 * `spindle sweep` and `spindle merge`: a sweep of replications split into
 * shards that any batch engine runs as independent jobs (a Kubernetes
 * Indexed Job, a Slurm array, or plain `--shard i/n`), and the merge that
 * gives exactly what one machine gives. The work itself is in src/node/
 * (sweep, shardOf, runShard, mergeShards); this file reads the command
 * line, loads the model and reports. As in the other commands, stdout
 * carries only data (the JSON lines, when there is no --out) and
 * everything the command says goes to stderr.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, extname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { InvalidArgumentError } from "../kernel/errors.js";
import { ShardConfigError, shardOf } from "../node/shard-of.js";
import { SweepMergeError, mergeShards } from "../node/merge-shards.js";
import { replicationOfFailure, runShard } from "../node/run-shard.js";
import type { ShardWork } from "../node/run-shard.js";
import { sweep as makeSweep } from "../node/sweep.js";
import type { Sweep, SweepSpec } from "../node/sweep.js";
import { WorkerPool } from "../node/workers.js";
import { CliUsageError } from "./args.js";
import type { CliIo } from "./commands.js";
import { loadModule } from "./load.js";
import { parseSweepArgs } from "./sweep-args.js";
import type { MergeArgs, SweepArgs } from "./sweep-args.js";

/** The value of --input or --points: JSON text, or @file for a JSON file. */
function jsonOption(option: string, text: string, cwd: string): unknown {
  let source = text;
  let where = `${option} ${text}`;
  if (text.startsWith("@")) {
    const file = text.slice(1);
    try {
      source = readFileSync(resolve(cwd, file), "utf8");
    } catch (error) {
      throw new CliUsageError(`${option} @${file}: cannot read it (${(error as Error).message}); give @path/to/file.json or the JSON text itself`);
    }
    where = `${option} @${file}`;
  }
  try {
    return JSON.parse(source) as unknown;
  } catch (error) {
    throw new CliUsageError(`${where}: not JSON (${(error as Error).message}); give JSON text such as '{"customers":1000}', or @file.json`);
  }
}

/** The model's identity in the sweep's fingerprint: its file name, export, and a hash of its text. */
function modelIdentity(path: string, exportName: string | null): string {
  const hash = createHash("sha256").update(readFileSync(path)).digest("hex").slice(0, 16);
  return `${basename(path)}${exportName === null ? "" : `#${exportName}`} sha256:${hash}`;
}

/** The sweep the command line describes. */
function sweepOf(args: SweepArgs, path: string, cwd: string): Sweep {
  const spec: SweepSpec = { seeds: args.seeds, model: modelIdentity(path, args.exportName) };
  if (args.points !== null) {
    const points = jsonOption("--points", args.points, cwd);
    if (!Array.isArray(points) || points.length === 0) throw new CliUsageError("--points: expected a non-empty JSON array of inputs, such as '[{\"tellers\":2},{\"tellers\":3}]'");
    spec.points = points;
  } else if (args.input !== null) {
    spec.input = jsonOption("--input", args.input, cwd);
  }
  try {
    return makeSweep(spec);
  } catch (error) {
    // The one thing JSON text can hold that a sweep refuses: an object whose only key is "$number".
    if (!(error instanceof InvalidArgumentError)) throw error;
    throw new CliUsageError(`spindle sweep ${args.points !== null ? "--points" : "--input"}: ${error.message}`);
  }
}

/** The function to call in this thread: the named export, else work, else the default export. */
async function localWork(args: SweepArgs, cwd: string): Promise<(input: unknown, seed: number) => unknown> {
  const { exports } = await loadModule(args.module, cwd);
  const nested = typeof exports["default"] === "object" && exports["default"] !== null ? (exports["default"] as Record<string, unknown>) : {};
  const name = args.exportName ?? "work";
  const found = [exports[name], nested[name], ...(args.exportName === null ? [exports["default"]] : [])].find((f) => typeof f === "function");
  if (found === undefined) {
    throw new CliUsageError(`${args.module} exports no function ${name}${args.exportName === null ? " and no default function" : ""}; export function ${name}(input, seed) { ... } that runs one replication`);
  }
  return found as (input: unknown, seed: number) => unknown;
}

async function sweepCommand(args: SweepArgs, io: CliIo, env: Readonly<Record<string, string | undefined>>): Promise<number> {
  const path = resolve(io.cwd, args.module);
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new CliUsageError(`no such file: ${args.module} (looked for ${path}); give the path of the module that exports work(input, seed)`);
  }
  const study = sweepOf(args, path, io.cwd);
  let shard;
  try {
    shard = shardOf({ argv: args.shard === null ? [] : ["--shard", args.shard], env, ...(args.shards === null ? {} : { total: args.shards }) });
  } catch (error) {
    if (error instanceof ShardConfigError) throw new CliUsageError(`spindle sweep: ${error.message}`);
    throw error;
  }
  let pool: WorkerPool | null = null;
  let work: ShardWork<unknown>;
  if (args.workers !== null) {
    if (/\.[cm]?ts$/.test(extname(path))) {
      throw new CliUsageError(`spindle sweep: --workers runs the module on worker threads, which load JavaScript only; compile or bundle ${args.module} to .js/.mjs, or leave out --workers to run it in this thread`);
    }
    pool = new WorkerPool({ size: args.workers });
    work = { module: pathToFileURL(path), pool, ...(args.exportName === null ? {} : { exportName: args.exportName }) };
  } else {
    work = await localWork(args, io.cwd);
  }
  const out = args.out === null ? io.stdout : resolve(io.cwd, args.out);
  if (typeof out === "string") {
    // Checked before any replication runs: a path that cannot be written is a mistake on the command line, not a failed sweep.
    try {
      mkdirSync(dirname(out), { recursive: true });
    } catch (error) {
      throw new CliUsageError(`cannot write ${args.out as string}: ${(error as Error).message}; give a path in a folder you can write to`);
    }
  }
  const which = shard.source === "none" ? "the whole sweep" : `shard ${shard.index}/${shard.count} (from ${shard.source})`;
  try {
    const run = await runShard(study, shard, work, { out });
    const where = args.out === null ? "stdout" : args.out;
    io.stderr(`spindle sweep: ${which}: ${run.replications.length} of ${study.size} replications (sweep ${study.fingerprint}), written to ${where}\n`);
    return 0;
  } catch (error) {
    const left = args.out === null ? "" : ` (what it wrote is in ${args.out}.partial)`;
    const failed = replicationOfFailure(error);
    const where = failed === undefined ? "" : ` in replication ${failed.index} (seed ${failed.seed}${failed.point === null ? "" : `, point ${failed.point}`})`;
    const text = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
    io.stderr(`spindle sweep: ${which} failed${where}${left}: ${text}\n`);
    return 1;
  } finally {
    await pool?.close();
  }
}

function mergeCommand(args: MergeArgs, io: CliIo): number {
  const texts = args.files.map((name) => {
    try {
      return { name, text: readFileSync(resolve(io.cwd, name), "utf8") };
    } catch (error) {
      throw new CliUsageError(`spindle merge: cannot read ${name}: ${(error as Error).message}; give the files the shards wrote`);
    }
  });
  let merged;
  try {
    merged = mergeShards(texts);
  } catch (error) {
    if (!(error instanceof SweepMergeError)) throw error;
    io.stderr(`spindle merge: ${error.name}: ${error.message}\n`);
    return 1;
  }
  if (args.out === null) io.stdout(merged.text);
  else {
    const path = resolve(io.cwd, args.out);
    try {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(`${path}.partial`, merged.text);
      renameSync(`${path}.partial`, path);
    } catch (error) {
      throw new CliUsageError(`cannot write ${args.out}: ${(error as Error).message}; give a path in a folder you can write to`);
    }
  }
  io.stderr(`spindle merge: ${args.files.length} file${args.files.length === 1 ? "" : "s"}, ${merged.results.length} replications of sweep ${merged.sweep.fingerprint}, written to ${args.out ?? "stdout"}\n`);
  return 0;
}

/**
 * Carries out a `spindle sweep` or `spindle merge` command line (the
 * command word first) and gives the exit code: 0 done, 1 a replication
 * failed or the files do not merge, 2 (a thrown CliUsageError) bad usage.
 *
 * @example
 * ```ts
 * const code = await sweepCli(["merge", "a.jsonl", "b.jsonl", "--out", "all.jsonl"], io);
 * ```
 */
export async function sweepCli(argv: readonly string[], io: CliIo, env: Readonly<Record<string, string | undefined>> = process.env): Promise<number> {
  const parsed = parseSweepArgs(argv);
  if (parsed.kind === "help") {
    io.stdout(parsed.text);
    return 0;
  }
  if (parsed.kind === "merge") return mergeCommand(parsed.args, io);
  return sweepCommand(parsed.args, io, env);
}
