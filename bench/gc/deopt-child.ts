/**
 * One side of one workload under V8's deopt trace, started by gc/deopts.ts:
 *
 *   node --expose-gc --trace-deopt --trace-opt --trace-file-names --import tsx \
 *     bench/gc/deopt-child.ts --group=G --case=ID [--smoke]
 *
 * Warms the workload up (enough runs for TurboFan to optimise its hot
 * functions), prints a marker line, forces a full GC, runs it once more and
 * prints a second marker. V8 writes its trace lines to the same stdout, so
 * the parent counts what was deoptimized between the markers: during the
 * collection itself ("marking dependent code ... reason: weak objects") and
 * in the run after it.
 */
import * as fs from "node:fs";
import { option, readOptions } from "./options.js";
import { END_MARKER, GC_MARKER } from "./trace.js";
import { fullGc, timeOnce } from "./timing.js";
import { loadCase } from "./workloads.js";
import type { TimeWorkload } from "./workloads.js";

async function main(): Promise<void> {
  const options = readOptions();
  const group = option("group") as TimeWorkload["group"] | undefined;
  const caseId = option("case");
  if (group === undefined || caseId === undefined) throw new Error("usage: deopt-child --group=G --case=ID [--smoke]");
  const c = await loadCase(group, caseId, options.sizes);
  // Enough runs for TurboFan to have optimised the hot path, unless --warmups says otherwise.
  const warmups = option("warmups") !== undefined ? options.warmups : options.smoke ? 3 : 10;
  for (let i = 0; i < warmups; i++) await timeOnce(c);
  // A synchronous write to fd 1, so the marker lands between V8's lines in order.
  fs.writeSync(1, `${GC_MARKER}\n`);
  fullGc();
  const ms = await timeOnce(c);
  fs.writeSync(1, `${END_MARKER} ${JSON.stringify({ caseId, msAfterGc: ms })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
