/**
 * docs/node.md, "Replications on a cluster": a parameter sweep split into
 * shards, each run as if by its own job, then merged. On a cluster each
 * shard is a separate process (spindle sweep, or a script like job() below)
 * that finds its shard with shardOf(); here the three jobs run one after the
 * other in this process, and the merge checks that it gets the same results
 * as one machine would. Run it with:
 *
 *   npx tsx examples/node/sweep-shards.ts
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { mergeShardFiles, runShard, shardOf, sweep } from "spindle/node";
import type { ShardId } from "spindle/node";
import { work } from "./queue-model.js";
import type { BankInput, BankResult } from "./queue-model.js";

// #region sweep
const base: BankInput = { customers: 2_000, tellers: 2, meanArrivalMs: 60, meanServiceMs: 110 };
const study = sweep({
  seeds: { from: 1, count: 8 }, // every point runs with the same 8 seeds
  points: [base, { ...base, tellers: 3 }], // a parameter sweep: 16 replications
  model: "queue-model v1", // part of the sweep's identity (spindle sweep uses the file's hash)
});

/** One job: its shard from --shard i/n, JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID. */
async function job(shard: ShardId, dir: string): Promise<string> {
  const out = join(dir, `shard-${shard.index}.jsonl`);
  await runShard<BankResult>(study, shard, (input, seed) => work(input as BankInput, seed), { out });
  return out;
}
// #endregion sweep

export async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "spindle-sweep-"));
  try {
    // #region merge
    const files: string[] = [];
    for (const i of [0, 1, 2]) files.push(await job(shardOf({ argv: ["--shard", `${i}/3`] }), dir));
    const merged = mergeShardFiles<BankResult>(files.reverse()); // any order: lines are placed by index
    for (const [p, point] of (study.points ?? []).entries()) {
      const waits = merged.replications.filter((r) => r.point === p).map((r) => r.result.meanWaitMs);
      const mean = waits.reduce((a, b) => a + b, 0) / waits.length;
      console.log(`${(point as BankInput).tellers} tellers: mean wait ${mean.toFixed(1)} ms over ${waits.length} seeds`);
    }
    const oneMachine = join(dir, "one-machine.jsonl");
    await runShard(study, { index: 0, count: 1 }, (input, seed) => work(input as BankInput, seed), { out: oneMachine });
    console.log(`merged ${files.length} shards: ${merged.results.length} replications, identical to one machine: ${merged.text === readFileSync(oneMachine, "utf8")}`);
    // #endregion merge
    console.log(merged.text.split("\n")[1]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
