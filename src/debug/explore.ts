/**
 * Schedule exploration: run a program many times, each time letting a seeded
 * policy choose which of the ready tasks runs next, and stop at the first run
 * that fails. A failing run is identified by its seed, and `replay` runs that
 * exact schedule again, with its trace.
 *
 * Why this finds bugs FIFO hides: FIFO always runs tasks that became ready at
 * the same moment in one fixed order. A race whose bad interleaving needs
 * another order (a check-then-act across a yield, a message that overtakes
 * another) never shows up under FIFO, however often the program runs.
 *
 * Strategies:
 * - "random": every decision picks uniformly among the ready tasks. Simple,
 *   and good at shallow bugs.
 * - "pct" (probabilistic concurrency testing, Burckhardt et al., ASPLOS 2010):
 *   each task gets a random priority, the highest-priority ready task always
 *   runs, and at `depth - 1` randomly chosen steps the running task drops to
 *   the lowest priority. A bug that needs `depth` ordering constraints is found
 *   with probability at least 1/(n·k^(depth-1)) per run (n tasks, k steps),
 *   which beats random scheduling for bugs that need a long uninterrupted run.
 *
 * The policy draws from its own generator (seeded from the run's seed), so
 * the numbers a program draws with `random()` are the same whatever the
 * schedule; the seed of a run fixes both.
 */
import { run } from "../hosts/virtual.js";
import type { Operation, Random, SchedulePolicy, Task } from "../kernel/api.js";
import { InvalidArgumentError, describeValue } from "../kernel/api.js";
import { TraceRecorder } from "./trace.js";

/**
 * How exploration chooses among ready tasks.
 *
 * @category Debugging
 */
export type Strategy = "random" | "pct";

/**
 * Options of {@link explore}.
 *
 * @category Debugging
 */
export interface ExploreOptions {
  /** How many runs at most (default 100). */
  runs?: number;
  /** Base seed; run i uses a seed derived from it (default 0). */
  seed?: number;
  /** "random" (default) or "pct". */
  strategy?: Strategy;
  /** For "pct": the bug depth d, i.e. how many priority changes plus one (default 3). */
  depth?: number;
}

/**
 * Options of {@link replay}: the strategy and depth the failing run used.
 *
 * @category Debugging
 */
export type ReplayOptions = Pick<ExploreOptions, "strategy" | "depth">;

/**
 * What {@link explore} found.
 *
 * @category Debugging
 */
export type ExploreResult =
  | {
      /** Every run passed. */
      ok: true;
      /** How many runs were made. */
      runs: number;
    }
  | {
      /** A run failed. */
      ok: false;
      /** The seed of the failing run: pass it to replay(). */
      seed: number;
      /** Which run failed (0-based). */
      run: number;
      /** What the program threw. */
      error: unknown;
    };

/**
 * The outcome of one replayed run, with its trace.
 *
 * @category Debugging
 */
export interface ReplayResult<T> {
  /** Whether the program returned (true) or threw (false). */
  ok: boolean;
  /** What it returned, when `ok`. */
  value?: T;
  /** What it threw, when not `ok`. */
  error?: unknown;
  /** The replayed run's trace, to inspect or export. */
  trace: TraceRecorder;
}

/**
 * A schedule policy that picks uniformly among the ready tasks.
 *
 * @example
 * ```ts
 * run(program, { seed: 5, policy: randomPolicy() });
 * ```
 *
 * @category Debugging
 */
export function randomPolicy(): SchedulePolicy {
  return { pick: (ready, random) => random.below(ready.length) };
}

/**
 * The PCT policy over a run of about `steps` scheduling decisions, for bugs
 * of depth `depth`; see the file header.
 *
 * @example
 * ```ts
 * run(program, { seed: 5, policy: pctPolicy(3, 500) });
 * ```
 *
 * @category Debugging
 */
export function pctPolicy(depth: number, steps: number): SchedulePolicy {
  if (!Number.isInteger(depth) || depth < 1) throw new InvalidArgumentError(`pctPolicy(): depth must be an integer >= 1, not ${describeValue(depth)}`);
  if (!Number.isInteger(steps) || steps < 0) throw new InvalidArgumentError(`pctPolicy(): steps must be an integer >= 0, not ${describeValue(steps)}`);
  const priority = new Map<Task<unknown>, number>();
  let changePoints: number[] | null = null;
  let step = 0;
  return {
    pick(ready: readonly Task<unknown>[], random: Random): number {
      if (changePoints === null) {
        changePoints = [];
        for (let i = 0; i < depth - 1; i++) changePoints.push(1 + random.below(Math.max(1, steps)));
      }
      step++;
      let best = 0;
      let bestPriority = -Infinity;
      ready.forEach((task, i) => {
        let p = priority.get(task);
        if (p === undefined) {
          // Initial priorities sit above every change-point priority (0..depth-2).
          p = depth + random.next();
          priority.set(task, p);
        }
        if (p > bestPriority) {
          bestPriority = p;
          best = i;
        }
      });
      const change = changePoints.indexOf(step);
      if (change >= 0) {
        priority.set(ready[best] as Task<unknown>, change);
        return pctPick(ready, priority);
      }
      return best;
    },
  };
}

function pctPick(ready: readonly Task<unknown>[], priority: Map<Task<unknown>, number>): number {
  let best = 0;
  ready.forEach((task, i) => {
    if ((priority.get(task) ?? 0) > (priority.get(ready[best] as Task<unknown>) ?? 0)) best = i;
  });
  return best;
}

/**
 * The seed explore() gives run `index` of an exploration from `base`: a
 * splitmix-style mix, so neighbouring runs differ widely.
 *
 * @example
 * ```ts
 * const seedOfRun7 = runSeed(42, 7);
 * ```
 *
 * @category Debugging
 */
export function runSeed(base: number, index: number): number {
  let z = (base + Math.imul(index + 1, 0x9e3779b9)) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

const CONSOLE_METHODS = ["log", "info", "debug", "warn", "error", "trace", "dir", "table"] as const;

/**
 * Runs `body` with the console's output methods silenced. The counting run
 * is not the run being explored or replayed (it follows another schedule),
 * so what it prints would be taken for the replayed run's output.
 */
function withoutConsole<T>(body: () => T): T {
  const target = console as unknown as Record<string, unknown>;
  const saved = CONSOLE_METHODS.map((name) => target[name]);
  for (const name of CONSOLE_METHODS) target[name] = (): void => undefined;
  try {
    return body();
  } finally {
    CONSOLE_METHODS.forEach((name, i) => {
      target[name] = saved[i];
    });
  }
}

/** Counts the scheduling decisions of a FIFO run, to place PCT's change points; the run prints nothing. */
function countSteps(program: () => Operation<unknown>, seed: number): number {
  let steps = 0;
  const counter: SchedulePolicy = {
    pick: () => {
      steps++;
      return 0;
    },
  };
  withoutConsole(() => {
    try {
      run(program, { seed, policy: counter });
    } catch {
      // A failure under FIFO is found by the exploration itself.
    }
  });
  return steps;
}

/**
 * Validates the arguments before any run, so that a bad one is never
 * mistaken for a failing run (run() would throw it, and explore or replay
 * would report it as the program's failure).
 */
function checkArguments(what: string, program: unknown, options: ReplayOptions): void {
  if (typeof program !== "function") {
    throw new InvalidArgumentError(`${what}() needs a function that builds the program (a generator function, run afresh each time), not ${describeValue(program)}`);
  }
  const strategy = options.strategy ?? "random";
  if (strategy !== "random" && strategy !== "pct") {
    throw new InvalidArgumentError(`${what}(): strategy must be "random" or "pct", not ${describeValue(strategy)}`);
  }
  const depth = options.depth ?? 3;
  if (!Number.isInteger(depth) || depth < 1) throw new InvalidArgumentError(`${what}(): depth must be an integer >= 1, not ${describeValue(depth)}`);
}

/** The seed rule of the scheduler (see checkSeed in the kernel): an integer in [0, 2^32); `what` names the argument. */
function checkSeed(what: string, seed: unknown): void {
  if (typeof seed !== "number" || !Number.isInteger(seed) || seed < 0 || seed >= 4294967296) {
    throw new InvalidArgumentError(`${what} must be an integer in [0, 2^32), not ${describeValue(seed)} (try seed >>> 0)`);
  }
}

function policyFor(program: () => Operation<unknown>, seed: number, options: ReplayOptions): SchedulePolicy {
  return (options.strategy ?? "random") === "random" ? randomPolicy() : pctPolicy(options.depth ?? 3, countSteps(program, seed));
}

/**
 * Runs `program` (a function that builds a fresh program each time) up to
 * `runs` times under different seeded schedules, and stops at the first run
 * that throws: a failed assertion, an unhandled task error, a deadlock.
 *
 * @example
 * ```ts
 * const found = explore(racyCounterProgram, { runs: 200, seed: 1 });
 * if (!found.ok) {
 *   const again = replay(racyCounterProgram, found.seed);
 *   writeFileSync("race.html", timelineHtml(again.trace.events));
 * }
 * ```
 *
 * @category Debugging
 */
export function explore(program: () => Operation<unknown>, options: ExploreOptions = {}): ExploreResult {
  checkArguments("explore", program, options);
  const runs = options.runs ?? 100;
  if (!Number.isInteger(runs) || runs < 1) throw new InvalidArgumentError(`explore(): runs must be an integer >= 1, not ${describeValue(runs)}`);
  checkSeed("explore(): the seed option", options.seed ?? 0);
  for (let i = 0; i < runs; i++) {
    const seed = runSeed(options.seed ?? 0, i);
    try {
      run(program, { seed, policy: policyFor(program, seed, options) });
    } catch (error) {
      return { ok: false, seed, run: i, error };
    }
  }
  return { ok: true, runs };
}

/**
 * Runs `program` once more under the schedule of `seed` (as reported by
 * explore, with the same strategy), recording its trace.
 *
 * @example
 * ```ts
 * const { ok, error, trace } = replay(program, 123456789);
 * console.log(ok ? "passed" : error, trace.toText());
 * ```
 *
 * @category Debugging
 */
export function replay<T>(program: () => Operation<T>, seed: number, options: ReplayOptions = {}): ReplayResult<T> {
  checkArguments("replay", program, options);
  checkSeed("replay(): the seed", seed);
  const trace = new TraceRecorder();
  const policy = policyFor(program, seed, options);
  try {
    const value = run(program, { seed, policy, tracer: trace });
    return { ok: true, value, trace };
  } catch (error) {
    return { ok: false, error, trace };
  }
}
