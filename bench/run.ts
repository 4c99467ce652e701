/**
 * The benchmark suite's entry point: `npm run bench` (full, a few minutes)
 * or `npm run bench:smoke` (tiny sizes, < 60 s, for CI: it checks that every
 * workload runs and does the work it claims, not how fast).
 *
 * First it compiles src/ with tsc into .bench-results/build/cjs, the code
 * users run (see spindle.ts for why the benchmarks do not go through tsx).
 * Each throughput group (switch, spawn, timers, peers) then runs in its own
 * `node --expose-gc` process, spindle and its baselines side by side in that
 * process, so that one group's garbage and JIT state do not leak into the
 * next; memory is measured in one fresh process per subject (memory.ts).
 * Results go to stdout as markdown tables and to .bench-results/latest.json.
 *
 * Options: --smoke; --only=switch,spawn,timers,peers,channels,primitives,game,memory; --source
 * (benchmark src/ through tsx instead of the compiled build);
 * --report=<file.json> (re-print the tables of a saved run).
 * Internal: --child=<group> --out=<file> runs one group in this process.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { buildSpindle } from "./build.js";
import { FULL, SMOKE } from "./config.js";
import type { Config } from "./config.js";
import { runCases } from "./harness.js";
import type { Case, Result } from "./harness.js";
import { measureMemory } from "./memory.js";
import type { MemoryResult } from "./memory.js";
import { buildReport } from "./report.js";

// Loaded only in the child processes: they load spindle, which must be built first.
const GROUPS: Record<string, (config: Config) => Promise<Case[]>> = {
  switch: async (c) => (await import("./switch.js")).switchCases(c.sizes),
  spawn: async (c) => (await import("./spawn.js")).spawnCases(c.sizes),
  timers: async (c) => (await import("./timers.js")).timerCases(c.sizes),
  peers: async (c) => (await import("./peers.js")).peerCases(c.sizes),
  channels: async (c) => (await import("./channel-cases.js")).channelCases(c.sizes),
  primitives: async (c) => (await import("./primitives.js")).primitiveCases(c.sizes),
  game: async (c) => (await import("./game-frame.js")).gameCases(c.sizes),
};
const ALL_GROUPS = [...Object.keys(GROUPS), "memory"];
const ROOT = path.join(__dirname, "..");
const BUILD_DIR = path.join(ROOT, ".bench-results", "build", "cjs");

function option(name: string): string | undefined {
  const prefix = `--${name}=`;
  return process.argv.find((a) => a.startsWith(prefix))?.slice(prefix.length);
}

/** Child mode: run one group here and write its results to --out. */
async function runChild(group: string, config: Config, out: string): Promise<void> {
  const make = GROUPS[group];
  if (make === undefined) throw new Error(`unknown group ${group}`);
  const results = await runCases(group, await make(config), config.harness);
  fs.writeFileSync(out, JSON.stringify(results));
}

function runGroupInChild(group: string, smoke: boolean): Result[] {
  const out = path.join(os.tmpdir(), `spindle-bench-${process.pid}-${group}.json`);
  const args = ["--expose-gc", "--import", "tsx", __filename, `--child=${group}`, `--out=${out}`];
  if (smoke) args.push("--smoke");
  execFileSync(process.execPath, args, { cwd: ROOT, stdio: "inherit" });
  const results = JSON.parse(fs.readFileSync(out, "utf8")) as Result[];
  fs.rmSync(out, { force: true });
  return results;
}

interface Machine {
  node: string;
  v8: string;
  platform: string;
  cpus: number;
  cpuModel: string;
  totalMemGB: number;
}

/** Which source was measured: the commit, and whether src/ had uncommitted changes. */
function sourceVersion(): string {
  try {
    const commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--", "src"], { cwd: ROOT, encoding: "utf8" }).trim() !== "";
    return dirty ? `${commit} + uncommitted changes in src/` : commit;
  } catch {
    return "unknown (not a git checkout)";
  }
}

function machine(): Machine {
  const cpus = os.cpus();
  return {
    node: process.version,
    v8: process.versions.v8,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? "unknown",
    totalMemGB: Math.round(os.totalmem() / 2 ** 30),
  };
}

async function main(): Promise<void> {
  const smoke = process.argv.includes("--smoke");
  const config = smoke ? SMOKE : FULL;
  const child = option("child");
  if (child !== undefined) {
    const out = option("out");
    if (out === undefined) throw new Error("--child needs --out");
    await runChild(child, config, out);
    return;
  }

  // Re-print the tables of a saved run without measuring anything.
  const saved = option("report");
  if (saved !== undefined) {
    const json = JSON.parse(fs.readFileSync(saved, "utf8")) as { smoke: boolean; results: Result[]; memory: MemoryResult[] };
    process.stdout.write(`${buildReport(json.results, json.memory, json.smoke).text}\n`);
    return;
  }

  const only = option("only")?.split(",") ?? ALL_GROUPS;
  for (const g of only) if (!ALL_GROUPS.includes(g)) throw new Error(`unknown group "${g}"; groups: ${ALL_GROUPS.join(", ")}`);
  const started = Date.now();
  const source = process.argv.includes("--source");
  // Children (group runners, memory probes) inherit the choice through the environment.
  if (source) process.env["SPINDLE_BENCH_SOURCE"] = "1";
  else delete process.env["SPINDLE_BENCH_SOURCE"];
  // This suite always measures its own build (BUILD_DIR); a folder set for the gc suite must not leak into the children.
  delete process.env["SPINDLE_BENCH_BUILD_DIR"];
  const info = { ...machine(), spindle: source ? "src/ through tsx (--source)" : "tsc CommonJS build of src/", source: sourceVersion(), loadAverageAtStart: os.loadavg() };
  process.stderr.write(`spindle benchmarks (${smoke ? "smoke" : "full"}) on node ${info.node}, ${info.cpus} cpus (${info.cpuModel}); spindle = ${info.spindle}\n`);
  if (!source) {
    process.stderr.write("building spindle (tsc) ...\n");
    buildSpindle(BUILD_DIR);
  }

  const results: Result[] = [];
  for (const group of only) {
    if (group === "memory") continue;
    process.stderr.write(`\n[${group}]\n`);
    results.push(...runGroupInChild(group, smoke));
  }
  let memory: MemoryResult[] = [];
  if (only.includes("memory")) {
    process.stderr.write(`\n[memory]\n`);
    memory = measureMemory(config.sizes, smoke ? 1 : 3);
  }

  const { comparisons, text } = buildReport(results, memory, smoke);
  const seconds = (Date.now() - started) / 1000;
  process.stdout.write(`\n${text}\n\n(${seconds.toFixed(0)} s${smoke ? "; smoke sizes: the numbers mean nothing" : ""})\n`);

  const dir = path.join(__dirname, "..", ".bench-results");
  fs.mkdirSync(dir, { recursive: true });
  // One file for both modes; `smoke` in it says which sizes produced it.
  const file = path.join(dir, "latest.json");
  const machineInfo = { ...info, loadAverageAtEnd: os.loadavg() };
  const json = { date: new Date().toISOString(), smoke, seconds, machine: machineInfo, config, results, memory, comparisons };
  fs.writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
  process.stderr.write(`results written to ${path.relative(process.cwd(), file)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
