/**
 * Random task programs for the scheduler property tests: a tree of scripts,
 * a generator interpreter that runs them on spindle while recording an event
 * log and bookkeeping, and the fast-check arbitraries that generate them.
 *
 * The interpreter never asserts inside a task (an `expect` failure thrown
 * inside a task would just be another task error); it records violations,
 * which the tests assert to be empty.
 */
import fc from "fast-check";
import { CancelledError, DeadlockError, VirtualHost, cancel, currentTask, now, random, run, sleep, spawn, suspend, suppressedErrors, yieldNow } from "../../src/index.js";
import type { Coroutine, Scheduler, Task } from "../../src/index.js";

/**
 * numRuns for fc.assert: `base` times PROPERTY_RUNS_SCALE (default 1), so a
 * long soak is `PROPERTY_RUNS_SCALE=50 npx jest test/properties`.
 */
export function runs(base: number): number {
  const scale = Number(process.env["PROPERTY_RUNS_SCALE"] ?? "1");
  return Math.max(1, Math.round(base * (Number.isFinite(scale) && scale > 0 ? scale : 1)));
}

// ------------------------------------------------------------------ programs

export type CancelHow = "request" | "wait" | "both" | "twice";

export type Action =
  | { k: "sleep"; ms: number }
  | { k: "yield" }
  | { k: "rand" }
  | { k: "spawn"; script: Script }
  | { k: "join"; pick: number }
  | { k: "cancel"; pick: number; how: CancelHow }
  | { k: "throw" }
  | { k: "suspend" };

/** What one task does: its actions in a try, then a cleanup (sleeps) in the finally. */
export interface Script {
  actions: Action[];
  cleanup: number[];
}

/** Small durations, with 0 and repeated values likely, so that deadlines collide. */
export const msArb = fc.constantFrom(0, 0, 1, 2, 2, 3, 5);

const leafAction: fc.Arbitrary<Action> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ k: fc.constant("sleep" as const), ms: msArb }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant("yield" as const) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant("rand" as const) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant("join" as const), pick: fc.nat(7) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      k: fc.constant("cancel" as const),
      pick: fc.nat(7),
      how: fc.constantFrom<CancelHow>("request", "wait", "both", "twice"),
    }),
  },
  { weight: 1, arbitrary: fc.record({ k: fc.constant("throw" as const) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant("suspend" as const) }) },
);

export interface ScriptOptions {
  maxDepth?: number;
  maxActions?: number;
  /** Leave out `throw` (for properties about runs without failures). */
  noThrow?: boolean;
}

/**
 * A random tree of scripts (spawn actions nest scripts), built level by level
 * so that the depth and the number of children are not biased towards tiny trees.
 */
export function scriptArb(options: ScriptOptions = {}): fc.Arbitrary<Script> {
  const leaves = options.noThrow === true ? leafAction.filter((a) => a.k !== "throw") : leafAction;
  const maxActions = options.maxActions ?? 8;
  const level = (depth: number): fc.Arbitrary<Script> => {
    const action: fc.Arbitrary<Action> =
      depth === 0
        ? leaves
        : fc.oneof(
            { weight: 3, arbitrary: leaves },
            { weight: 2, arbitrary: fc.record({ k: fc.constant("spawn" as const), script: level(depth - 1) }) },
          );
    return fc.record({ actions: fc.array(action, { maxLength: maxActions, size: "medium" }), cleanup: fc.array(msArb, { maxLength: 2 }) });
  };
  return level(options.maxDepth ?? 3);
}

// ------------------------------------------------------------ bookkeeping

/** The error a `throw` action throws: recognisable, and tells who threw it. */
export class ProgramError extends Error {
  constructor(readonly origin: string) {
    super(`boom from ${origin}`);
    this.name = "ProgramError";
  }
}

/**
 * The ProgramErrors an error value carries: itself, those attached to it as
 * suppressed (suppressedErrors), or those inside an AggregateError's
 * `errors` (a first failure that is not an object), a `cause`, or a
 * SuppressedError's `error` and `suppressed`.
 */
export function programErrorsIn(error: unknown): ProgramError[] {
  const found: ProgramError[] = [];
  const seen = new Set<unknown>();
  const visit = (e: unknown): void => {
    if (e === null || typeof e !== "object" || seen.has(e)) return;
    seen.add(e);
    if (e instanceof ProgramError) found.push(e);
    const o = e as { errors?: unknown; cause?: unknown; error?: unknown; suppressed?: unknown };
    if (Array.isArray(o.errors)) for (const inner of o.errors) visit(inner);
    visit(o.cause);
    visit(o.error);
    visit(o.suppressed);
    for (const later of suppressedErrors(e)) visit(later);
  };
  visit(error);
  return found;
}

export type Exit = "normal" | "error" | "cancelled";

/** What the interpreter knows about one task of the program. */
export interface Info {
  name: string;
  parent: Info | null;
  children: Info[];
  task: Task<string> | null;
  started: boolean;
  /** How the try block was left: set when the finally block is entered. */
  exit: Exit | null;
  finallyEntered: number;
  finallyDone: number;
  /** The body (generator) has ended: only its children can keep the task alive. */
  bodyEnded: boolean;
  /** What the task is blocked on, in the scheduler's words, while it is. */
  waiting: string | null;
  thrown: ProgramError | null;
}

export interface SleepRecord {
  task: string;
  callIndex: number;
  ms: number;
  start: number;
  deadline: number;
  inCleanup: boolean;
  wokeAt: number | null;
  wakeIndex: number | null;
  interruptedAt: number | null;
}

export class World {
  readonly log: string[] = [];
  readonly violations: string[] = [];
  readonly infos: Info[] = [];
  /** Keys of tracked ready-queue entries, in the order they were queued. */
  readonly enqueued: string[] = [];
  /** The same keys, in the order the tasks ran. */
  readonly resumed: string[] = [];
  readonly sleeps: SleepRecord[] = [];
  readonly thrown: ProgramError[] = [];
  readonly caught = new Set<ProgramError>();
  scheduler: Scheduler | null = null;
  /**
   * How spawns and joins are written: "typed" (`yield* spawn(...)`, `yield*
   * task`: the fast path, inside the instruction's next()) or "direct"
   * (`yield spawn(...)`, `yield task`: always through the kernel).
   */
  form: "typed" | "direct" = "typed";
  private sleepCalls = 0;
  private wakes = 0;
  private yields = 0;

  time(): number {
    return (this.scheduler as Scheduler).now;
  }

  newInfo(name: string, parent: Info | null): Info {
    const info: Info = {
      name,
      parent,
      children: [],
      task: null,
      started: false,
      exit: null,
      finallyEntered: 0,
      finallyDone: 0,
      bodyEnded: false,
      waiting: null,
      thrown: null,
    };
    this.infos.push(info);
    if (parent !== null) parent.children.push(info);
    return info;
  }

  violation(what: string): void {
    this.violations.push(`t=${this.time()} ${what}`);
  }

  /** Records an event of `info`'s code; checks that no ancestor has finished (structured lifetimes). */
  rec(info: Info, what: string): void {
    this.log.push(`t=${this.time()} ${info.name} ${what}`);
    for (let p = info.parent; p !== null; p = p.parent) {
      if (p.task !== null && p.task.isFinished) this.violation(`${info.name} ran "${what}" after its ancestor ${p.name} finished (${p.task.state})`);
    }
  }

  /** Every task of `info`'s subtree has finished, and its cleanup with it. */
  checkSubtreeFinished(info: Info, why: string): void {
    const visit = (i: Info): void => {
      if (i.task === null) return; // the spawn never happened
      if (!i.task.isFinished) this.violation(`${why}: ${i.name} is still ${i.task.state}`);
      if (i.started && i.finallyEntered !== 1) this.violation(`${why}: ${i.name} entered its finally ${i.finallyEntered} times`);
      if (i.exit === "cancelled" && i.finallyDone !== 1) this.violation(`${why}: ${i.name}'s cancellation cleanup did not complete`);
      for (const c of i.children) visit(c);
    };
    visit(info);
  }

  nextSleepCall(): number {
    return this.sleepCalls++;
  }
  nextWake(): number {
    return this.wakes++;
  }
  nextYield(): number {
    return this.yields++;
  }
}

// ------------------------------------------------------------ interpreter

/** sleep(ms), recording when it was called, when it woke, or when it was interrupted. */
function* timedSleep(w: World, info: Info, ms: number, inCleanup: boolean): Coroutine<void> {
  const start = yield* now();
  if (start !== w.time()) w.violation(`${info.name}: now() read ${start}, the scheduler says ${w.time()}`);
  const record: SleepRecord = {
    task: info.name,
    callIndex: w.nextSleepCall(),
    ms,
    start,
    deadline: start + ms,
    inCleanup,
    wokeAt: null,
    wakeIndex: null,
    interruptedAt: null,
  };
  w.sleeps.push(record);
  info.waiting = `sleep(${ms})`;
  let woke = false;
  try {
    yield* sleep(ms);
    woke = true;
    record.wokeAt = w.time();
    record.wakeIndex = w.nextWake();
  } finally {
    info.waiting = null;
    if (!woke) record.interruptedAt = w.time();
  }
  const after = yield* now();
  if (after !== record.wokeAt) w.violation(`${info.name}: now() after sleep(${ms}) read ${after}, woke at ${record.wokeAt}`);
  w.rec(info, `slept ${ms}${inCleanup ? " (cleanup)" : ""}`);
}

function pickChild(info: Info, pick: number): Info | null {
  const spawned = info.children.filter((c) => c.task !== null);
  return spawned.length === 0 ? null : (spawned[pick % spawned.length] as Info);
}

/** The outcome a finished child's state implies for whoever joined or cancel-waited it. */
function* joinChild(w: World, info: Info, child: Info): Coroutine<void> {
  const task = child.task as Task<string>;
  info.waiting = `join(${task.label})`;
  try {
    const value = w.form === "typed" ? yield* task : ((yield task) as string);
    w.rec(info, `joined ${child.name} -> ${value}`);
    if (value !== child.name) w.violation(`${info.name} joined ${child.name} and got ${String(value)}`);
    if (task.state !== "done") w.violation(`${info.name} joined ${child.name}, which is ${task.state}, and got a value`);
  } catch (error) {
    // This task's own cancellation unwinds through here: never swallow it.
    if (error instanceof CancelledError && error.taskLabel === (info.task as Task<string>).label) throw error;
    const carried = programErrorsIn(error);
    if (carried.length > 0) {
      for (const e of carried) w.caught.add(e);
      w.rec(info, `join ${child.name} caught ${carried.map((e) => e.message).join(", ")}`);
      if (task.state !== "failed" || task.error !== error) w.violation(`join of ${child.name} threw ${String(error)} but the task is ${task.state}`);
    } else if (error instanceof CancelledError) {
      w.rec(info, `join ${child.name} cancelled`);
      if (task.state !== "cancelled") w.violation(`join of ${child.name} threw CancelledError but the task is ${task.state}`);
    } else {
      w.violation(`join of ${child.name} threw an unexpected ${String(error)}`);
    }
  } finally {
    info.waiting = null;
  }
  w.rec(info, `saw ${child.name} finished`);
  w.checkSubtreeFinished(child, `after ${info.name} joined ${child.name}`);
}

function* cancelChild(w: World, info: Info, child: Info, how: CancelHow): Coroutine<void> {
  const task = child.task as Task<string>;
  if (how === "request" || how === "twice" || how === "both") {
    task.cancel();
    if (how === "twice") task.cancel();
    w.rec(info, `cancel ${child.name} (${how})`);
  }
  if (how === "request" || how === "twice") return;
  info.waiting = `cancel(${task.label})`;
  // cancel() of a task that has already finished does nothing, not even throw its old failure.
  const finishedBefore = task.isFinished;
  try {
    yield* cancel(task);
    w.rec(info, `cancelled ${child.name} -> ${task.state}`);
    if (task.state === "failed" && !finishedBefore) w.violation(`cancel(${child.name}) returned but the task failed`);
  } catch (error) {
    if (error instanceof CancelledError && error.taskLabel === (info.task as Task<string>).label) throw error;
    const carried = programErrorsIn(error);
    if (carried.length > 0) {
      for (const e of carried) w.caught.add(e);
      w.rec(info, `cancel ${child.name} caught ${carried.map((e) => e.message).join(", ")}`);
      if (task.state !== "failed" || task.error !== error) w.violation(`cancel(${child.name}) threw ${String(error)} but the task is ${task.state}`);
      if (finishedBefore) w.violation(`cancel(${child.name}) threw ${String(error)} although the task had already finished`);
    } else {
      w.violation(`cancel(${child.name}) threw an unexpected ${String(error)}`);
    }
  } finally {
    info.waiting = null;
  }
  w.rec(info, `saw ${child.name} finished`);
  w.checkSubtreeFinished(child, `after ${info.name} cancelled ${child.name}`);
}

function* act(w: World, info: Info, action: Action): Coroutine<void> {
  switch (action.k) {
    case "sleep":
      yield* timedSleep(w, info, action.ms, false);
      return;
    case "yield": {
      const key = `${info.name} yield#${w.nextYield()}`;
      w.enqueued.push(key);
      yield* yieldNow();
      w.resumed.push(key);
      w.rec(info, "yielded");
      return;
    }
    case "rand": {
      const r = yield* random();
      w.rec(info, `random ${r}`);
      return;
    }
    case "spawn": {
      const child = w.newInfo(`${info.name}.${info.children.length}`, info);
      w.enqueued.push(`${child.name} start`);
      child.task = w.form === "typed" ? yield* spawn(taskBody, w, child, action.script) : ((yield spawn(taskBody, w, child, action.script)) as Task<string>);
      w.rec(info, `spawned ${child.name} as ${child.task.label}`);
      return;
    }
    case "join": {
      const child = pickChild(info, action.pick);
      if (child === null) return;
      yield* joinChild(w, info, child);
      return;
    }
    case "cancel": {
      const child = pickChild(info, action.pick);
      if (child === null) return;
      yield* cancelChild(w, info, child, action.how);
      return;
    }
    case "throw": {
      const error = new ProgramError(info.name);
      info.thrown = error;
      w.thrown.push(error);
      w.rec(info, "throws");
      throw error;
    }
    case "suspend":
      info.waiting = "suspend()";
      w.rec(info, "suspends");
      yield* suspend();
  }
}

/** A task of the program. Nothing yields before the try, so a started task always enters it. */
export function* taskBody(w: World, info: Info, script: Script): Coroutine<string> {
  info.started = true;
  w.resumed.push(`${info.name} start`);
  w.rec(info, "start");
  let exit: Exit = "cancelled";
  try {
    for (const action of script.actions) yield* act(w, info, action);
    exit = "normal";
    w.rec(info, "end");
    return info.name;
  } catch (error) {
    // A cancellation arrives as a thrown CancelledError; anything else is an error exit.
    exit = error instanceof CancelledError && error.taskLabel === (info.task as Task<string>).label ? "cancelled" : "error";
    throw error;
  } finally {
    info.exit = exit;
    info.finallyEntered++;
    w.rec(info, `finally (${exit})`);
    for (const ms of script.cleanup) yield* timedSleep(w, info, ms, true);
    info.finallyDone++;
    info.bodyEnded = true;
    w.rec(info, "finally done");
  }
}

/** The root: learns its own task and scheduler first (the same way whichever host runs it). */
function* rootBody(w: World, info: Info, script: Script): Coroutine<string> {
  const me = yield* currentTask();
  info.task = me as Task<string>;
  w.scheduler = me.scheduler;
  return yield* taskBody(w, info, script);
}

// ------------------------------------------------------------ running

export interface Outcome {
  world: World;
  root: Info;
  /** What run() threw, or undefined. */
  error: unknown;
  threw: boolean;
  /** The log as it was when run() returned or threw (before any deadlock recovery). */
  logAtEnd: string[];
  /** Problems with the deadlock report, if there was one. */
  deadlockProblems: string[];
  /** After a deadlock: what the recovery run (cancel the root, run again) threw, if anything. */
  recoveryError: unknown;
}

/** The blocked tasks a deadlock report must list, in tree order, with what each waits on. */
function expectedBlocked(root: Info): { label: string; waitingOn: string }[] {
  const out: { label: string; waitingOn: string }[] = [];
  const visit = (i: Info): void => {
    if (i.task === null || i.task.isFinished) return;
    out.push({ label: i.task.label, waitingOn: i.bodyEnded ? "its children to finish" : (i.waiting ?? "(not blocked)") });
    for (const c of i.children) visit(c);
  };
  visit(root);
  return out;
}

function checkDeadlock(w: World, root: Info, error: DeadlockError): string[] {
  const problems: string[] = [];
  const s = w.scheduler as Scheduler;
  if (s.timerCount !== 0) problems.push(`deadlock reported with ${s.timerCount} timers armed`);
  if (s.readyCount !== 0) problems.push(`deadlock reported with ${s.readyCount} tasks ready`);
  const expected = expectedBlocked(root);
  const reported = error.blocked.map((b) => ({ label: b.label, waitingOn: b.waitingOn }));
  if (JSON.stringify(reported) !== JSON.stringify(expected)) {
    problems.push(`deadlock report ${JSON.stringify(reported)} != live tasks ${JSON.stringify(expected)}`);
  }
  // The only thing that can never end in these programs is suspend().
  if (!expected.some((b) => b.waitingOn === "suspend()")) problems.push("deadlock without any suspended task");
  for (const b of expected) {
    if (!/^(suspend\(\)|join\(|cancel\(|its children to finish)/.test(b.waitingOn)) problems.push(`${b.label} blocked on ${b.waitingOn} in a deadlock`);
  }
  if (error.time !== s.now) problems.push(`deadlock time ${error.time} != now ${s.now}`);
  return problems;
}

/** Runs `script` as the root task on a fresh virtual clock; after a deadlock, cancels the root and runs on. */
export function execute(script: Script, seed = 0, via: "host" | "run" = "host", form: "typed" | "direct" = "typed"): Outcome {
  const w = new World();
  w.form = form;
  const root = w.newInfo("r", null);
  let error: unknown = undefined;
  let threw = false;
  let host: VirtualHost | null = null;
  // One named entry point for both hosts, so that task names (and logs) agree.
  const main = (): Coroutine<string> => rootBody(w, root, script);
  try {
    if (via === "host") {
      host = new VirtualHost({ seed });
      host.spawn(main);
      host.run();
    } else {
      run(main, { seed });
    }
  } catch (e) {
    threw = true;
    error = e;
  }
  const logAtEnd = [...w.log];
  let deadlockProblems: string[] = [];
  let recoveryError: unknown = undefined;
  if (error instanceof DeadlockError) {
    deadlockProblems = checkDeadlock(w, root, error);
    if (host !== null) {
      (root.task as Task<string>).cancel();
      try {
        host.run();
      } catch (e) {
        recoveryError = e;
      }
    }
  }
  return { world: w, root, error, threw, logAtEnd, deadlockProblems, recoveryError };
}

/** Number of tasks a script spawns at most (itself included). */
export function countTasks(script: Script): number {
  let n = 1;
  for (const a of script.actions) if (a.k === "spawn") n += countTasks(a.script);
  return n;
}
