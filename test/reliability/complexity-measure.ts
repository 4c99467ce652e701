/**
 * Helper of complexity.test.ts and complexity-sim.test.ts: parks n waiters
 * of one kind, cancels them all (newest first) and lets them unwind, at n
 * and 8n, and compares the two by the array elements scanned meanwhile and
 * by the time taken (see complexity.test.ts).
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { FrameHost, VirtualHost } from "../../src/index.js";
import type { Operation, Simulation, Task } from "../../src/index.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

/** n tasks parked on one kind of wait, how to let cancelled ones unwind, and a check afterwards. */
export interface Parked {
  /** The tasks to cancel, oldest first. */
  readonly tasks: Task<unknown>[];
  /** Runs the host so that the cancelled tasks finish unwinding. */
  settle(): void;
  /** Throws if the primitive is not left as it should be (empty of waiters, still usable). */
  check?(): void;
}

/** Parks n waiters of one kind. */
export type Kind = (n: number) => Parked;

/** Parks `n` top-level tasks running `body(i)` on a fresh VirtualHost. */
export function onVirtualHost(n: number, body: (i: number) => Operation<unknown>, check?: () => void, host = new VirtualHost()): Parked {
  const tasks: Task<unknown>[] = [];
  for (let i = 0; i < n; i++) {
    tasks.push(
      host.spawn(function* waiter() {
        return yield* body(i); // made inside the task: the simulation's operations need their process
      }),
    );
  }
  const at = host.now;
  host.runUntil(at);
  return check === undefined ? { tasks, settle: () => host.runUntil(at) } : { tasks, settle: () => host.runUntil(at), check };
}

/** Parks `n` processes running `body(sim, i)` in a fresh Simulation. */
export function inSimulation(n: number, body: (i: number) => Operation<unknown>, sim: Simulation, check?: () => void): Parked {
  return onVirtualHost(n, body, check, sim.host);
}

/** Parks `n` tasks on a FrameHost. */
export function onFrameHost(n: number, body: (i: number) => Operation<unknown>): Parked {
  const game = new FrameHost();
  const tasks: Task<unknown>[] = [];
  for (let i = 0; i < n; i++) {
    tasks.push(
      game.spawn(function* waiter() {
        return yield* body(i);
      }),
    );
  }
  game.advance(16);
  return {
    tasks,
    settle: () => {
      game.advance(16);
    },
  };
}

export function expectEqual(actual: unknown, expected: unknown, what: string): void {
  if (actual !== expected) throw new Error(`${what}: ${String(actual)}, expected ${String(expected)}`);
}

/** One task waiting on a list of ops of its own: cancelling it is the whole cost (the cascade). */
export function oneTask(body: (n: number) => Operation<unknown>): Kind {
  return (n) => onVirtualHost(1, () => body(n));
}

// ------------------------------------------------------------------ measuring

/**
 * Counts the array elements that Array.prototype's searching and splicing
 * methods pass over while `body` runs: the scan a wait list made of an
 * array does to find a leaving waiter. Deterministic, unlike a timing; it
 * does not see a scan written as a loop, which the timing ratio is for.
 */
export function countScans(body: () => void): number {
  const proto = Array.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  const names = ["indexOf", "lastIndexOf", "includes", "splice", "findIndex", "findLast", "findLastIndex", "find", "filter", "some", "every"];
  const originals = names.map((name) => proto[name] as (...args: unknown[]) => unknown);
  let visited = 0;
  names.forEach((name, i) => {
    const original = originals[i] as (...args: unknown[]) => unknown;
    proto[name] = function (this: unknown[], ...args: unknown[]): unknown {
      visited += this.length;
      return original.apply(this, args);
    };
  });
  try {
    body();
  } finally {
    names.forEach((name, i) => {
      proto[name] = originals[i] as (...args: unknown[]) => unknown;
    });
  }
  return visited;
}

const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * A full collection, then a short pause in which the collector's helper
 * threads finish sweeping: the timed part then starts with a clean heap,
 * and the CPU time it reads is not the collector's.
 */
function collectGarbage(): void {
  gc();
  Atomics.wait(pause, 0, 0, 5);
}

/** Parks n waiters of `kind`, then cancels them newest first and lets them unwind; gives the CPU time that took and the elements scanned. */
export function cancelAll(kind: Kind, n: number, counting: boolean): { ms: number; scanned: number } {
  const parked = kind(n);
  const { tasks } = parked;
  for (const t of tasks) if (t.isFinished) throw new Error(`${t.label} is ${t.state} before the cancellation: it did not wait`);
  const cancel = (): void => {
    for (let i = tasks.length - 1; i >= 0; i--) (tasks[i] as Task<unknown>).cancel();
    parked.settle();
  };
  if (!counting) collectGarbage();
  let scanned = 0;
  // CPU time of this process, not wall time: another process busy on the
  // same cores slows the wall clock, not the work done here.
  const start = process.cpuUsage();
  if (counting) scanned = countScans(cancel);
  else cancel();
  const used = process.cpuUsage(start);
  const ms = (used.user + used.system) / 1000;
  for (const t of tasks) if (t.state !== "cancelled") throw new Error(`${t.label} is ${t.state} after the cancellation`);
  parked.check?.();
  return { ms, scanned };
}

/** The times of `runs` runs, sorted. */
function timings(kind: Kind, n: number, runs: number): number[] {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(cancelAll(kind, n, false).ms);
  return times.sort((a, b) => a - b);
}

/** Waiters at the smaller size of the timed runs. */
export const N = 1000;
/** Waiters at the smaller size of the counted runs (a scan per waiter gives ~64x at any size). */
export const SCAN_N = 500;
/** Bound on the ratio of the times at 8n and n: linear ~8x, quadratic ~64x (less while the linear part still dominates at n). */
export const TIME_BOUND = 40;
/** Bound on the ratio of the elements scanned, (scanned at 8n) / (scanned at n + n): linear < 8, quadratic ~64. */
export const SCAN_BOUND = 16;

export interface Growth {
  timeRatio: number;
  small: number;
  large: number;
  scanRatio: number;
  scannedSmall: number;
  scannedLarge: number;
}

/**
 * How cancelling 8n waiters compares with n: the elements scanned (counted
 * once at SCAN_N and 8 SCAN_N waiters, which the ratio does not depend on;
 * these runs are also the warm-up), then the time, at N and 8N. The time
 * at N is the median of three runs, so that a lucky fast run does not
 * inflate the ratio; 8N is run once (a collection comes before each run).
 */
export function growth(kind: Kind): Growth {
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0; // each cancellation makes an error: cheap without a stack
  try {
    const scannedSmall = cancelAll(kind, SCAN_N, true).scanned;
    const scannedLarge = cancelAll(kind, 8 * SCAN_N, true).scanned;
    const small = timings(kind, N, 3)[1] as number;
    const large = timings(kind, 8 * N, 1)[0] as number;
    return { timeRatio: large / Math.max(small, 0.05), small, large, scanRatio: scannedLarge / (scannedSmall + SCAN_N), scannedSmall, scannedLarge };
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}

export function figure(name: string, g: Growth): string {
  return `${name}: time ${g.timeRatio.toFixed(1)}x (${g.small.toFixed(1)} -> ${g.large.toFixed(1)} ms), scanned ${g.scannedSmall} -> ${g.scannedLarge} (ratio ${g.scanRatio.toFixed(2)})`;
}

/**
 * The tests of a table of kinds: each kind's scan ratio and time ratio stay
 * under their bounds. Prints the figures at the end.
 */
export function describeKinds(title: string, kinds: Record<string, Kind>, extra?: (figures: string[]) => void): void {
  describe(`${title}: cancelling ${N} -> ${8 * N} waiters scans under ${SCAN_BOUND}x and takes under ${TIME_BOUND}x the time`, () => {
    const figures: string[] = [];
    afterAll(() => {
      // For the figures: the lead records these.
      console.log(`cancelling ${8 * N} waiters compared with ${N}:\n${figures.join("\n")}`);
    });

    it.each(Object.keys(kinds))("%s", (name) => {
      const g = growth(kinds[name] as Kind);
      figures.push(figure(name, g));
      expect(g.scanRatio).toBeLessThan(SCAN_BOUND);
      expect(g.timeRatio).toBeLessThan(TIME_BOUND);
    });

    extra?.(figures);
  });
}
