/// <reference types="node" />
/**
 * Which shard this job is, from what the batch engine tells it:
 *
 * - the command line: `--shard i/n` (numbered from 0);
 * - a Kubernetes Indexed Job: `JOB_COMPLETION_INDEX` (0..completions-1),
 *   with the count from `JOB_COMPLETIONS` (Kubernetes does not set it: the
 *   manifest does, from the same number as spec.completions) or given;
 * - a Slurm job array: `SLURM_ARRAY_TASK_ID`, which runs from
 *   `SLURM_ARRAY_TASK_MIN` (an array may be `--array=1-8`) in steps of
 *   `SLURM_ARRAY_TASK_STEP`, with `SLURM_ARRAY_TASK_COUNT` tasks.
 *
 * A value that is missing, malformed or contradicts another is refused with
 * a {@link ShardConfigError} that names the variable and what to set: a
 * shard that silently ran the wrong part would only be found at the merge.
 */
import { InvalidArgumentError } from "../kernel/errors.js";
import type { ShardId } from "./sweep.js";

/**
 * The shard settings are missing, malformed or inconsistent; the message
 * names the variable or option and what to set.
 *
 * @example
 * ```ts
 * try { shardOf({ env: { JOB_COMPLETION_INDEX: "3" } }); } catch (e) { if (e instanceof ShardConfigError) console.error(e.message); }
 * ```
 *
 * @category Node
 */
export class ShardConfigError extends InvalidArgumentError {}

/**
 * Where a shard's index came from.
 *
 * @category Node
 */
export type ShardSource = "--shard" | "JOB_COMPLETION_INDEX" | "SLURM_ARRAY_TASK_ID" | "none";

/**
 * A resolved shard: index and count, and where they came from.
 *
 * @category Node
 */
export interface ResolvedShard extends ShardId {
  /** Where the index came from ("none": nothing said, so the whole sweep). */
  source: ShardSource;
}

/**
 * What {@link shardOf} reads.
 *
 * @category Node
 */
export interface ShardOfOptions {
  /** The command line's arguments, searched for `--shard i/n` (default: process.argv.slice(2)). */
  argv?: readonly string[];
  /** The environment (default: process.env). */
  env?: Readonly<Record<string, string | undefined>>;
  /** The number of shards, when the environment gives only the index (or to check it against). */
  total?: number;
}

/** A non-negative integer from an environment variable or option; null when unset or empty. */
function natural(env: Readonly<Record<string, string | undefined>>, name: string, hint: string): number | null {
  const text = env[name];
  if (text === undefined || text.trim() === "") return null;
  const value = /^\s*\d+\s*$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value)) throw new ShardConfigError(`${name}=${JSON.stringify(text)} is not a whole number >= 0; ${hint}`);
  return value;
}

/**
 * Parses `i/n` (shard i of n, numbered from 0), as `--shard` takes it.
 *
 * @example
 * ```ts
 * parseShard("2/8"); // { index: 2, count: 8 }
 * ```
 *
 * @category Node
 */
export function parseShard(text: string): ShardId {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (m === null) throw new ShardConfigError(`--shard ${text}: expected i/n, shard i of n numbered from 0, such as --shard 0/4 ... --shard 3/4`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (!Number.isSafeInteger(count) || count < 1) throw new ShardConfigError(`--shard ${text}: the number of shards must be at least 1`);
  if (!Number.isSafeInteger(index) || index >= count) {
    throw new ShardConfigError(`--shard ${text}: shards are numbered from 0, so the last of ${count} is --shard ${count - 1}/${count}`);
  }
  return { index, count };
}

/** The value of `--shard` in `argv` (`--shard i/n` or `--shard=i/n`), or null. */
function shardArgument(argv: readonly string[]): string | null {
  let found: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i] as string;
    let value: string | undefined;
    if (word === "--shard") {
      value = argv[i + 1];
      if (value === undefined) throw new ShardConfigError("--shard needs a value: --shard i/n, such as --shard 0/4");
      i++;
    } else if (word.startsWith("--shard=")) {
      value = word.slice("--shard=".length);
    } else continue;
    if (found !== null) throw new ShardConfigError("--shard is given twice; give it once");
    found = value;
  }
  return found;
}

function checkTotal(total: number | undefined): number | null {
  if (total === undefined) return null;
  if (!Number.isSafeInteger(total) || total < 1) throw new ShardConfigError(`the number of shards must be an integer >= 1, got ${String(total)}`);
  return total;
}

function agreed(count: number, total: number | null, from: string): number {
  if (total !== null && total !== count) throw new ShardConfigError(`${from} says ${count} shards, but ${total} were asked for (--shards); make them agree, or leave one out`);
  return count;
}

function outOfRange(index: number, count: number, what: string): ShardConfigError {
  return new ShardConfigError(`${what} gives shard ${index}, but there are only ${count} shards (numbered 0..${count - 1}); check the number of shards`);
}

function fromKubernetes(env: Readonly<Record<string, string | undefined>>, index: number, total: number | null): ResolvedShard {
  const completions = natural(env, "JOB_COMPLETIONS", "set it to the Job's spec.completions");
  if (completions === null && total === null) {
    throw new ShardConfigError(
      `JOB_COMPLETION_INDEX=${index} is set, but not the number of shards: add JOB_COMPLETIONS (the Job's spec.completions) to the container's env, or pass --shards N`,
    );
  }
  const count = completions === null ? (total as number) : agreed(completions, total, `JOB_COMPLETIONS=${completions}`);
  if (count < 1) throw new ShardConfigError("JOB_COMPLETIONS=0: a Job needs at least one completion");
  if (index >= count) throw outOfRange(index, count, `JOB_COMPLETION_INDEX=${index}`);
  return { index, count, source: "JOB_COMPLETION_INDEX" };
}

function fromSlurm(env: Readonly<Record<string, string | undefined>>, id: number, total: number | null): ResolvedShard {
  const arrayHint = "sbatch --array=0-N sets it; or pass --shard i/n";
  const min = natural(env, "SLURM_ARRAY_TASK_MIN", arrayHint);
  if (min === null) throw new ShardConfigError(`SLURM_ARRAY_TASK_ID=${id} is set, but not SLURM_ARRAY_TASK_MIN, the first task's id (${arrayHint})`);
  const step = natural(env, "SLURM_ARRAY_TASK_STEP", arrayHint) ?? 1;
  if (step < 1) throw new ShardConfigError("SLURM_ARRAY_TASK_STEP=0: the step must be at least 1");
  const max = natural(env, "SLURM_ARRAY_TASK_MAX", arrayHint);
  const envCount = natural(env, "SLURM_ARRAY_TASK_COUNT", arrayHint);
  const countFromMax = max === null ? null : Math.floor((max - min) / step) + 1;
  if (envCount !== null && countFromMax !== null && envCount !== countFromMax) {
    throw new ShardConfigError(
      `SLURM_ARRAY_TASK_COUNT=${envCount}, but ids ${min}..${max} in steps of ${step} make ${countFromMax} tasks: the array is not one range (such as --array=1,3,7); give sbatch a range, --array=0-${envCount - 1}, or pass --shard i/n`,
    );
  }
  const fromEnv = envCount ?? countFromMax;
  if (fromEnv === null && total === null) throw new ShardConfigError(`SLURM_ARRAY_TASK_ID=${id} is set, but not SLURM_ARRAY_TASK_COUNT nor SLURM_ARRAY_TASK_MAX: pass --shards N (the number of array tasks)`);
  const count = fromEnv === null ? (total as number) : agreed(fromEnv, total, `the Slurm array (SLURM_ARRAY_TASK_COUNT)`);
  if (id < min || (id - min) % step !== 0) {
    throw new ShardConfigError(`SLURM_ARRAY_TASK_ID=${id} is not one of the array's ids (from SLURM_ARRAY_TASK_MIN=${min} in steps of ${step}); give sbatch a range such as --array=0-${count - 1}`);
  }
  const index = (id - min) / step;
  if (index >= count) throw outOfRange(index, count, `SLURM_ARRAY_TASK_ID=${id} (from SLURM_ARRAY_TASK_MIN=${min}, step ${step})`);
  return { index, count, source: "SLURM_ARRAY_TASK_ID" };
}

/**
 * Which shard this job runs: from `--shard i/n` in `argv` if given, else
 * from a Kubernetes Indexed Job's or a Slurm array's environment, else the
 * whole sweep (shard 0 of 1). `--shard` wins over the environment; a job
 * that sees both a Kubernetes and a Slurm index is refused, as is a count
 * that disagrees with `total`.
 *
 * @example
 * ```ts
 * shardOf({ argv: ["--shard", "1/4"] }); // { index: 1, count: 4, source: "--shard" }
 * shardOf({ env: { JOB_COMPLETION_INDEX: "2", JOB_COMPLETIONS: "8" } }); // { index: 2, count: 8, source: "JOB_COMPLETION_INDEX" }
 * shardOf({ env: { SLURM_ARRAY_TASK_ID: "3", SLURM_ARRAY_TASK_MIN: "1", SLURM_ARRAY_TASK_COUNT: "8" } }); // { index: 2, count: 8, ... }
 * ```
 *
 * @category Node
 */
export function shardOf(options: ShardOfOptions = {}): ResolvedShard {
  const argv = options.argv ?? process.argv.slice(2);
  const env = options.env ?? process.env;
  const total = checkTotal(options.total);
  const argument = shardArgument(argv);
  if (argument !== null) {
    const shard = parseShard(argument);
    agreed(shard.count, total, `--shard ${argument}`);
    return { ...shard, source: "--shard" };
  }
  const k8s = natural(env, "JOB_COMPLETION_INDEX", "Kubernetes sets it in a Job with completionMode: Indexed");
  const slurm = natural(env, "SLURM_ARRAY_TASK_ID", "sbatch --array sets it");
  if (k8s !== null && slurm !== null) {
    throw new ShardConfigError(`both JOB_COMPLETION_INDEX=${k8s} and SLURM_ARRAY_TASK_ID=${slurm} are set, so the shard is ambiguous; pass --shard i/n to say which`);
  }
  if (k8s !== null) return fromKubernetes(env, k8s, total);
  if (slurm !== null) return fromSlurm(env, slurm, total);
  if (total !== null && total > 1) {
    throw new ShardConfigError(`${total} shards were asked for (--shards ${total}), but nothing says which one this is: pass --shard i/${total}, or run it as a Kubernetes Indexed Job (JOB_COMPLETION_INDEX) or a Slurm array (SLURM_ARRAY_TASK_ID)`);
  }
  return { index: 0, count: 1, source: "none" };
}
