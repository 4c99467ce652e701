/**
 * Channel and semaphore benchmarks (channels and synchronisation), side by
 * side in one run: `npx tsx bench/channels.ts [--smoke]`.
 *
 * Workloads:
 * - ping-pong: two tasks pass a counter back and forth over two unbuffered
 *   (rendezvous) channels, typed `yield*` form; rate = round trips/s;
 * - fan-in: 10 producers x 20,000 items into one channel of capacity 64,
 *   one consumer; rate = items/s;
 * - semaphore: 1,000 tasks contend for 10 permits, each acquiring and
 *   releasing 10 times; rate = acquire+release pairs/s, compared with a context
 *   switch (`yield* yieldNow()` in 1,000 tasks) measured in the same run.
 *
 * Reference row: the same ping-pong generators on a minimal driver with no
 * scheduler (ping-pong-floor.ts), what the typed form costs by itself.
 *
 * Baselines: native async/await over a Promise-based rendezvous / bounded
 * channel written here (the honest minimum: resolver queues, no extras),
 * js-csp 1 (chan, put, take), and Effection 4 (createQueue: an unbounded
 * queue, since Effection's channels cannot apply backpressure; its numbers
 * are therefore for a cheaper contract).
 *
 * spindle is loaded from the tsc build (dist/cjs, built if missing): through
 * tsx every imported binding becomes a getter, which is not what users run.
 */
import Benchmark from "benchmark";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import * as path from "node:path";
import * as csp from "js-csp";
import { createQueue, run as effectionRun, spawn as effectionSpawn } from "effection";
import type { Operation as EffectionOperation, Queue as EffectionQueue } from "effection";
import { floorPingPong } from "./ping-pong-floor.js";
import { channelWorkloads, nativeFanIn, nativePingPong } from "./channel-workloads.js";
import type * as Spindle from "../src/index.js";
import type { Coroutine } from "../src/index.js";

declare module "js-csp" {
  export interface PutInstruction {
    readonly channel: Channel;
  }
  export function put(channel: Channel, value: unknown): PutInstruction;
  export function close(channel: Channel): void;
}

const smoke = process.argv.includes("--smoke");
const root = path.join(__dirname, "..");
if (!existsSync(path.join(root, "dist", "cjs", "index.js"))) execFileSync(process.execPath, [path.join(root, "scripts", "build.mjs")], { cwd: root, stdio: "inherit" });
// eslint-disable-next-line @typescript-eslint/no-require-imports
const s = require(path.join(root, "dist", "cjs", "index.js")) as typeof Spindle;

const ROUND_TRIPS = smoke ? 2_000 : 200_000;
const PRODUCERS = 10;
const ITEMS = smoke ? 200 : 20_000;
const CAPACITY = 64;
const SEM_TASKS = 1_000;
const SEM_ROUNDS = smoke ? 2 : 10;
const PERMITS = 10;

const { pingPong: spindlePingPong, fanIn: spindleFanIn } = channelWorkloads(s);

// ---------------------------------------------------------------- spindle

function* spindleContender(sem: Spindle.Semaphore): Coroutine<void> {
  for (let r = 0; r < SEM_ROUNDS; r++) {
    yield* sem.acquire();
    yield* s.yieldNow(); // hold the permit across a switch, so others must queue
    sem.release();
  }
}

function* spindleSemaphore(): Coroutine<void> {
  const sem = s.semaphore(PERMITS);
  const tasks = [];
  for (let t = 0; t < SEM_TASKS; t++) tasks.push(yield* s.spawn(spindleContender, sem));
  for (const t of tasks) yield* t;
}

function* spindleSwitcher(): Coroutine<void> {
  for (let r = 0; r < SEM_ROUNDS; r++) yield* s.yieldNow();
}

function* spindleSwitches(): Coroutine<void> {
  const tasks = [];
  for (let t = 0; t < SEM_TASKS; t++) tasks.push(yield* s.spawn(spindleSwitcher));
  for (const t of tasks) yield* t;
}

// ---------------------------------------------------------------- js-csp

function cspPingPong(done: () => void): void {
  const ping = csp.chan();
  const pong = csp.chan();
  csp.go(function* () {
    for (let i = 0; i < ROUND_TRIPS; i++) yield csp.put(pong, yield csp.take(ping));
  });
  const main = csp.go(function* () {
    for (let i = 0; i < ROUND_TRIPS; i++) {
      yield csp.put(ping, i);
      yield csp.take(pong);
    }
    return 0;
  });
  csp.takeAsync(main, done);
}

function cspFanIn(done: () => void): void {
  const ch = csp.chan(CAPACITY);
  for (let p = 0; p < PRODUCERS; p++) {
    csp.go(function* () {
      for (let i = 0; i < ITEMS; i++) yield csp.put(ch, i);
    });
  }
  const main = csp.go(function* () {
    let sum = 0;
    for (let i = 0; i < PRODUCERS * ITEMS; i++) sum += (yield csp.take(ch)) as number;
    return sum;
  });
  csp.takeAsync(main, done);
}

// ---------------------------------------------------------------- Effection

function* effectionEcho(ping: EffectionQueue<number, void>, pong: EffectionQueue<number, void>): EffectionOperation<void> {
  for (let i = 0; i < ROUND_TRIPS; i++) {
    const r = yield* ping.next();
    pong.add(r.value as number);
  }
}

function* effectionPingPong(): EffectionOperation<number> {
  const ping = createQueue<number, void>();
  const pong = createQueue<number, void>();
  const echo = yield* effectionSpawn(() => effectionEcho(ping, pong));
  let last = 0;
  for (let i = 0; i < ROUND_TRIPS; i++) {
    ping.add(i);
    last = (yield* pong.next()).value as number;
  }
  yield* echo;
  return last;
}

function* effectionFanIn(): EffectionOperation<number> {
  const q = createQueue<number, void>(); // unbounded: producers never wait
  for (let p = 0; p < PRODUCERS; p++) {
    yield* effectionSpawn(function* () {
      for (let i = 0; i < ITEMS; i++) q.add(i);
    });
  }
  let sum = 0;
  for (let i = 0; i < PRODUCERS * ITEMS; i++) sum += (yield* q.next()).value as number;
  return sum;
}

// ---------------------------------------------------------------- harness

interface Row {
  name: string;
  perSec: number;
  rme: number;
}

function measure(name: string, unitsPerOp: number, fn: ((deferred: { resolve(): void }) => void) | (() => void), defer: boolean): Promise<Row> {
  return new Promise((resolve) => {
    const bench = new Benchmark(name, {
      defer,
      fn,
      maxTime: smoke ? 0.05 : 2,
      minSamples: smoke ? 1 : 5,
      onComplete() {
        resolve({ name, perSec: (this as unknown as Benchmark).hz * unitsPerOp, rme: (this as unknown as Benchmark).stats.rme });
      },
    } as Benchmark.Options);
    bench.run({ async: false });
  });
}

function fmt(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(2)}M` : `${(n / 1e3).toFixed(0)}k`;
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  const sync = (name: string, units: number, program: () => Coroutine<unknown>) => measure(name, units, () => void s.run(program), false);
  const deferred = (name: string, units: number, start: (done: () => void) => void) =>
    measure(name, units, (d: { resolve(): void }) => start(() => d.resolve()), true);

  rows.push(await sync("ping-pong: spindle (yield*)", ROUND_TRIPS, () => spindlePingPong(ROUND_TRIPS)));
  rows.push(await deferred("ping-pong: native async/await", ROUND_TRIPS, (done) => void nativePingPong(ROUND_TRIPS).then(done)));
  rows.push(await measure("ping-pong reference: the same generators on a minimal driver, no scheduler", ROUND_TRIPS, () => void floorPingPong(ROUND_TRIPS), false));
  rows.push(await deferred("ping-pong: js-csp", ROUND_TRIPS, cspPingPong));
  rows.push(await deferred("ping-pong: Effection (queues)", ROUND_TRIPS, (done) => void effectionRun(effectionPingPong).then(done)));
  rows.push(await sync("fan-in: spindle", PRODUCERS * ITEMS, () => spindleFanIn(PRODUCERS, ITEMS, CAPACITY)));
  rows.push(await deferred("fan-in: native async/await", PRODUCERS * ITEMS, (done) => void nativeFanIn(PRODUCERS, ITEMS, CAPACITY).then(done)));
  rows.push(await deferred("fan-in: js-csp", PRODUCERS * ITEMS, cspFanIn));
  rows.push(await deferred("fan-in: Effection (unbounded queue)", PRODUCERS * ITEMS, (done) => void effectionRun(effectionFanIn).then(done)));
  rows.push(await sync("semaphore: spindle acquire+release", SEM_TASKS * SEM_ROUNDS, spindleSemaphore));
  rows.push(await sync("switch: spindle yield* yieldNow()", SEM_TASKS * SEM_ROUNDS, spindleSwitches));

  const by = (prefix: string) => rows.find((r) => r.name.startsWith(prefix)) as Row;
  console.log("| workload | rate | ±% |\n| --- | ---: | ---: |");
  for (const r of rows) console.log(`| ${r.name} | ${fmt(r.perSec)}/s | ${r.rme.toFixed(1)} |`);
  const ratio = (a: string, b: string) => by(a).perSec / by(b).perSec;
  console.log("\n| comparison | ratio | target | met |\n| --- | ---: | --- | --- |");
  const line = (label: string, value: number, target: string, met: boolean) => console.log(`| ${label} | ${value.toFixed(2)}x | ${target} | ${met ? "yes" : "no"} |`);
  line("ping-pong spindle / native", ratio("ping-pong: spindle", "ping-pong: native"), ">= 1.5x", ratio("ping-pong: spindle", "ping-pong: native") >= 1.5);
  const floor = ratio("ping-pong reference", "ping-pong: native");
  console.log(`| ping-pong reference / native (what the generators cost alone) | ${floor.toFixed(2)}x | (none: a floor) | |`);
  console.log(`| ping-pong spindle / reference | ${ratio("ping-pong: spindle", "ping-pong reference").toFixed(2)}x | (none) | |`);
  line("ping-pong spindle / js-csp", ratio("ping-pong: spindle", "ping-pong: js-csp"), ">= 10x", ratio("ping-pong: spindle", "ping-pong: js-csp") >= 10);
  line("ping-pong spindle / Effection", ratio("ping-pong: spindle", "ping-pong: Effection"), ">= 10x", ratio("ping-pong: spindle", "ping-pong: Effection") >= 10);
  line("fan-in spindle / native", ratio("fan-in: spindle", "fan-in: native"), ">= 1.2x", ratio("fan-in: spindle", "fan-in: native") >= 1.2);
  line("fan-in spindle / js-csp", ratio("fan-in: spindle", "fan-in: js-csp"), ">= 10x", ratio("fan-in: spindle", "fan-in: js-csp") >= 10);
  line("fan-in spindle / Effection", ratio("fan-in: spindle", "fan-in: Effection"), ">= 10x", ratio("fan-in: spindle", "fan-in: Effection") >= 10);
  const semCost = 1 / by("semaphore").perSec;
  const switchCost = 1 / by("switch").perSec;
  line("semaphore pair cost / switch cost", semCost / switchCost, "<= 3x", semCost / switchCost <= 3);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
