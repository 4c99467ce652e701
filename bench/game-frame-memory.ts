/**
 * Bytes allocated per frame by the game-frame world (bench/game-frame.ts),
 * spindle and the hand-written loop, measured as test/hosts/frame-idle.test.ts
 * does: in a fresh `node --expose-gc` process per probe and side, a full GC
 * before each round, heapUsed growth over the round's frames. Three probes:
 *
 * - idle: every entity asleep far away (10,000 in the 0.5x group), nothing
 *   due: the floor is 0 bytes per frame;
 * - tweening: 5,000 tweens that run but never end, 5,000 sleepers never
 *   due: what a running tween costs per frame (spindle says nothing);
 * - steady: the benchmarked world itself, ~40 wake-ups and ~140 tween ends
 *   per frame; also reported per event (wake-up or tween end).
 *
 * The young generation is made large (--min/max-semi-space-size) so that no
 * scavenge falls inside a round, and a round in which the GC ran anyway
 * (seen by a PerformanceObserver) is thrown away: heapUsed growth then is
 * what the frames allocated. Idle rounds report the least of the rounds (as
 * the test: V8 allocates a few KB of its own now and then), the others the
 * median and range.
 *
 *   npm run bench:game-memory            (all probes, both sides)
 *   npx tsx bench/game-frame-memory.ts --child --probe=steady --side=spindle
 *
 * It also re-runs the cross-check of both sides at full size (10,000
 * entities, 2,000 frames): counts and positions must agree.
 */
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { performance, PerformanceObserver } from "node:perf_hooks";
import { buildSpindle, ROOT } from "./build.js";

type Probe = "idle" | "tweening" | "steady";
type Side = "spindle" | "hand";
const PROBES: readonly Probe[] = ["idle", "tweening", "steady"];
const SIDES: readonly Side[] = ["hand", "spindle"];
const BUILD_DIR = path.join(ROOT, ".bench-results", "game", "build", "cjs");
const ENTITIES = 10_000;
const FRAMES: Record<Probe, number> = { idle: 50_000, tweening: 400, steady: 100 };
const ROUNDS = 7;

function option(name: string): string | undefined {
  const prefix = `--${name}=`;
  return process.argv.find((a) => a.startsWith(prefix))?.slice(prefix.length);
}

interface Sample {
  probe: Probe;
  side: Side;
  frames: number;
  /** Bytes per frame, per clean round. */
  perFrame: number[];
  /** Wake-ups + tween ends per frame over the clean rounds (steady only). */
  eventsPerFrame: number;
  dirtyRounds: number;
}

async function child(probe: Probe, side: Side): Promise<void> {
  const { SIDES: MAKE, DT, WARM_FRAMES } = await import("./game-frame.js");
  const options = probe === "idle" ? { tweenShare: 0, fixedSleep: 1e9 } : probe === "tweening" ? { fixedTween: 1e9, fixedSleep: 1e9 } : {};
  const world = MAKE[side](ENTITIES, 42, options);
  const frames = FRAMES[probe];
  // Warm-up: compiled code, every task past its first step; as many frames as one round at least.
  for (let f = 0; f < Math.max(WARM_FRAMES, frames); f++) world.frame(DT);
  const gcs: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) gcs.push(e.startTime);
  });
  observer.observe({ entryTypes: ["gc"] });
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error("run under node --expose-gc");
  const rounds: { bytes: number; t0: number; t1: number; events: number }[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    gc();
    gc();
    const s0 = world.state();
    const t0 = performance.now();
    const before = process.memoryUsage().heapUsed;
    for (let f = 0; f < frames; f++) world.frame(DT);
    const after = process.memoryUsage().heapUsed;
    const t1 = performance.now();
    const s1 = world.state();
    rounds.push({ bytes: after - before, t0, t1, events: s1.wakeups + s1.completions - s0.wakeups - s0.completions });
  }
  // Let the observer deliver the GC entries of the rounds.
  await new Promise((resolve) => setTimeout(resolve, 50));
  observer.disconnect();
  const clean = rounds.filter((r) => !gcs.some((t) => t > r.t0 && t < r.t1));
  if (probe !== "steady" && rounds.some((r) => r.events !== 0)) throw new Error(`${probe}: something woke; the probe is not what it says`);
  const sample: Sample = {
    probe,
    side,
    frames,
    perFrame: clean.map((r) => r.bytes / frames),
    eventsPerFrame: clean.reduce((n, r) => n + r.events, 0) / Math.max(1, clean.length * frames),
    dirtyRounds: rounds.length - clean.length,
  };
  process.stdout.write(`${JSON.stringify(sample)}\n`);
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

function fmt(x: number): string {
  return Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 1 ? x.toFixed(1) : x.toFixed(3);
}

async function parent(): Promise<void> {
  const source = process.argv.includes("--source");
  const env: NodeJS.ProcessEnv = { ...process.env, SPINDLE_BENCH_BUILD_DIR: BUILD_DIR };
  if (source) env["SPINDLE_BENCH_SOURCE"] = "1";
  else {
    delete env["SPINDLE_BENCH_SOURCE"];
    process.stderr.write(`building spindle (tsc) into ${path.relative(ROOT, BUILD_DIR)} ...\n`);
    buildSpindle(BUILD_DIR);
  }
  process.stderr.write("cross-check, 10,000 entities x 2,000 frames ...\n");
  const check = execFileSync(process.execPath, ["--import", "tsx", "-e", `const g = require("./bench/game-frame.ts"); console.log(JSON.stringify(g.crossCheck(${ENTITIES}, 2000, 42)));`], { cwd: ROOT, env, encoding: "utf8" });
  process.stderr.write(`  both sides agree: ${check.trim()}\n`);
  const lines: string[] = ["| probe | side | frames/round | bytes/frame | events/frame | bytes/event | clean rounds |", "|---|---|---|---|---|---|---|"];
  for (const probe of PROBES) {
    for (const side of SIDES) {
      const argv = ["--expose-gc", "--min-semi-space-size=128", "--max-semi-space-size=128", "--import", "tsx", __filename, "--child", `--probe=${probe}`, `--side=${side}`];
      const out = execFileSync(process.execPath, argv, { cwd: ROOT, env, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
      const s = JSON.parse(out.split("\n").find((l) => l.startsWith("{")) as string) as Sample;
      if (s.perFrame.length === 0) throw new Error(`${probe}/${side}: the GC ran in every round; nothing to report`);
      const lo = Math.min(...s.perFrame);
      const hi = Math.max(...s.perFrame);
      const value = probe === "idle" ? `${fmt(lo)} (least; max ${fmt(hi)})` : `${fmt(median(s.perFrame))} (${fmt(lo)}-${fmt(hi)})`;
      const perEvent = s.eventsPerFrame > 0 ? fmt(median(s.perFrame) / s.eventsPerFrame) : "";
      lines.push(`| ${probe} | ${side} | ${s.frames} | ${value} | ${fmt(s.eventsPerFrame)} | ${perEvent} | ${s.perFrame.length}/${ROUNDS} |`);
      process.stderr.write(`  ${lines[lines.length - 1] as string}\n`);
    }
  }
  process.stdout.write(`\n${lines.join("\n")}\n`);
}

const run = process.argv.includes("--child") ? child(option("probe") as Probe, option("side") as Side) : parent();
run.catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
