/**
 * spindle/node: the parts that need Node's own modules (signals, worker
 * threads, the OS), kept out of the main entry point so that a browser
 * bundle of "spindle" never pulls them in.
 *
 * - `shutdownOnSignals`: graceful shutdown of a task tree on SIGINT/SIGTERM;
 * - `inWorker`, `WorkerPool`, `closeWorkerPool`: CPU work on worker threads,
 *   as operations a task waits for, and that cancellation stops;
 * - `replicate`: simulation replications / sweeps across the pool, in seed order.
 * - `ProgressBar`: a live one-line bar on a terminal for a long run's `onProgress` reports.
 *
 * @module spindle/node
 */
export { shutdownOnSignals } from "./node/shutdown.js";
export type { ShutdownHandle, ShutdownHost, ShutdownOptions } from "./node/shutdown.js";
export { WorkerPool, WorkerError, WorkerPoolClosedError, inWorker, defaultWorkerPool, closeWorkerPool } from "./node/workers.js";
export type { InWorkerOptions, WorkerPoolOptions, WorkerPoolStats } from "./node/workers.js";
export { replicate } from "./node/replicate.js";
export type { ReplicateOptions } from "./node/replicate.js";
export { ProgressBar, progressLine } from "./node/progress-bar.js";
export type { ProgressBarOptions, ProgressBarStream } from "./node/progress-bar.js";
export { Sweep, sweep, shardOfReplication } from "./node/sweep.js";
export type { SweepSeeds, SweepSpec, Replication, ShardId } from "./node/sweep.js";
export { shardOf, parseShard, ShardConfigError } from "./node/shard-of.js";
export type { ResolvedShard, ShardOfOptions, ShardSource } from "./node/shard-of.js";
export { runShard } from "./node/run-shard.js";
export type { RunShardOptions, ShardRun, ShardWork } from "./node/run-shard.js";
export { mergeShards, mergeShardFiles, SweepMergeError, SweepFileError, MixedSweepsError, DuplicateShardsError, MissingShardsError } from "./node/merge-shards.js";
export type { DuplicateShard, MergedReplication, MergedSweep, ShardText } from "./node/merge-shards.js";
