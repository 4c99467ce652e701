/**
 * Bad input, systematically: every public function and constructor of the
 * main entry (the simulation layer included), "spindle/extend" and
 * "spindle/promise", called with bad values (NaN, ±Infinity, negative,
 * non-integer where an integer is needed, a wrong type, a foreign object
 * such as a task of another host).
 *
 * Each row expects
 * - its typed error (`instanceof` the class named in the row), thrown where
 *   the call is made (inside a task: at the call or at its `yield*`), with a
 *   message that names the function;
 * - a usable host afterwards: the same host (or simulation) then runs a small
 *   program of tasks, a channel, a semaphore and a timer correctly, both
 *   after a refusal the task caught and after one it did not catch (which
 *   fails that task and reaches the host).
 *
 * bad-input.test.ts and bad-arguments.test.ts test some of these calls in
 * more detail; rows identical to theirs are left out.
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import {
  ChannelClosedError,
  Container,
  FilterStore,
  FrameHost,
  InvalidArgumentError,
  MutexError,
  PriorityResource,
  PriorityStore,
  Random,
  RealtimeHost,
  Resource,
  ResourceError,
  Scheduler,
  SemaphoreError,
  Simulation,
  Sleep,
  Store,
  TraceRecorder,
  UsageError,
  VirtualHost,
  WaitGroupError,
  all,
  allOf,
  anyOf,
  action,
  after,
  barrier,
  broadcast,
  cancel,
  channel,
  choice,
  collect,
  condition,
  createContext,
  currentTask,
  event,
  explore,
  exponential,
  filter,
  forEach,
  map,
  merge,
  mutex,
  nextFrame,
  normal,
  now,
  pctPolicy,
  priorityQueue,
  race,
  replay,
  run,
  sample,
  scope,
  select,
  semaphore,
  simEvent,
  sleep,
  spawn,
  startProcess,
  stream,
  take,
  timelineHtml,
  timeout,
  toChromeTrace,
  triangular,
  trySelect,
  uniform,
  uniformInt,
  waitFrames,
  waitGroup,
  waitUntil,
  whenAborted,
} from "../../src/index.js";
import { Instruction, RingQueue } from "../../src/extend.js";
import type { Channel, Coroutine, Operation, SimEvent, Task, TaskGroup } from "../../src/index.js";
import { Timer, WaitList, WaitNode } from "../../src/extend.js";
import type { FinishListener } from "../../src/extend.js";
import { fromPromise, runAsync, toPromise } from "../../src/promise.js";

// ------------------------------------------------------------------ the harness

type ErrorClass = abstract new (...args: never[]) => Error;
type HostKind = "virtual" | "frame" | "sim";

/** What a row's call may use: its host, and objects of another host. */
interface Env {
  readonly kind: HostKind;
  readonly scheduler: Scheduler;
  /** The frame host, for "frame" rows. */
  readonly game: FrameHost;
  /** The simulation, for "sim" rows. */
  readonly sim: Simulation;
  /** A task of another host, still running. */
  readonly foreignTask: Task<number>;
  /** A resource request made in another simulation. */
  readonly foreignRequest: () => unknown;
}

interface Row {
  /** The call as it reads in code. */
  readonly call: string;
  readonly error: ErrorClass;
  /** What the message must contain: at least the function's name. */
  readonly names: RegExp;
  readonly host: HostKind;
  /** Called inside a task; an operation it returns is run with yield*. */
  readonly inTask?: (env: Env) => unknown;
  /** Called from outside any task. */
  readonly outside?: (env: Env) => unknown;
}

const rows: Row[] = [];

/** A row whose call is made inside a task. */
function inTask(call: string, error: ErrorClass, names: RegExp, f: (env: Env) => unknown, host: HostKind = "virtual"): void {
  rows.push({ call, error, names, host, inTask: f });
}

/** A row whose call is made outside any task (a constructor, a host method, a plain function). */
function outside(call: string, error: ErrorClass, names: RegExp, f: (env: Env) => unknown, host: HostKind = "virtual"): void {
  rows.push({ call, error, names, host, outside: f });
}

/** Spells a bad value in a row's name. */
function show(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number") return Object.is(v, -0) ? "-0" : String(v);
  if (v === undefined) return "undefined";
  if (v === null) return "null";
  if (typeof v === "function") return "fn";
  if (Array.isArray(v)) return `[${v.map(show).join(", ")}]`;
  return "{}";
}

const NOT_A_NUMBER: unknown[] = ["10", undefined, null, {}];
/** Not a duration: every value checkDuration refuses. */
const BAD_DURATIONS: unknown[] = [NaN, Infinity, -Infinity, -1, ...NOT_A_NUMBER];
/** Not an integer >= 0. */
const BAD_COUNTS: unknown[] = [NaN, Infinity, -Infinity, -1, 1.5, ...NOT_A_NUMBER];
/** Not an integer >= 1. */
const BAD_POSITIVE: unknown[] = [0, ...BAD_COUNTS];

const isOperation = (v: unknown): v is Operation<unknown> =>
  v instanceof Instruction || (typeof v === "object" && v !== null && typeof (v as Iterator<unknown>).next === "function" && typeof (v as Iterator<unknown>).throw === "function");

function* runCall(f: (env: Env) => unknown, env: Env): Coroutine<unknown> {
  const r = f(env);
  if (isOperation(r)) return yield* r;
  return r;
}

const NO_ERROR = "no error";

/** A small program every host must still run correctly after a refusal: tasks, a channel, a semaphore, a timer, a join. */
function* smallProgram(): Coroutine<string> {
  const start = yield* now();
  const ch = channel<number>();
  const sem = semaphore(1);
  const child = yield* spawn(function* helper() {
    yield* sleep(5);
    yield* sem.acquire();
    try {
      yield* ch.send(7);
    } finally {
      sem.release();
    }
    return "joined";
  });
  const got = yield* ch.recv();
  const joined = yield* child;
  return `${String(got)} ${joined} after ${(yield* now()) - start} ms`;
}
const SMALL_PROGRAM_RESULT = "7 joined after 5 ms";

/** A host of one kind, and how to run a task on it to its end. */
interface Driver {
  readonly env: Env;
  /** Spawns `body` as a top-level task and runs the host until it has finished; gives the task and what the host threw. */
  runToEnd<T>(body: () => Operation<T>): { task: Task<T>; thrown: unknown };
}

function makeDriver(kind: HostKind): Driver {
  const other = new VirtualHost();
  const foreignTask = other.spawn(function* foreign() {
    yield* sleep(1_000_000);
    return 1;
  });
  other.runUntil(1);
  const foreignSim = new Simulation();
  const foreignResource = new Resource(1, { sim: foreignSim });
  let foreignReq: unknown = null;
  foreignSim.process(function* () {
    foreignReq = foreignResource.request();
    yield* foreignReq as Operation<unknown>;
  });
  foreignSim.run();
  const foreignRequest = (): unknown => foreignReq;

  if (kind === "frame") {
    const game = new FrameHost();
    const env: Env = { kind, scheduler: game.scheduler, game, sim: null as unknown as Simulation, foreignTask, foreignRequest };
    return {
      env,
      runToEnd<T>(body: () => Operation<T>) {
        const task = game.spawn(body);
        let thrown: unknown = NO_ERROR;
        for (let i = 0; i < 20 && !task.isFinished; i++) {
          try {
            game.advance(16);
          } catch (error) {
            thrown = error;
          }
        }
        return { task, thrown };
      },
    };
  }
  if (kind === "sim") {
    const sim = new Simulation();
    const env: Env = { kind, scheduler: sim.scheduler, game: null as unknown as FrameHost, sim, foreignTask, foreignRequest };
    return {
      env,
      runToEnd<T>(body: () => Operation<T>) {
        const task = sim.process(body);
        let thrown: unknown = NO_ERROR;
        try {
          sim.runUntilEvent(task);
        } catch (error) {
          thrown = error;
        }
        return { task, thrown };
      },
    };
  }
  const host = new VirtualHost();
  const env: Env = { kind, scheduler: host.scheduler, game: null as unknown as FrameHost, sim: null as unknown as Simulation, foreignTask, foreignRequest };
  return {
    env,
    runToEnd<T>(body: () => Operation<T>) {
      const task = host.spawn(body);
      let thrown: unknown = NO_ERROR;
      try {
        host.runTask(task);
      } catch (error) {
        thrown = error;
      }
      return { task, thrown };
    },
  };
}

/** "ok", or what went wrong (so that a failing row says what happened). */
function judge(row: Row, error: unknown): string {
  if (error === NO_ERROR) return `no error was thrown`;
  if (!(error instanceof row.error)) {
    const e = error as Error;
    return `threw ${e?.constructor?.name ?? typeof e} (${String(e?.message ?? e)}) instead of ${row.error.name}`;
  }
  if (!row.names.test(error.message)) return `${row.error.name} message does not match ${String(row.names)}: ${error.message}`;
  return "ok";
}

/** Runs the small program on the driver's host and says whether it went right. */
function hostStillWorks(driver: Driver, when: string): string {
  const { task, thrown } = driver.runToEnd(smallProgram);
  if (thrown !== NO_ERROR) return `${when}: the host then threw ${String(thrown)} running a small program`;
  if (task.state !== "done") return `${when}: a small program then ended ${task.state}${task.state === "failed" ? ` (${String(task.error)})` : ""}`;
  if (task.value !== SMALL_PROGRAM_RESULT) return `${when}: a small program then gave ${String(task.value)}`;
  return "ok";
}

/** The whole check of one row: the error, and the host afterwards. */
function check(row: Row): string[] {
  const problems: string[] = [];
  const driver = makeDriver(row.host);
  if (row.outside !== undefined) {
    let error: unknown = NO_ERROR;
    try {
      const r = row.outside(driver.env);
      // A Promise that rejects instead of a throw: keep its rejection from going unhandled (the row still fails).
      if (r instanceof Promise) r.catch(() => undefined);
    } catch (e) {
      error = e;
    }
    const verdict = judge(row, error);
    if (verdict !== "ok") problems.push(verdict);
  } else {
    const f = row.inTask as (env: Env) => unknown;
    // 1. Caught by the task, which then carries on.
    const caught = driver.runToEnd(function* probe() {
      let error: unknown = NO_ERROR;
      try {
        yield* runCall(f, driver.env);
      } catch (e) {
        error = e;
      }
      return { error };
    });
    if (caught.thrown !== NO_ERROR) problems.push(`caught: the host threw ${String(caught.thrown)}`);
    else if (caught.task.state !== "done") problems.push(`caught: the probing task ended ${caught.task.state}${caught.task.state === "failed" ? ` (${String(caught.task.error)})` : ""}`);
    else {
      const verdict = judge(row, caught.task.value.error);
      if (verdict !== "ok") problems.push(verdict);
    }
    let works = hostStillWorks(driver, "after a caught refusal");
    if (works !== "ok") problems.push(works);
    // 2. Not caught: the task fails and the host reports the error.
    const uncaught = driver.runToEnd(function* probe() {
      yield* runCall(f, driver.env);
    });
    if (uncaught.task.state !== "failed") problems.push(`uncaught: the task ended ${uncaught.task.state}`);
    else {
      const verdict = judge(row, uncaught.task.error);
      if (verdict !== "ok" && problems.length === 0) problems.push(`uncaught: ${verdict}`);
    }
    if (uncaught.thrown !== uncaught.task.error) problems.push(`uncaught: the host reported ${String(uncaught.thrown)} instead of the task's error`);
    works = hostStillWorks(driver, "after an uncaught refusal");
    if (works !== "ok") problems.push(works);
  }
  const works = hostStillWorks(driver, "afterwards");
  if (works !== "ok" && !problems.includes(works)) problems.push(works);
  return problems;
}

// ------------------------------------------------------------------ the table

/** A small timer of our own, for addTimer. */
class Ding extends Timer {
  fire(): void {}
}
const described = { describe: (): string => "a test wait" };
const body = function* body(): Coroutine<number> {
  return 1;
};

// --- time: durations
for (const v of BAD_DURATIONS) {
  const ms = v as number;
  inTask(`sleep(${show(v)})`, InvalidArgumentError, /sleep\(/, () => sleep(ms));
  outside(`new Sleep(${show(v)})`, InvalidArgumentError, /sleep\(/, () => new Sleep(ms));
  inTask(`timeout(${show(v)}, op)`, InvalidArgumentError, /timeout\(/, () => timeout(ms, sleep(1)));
  outside(`FrameHost.advance(${show(v)})`, InvalidArgumentError, /advance\(/, (env) => env.game.advance(ms), "frame");
  outside(`Scheduler.addTimer(timer, ${show(v)})`, InvalidArgumentError, /addTimer\(/, (env) => env.scheduler.addTimer(new Ding(), ms));
  inTask(`after(${show(v)})`, InvalidArgumentError, /after\(/, () => after(ms), "sim");
  outside(`Simulation.after(${show(v)})`, InvalidArgumentError, /after\(/, (env) => env.sim.after(ms), "sim");
}

// --- counts
for (const v of BAD_COUNTS) {
  const n = v as number;
  inTask(`waitFrames(${show(v)})`, InvalidArgumentError, /waitFrames\(/, () => waitFrames(n), "frame");
  inTask(`take(ch, ${show(v)})`, InvalidArgumentError, /take\(/, () => take(channel<number>(1), n));
  outside(`semaphore(${show(v)})`, InvalidArgumentError, /semaphore\(/, () => semaphore(n));
  // undefined (and null, for an option) means the default for the rest.
  if (v === undefined) continue;
  if (v !== Infinity) {
    // Infinity is a valid unbounded channel, and notify(Infinity) wakes every waiter.
    outside(`channel(${show(v)})`, InvalidArgumentError, /channel\(/, () => channel(n));
    outside(`condition().notify(${show(v)})`, InvalidArgumentError, /notify\(/, () => condition().notify(n));
  }
  if (v === null) continue;
  outside(`broadcast({ capacity: ${show(v)} })`, InvalidArgumentError, /broadcast\(/, () => broadcast({ capacity: n }));
  if (v !== Infinity) outside(`Scheduler.runReady(${show(v)})`, InvalidArgumentError, /runReady\(/, (env) => env.scheduler.runReady(n));
}
for (const v of BAD_POSITIVE) {
  const n = v as number;
  outside(`barrier(${show(v)})`, InvalidArgumentError, /barrier\(/, () => barrier(n));
  // undefined or null is the default, and Infinity a valid "no limit", for the rest.
  if (v === undefined || v === null || v === Infinity) continue;
  outside(`priorityQueue({ capacity: ${show(v)} })`, InvalidArgumentError, /priorityQueue\(/, () => priorityQueue({ capacity: n }));
  outside(`new Resource(${show(v)})`, InvalidArgumentError, /Resource\(/, () => new Resource(n), "sim");
  outside(`new Store(${show(v)})`, InvalidArgumentError, /Store\(/, () => new Store(n), "sim");
  outside(`FrameHost.advance(16, { maxSteps: ${show(v)} })`, InvalidArgumentError, /advance\(/, (env) => env.game.advance(16, { maxSteps: n }), "frame");
  outside(`new RealtimeHost({ sliceSteps: ${show(v)} })`, InvalidArgumentError, /sliceSteps/, () => new RealtimeHost({ sliceSteps: n }).stop());
}
for (const v of [NaN, Infinity, 1.5, "1", {}]) {
  inTask(`waitGroup().add(${show(v)})`, InvalidArgumentError, /add\(/, () => waitGroup().add(v as number));
}

// --- clocks and limits
for (const v of [NaN, Infinity, -Infinity, "10", undefined]) {
  const t = v as number;
  if (v !== -Infinity) outside(`Scheduler.advanceTo(${show(v)})`, InvalidArgumentError, /advanceTo\(/, (env) => env.scheduler.advanceTo(t));
  if (v !== undefined && v !== Infinity && v !== -Infinity) outside(`Scheduler.runVirtual(${show(v)})`, InvalidArgumentError, /runVirtual\(/, (env) => env.scheduler.runVirtual(t));
  outside(`Simulation.runUntil(${show(v)})`, InvalidArgumentError, /runUntil\(/, (env) => env.sim.runUntil(t), "sim");
  if (v !== Infinity && !Number.isNaN(v)) outside(`VirtualHost.runUntil(${show(v)})`, InvalidArgumentError, /runUntil\(/, () => new VirtualHost().runUntil(t));
}

// --- seeds
for (const v of [NaN, -1, 1.5, 2 ** 32, "1"]) {
  outside(`new Random(${show(v)})`, InvalidArgumentError, /Random|seed/, () => new Random(v as number));
  outside(`new Simulation({ seed: ${show(v)} })`, InvalidArgumentError, /seed/, () => new Simulation({ seed: v as number }), "sim");
  outside(`replay(program, ${show(v)})`, InvalidArgumentError, /replay\(|seed/, () => replay(body, v as number));
}

// --- things to run, and wrong types where an operation or a function is needed
const NOT_RUNNABLE: unknown[] = [42, "main", undefined, null, {}];
for (const v of NOT_RUNNABLE) {
  inTask(`spawn(${show(v)})`, InvalidArgumentError, /spawn\(/, () => spawn(v as () => Operation<void>));
  outside(`run(${show(v)})`, InvalidArgumentError, /spawn\(|run\(/, () => run(v as () => Operation<void>));
  outside(`VirtualHost.spawn(${show(v)})`, InvalidArgumentError, /spawn\(/, () => new VirtualHost().spawn(v as () => Operation<void>));
  inTask(`all(${show(v)})`, InvalidArgumentError, /all\(/, () => all(v as Operation<unknown>[]));
  inTask(`race(${show(v)})`, InvalidArgumentError, /race\(/, () => race(v as Operation<unknown>[]));
  inTask(`all([${show(v)}])`, InvalidArgumentError, /all\(/, () => all([v as Operation<unknown>]));
  inTask(`race([${show(v)}])`, InvalidArgumentError, /race\(/, () => race([v as Operation<unknown>]));
  inTask(`timeout(10, ${show(v)})`, InvalidArgumentError, /timeout\(/, () => timeout(10, v as Operation<unknown>));
  inTask(`group.spawn(${show(v)})`, InvalidArgumentError, /spawn\(/, () =>
    scope(function* (group: TaskGroup) {
      yield* group.spawn(v as () => Operation<void>);
    }),
  );
  inTask(`startProcess(${show(v)})`, InvalidArgumentError, /startProcess\(/, () => startProcess(v as () => Operation<void>), "sim");
  outside(`Simulation.process(${show(v)})`, InvalidArgumentError, /process\(|spawn\(/, (env) => env.sim.process(v as () => Operation<void>), "sim");
  outside(`VirtualHost.runTask(${show(v)})`, InvalidArgumentError, /runTask\(/, () => new VirtualHost().runTask(v as Task<unknown>));
  outside(`Simulation.runUntilEvent(${show(v)})`, InvalidArgumentError, /runUntilEvent\(/, (env) => env.sim.runUntilEvent(v as Task<unknown>), "sim");
  inTask(`context.with(1, ${show(v)})`, InvalidArgumentError, /with\(/, () => createContext("ctx", 0).with(1, v as Operation<unknown>));
  inTask(`action("x", ${show(v)})`, InvalidArgumentError, /action\(/, () => action("x", v as () => undefined));
  inTask(`waitUntil(${show(v)})`, InvalidArgumentError, /waitUntil\(/, () => waitUntil(v as () => boolean), "frame");
  inTask(`fromPromise(${show(v)})`, InvalidArgumentError, /fromPromise\(/, () => fromPromise(v as Promise<unknown>));
  outside(`toPromise(${show(v)})`, InvalidArgumentError, /toPromise\(/, () => toPromise(v as Task<unknown>));
  outside(`runAsync(${show(v)})`, InvalidArgumentError, /runAsync\(|spawn\(/, () => {
    void runAsync(v as () => Operation<unknown>).catch(() => undefined);
  });
  inTask(`whenAborted(${show(v)})`, InvalidArgumentError, /whenAborted\(/, () => whenAborted(v as AbortSignal));
  inTask(`select(${show(v)})`, InvalidArgumentError, /select\(/, () => select(v as [Sleep]));
  // null is a disabled case (Go's nil channel), not bad input.
  if (v !== null) inTask(`select([${show(v)}])`, InvalidArgumentError, /select\(/, () => select([v as Sleep]));
  outside(`trySelect(${show(v)})`, InvalidArgumentError, /trySelect\(/, () => trySelect(v as [Sleep]));
  inTask(`stream(${show(v)})`, InvalidArgumentError, /stream\(/, () => stream(v as () => Operation<void>));
  inTask(`map(${show(v)}, fn)`, InvalidArgumentError, /map\(/, () => map(v as Channel<number>, (x: number) => x));
  inTask(`map(ch, ${show(v)})`, InvalidArgumentError, /map\(/, () => map(channel<number>(1), v as (x: number) => number));
  inTask(`filter(${show(v)}, fn)`, InvalidArgumentError, /filter\(/, () => filter(v as Channel<number>, () => true));
  inTask(`filter(ch, ${show(v)})`, InvalidArgumentError, /filter\(/, () => filter(channel<number>(1), v as () => boolean));
  inTask(`take(${show(v)}, 1)`, InvalidArgumentError, /take\(/, () => take(v as Channel<number>, 1));
  inTask(`merge(${show(v)})`, InvalidArgumentError, /merge\(/, () => merge(v as Channel<number>[]));
  inTask(`merge([${show(v)}])`, InvalidArgumentError, /merge\(/, () => merge([v as Channel<number>]));
  inTask(`forEach(${show(v)}, fn)`, InvalidArgumentError, /forEach\(/, () => forEach(v as Channel<number>, () => undefined));
  inTask(`forEach(ch, ${show(v)})`, InvalidArgumentError, /forEach\(/, () => {
    const ch = channel<number>(1);
    ch.trySend(1);
    ch.close();
    return forEach(ch, v as () => undefined);
  });
  inTask(`collect(${show(v)})`, InvalidArgumentError, /collect\(/, () => collect(v as Channel<number>));
  inTask(`allOf(${show(v)})`, InvalidArgumentError, /allOf\(/, () => allOf(v as []), "sim");
  inTask(`anyOf(${show(v)})`, InvalidArgumentError, /anyOf\(/, () => anyOf(v as []), "sim");
  inTask(`allOf([${show(v)}])`, InvalidArgumentError, /allOf\(/, () => allOf([v as SimEvent<number>]), "sim");
  inTask(`anyOf([${show(v)}])`, InvalidArgumentError, /anyOf\(/, () => anyOf([v as SimEvent<number>]), "sim");
  if (v !== undefined) inTask(`new FilterStore().get(${show(v)})`, InvalidArgumentError, /get\(/, () => new FilterStore().get(v as () => boolean), "sim");
  outside(`timelineHtml(${show(v)})`, InvalidArgumentError, /timelineHtml\(/, () => timelineHtml(v as []));
  outside(`toChromeTrace(${show(v)})`, InvalidArgumentError, /toChromeTrace\(/, () => toChromeTrace(v as []));
  outside(`explore(${show(v)})`, InvalidArgumentError, /explore\(/, () => explore(v as () => Operation<void>, { runs: 1 }));
  outside(`Task.addFinishListener(${show(v)})`, InvalidArgumentError, /addFinishListener\(/, (env) => {
    const task = env.scheduler.spawn(function* () {
      yield* sleep(1);
    });
    task.addFinishListener(v as FinishListener);
  });
  outside(`new WaitNode(${show(v)}, what)`, InvalidArgumentError, /WaitNode/, () => new WaitNode(v as Task<unknown>, described));
  inTask(`waitList.add(${show(v)}, what)`, InvalidArgumentError, /add\(/, () => new WaitList("w").add(v as Task<unknown>, described));
  outside(`Scheduler.addTimer(${show(v)}, 1)`, InvalidArgumentError, /addTimer\(/, (env) => env.scheduler.addTimer(v as Timer, 1));
  outside(`Scheduler.removeTimer(${show(v)})`, InvalidArgumentError, /removeTimer\(/, (env) => env.scheduler.removeTimer(v as Timer));
  if (v !== undefined && v !== null) outside(`condition(${show(v)})`, InvalidArgumentError, /condition\(/, () => condition(v as never));
}

// --- names and options of the wrong type
for (const v of [42, {}, null]) {
  outside(`channel(0, { name: ${show(v)} })`, InvalidArgumentError, /name/, () => channel(0, { name: v as string }));
  outside(`mutex({ name: ${show(v)} })`, InvalidArgumentError, /mutex\(/, () => mutex({ name: v as string }));
  outside(`event({ name: ${show(v)} })`, InvalidArgumentError, /event\(/, () => event({ name: v as string }));
  outside(`semaphore(1, { name: ${show(v)} })`, InvalidArgumentError, /semaphore\(/, () => semaphore(1, { name: v as string }));
  outside(`createContext(${show(v)}, 0)`, InvalidArgumentError, /createContext\(/, () => createContext(v as string, 0));
  outside(`action(${show(v)}, body)`, InvalidArgumentError, /action\(/, () => action(v as string, () => undefined));
  outside(`simEvent({ name: ${show(v)} })`, InvalidArgumentError, /simEvent\(/, () => simEvent({ name: v as string }), "sim");
}
for (const v of [42, {}, "sideways"]) {
  outside(`channel(1, { overflow: ${show(v)} })`, InvalidArgumentError, /overflow/, () => channel(1, { overflow: v as "block" }));
  outside(`broadcast({ lag: ${show(v)} })`, InvalidArgumentError, /lag/, () => broadcast({ lag: v as "block" }));
}
for (const v of [42, "x"] as unknown[]) {
  outside(`new Store(1, ${show(v)})`, InvalidArgumentError, /Store\(/, () => new Store(1, v as object), "sim");
  outside(`new Store(1, null)`, InvalidArgumentError, /Store\(/, () => new Store(1, null as unknown as object), "sim");
  outside(`new Scheduler({ tracer: ${show(v)} })`, InvalidArgumentError, /tracer/, () => new Scheduler({ tracer: v as never }));
  outside(`new Scheduler({ policy: ${show(v)} })`, InvalidArgumentError, /policy/, () => new Scheduler({ policy: v as never }));
  outside(`new RealtimeHost({ clock: ${show(v)} })`, InvalidArgumentError, /clock/, () => new RealtimeHost({ clock: v as () => number }).stop());
  outside(`new FrameHost({ onError: ${show(v)} })`, InvalidArgumentError, /onError/, () => new FrameHost({ onError: v as () => void }));
}
for (const v of [-1, NaN, 1.5, "x", {}]) {
  outside(`new TraceRecorder({ limit: ${show(v)} })`, InvalidArgumentError, /limit/, () => new TraceRecorder({ limit: v as number }));
  outside(`explore(program, { seed: ${show(v)} })`, InvalidArgumentError, /seed/, () => explore(body, { seed: v as number, runs: 1 }));
}

// --- priorities
for (const v of [NaN, "1", {}]) {
  inTask(`priorityQueue().put(x, ${show(v)})`, InvalidArgumentError, /put\(/, () => priorityQueue<number>().put(1, v as number));
  outside(`priorityQueue().tryPut(x, ${show(v)})`, InvalidArgumentError, /tryPut\(/, () => priorityQueue<number>().tryPut(1, v as number));
  inTask(`new PriorityStore().put(x, ${show(v)})`, InvalidArgumentError, /put\(/, () => new PriorityStore<number>().put(1, v as number), "sim");
  inTask(`new PriorityResource(1).request({ priority: ${show(v)} })`, InvalidArgumentError, /request/, () => new PriorityResource(1).request({ priority: v as number }), "sim");
}

// --- amounts of a container
for (const v of [0, -1, NaN, Infinity, 20, "1", undefined]) {
  inTask(`new Container(10).put(${show(v)})`, InvalidArgumentError, /put\(/, () => new Container(10).put(v as number), "sim");
  inTask(`new Container(10).get(${show(v)})`, InvalidArgumentError, /get\(/, () => new Container(10, 10).get(v as number), "sim");
}
for (const [cap, init] of [
  [0, 0],
  [-1, 0],
  [NaN, 0],
  ["10", 0],
  [10, -1],
  [10, 11],
  [10, NaN],
  [10, Infinity],
]) {
  outside(`new Container(${show(cap)}, ${show(init)})`, InvalidArgumentError, /Container\(/, () => new Container(cap as number, init as number), "sim");
}

// --- variates
const variates: [string, (v: number) => unknown][] = [
  ["uniform(v, 1)", (v) => uniform(v, 1)],
  ["uniform(0, v)", (v) => uniform(0, v)],
  ["uniformInt(v, 3)", (v) => uniformInt(v, 3)],
  ["exponential(v)", (v) => exponential(v)],
  ["normal(0, v)", (v) => normal(0, v)],
  ["triangular(0, v, 1)", (v) => triangular(0, v, 1)],
];
for (const [call, make] of variates) {
  const name = call.slice(0, call.indexOf("("));
  for (const v of [NaN, Infinity, -Infinity, "1"]) {
    inTask(call.replace("v", show(v)), InvalidArgumentError, new RegExp(`${name}\\(`), () => make(v as number), "sim");
  }
}
inTask(`uniform(2, 1)`, InvalidArgumentError, /uniform\(/, () => uniform(2, 1), "sim");
inTask(`uniformInt(1.5, 3)`, InvalidArgumentError, /uniformInt\(/, () => uniformInt(1.5, 3), "sim");
inTask(`exponential(0)`, InvalidArgumentError, /exponential\(/, () => exponential(0), "sim");
inTask(`exponential(-1)`, InvalidArgumentError, /exponential\(/, () => exponential(-1), "sim");
inTask(`normal(0, -1)`, InvalidArgumentError, /normal\(/, () => normal(0, -1), "sim");
inTask(`triangular(0, 1, 2)`, InvalidArgumentError, /triangular\(/, () => triangular(0, 1, 2), "sim");
inTask(`choice([])`, InvalidArgumentError, /choice\(/, () => choice([]), "sim");
inTask(`choice(42)`, InvalidArgumentError, /choice\(/, () => choice(42 as unknown as number[]), "sim");
outside(`sample.uniform(rng, NaN, 1)`, InvalidArgumentError, /uniform\(/, (env) => sample.uniform(env.sim.random, NaN, 1), "sim");
outside(`sample.exponential(rng, -1)`, InvalidArgumentError, /exponential\(/, (env) => sample.exponential(env.sim.random, -1), "sim");

// --- exploration
for (const v of [0, -1, 1.5, NaN, "2"]) {
  outside(`pctPolicy(${show(v)}, 10)`, InvalidArgumentError, /pctPolicy\(/, () => pctPolicy(v as number, 10));
  if (v !== 0) outside(`pctPolicy(2, ${show(v)})`, InvalidArgumentError, /pctPolicy\(/, () => pctPolicy(2, v as number));
  outside(`explore(program, { runs: ${show(v)} })`, InvalidArgumentError, /runs/, () => explore(body, { runs: v as number }));
  outside(`explore(program, { strategy: "pct", depth: ${show(v)} })`, InvalidArgumentError, /depth/, () => explore(body, { runs: 1, strategy: "pct", depth: v as number }));
}

// --- foreign objects and misuse
inTask("cancel(a task of another host)", UsageError, /cancel/, (env) => cancel(env.foreignTask));
inTask("yield* (a task of another host)", UsageError, /join/, (env) => env.foreignTask);
inTask("all([a task of another host])", UsageError, /join|all\(/, (env) => all([env.foreignTask]));
inTask("race([a task of another host])", UsageError, /join|race\(/, (env) => race([env.foreignTask]));
inTask("timeout(10, a task of another host)", UsageError, /join|timeout\(/, (env) => timeout(10, env.foreignTask));
outside("Simulation.runUntilEvent(a task of another host)", UsageError, /runUntilEvent\(|another/, (env) => env.sim.runUntilEvent(env.foreignTask), "sim");
inTask("a task joining itself", UsageError, /join/, function* () {
  const me = yield* currentTask();
  return yield* me;
});
inTask("a finished task's interrupt()", UsageError, /interrupt/, function* () {
  const t = yield* spawn(body);
  yield* t;
  t.interrupt("late");
});
inTask("a task interrupting itself", UsageError, /interrupt/, function* () {
  const me = yield* currentTask();
  me.interrupt("self");
});
inTask("resource.release(a request of another simulation)", ResourceError, /release/, (env) => new Resource(1).release(env.foreignRequest() as never), "sim");
inTask("resource.release(42)", ResourceError, /release/, () => new Resource(1).release(42 as never), "sim");
inTask("a resource of one simulation used in another", UsageError, /another simulation/, function* (env) {
  const other = new Simulation();
  const res = new Resource(1, { sim: other });
  void env;
  yield* res.request();
}, "sim");
inTask("simEvent().succeed() twice", UsageError, /succeed\(/, () => simEvent().succeed().succeed(), "sim");
inTask("simEvent().fail(e) after succeed()", UsageError, /fail\(/, () => simEvent<number>().succeed(1).fail(new Error("late")), "sim");
inTask("mutex().unlock() not locked", MutexError, /unlock\(/, () => mutex().unlock());
inTask("mutex().unlock() locked by another task", MutexError, /unlock\(/, function* () {
  const m = mutex();
  const holder = yield* spawn(function* () {
    yield* m.lock();
    yield* sleep(10);
    m.unlock();
  });
  yield* sleep(1);
  try {
    m.unlock();
  } finally {
    yield* holder;
  }
});
inTask("semaphore(1, { bounded: true }).release() with no permit held", SemaphoreError, /release\(/, () => semaphore(1, { bounded: true }).release());
inTask("waitGroup().done() below zero", WaitGroupError, /done\(/, () => waitGroup().done());
inTask("waitGroup().add(-1) below zero", WaitGroupError, /add\(/, () => waitGroup().add(-1));
inTask("condition(m).wait() without holding m", MutexError, /wait\(/, () => condition(mutex()).wait());
inTask("nextFrame() on a virtual host", UsageError, /nextFrame\(/, () => nextFrame());
inTask("waitFrames(1) on a virtual host", UsageError, /waitFrames\(/, () => waitFrames(1));
inTask("waitUntil(fn) on a virtual host", UsageError, /waitUntil\(/, () => waitUntil(() => false));
inTask("run() inside a task", UsageError, /run\(/, () => run(body));
inTask("VirtualHost.run() of another host inside a task", UsageError, /run/, () => new VirtualHost().run());
inTask("FrameHost.advance() inside a task", UsageError, /advance\(/, () => new FrameHost().advance(16));
inTask("Scheduler.runReady() inside a task", UsageError, /runReady\(/, (env) => env.scheduler.runReady());
inTask("Simulation.run() inside a process", UsageError, /run/, (env) => env.sim.run(), "sim");
inTask("Simulation.step() inside a process", UsageError, /step\(/, (env) => env.sim.step(), "sim");
outside("new Resource(1).request() outside a process", UsageError, /request\(/, () => new Resource(1).request(), "sim");
outside("new Container(10).put(1) outside a process", UsageError, /put\(/, () => new Container(10).put(1), "sim");
outside("new Store().get() outside a process", UsageError, /get\(/, () => new Store().get(), "sim");
outside("Task.block(wait) outside park()", UsageError, /block\(/, (env) => {
  const task = env.scheduler.spawn(body);
  task.block(new WaitNode(task, described));
});
outside("Scheduler.addTimer(an armed timer, 1)", UsageError, /addTimer\(/, (env) => {
  const timer = new Ding();
  env.scheduler.addTimer(timer, 1);
  try {
    env.scheduler.addTimer(timer, 1);
  } finally {
    env.scheduler.removeTimer(timer);
  }
});
inTask("ch.send(x) on a closed channel", ChannelClosedError, /send\(|closed/, () => {
  const ch = channel<number>(1);
  ch.close();
  return ch.send(1);
});

// --- ranges a table of numbers cannot spell
outside("race([])", InvalidArgumentError, /race\(\[\]\)/, () => run(() => race([])));
outside("replay(program, 1, { strategy: 'dfs' })", InvalidArgumentError, /strategy/, () => replay(body, 1, { strategy: "dfs" as "pct" }));

// ------------------------------------------------------------------ the tests

for (const v of [NaN, -1, 1.5, "8", null]) {
  outside(`new RingQueue(${show(v)})`, InvalidArgumentError, /RingQueue/, () => new RingQueue(v as number));
}

/**
 * all() and race() check their whole list before starting anything; what
 * only spawn() can refuse (a function that returns no generator) still comes
 * after the members before it have started, and those are stopped before the
 * error reaches the caller.
 */
describe("a member only spawn() refuses, after good ones", () => {
  it.each([
    ["all", (ops: Operation<unknown>[]) => all(ops)],
    ["race", (ops: Operation<unknown>[]) => race(ops)],
    ["all, 42", (ops: Operation<unknown>[]) => all([...ops.slice(0, 1), 42 as unknown as Operation<unknown>])],
  ])("%s: the members already started are stopped first", (_name, make) => {
    const log: string[] = [];
    const result = run(function* () {
      const good = function* good(): Coroutine<void> {
        try {
          yield* sleep(100);
          log.push("good finished");
        } finally {
          log.push("good cleaned up");
        }
      };
      const notAGenerator = (() => 42) as unknown as Operation<unknown>;
      try {
        yield* make([good(), notAGenerator]);
      } catch (e) {
        log.push(`caught ${(e as Error).name}`);
      }
      yield* sleep(200);
      return "carried on";
    });
    expect(result).toBe("carried on");
    // The good member was stopped (cancelled before its first step, so it has nothing to clean up): it never finishes.
    expect(log).toEqual(["caught InvalidArgumentError"]);
  });
});

/**
 * Calls that look like bad input but are valid by design (Go's and asyncio's
 * semantics): they must not throw, and the host carries on.
 */
describe("not bad input, by design", () => {
  it("semaphore(1).release() with no permit held adds a permit (a counting semaphore); only { bounded: true } refuses", () => {
    const value = run(function* () {
      const sem = semaphore(1);
      sem.release();
      yield* sem.acquire();
      yield* sem.acquire(); // the second permit, added by the release
      return "two permits";
    });
    expect(value).toBe("two permits");
  });

  it("select([]) waits until it is cancelled (Go's select {})", () => {
    const value = run(function* () {
      const waiter = yield* spawn(function* () {
        yield* select([]);
        return "woke";
      });
      yield* sleep(1000);
      const state = waiter.state;
      yield* cancel(waiter);
      return `${state}, then ${waiter.state}`;
    });
    expect(value).toBe("blocked, then cancelled");
  });

  it("trySelect([]) returns null (Go's select { default: })", () => {
    expect(trySelect([])).toBeNull();
  });

  it("select([null, op]): null disables a case and keeps the others' indexes", () => {
    const value = run(function* () {
      const ch = channel<number>(1);
      ch.trySend(5);
      const r = yield* select([null, ch.recv()]);
      const empty = yield* spawn(function* () {
        yield* select([null]);
      });
      yield* sleep(10);
      const state = empty.state;
      yield* cancel(empty);
      return `${r.index} ${String(r.value)} ${state}`;
    });
    expect(value).toBe("1 5 blocked");
  });

  it("select(42) and trySelect(42) are refused with InvalidArgumentError", () => {
    expect(() => select(42 as unknown as [])).toThrow(InvalidArgumentError);
    expect(() => trySelect(42 as unknown as [])).toThrow(InvalidArgumentError);
  });
});

/**
 * Calls that may never return (a loop that cannot end) run in a child
 * process with a time limit, so that a hang fails these rows instead of
 * stopping the suite. The child prints one line per call as it finishes.
 */
describe("calls that might never return (in a child process)", () => {
  const script = path.join(__dirname, "bad-input-child.ts");
  const child = spawnSync(process.execPath, ["--import", "tsx", script], { encoding: "utf8", timeout: 10_000 });
  const lines = child.stdout.split("\n").filter((l) => l.length > 0);
  const calls = ["new RingQueue(Infinity)", "new RingQueue(2 ** 31)", "new RingQueue(2 ** 40)"];
  it.each(calls)("%s throws InvalidArgumentError naming RingQueue", (call) => {
    const line = lines.find((l) => l.startsWith(`${call} -> `));
    const outcome = line === undefined ? `did not return within 10 s (${String(child.error?.message ?? child.stderr)})` : line.slice(call.length + 4);
    expect(outcome).toMatch(/^InvalidArgumentError: .*RingQueue/);
  });
});

describe("bad input, every public entry: the typed error, then a usable host", () => {
  const seen = new Set<string>();
  const unique = rows.filter((r) => {
    const key = `${r.host}:${r.call}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  it.each(unique.map((r) => [`${r.call}${r.host === "virtual" ? "" : ` (${r.host})`}`, r] as const))("%s", (_name, row) => {
    expect(check(row)).toEqual([]);
  });
});
