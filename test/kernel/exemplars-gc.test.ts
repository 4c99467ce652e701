/**
 * The exemplars' purpose, checked from outside: after a forced full GC
 * between two runs, V8 throws away none of spindle's optimised code for
 * "weak objects" (a hidden class, or a function, the code was specialised
 * for, found dead). An exemplar program that lets one of the objects it made
 * die (an operation, a generator function and so its generators' hidden
 * class) makes the step loop's code depend on something the next GC
 * collects; the kernel's hot functions were then re-optimised after every
 * full GC. The fixture runs the hot paths under V8's deopt trace, read with
 * the same parser as `npm run bench:deopts`.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { FunctionFiles, parseDeopt } from "../../bench/gc/trace.js";
import type { Deopt } from "../../bench/gc/trace.js";

const ROOT = join(__dirname, "..", "..");
const FIXTURE = join(__dirname, "fixtures", "full-gc-between-runs.ts");
const GC_MARK = "@@forced full GC@@";
const END_MARK = "@@end of the run after the GC@@";
const SRC = join(ROOT, "src");

/** Runs one workload of the fixture under the deopt trace; gives its trace lines. */
function traced(workload: string): string[] {
  const r = spawnSync(process.execPath, ["--expose-gc", "--no-concurrent-recompilation", "--trace-deopt", "--trace-opt", "--trace-file-names", "--import", "tsx", FIXTURE, workload], {
    cwd: ROOT,
    encoding: "utf8",
    maxBuffer: 1 << 28,
  });
  if (r.status !== 0) throw new Error(`the fixture failed (exit ${String(r.status)}):\n${r.stderr}`);
  return r.stdout.split("\n");
}

describe("optimised code across a full GC", () => {
  it.each(["switches", "spawnAndJoin", "pingPong", "fanIn", "mm1"])("%s: no function of spindle's is deoptimised for weak objects by a full GC between two runs", (workload) => {
    const lines = traced(workload);
    const files = new FunctionFiles();
    for (const line of lines) files.learn(line);
    const gcAt = lines.indexOf(GC_MARK);
    const endAt = lines.indexOf(END_MARK);
    expect(gcAt).toBeGreaterThan(0);
    expect(endAt).toBeGreaterThan(gcAt);

    // The check can fail only if the step loop was optimised before the GC.
    // V8 compiles on the main thread here (--no-concurrent-recompilation),
    // so that a loaded machine cannot leave it unoptimised at the GC.
    const optimisedBefore = lines.slice(0, gcAt).filter((l) => l.startsWith("[completed compiling") && l.includes(SRC));
    const names = new Set(optimisedBefore.map((l) => /<JSFunction (\S+)/.exec(l)?.[1]));
    expect(names.has("fastStep") || names.has("runVirtual")).toBe(true);

    const afterGc = lines
      .slice(gcAt + 1, endAt)
      .map((l) => parseDeopt(l, files))
      .filter((d): d is Deopt => d !== null && d.reason === "weak objects" && d.file !== null && d.file.startsWith(SRC));
    expect(afterGc.map((d) => `${d.name} (${d.file ?? "?"})`)).toEqual([]);
  });
});
