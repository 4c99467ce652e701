/**
 * spindle/node: the parts that need Node's own modules (signals, worker
 * threads, the OS), kept out of the main entry point so that a browser
 * bundle of "spindle" never pulls them in.
 *
 * - `shutdownOnSignals`: graceful shutdown of a task tree on SIGINT/SIGTERM;
 * - `inWorker`, `WorkerPool`, `closeWorkerPool`: CPU work on worker threads,
 *   as operations a task waits for, and that cancellation stops;
 * - `replicate`: simulation replications / sweeps across the pool, in seed order.
 *
 * @module spindle/node
 */
export { shutdownOnSignals } from "./node/shutdown.js";
export type { ShutdownHandle, ShutdownHost, ShutdownOptions } from "./node/shutdown.js";
export { WorkerPool, WorkerError, WorkerPoolClosedError, inWorker, defaultWorkerPool, closeWorkerPool } from "./node/workers.js";
export type { InWorkerOptions, WorkerPoolOptions, WorkerPoolStats } from "./node/workers.js";
export { replicate } from "./node/replicate.js";
export type { ReplicateOptions } from "./node/replicate.js";
