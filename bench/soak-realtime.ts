/**
 * A soak of RealtimeHost against the wall clock: `npm run soak` (30 s), or
 * `npm run soak -- --seconds=N`.
 *
 * A mixed load runs until the time is up: tasks sleeping random short
 * durations (their wake-ups are what is measured), channel ping-pong, a
 * churn of spawned and cancelled children, and operations under timeout()
 * that mostly finish in time (their timer is cancelled) and sometimes not.
 * Then every task ends, and the process must exit by itself.
 *
 * Measured: the lateness of each wake-up (when the task resumed, on the wall
 * clock, minus its deadline) as percentiles; whether any task woke before
 * its deadline; the OS timers the host armed, and the most pending at once
 * (setTimeout and setImmediate are wrapped to count them: the host promises
 * at most one). It exits with 1 if a check fails.
 *
 * It loads src/ through tsx (as the tests do): the load is the same for any
 * loader, and lateness, not throughput, is what it measures.
 */
import { RealtimeHost, TimeoutError, channel, now, random, scope, sleep, timeout, yieldNow } from "../src/index.js";
import type { Coroutine, TaskGroup } from "../src/index.js";

const seconds = Number(/^--seconds=(.+)$/.exec(process.argv.find((a) => a.startsWith("--seconds=")) ?? "")?.[1] ?? 30);
if (!(seconds > 0)) throw new Error(`--seconds=N needs a number of seconds > 0, got ${process.argv.join(" ")}`);
const END = seconds * 1000;

// ---------------------------------------------------------------- OS timers

/** What the host did with the event loop's timers. */
const os = { timeouts: 0, immediates: 0, pending: 0, maxPending: 0, longestDelay: 0 };

/**
 * Wraps the globals the host calls (it looks them up at each call), so that
 * every timer and immediate it arms is counted while pending. Nothing else
 * here uses them: the soak's own timers go through the originals.
 */
function countHostTimers(): { setTimeout: typeof setTimeout } {
  const g = globalThis as unknown as Record<string, (...args: unknown[]) => unknown>;
  const live = new Set<unknown>();
  const wrap = (setName: string, clearName: string, count: (ms: number) => void): void => {
    const set = g[setName] as (callback: () => void, ms?: number) => unknown;
    const clear = g[clearName] as (id: unknown) => void;
    g[setName] = (callback: unknown, ms: unknown) => {
      count(Number(ms ?? 0));
      const id = set(() => {
        if (live.delete(id)) os.pending--;
        (callback as () => void)();
      }, ms as number);
      live.add(id);
      os.maxPending = Math.max(os.maxPending, ++os.pending);
      return id;
    };
    g[clearName] = (id: unknown) => {
      if (live.delete(id)) os.pending--;
      clear(id);
    };
  };
  const original = { setTimeout };
  wrap("setTimeout", "clearTimeout", (ms) => {
    os.timeouts++;
    os.longestDelay = Math.max(os.longestDelay, ms);
  });
  wrap("setImmediate", "clearImmediate", () => os.immediates++);
  return original;
}

// ---------------------------------------------------------------- the load

const base = performance.now();
/** Milliseconds since the soak started: the host's clock, and the one lateness is read on. */
const wall = (): number => performance.now() - base;

const stats = { lateness: [] as number[], early: 0, messages: 0, spawned: 0, cancelled: 0, inTime: 0, timedOut: 0 };

/** Sleeps random short durations; records how late each wake-up was. */
function* sleeper(): Coroutine<void> {
  for (let t = yield* now(); t < END; t = yield* now()) {
    const ms = Math.floor((yield* random()) * 50);
    yield* sleep(ms);
    if ((yield* now()) < t + ms) stats.early++;
    stats.lateness.push(wall() - (t + ms));
  }
}

/** Bursts of messages back and forth over two unbuffered channels, with a pause between bursts. */
function* pingPong(): Coroutine<void> {
  const ping = channel<number>();
  const pong = channel<number>();
  yield* scope(function* (group: TaskGroup) {
    yield* group.spawn(function* echo() {
      for (;;) {
        const n = yield* ping.recv();
        if (typeof n !== "number") return; // closed
        yield* pong.send(n + 1);
      }
    });
    while ((yield* now()) < END) {
      for (let i = 0; i < 50; i++) {
        yield* ping.send(i);
        yield* pong.recv();
        stats.messages += 2;
      }
      yield* sleep(Math.floor((yield* random()) * 20));
    }
    ping.close();
  });
}

/** Spawns short-lived children in batches, cancelling one in three (some before they start, some asleep). */
function* churn(): Coroutine<void> {
  while ((yield* now()) < END) {
    yield* scope(function* (group: TaskGroup) {
      for (let i = 0; i < 30; i++) {
        const child = yield* group.spawn(function* () {
          yield* sleep(Math.floor((yield* random()) * 10));
        });
        stats.spawned++;
        if (i % 3 === 0) {
          if (i % 2 === 0) yield* yieldNow();
          child.cancel();
          stats.cancelled++;
        }
      }
    });
    yield* sleep(5);
  }
}

/** An operation under a 50 ms limit, done in 0-59 ms: mostly in time (the timer is cancelled), sometimes not. */
function* limited(): Coroutine<void> {
  while ((yield* now()) < END) {
    try {
      yield* timeout(50, sleep(Math.floor((yield* random()) * 60)));
      stats.inTime++;
    } catch (error) {
      if (!(error instanceof TimeoutError)) throw error;
      stats.timedOut++;
    }
  }
}

const LOAD = { sleepers: 1000, pingPongPairs: 10, churners: 4, limited: 200 };

function* soak(): Coroutine<void> {
  yield* scope(function* (group: TaskGroup) {
    for (let i = 0; i < LOAD.sleepers; i++) yield* group.spawn(sleeper);
    for (let i = 0; i < LOAD.pingPongPairs; i++) yield* group.spawn(pingPong);
    for (let i = 0; i < LOAD.churners; i++) yield* group.spawn(churn);
    for (let i = 0; i < LOAD.limited; i++) yield* group.spawn(limited);
  });
}

// ---------------------------------------------------------------- run and report

const original = countHostTimers();
const host = new RealtimeHost({ seed: 1, clock: wall });
const root = host.spawn(soak);
const cpuAtStart = process.cpuUsage();
let workEnded = 0;
let cpuSeconds = 0;

root.addFinishListener({
  passive: true,
  taskFinished: () => {
    workEnded = wall();
    const cpu = process.cpuUsage(cpuAtStart);
    cpuSeconds = (cpu.user + cpu.system) / 1e6;
    // The event loop has nothing left to wait for, so the process ends by
    // itself; if something still holds it, say what and end it.
    const stuck = original.setTimeout(() => {
      console.error(`the process did not exit by itself: ${os.pending} host timer(s) pending; tasks:\n${host.scheduler.dump()}`);
      process.exit(1);
    }, 5_000);
    stuck.unref();
  },
});

process.once("beforeExit", () => {
  const exitedAfter = wall() - workEnded;
  const sorted = Float64Array.from(stats.lateness).sort();
  const at = (q: number): string => (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number).toFixed(2);
  const n = (x: number): string => x.toLocaleString("en-US");
  const checks = [
    ["the soak finished", root.state === "done"],
    ["no task woke before its deadline", stats.early === 0],
    ["at most one host timer pending at once", os.maxPending <= 1],
    ["no delay past 2^31 - 1 ms", os.longestDelay <= 2 ** 31 - 1],
    ["no task, timer or OS timer left", host.scheduler.liveTasks === 0 && host.scheduler.timerCount === 0 && os.pending === 0],
  ] as const;
  const rows: [string, string][] = [
    ["load", `${n(LOAD.sleepers)} sleepers (0-49 ms), ${LOAD.pingPongPairs} ping-pong pairs, ${LOAD.churners} spawn churners, ${LOAD.limited} timeout loops`],
    ["wake-ups", n(sorted.length)],
    ["lateness p50 / p90 / p99 / max", `${at(0.5)} / ${at(0.9)} / ${at(0.99)} / ${at(1)} ms`],
    ["woke early", n(stats.early)],
    ["channel messages", n(stats.messages)],
    ["children spawned / cancelled", `${n(stats.spawned)} / ${n(stats.cancelled)}`],
    ["timeouts: in time / timed out", `${n(stats.inTime)} / ${n(stats.timedOut)}`],
    ["host setTimeout / setImmediate", `${n(os.timeouts)} / ${n(os.immediates)}`],
    ["most host timers pending at once", String(os.maxPending)],
    ["CPU (user + system)", `${cpuSeconds.toFixed(1)} s over ${(workEnded / 1000).toFixed(1)} s`],
    ["exit", `by itself, ${exitedAfter.toFixed(1)} ms after the work ended`],
  ];
  console.log(`RealtimeHost soak: ${seconds} s, Node ${process.version}, ${process.platform}/${process.arch}`);
  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`);
  for (const [what, ok] of checks) console.log(`  ${ok ? "ok  " : "FAIL"} ${what}`);
  if (checks.some(([, ok]) => !ok)) process.exitCode = 1;
});
