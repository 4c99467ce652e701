/**
 * docs/node.md: eight replications of a simulation, spread over worker
 * threads, results in seed order. Run it with:
 *
 *   npx tsx examples/node/replications.ts [--workers N]
 *
 * Worker threads load modules with Node's own loader, so the TypeScript
 * model (examples/node/queue-model.ts) is bundled to plain JavaScript first.
 */
import { rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Coroutine } from "spindle";
import { runAsync } from "spindle/promise";
import { WorkerPool, replicate } from "spindle/node";
import { bundleWorker } from "./bundle-worker.js";
import type { BankInput, BankResult } from "./queue-model.js";

// #region replicate
function* study(model: URL, pool: WorkerPool): Coroutine<BankResult[]> {
  const input: BankInput = { customers: 20_000, tellers: 3, meanArrivalMs: 60, meanServiceMs: 170 };
  const seeds = [1, 2, 3, 4, 5, 6, 7, 8];
  return yield* replicate<BankResult>(model, seeds, input, { pool }); // work(input, seed) in the workers
}

export async function main(args: string[] = process.argv.slice(2)): Promise<void> {
  const size = args[0] === "--workers" ? Number(args[1]) : undefined;
  const pool = new WorkerPool(size === undefined ? {} : { size });
  const model = bundleWorker(join(__dirname, "queue-model.ts")); // a file URL of plain JavaScript
  try {
    const started = performance.now();
    const results = await runAsync(study(model, pool)); // the main thread only waits: the workers simulate
    for (const r of results) console.log(`seed ${r.seed}: served ${r.served}, mean wait ${r.meanWaitMs} ms, max wait ${r.maxWaitMs} ms`);
    console.log(`wall: ${Math.round(performance.now() - started)} ms on ${pool.size} worker${pool.size === 1 ? "" : "s"}`);
  } finally {
    await pool.close();
    rmSync(dirname(fileURLToPath(model)), { recursive: true, force: true });
  }
}
// #endregion replicate

if (require.main === module) main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
