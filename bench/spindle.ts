/**
 * Where the benchmarks get spindle from.
 *
 * By default: the compiled CommonJS build, made by run.ts from the current
 * src/ with the package's own tsc settings (as scripts/build.mjs does) into
 * .bench-results/build/cjs. That is the code users run.
 *
 * Why not `import ... from "../src/index.js"` through tsx: tsx compiles each
 * file on its own with esbuild, and esbuild's CommonJS output turns every
 * exported binding into a getter (two nested getters across a re-export).
 * The kernel reads constants from other modules in its hot loop (the task
 * flags, state codes, DELEGATED, protocol), so through tsx every context
 * switch makes a dozen getter calls: measured 3-4x slower than the tsc build,
 * which is an artifact of the loader, not spindle. `--source` (env
 * SPINDLE_BENCH_SOURCE=1) runs the suite against src/ through tsx anyway,
 * for comparison.
 *
 * Types always come from src/ (type-only imports, erased at run time), and
 * the runtime is loaded once, here, so that the bare drivers and spindle share
 * one `protocol` object.
 */
import * as path from "node:path";
import type * as Spindle from "../src/index.js";
import type * as InstructionModule from "../src/kernel/instruction.js";

export const fromSource = process.env["SPINDLE_BENCH_SOURCE"] === "1";

/**
 * The compiled build's folder (run.ts creates it). SPINDLE_BENCH_BUILD_DIR
 * names another one: the gc suite (gc/run.ts) builds into its own folder, so
 * that it and `npm run bench` can run side by side without one deleting the
 * other's build.
 */
export const BUILD_DIR = process.env["SPINDLE_BENCH_BUILD_DIR"] ?? path.join(__dirname, "..", ".bench-results", "build", "cjs");

const root = fromSource ? path.join(__dirname, "..", "src") : BUILD_DIR;

// A plain require: the module is chosen at run time, and must be one instance.
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const spindle = require(path.join(root, "index.js")) as typeof Spindle;
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const instruction = require(path.join(root, "kernel", "instruction.js")) as typeof InstructionModule;
