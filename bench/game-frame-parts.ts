/**
 * The game frame taken apart: CPU time per frame of spindle's FrameHost and
 * of the hand-written loop (bench/game-frame.ts), paired in one process,
 * for the benchmark's world and for the same world with one part switched
 * off, so that the pass over the running tweens and the events (wake-ups,
 * tween ends) can be told apart.
 *
 *   npm run bench:game-parts        (10,000 entities; --entities=N for another size)
 *
 * Each world runs in a fresh process (one world's generator functions
 * would otherwise make the next one's call sites polymorphic). In it, both
 * sides are built and warmed up (600 frames); then they alternate, 9 rounds
 * of 500 frames each, and the median of each side and of the per-round
 * ratios is printed. Paired rounds in one process share the machine's load,
 * which on a shared machine makes their ratio steadier than separate
 * processes'. spindle is the tsc build of src/ (as in `npm run bench`),
 * made into .bench-results/parts/build/cjs.
 */
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { buildSpindle, ROOT } from "./build.js";
import { option } from "./gc/options.js";

const BUILD_DIR = path.join(ROOT, ".bench-results", "parts", "build", "cjs");
const ROUNDS = 9;
const FRAMES = 500;

/** The worlds: the benchmark's, and the same with one part switched off. */
const VARIANTS: { name: string; options: Record<string, number> }[] = [
  { name: "as in the benchmark (half tweening, half sleeping)", options: {} },
  { name: "no events (every sleep and tween far longer than the run)", options: { fixedSleep: 1e9, fixedTween: 1e9 } },
  { name: "tweens only, none ending", options: { tweenShare: 1, fixedTween: 1e9 } },
  { name: "sleepers only", options: { tweenShare: 0 } },
];

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1] as number;

function cpuMsPerFrame(frame: () => void): number {
  const t0 = process.cpuUsage();
  for (let f = 0; f < FRAMES; f++) frame();
  const t = process.cpuUsage(t0);
  return (t.user + t.system) / 1000 / FRAMES;
}

/** One world, in this process: prints a row of the table. */
async function measureVariant(v: (typeof VARIANTS)[number], entities: number): Promise<string> {
  // Set before game-frame.ts (through spindle.ts) loads the build.
  process.env["SPINDLE_BENCH_BUILD_DIR"] = BUILD_DIR;
  const { DT, SIDES, WARM_FRAMES } = await import("./game-frame.js");
  const worlds = { spindle: SIDES.spindle(entities, 42, v.options), loop: SIDES.hand(entities, 42, v.options) };
  for (const w of Object.values(worlds)) for (let f = 0; f < WARM_FRAMES; f++) w.frame(DT);
  const times = { spindle: [] as number[], loop: [] as number[] };
  for (let r = 0; r < ROUNDS; r++) {
    times.spindle.push(cpuMsPerFrame(() => worlds.spindle.frame(DT)));
    times.loop.push(cpuMsPerFrame(() => worlds.loop.frame(DT)));
  }
  // Both sides did the same work (game-frame.ts cross-checks positions too; here, the counts).
  const a = worlds.spindle.state();
  const b = worlds.loop.state();
  if (a.wakeups !== b.wakeups || a.completions !== b.completions) throw new Error(`${v.name}: the sides disagree (${JSON.stringify(a)} vs ${JSON.stringify(b)})`);
  const ratios = times.spindle.map((s, i) => s / (times.loop[i] as number));
  return `| ${v.name} | ${median(times.spindle).toFixed(4)} | ${median(times.loop).toFixed(4)} | ${median(ratios).toFixed(2)}x, ${Math.min(...ratios).toFixed(2)}x |`;
}

async function main(): Promise<void> {
  const entitiesArg = option("entities");
  const entities = entitiesArg === undefined ? 10_000 : Number(entitiesArg);
  if (!Number.isInteger(entities) || entities < 2) throw new Error(`--entities must be an integer >= 2, not ${entitiesArg ?? ""}`);
  const variant = option("variant");
  if (variant !== undefined) {
    const v = VARIANTS[Number(variant)];
    if (v === undefined) throw new Error(`--variant must be 0..${VARIANTS.length - 1}`);
    process.stdout.write(`${await measureVariant(v, entities)}\n`);
    return;
  }
  process.stderr.write(`building spindle (tsc) into ${path.relative(ROOT, BUILD_DIR)} ...\n`);
  buildSpindle(BUILD_DIR);
  console.log(`game frame by part: ${entities} entities, CPU ms per frame, ${ROUNDS} paired rounds of ${FRAMES} frames, median; a fresh process per world; node ${process.version}\n`);
  console.log("| world | spindle | loop | spindle ÷ loop (median, min) |");
  console.log("| --- | ---: | ---: | ---: |");
  for (let i = 0; i < VARIANTS.length; i++) {
    const row = execFileSync(process.execPath, ["--import", "tsx", __filename, `--variant=${i}`, `--entities=${entities}`], { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
    process.stdout.write(row);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
