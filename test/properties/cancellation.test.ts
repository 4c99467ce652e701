/**
 * Property tests of cancellation: random interleavings of cancel requests
 * (from canceller tasks, from outside between `runUntil` calls, twice in a
 * row, from another task's cleanup) against workers that are sleeping,
 * blocked on a join, ready, or in a cleanup that yields.
 *
 * Every worker ends its body in `suspend()`, so its finally block is only
 * ever entered through a cancellation: that cleanup is shielded and must
 * always run to the end, exactly once.
 */
import fc from "fast-check";
import { VirtualHost, cancel, sleep, spawn, suspend, yieldNow } from "../../src/index.js";
import type { Coroutine, Task } from "../../src/index.js";
import { runs } from "./program.js";

// ------------------------------------------------------------------ scenarios

type Kind = "sleeper" | "joiner" | "yielder";
type CleanupStep = { k: "sleep"; ms: number } | { k: "yield" } | { k: "cancel"; target: number; wait: boolean };

interface WorkerSpec {
  kind: Kind;
  /** sleeper: its sleeps; joiner: the child's sleep, yielder: the sleep before its loop (first entry). */
  sleeps: number[];
  /** yielder: how many times it yields before suspending. */
  yields: number;
  /** joiner: the child suspends instead of returning after its sleep. */
  childSuspends: boolean;
  /** joiner: the child's own cleanup sleep. */
  childCleanup: number[];
  cleanup: CleanupStep[];
}

interface CancelEvent {
  at: number;
  target: number;
  source: "outside" | "task";
  twice: boolean;
  /** From a task: `yield* cancel(t)` (waits for the cleanup) instead of `t.cancel()`. */
  wait: boolean;
  /** From a task: how many times it yields after its sleep before cancelling (to catch targets that are ready). */
  yields: number;
}

interface Scenario {
  workers: WorkerSpec[];
  events: CancelEvent[];
}

const msArb = fc.constantFrom(0, 1, 1, 2, 3, 5);

function scenarioArb(): fc.Arbitrary<Scenario> {
  return fc.integer({ min: 1, max: 5 }).chain((n) => {
    const index = fc.nat(n - 1);
    const cleanupStep: fc.Arbitrary<CleanupStep> = fc.oneof(
      { weight: 3, arbitrary: fc.record({ k: fc.constant("sleep" as const), ms: msArb }) },
      { weight: 2, arbitrary: fc.record({ k: fc.constant("yield" as const) }) },
      { weight: 2, arbitrary: fc.record({ k: fc.constant("cancel" as const), target: index, wait: fc.boolean() }) },
    );
    const worker: fc.Arbitrary<WorkerSpec> = fc.record({
      kind: fc.constantFrom<Kind>("sleeper", "joiner", "yielder"),
      sleeps: fc.array(msArb, { minLength: 1, maxLength: 4 }),
      yields: fc.integer({ min: 0, max: 12 }),
      childSuspends: fc.boolean(),
      childCleanup: fc.array(msArb, { maxLength: 1 }),
      cleanup: fc.array(cleanupStep, { maxLength: 4 }),
    });
    const event: fc.Arbitrary<CancelEvent> = fc.record({
      at: fc.oneof(msArb, fc.integer({ min: 0, max: 12 })),
      target: index,
      source: fc.constantFrom("outside" as const, "task" as const),
      twice: fc.boolean(),
      wait: fc.boolean(),
      yields: fc.integer({ min: 0, max: 6 }),
    });
    return fc.record({
      workers: fc.array(worker, { minLength: n, maxLength: n }),
      events: fc.array(event, { maxLength: 10 }),
    });
  });
}

// ------------------------------------------------------------------ running

interface SleepRecord {
  owner: string;
  ms: number;
  start: number;
  deadline: number;
  inCleanup: boolean;
  wokeAt: number | null;
  interruptedAt: number | null;
}

interface WorkerState {
  name: string;
  spec: WorkerSpec;
  task: Task<void> | null;
  child: Task<void> | null;
  started: boolean;
  /** Code after the join ran (the join returned). */
  joined: boolean;
  childStarted: boolean;
  childFinallyEntered: number;
  childCleanupDone: number;
  /** yielder: how many segments between yields have run. */
  progress: number;
  waiting: string | null;
  pendingSleep: SleepRecord | null;
  finallyEntered: number;
  cleanupDone: number;
  inCleanup: boolean;
  /** The cleanup steps as they ran. */
  cleanupRan: string[];
}

/** The target as it was when a cancel was requested. */
interface CancelSnapshot {
  source: string;
  target: number;
  time: number;
  state: string;
  waitingOn: string | undefined;
  inCleanup: boolean;
  finished: boolean;
  pendingSleep: SleepRecord | null;
  progress: number;
  joined: boolean;
}

class Ctx {
  readonly host: VirtualHost;
  readonly workers: WorkerState[];
  readonly sleeps: SleepRecord[] = [];
  readonly snapshots: CancelSnapshot[] = [];
  readonly violations: string[] = [];
  readonly log: string[] = [];
  /** Tasks currently blocked in a tracked sleep: the number of timers that must be armed. */
  sleeping = 0;
  /** Every task of the scenario: workers, their children, cancellers. */
  readonly tasks: Task<void>[] = [];

  constructor(scenario: Scenario, seed: number) {
    this.host = new VirtualHost({ seed });
    this.workers = scenario.workers.map((spec, i) => ({
      name: `w${i}`,
      spec,
      task: null,
      child: null,
      started: false,
      joined: false,
      childStarted: false,
      childFinallyEntered: 0,
      childCleanupDone: 0,
      progress: 0,
      waiting: null,
      pendingSleep: null,
      finallyEntered: 0,
      cleanupDone: 0,
      inCleanup: false,
      cleanupRan: [],
    }));
  }

  rec(what: string): void {
    this.log.push(`t=${this.host.now} ${what}`);
  }

  violation(what: string): void {
    this.violations.push(`t=${this.host.now} ${what}`);
  }

  /** Requests cancellation of worker `target` (twice if asked), recording its state first. */
  requestCancel(source: string, target: number, twice: boolean): void {
    const w = this.workers[target] as WorkerState;
    const task = w.task as Task<void>;
    this.snapshots.push({
      source,
      target,
      time: this.host.now,
      state: task.state,
      waitingOn: task.waitingOn,
      inCleanup: w.inCleanup,
      finished: task.isFinished,
      pendingSleep: w.pendingSleep,
      progress: w.progress,
      joined: w.joined,
    });
    this.rec(`${source} cancels ${w.name} (${task.state}${task.waitingOn === undefined ? "" : ` on ${task.waitingOn}`})${twice ? " twice" : ""}`);
    task.cancel();
    if (twice) task.cancel();
  }

  /** After `yield* cancel(worker)` returned: its cleanup, and its child's, are complete. */
  checkCancelled(source: string, target: number): void {
    const w = this.workers[target] as WorkerState;
    const task = w.task as Task<void>;
    if (task.state !== "cancelled") this.violation(`${source}: cancel(${w.name}) returned but it is ${task.state}`);
    if (w.finallyEntered !== 1 || w.cleanupDone !== 1) this.violation(`${source}: cancel(${w.name}) returned before its cleanup finished`);
    if (w.child !== null && !w.child.isFinished) this.violation(`${source}: cancel(${w.name}) returned while its child is ${w.child.state}`);
    if (w.child !== null && w.childFinallyEntered !== w.childCleanupDone) this.violation(`${source}: cancel(${w.name}) returned before its child's cleanup finished`);
  }
}

function* trackedSleep(c: Ctx, owner: string, ms: number, inCleanup: boolean, set: (r: SleepRecord | null) => void): Coroutine<void> {
  const start = c.host.now;
  const record: SleepRecord = { owner, ms, start, deadline: start + ms, inCleanup, wokeAt: null, interruptedAt: null };
  c.sleeps.push(record);
  set(record);
  c.sleeping++;
  try {
    yield* sleep(ms);
    record.wokeAt = c.host.now;
  } finally {
    c.sleeping--;
    set(null);
    if (record.wokeAt === null) record.interruptedAt = c.host.now;
  }
}

function* joinerChild(c: Ctx, w: WorkerState): Coroutine<void> {
  let ended = false;
  w.childStarted = true;
  try {
    yield* trackedSleep(c, `${w.name}.child`, w.spec.sleeps[0] as number, false, () => {});
    if (w.spec.childSuspends) yield* suspend();
    ended = true;
  } finally {
    w.childFinallyEntered++;
    // Only a cleanup that runs because of a cancellation is shielded by the
    // scheduler (a finally block entered after a normal end is cut short by
    // a cancel arriving at one of its yields), so only that one yields here.
    if (!ended) for (const ms of w.spec.childCleanup) yield* trackedSleep(c, `${w.name}.child`, ms, true, () => {});
    w.childCleanupDone++;
    c.rec(`${w.name}.child cleanup done`);
  }
}

function* worker(c: Ctx, i: number): Coroutine<void> {
  const w = c.workers[i] as WorkerState;
  const setSleep = (r: SleepRecord | null): void => {
    w.pendingSleep = r;
    w.waiting = r === null ? null : "sleep";
  };
  w.started = true;
  try {
    switch (w.spec.kind) {
      case "sleeper":
        for (const ms of w.spec.sleeps) {
          yield* trackedSleep(c, w.name, ms, false, setSleep);
          c.rec(`${w.name} woke from sleep(${ms})`);
        }
        break;
      case "joiner": {
        w.child = yield* spawn(joinerChild, c, w);
        c.tasks.push(w.child);
        w.waiting = "join";
        yield* w.child;
        w.waiting = null;
        w.joined = true;
        c.rec(`${w.name} joined its child`);
        break;
      }
      case "yielder":
        yield* trackedSleep(c, w.name, w.spec.sleeps[0] as number, false, setSleep);
        for (let k = 0; k < w.spec.yields; k++) {
          w.progress++;
          yield* yieldNow();
        }
        w.progress++;
        break;
    }
    w.waiting = "suspend";
    yield* suspend();
  } finally {
    w.waiting = null;
    w.finallyEntered++;
    w.inCleanup = true;
    c.rec(`${w.name} cleanup starts`);
    for (const step of w.spec.cleanup) {
      switch (step.k) {
        case "sleep":
          yield* trackedSleep(c, w.name, step.ms, true, () => {});
          w.cleanupRan.push(`sleep ${step.ms}`);
          break;
        case "yield":
          yield* yieldNow();
          w.cleanupRan.push("yield");
          break;
        case "cancel":
          // Waiting only for a worker with a higher index keeps the waits acyclic.
          if (step.wait && step.target > i) {
            yield* cancel((c.workers[step.target] as WorkerState).task as Task<void>);
            c.checkCancelled(`${w.name}'s cleanup`, step.target);
            w.cleanupRan.push(`cancel-wait w${step.target}`);
          } else {
            c.requestCancel(`${w.name}'s cleanup`, step.target, false);
            w.cleanupRan.push(`cancel w${step.target}`);
          }
          break;
      }
    }
    w.cleanupDone++;
    w.inCleanup = false;
    c.rec(`${w.name} cleanup done`);
  }
}

function* canceller(c: Ctx, index: number, event: CancelEvent): Coroutine<void> {
  const name = `canceller${index}`;
  if (event.at > 0) yield* trackedSleep(c, name, event.at, false, () => {});
  for (let k = 0; k < event.yields; k++) yield* yieldNow();
  if (event.wait) {
    const w = c.workers[event.target] as WorkerState;
    c.requestCancel(name, event.target, event.twice);
    yield* cancel(w.task as Task<void>);
    c.checkCancelled(name, event.target);
  } else {
    c.requestCancel(name, event.target, event.twice);
  }
}

interface Result {
  c: Ctx;
  /** timerCount at every pause between runUntil calls, with what it should be and how many tasks say they sleep. */
  pauses: { what: string; time: number; timers: number; expected: number; sleepingTasks: number }[];
  finalTimers: number;
  finalLive: number;
  finalReady: number;
  error: unknown;
}

function execute(scenario: Scenario, seed = 0): Result {
  const c = new Ctx(scenario, seed);
  const host = c.host;
  const pauses: Result["pauses"] = [];
  let error: unknown = undefined;
  try {
    c.workers.forEach((w, i) => {
      w.task = host.spawn(worker, c, i);
      c.tasks.push(w.task);
    });
    scenario.events.forEach((e, i) => {
      if (e.source === "task") c.tasks.push(host.spawn(canceller, c, i, e));
    });
    const sleepingTasks = (): number => c.tasks.filter((t) => t.waitingOn?.startsWith("sleep(") === true).length;
    const pause = (what: string, expected: number): void => {
      pauses.push({ what, time: host.now, timers: host.scheduler.timerCount, expected, sleepingTasks: sleepingTasks() });
    };
    const outside = scenario.events.filter((e) => e.source === "outside").sort((a, b) => a.at - b.at);
    for (const e of outside) {
      host.runUntil(e.at);
      // Between runs every task has settled: the armed timers are exactly the pending sleeps.
      pause("after runUntil", c.sleeping);
      const target = (c.workers[e.target] as WorkerState).task as Task<void>;
      const before = host.scheduler.timerCount;
      const disarmed = c.tasks.filter((t) => t.waitingOn?.startsWith("sleep(") === true);
      const wasCleaningUp = (c.workers[e.target] as WorkerState).inCleanup;
      c.requestCancel("outside", e.target, e.twice);
      // Cancelling disarms at once the timers of the target and of its
      // subtree (a joiner's child), and no other.
      const stillSleeping = new Set(c.tasks.filter((t) => t.waitingOn?.startsWith("sleep(") === true));
      const gone = disarmed.filter((t) => !stillSleeping.has(t));
      if (gone.some((t) => t !== target && t !== (c.workers[e.target] as WorkerState).child)) c.violation(`cancelling ${target.label} woke another sleeper`);
      // A sleep in the body is cut short; a sleep in the cleanup goes on (second cancel).
      if (target.waitingOn?.startsWith("sleep(") === true && !wasCleaningUp) c.violation(`${target.label} still sleeps after being cancelled`);
      if (wasCleaningUp && gone.includes(target)) c.violation(`a second cancel cut ${target.label}'s cleanup sleep short`);
      pause("after an outside cancel", before - gone.length);
    }
    host.runUntil(20);
    pause("after runUntil(20)", c.sleeping);
    // Whatever is still running is cancelled from outside; then everything must wind down.
    for (const w of c.workers) (w.task as Task<void>).cancel();
    pause("after cancelling every worker", sleepingTasks());
    host.run();
  } catch (e) {
    error = e;
  }
  return {
    c,
    pauses,
    finalTimers: host.scheduler.timerCount,
    finalLive: host.scheduler.liveTasks,
    finalReady: host.scheduler.readyCount,
    error,
  };
}

function explain(r: Result): string {
  return `error: ${String(r.error)}\nviolations: ${r.c.violations.join("; ")}\nlog:\n${r.c.log.join("\n")}`;
}

/** Asserts `actual` equals `expected`, showing the run's log when it does not. */
function check(r: Result, what: string, actual: unknown, expected: unknown): void {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    expect({ what, actual, log: explain(r) }).toEqual({ what, actual: expected, log: explain(r) });
  }
  expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
}

function expectCleanRun(r: Result): void {
  check(r, "error", r.error === undefined ? null : String(r.error), null);
  check(r, "violations", r.c.violations, []);
}

const scenarios = scenarioArb();

describe("cancellation (property): random cancel interleavings", () => {
  it("every worker's finally runs exactly once and its cleanup is never lost, whatever the cancel requests", () => {
    fc.assert(
      fc.property(scenarios, (scenario) => {
        const r = execute(scenario);
        expectCleanRun(r);
        for (const w of r.c.workers) {
          check(r, `${w.name} started`, w.started, true);
          check(r, `${w.name} state`, w.task?.state, "cancelled");
          check(r, `${w.name} finally entered`, w.finallyEntered, 1);
          check(r, `${w.name} cleanup done`, w.cleanupDone, 1);
          // Every cleanup step ran, once, in order.
          const expected = w.spec.cleanup.map((s) =>
            s.k === "sleep" ? `sleep ${s.ms}` : s.k === "yield" ? "yield" : s.wait && s.target > Number(w.name.slice(1)) ? `cancel-wait w${s.target}` : `cancel w${s.target}`,
          );
          check(r, `${w.name} cleanup steps`, w.cleanupRan, expected);
          if (w.child !== null) {
            check(r, `${w.name}.child finished`, w.child.isFinished, true);
            // A child cancelled before its first step never enters its body at all.
            const n = w.childStarted ? 1 : 0;
            check(r, `${w.name}.child finally`, [w.childFinallyEntered, w.childCleanupDone], [n, n]);
            if (!w.childStarted) check(r, `${w.name}.child never ran`, w.child.state, "cancelled");
          }
        }
      }),
      { numRuns: runs(300) },
    );
  });

  it("a second cancel, during the cleanup or after the end, changes nothing", () => {
    fc.assert(
      fc.property(scenarios, (scenario) => {
        const r = execute(scenario);
        expectCleanRun(r);
        const repeated = r.c.snapshots.filter((s) => s.inCleanup || s.finished);
        for (const s of repeated) {
          const w = r.c.workers[s.target] as WorkerState;
          // The cleanup it landed in went on to the end, and was not started again.
          check(r, `${w.name} finally after a repeated cancel`, [w.finallyEntered, w.cleanupDone], [1, 1]);
          check(r, `${w.name} state after a repeated cancel`, w.task?.state, "cancelled");
          if (s.finished) check(r, `${w.name} was cancelled after the end`, s.state, "cancelled");
        }
        // No cleanup sleep was ever cut short: cleanup is shielded from further cancels.
        const cut = r.c.sleeps.filter((s) => s.inCleanup && s.wokeAt !== s.deadline);
        check(r, "cleanup sleeps cut short", cut, []);
      }),
      { numRuns: runs(300) },
    );
  });

  it("a cancelled timer never fires: the code after a sleep that was cancelled never runs, and live timers fire exactly on time", () => {
    fc.assert(
      fc.property(scenarios, (scenario) => {
        const r = execute(scenario);
        expectCleanRun(r);
        for (const s of r.c.snapshots) {
          if (s.inCleanup || s.finished || s.waitingOn === undefined || !s.waitingOn.startsWith("sleep(")) continue;
          const sl = s.pendingSleep as SleepRecord;
          check(r, `${s.source} cancelled w${s.target} in sleep: the sleep woke`, sl.wokeAt, null);
          check(r, `${s.source} cancelled w${s.target} in sleep: interrupted at`, sl.interruptedAt, s.time);
          check(r, `${s.source} cancelled w${s.target} in sleep: task said`, s.waitingOn, `sleep(${sl.ms})`);
        }
        // Code outside runs between runUntil(t) calls, and runUntil(t) stops
        // before the timers due at t (as SimPy's run(until=t)): an outside
        // cancel at t may cut short a sleep whose deadline is t. A canceller
        // task at t runs after those timers fired, so it never can.
        // (The cancel reaches the target's subtree too: a joiner's child.)
        const outsideCancelTimes = new Set(r.c.snapshots.filter((s) => s.source === "outside").map((s) => s.time));
        for (const sl of r.c.sleeps) {
          if (sl.wokeAt !== null) {
            check(r, `${sl.owner} sleep(${sl.ms}) from ${sl.start} woke at`, sl.wokeAt, sl.deadline);
          } else {
            const at = sl.interruptedAt as number;
            const atDeadlineAllowed = sl.ms === 0 || outsideCancelTimes.has(sl.deadline);
            check(r, `${sl.owner} sleep(${sl.ms}) from ${sl.start} interrupted at ${at}, before its deadline`, at < sl.deadline || (at === sl.deadline && atDeadlineAllowed), true);
          }
        }
      }),
      { numRuns: runs(300) },
    );
  });

  it("no timer leaks: at every pause the armed timers are exactly the pending sleeps, and none is left at the end", () => {
    fc.assert(
      fc.property(scenarios, (scenario) => {
        const r = execute(scenario);
        expectCleanRun(r);
        for (const p of r.pauses) check(r, `timers ${p.what} at t=${p.time}`, [p.timers, p.timers], [p.expected, p.sleepingTasks]);
        check(r, "at the end", { timers: r.finalTimers, live: r.finalLive, ready: r.finalReady }, { timers: 0, live: 0, ready: 0 });
      }),
      { numRuns: runs(300) },
    );
  });

  it("a cancel reaches a ready task at its next yield and a joining task at once (its code after the join never runs)", () => {
    fc.assert(
      fc.property(scenarios, (scenario) => {
        const r = execute(scenario);
        expectCleanRun(r);
        for (const s of r.c.snapshots) {
          if (s.finished || s.inCleanup) continue;
          const w = r.c.workers[s.target] as WorkerState;
          if (s.state === "ready" || s.state === "running") {
            // It runs at most up to its next yield.
            check(r, `${w.name} progress after a cancel while ${s.state}`, w.progress - s.progress <= 1, true);
          }
          if (s.waitingOn !== undefined && s.waitingOn.startsWith("join(")) {
            check(r, `${w.name} joined after being cancelled in join`, w.joined, false);
            // Its child was cancelled with it (or, if it was already woken, ran to
            // its end without yielding again), and finished its cleanup.
            const n = w.childStarted ? 1 : 0;
            check(r, `${w.name}.child finished`, [w.child?.isFinished, w.childFinallyEntered, w.childCleanupDone], [true, n, n]);
          }
          if (s.waitingOn === "suspend()") check(r, `${w.name} progress after a cancel while suspended`, w.progress, s.progress);
        }
      }),
      { numRuns: runs(300) },
    );
  });
});
