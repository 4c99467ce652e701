/**
 * The harness of the waiting-primitive contract (contract.test.ts): what a
 * table entry is, the scripted scenarios the properties run, and the random
 * programs that compare the typed form (`yield* op`) with the plain one
 * (`yield op`).
 *
 * Every scenario runs on a VirtualHost with one "driver" task (the root)
 * that creates the primitive, starts the waiters (its children, one per
 * virtual millisecond so that arrival order is unambiguous), completes
 * waits and cancels tasks. The harness records an ordered log and, for each
 * waiter that received something, which completion served it. Nothing is
 * asserted inside a task (an expect() thrown there would only fail the
 * task); the tests assert on what was recorded.
 */
import { CancelledError, VirtualHost, currentTask, event, sleep, spawn, yieldNow } from "../../src/index.js";
import type { Coroutine, Event as SyncEvent, Task } from "../../src/index.js";
import type { Instruction } from "../../src/extend.js";

/**
 * "typed": `yield* op`, the instruction's own next(); "plain": `yield op`,
 * the kernel's path; "mixed" (random programs only): the two alternately,
 * yield after yield, so that one task goes from one form to the other.
 */
export type Form = "typed" | "plain" | "mixed";
export const FORMS: readonly Form[] = ["typed", "plain"];

/** The scripted scenarios, one per property that has one. */
export type ScenarioName = "fifo" | "cancel" | "wakeup" | "describe";

/** What a waiter "got" before its wait completed: nothing. */
export const NOTHING: unique symbol = Symbol("nothing");

/** What an entry's hooks are told about the task running them. */
export interface Ctx {
  readonly me: Task<unknown>;
  /** "driver", "w0"... (scripted) or "main", "t0"... (random programs). */
  readonly name: string;
  readonly form: Form;
  readonly mode: "scripted" | "random";
  /** How many waiters will be waiting when the primitive is completed (a barrier sizes its round with it). */
  readonly waiters: number;
  /** The gate a holding waiter parks on until it is told to let go (scripted mode only; null otherwise). */
  gateOf(task: Task<unknown> | null): SyncEvent | null;
}

/** What an expected value may depend on. */
export interface Expect {
  /** The completion (0, 1, ...). */
  k: number;
  /** The waiter it serves (its arrival number). */
  w: number;
  /** Its position among the waiters served in the scenario (0 = first served). */
  j: number;
  /** The waiter served just before it, or -1. */
  prev: number;
  /** How many waiters are waiting when the primitive is completed. */
  n: number;
}

/**
 * One row of the table: a waiting primitive seen through one operation.
 * `op` gives the instruction a task waits on (yielded in both forms); an
 * entry whose wait is not one instruction gives `wait` instead.
 */
export interface Entry<P> {
  readonly name: string;
  /** "one": a completion serves the oldest waiter; "all": it wakes every waiter present. */
  readonly serves: "one" | "all";
  /** What one completion is, and anything the properties check differently for this primitive. */
  readonly about: string;
  /** Makes a fresh instance (in the driver task, or in "main" for random programs). */
  create(ctx: Ctx): Coroutine<P>;
  op?(p: P, ctx: Ctx): Instruction<unknown>;
  wait?(p: P, ctx: Ctx): Coroutine<unknown>;
  /** True when a waiter holds what it got (a permit, the lock, a slot) until it lets go. */
  readonly holds: boolean;
  /** True when a task can hold only one at a time (a mutex): in random programs, a holder lets go before it waits again. */
  readonly holdsOne?: boolean;
  /** Gives back what a waiter holds, in its finally; `got` is NOTHING if its wait never completed. */
  giveBack?(p: P, got: unknown, ctx: Ctx): void;
  /** Makes exactly one waiter's wait complete (for "all": every waiter present); gives a note for the log. */
  complete(p: P, k: number, ctx: Ctx): Coroutine<string>;
  /**
   * True for the simulation layer's events (SimPy's order): a completion
   * triggers the event, which is processed at its turn in the ready queue;
   * a waiter cancelled before that turn does not receive, and what it was
   * served goes back (property 3's other form).
   */
  readonly processedAtTurn?: boolean;
  /** Returns what the driver still holds, at the end of a scenario. */
  teardown?(p: P, ctx: Ctx): Coroutine<void>;
  /** How a received value is written in the log (default: fmt). */
  show?(got: unknown): string;
  /** What the waiter served by a completion receives, as show() writes it. */
  got(e: Expect): string;
  /** The note complete() gives for that completion. */
  note(e: Expect): string;
  /** What a parked waiter's `task.waitingOn` is. */
  readonly describe: RegExp;
  /** The primitive's own accounting (from its stats() where it has one). */
  ledger(p: P): string;
  readonly expected: {
    /** Property 2, after the first waiter was cancelled (two still wait). */
    readonly afterCancel: string;
    /** Property 2, after the completions served the three live waiters. */
    readonly afterCancelServed: string;
    /** Property 3, after the woken-then-cancelled waiter finished (for processedAtTurn: after the completion was taken back). */
    readonly afterWakeup: string;
    /** After the teardown of each scenario (its own value per scenario where they differ). */
    readonly settled?: string | Readonly<Partial<Record<ScenarioName, string>>>;
  };
}

/** Erases an entry's instance type, so that entries of different types share one table. */
export function entry<P>(e: Entry<P>): Entry<unknown> {
  return e as unknown as Entry<unknown>;
}

/** A value as the log writes it. */
export function fmt(value: unknown): string {
  if (value === undefined) return "void";
  if (value === NOTHING) return "nothing";
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return String(value);
  return Object.prototype.toString.call(value);
}

/** An error as the log writes it. */
export function errorText(error: unknown): string {
  return error instanceof Error ? `${error.constructor.name}: ${error.message}` : `thrown ${fmt(error)}`;
}

/** A copy of a generator function with another name (the task's name when it is spawned). */
export function named<F extends (...args: never[]) => unknown>(name: string, fn: F): F {
  const copy = fn.bind(undefined) as F;
  Object.defineProperty(copy, "name", { value: name });
  return copy;
}

/** How many yields the "mixed" form has made in the current run (even: typed, odd: plain). */
let mixedCount = 0;

/** Yields `op` in the given form. */
export function* step<T>(form: Form, op: Instruction<T>): Coroutine<T> {
  if (form === "typed" || (form === "mixed" && mixedCount++ % 2 === 0)) return yield* op;
  return (yield op) as T;
}

/** Waits once on the entry's primitive, in the given form. */
function* waitOnce<P>(e: Entry<P>, p: P, ctx: Ctx): Coroutine<unknown> {
  if (e.op !== undefined) return yield* step(ctx.form, e.op(p, ctx));
  if (e.wait === undefined) throw new Error(`${e.name}: the entry has neither op nor wait`);
  return yield* e.wait(p, ctx);
}

// ------------------------------------------------------------ scripted scenarios

/** What a scripted scenario recorded. */
export interface Scripted {
  log: string[];
  /** [completion, waiter, what it got]: one row per waiter whose wait completed, in the order they ran. */
  served: [number, string, string][];
  /** The notes of the completions, in order. */
  notes: string[];
  waiters: Task<unknown>[];
  /** How many times each waiter's finally ran. */
  finallies: Record<string, number>;
  /** Values recorded at named points of the script (ledgers, states, descriptions). */
  at: Record<string, string>;
}

/** What a script can do, from the driver task. */
export interface Script {
  /** Starts waiter w (it waits at once), then lets one millisecond pass. */
  arrive(w: number): Coroutine<void>;
  /** Completes the primitive once (the entry's complete()), logging it. */
  complete(): Coroutine<void>;
  /** Records the primitive's ledger under `label`. */
  checkpoint(label: string): void;
  /** Records `value` under `label`. */
  record(label: string, value: string): void;
  readonly waiters: Task<unknown>[];
  dump(): string;
}

/**
 * Runs `script` in a driver task, for `e` in `form`, with `n` waiters
 * expected to be waiting when it completes the primitive. After the script:
 * every gate opens (holders let go), every waiter still running is
 * cancelled, the entry's teardown runs, and the ledger is recorded as
 * "settled".
 */
export function scripted<P>(e: Entry<P>, form: Form, n: number, script: (s: Script) => Coroutine<void>): Scripted {
  const host = new VirtualHost({ seed: 1 });
  const out: Scripted = { log: [], served: [], notes: [], waiters: [], finallies: {}, at: {} };
  const gates = new Map<Task<unknown>, SyncEvent>();
  const note = (who: string, what: string): void => {
    out.log.push(`t=${host.now} ${who}: ${what}`);
  };
  const show = (got: unknown): string => (e.show ?? fmt)(got);
  const ctxFor = (me: Task<unknown>, name: string): Ctx => ({
    me,
    name,
    form,
    mode: "scripted",
    waiters: n,
    gateOf: (task) => (task === null ? null : (gates.get(task) ?? null)),
  });
  let p: P;
  let completions = 0;

  function* waiter(w: number): Coroutine<void> {
    const name = `w${w}`;
    const me = yield* currentTask();
    const ctx = ctxFor(me, name);
    let got: unknown = NOTHING;
    try {
      note(name, "waits");
      got = yield* waitOnce(e, p, ctx);
      out.served.push([completions - 1, name, show(got)]);
      note(name, `got ${show(got)}`);
      if (e.holds) {
        const gate = event({ name: `gate-${name}` });
        gates.set(me, gate);
        yield* step(form, gate.wait());
      } else {
        yield* step(form, yieldNow());
      }
      note(name, "done");
    } finally {
      note(name, "finally");
      out.finallies[name] = (out.finallies[name] ?? 0) + 1;
      e.giveBack?.(p, got, ctx);
    }
  }

  host.spawn(
    named("driver", function* (): Coroutine<void> {
      const me = yield* currentTask();
      const ctx = ctxFor(me, "driver");
      p = yield* e.create(ctx);
      const s: Script = {
        waiters: out.waiters,
        *arrive(w) {
          out.waiters[w] = yield* spawn(named(`w${w}`, waiter), w);
          yield* sleep(1);
        },
        *complete() {
          const k = completions++;
          note("driver", `complete ${k}`);
          const text = yield* e.complete(p, k, ctx);
          out.notes.push(text);
          note("driver", `completed ${k}: ${text}`);
        },
        checkpoint(label) {
          out.at[label] = e.ledger(p);
        },
        record(label, value) {
          out.at[label] = value;
        },
        dump: () => host.scheduler.dump(),
      };
      yield* script(s);
      for (const gate of gates.values()) gate.set();
      for (const w of out.waiters) if (!w.isFinished) w.cancel();
      yield* sleep(1);
      if (e.teardown !== undefined) yield* e.teardown(p, ctx);
      s.checkpoint("settled");
    }),
  );
  host.run();
  return out;
}

/** The served rows a scenario should record: `order` are the waiters served, oldest first. */
export function expectedServed(e: Entry<unknown>, order: number[], n: number): [number, string, string][] {
  return order.map((w, j) => {
    const k = e.serves === "one" ? j : 0;
    return [k, `w${w}`, e.got({ k, w, j, prev: j === 0 ? -1 : (order[j - 1] as number), n })];
  });
}

/** The completion notes a scenario should record. */
export function expectedNotes(e: Entry<unknown>, order: number[], n: number): string[] {
  const completions = e.serves === "one" ? order.length : 1;
  return Array.from({ length: completions }, (_, k) => e.note({ k, w: order[k] as number, j: k, prev: k === 0 ? -1 : (order[k - 1] as number), n }));
}

/** The settled ledger an entry expects after `scenario`, or undefined if it declares none. */
export function settledFor(e: Entry<unknown>, scenario: ScenarioName): string | undefined {
  const settled = e.expected.settled;
  return typeof settled === "string" || settled === undefined ? settled : settled[scenario];
}

// ------------------------------------------------------------ random programs

export type Action =
  | { kind: "wait" }
  | { kind: "complete" }
  /** A completion, then at once (in the same step) a cancellation: the waiter just woken is cancelled before it runs if `target` is it. */
  | { kind: "completeThenCancel"; target: number }
  | { kind: "cancel"; target: number }
  | { kind: "yield" }
  | { kind: "sleep"; ms: number };

/** One task of a random program: when it starts, and what it does. */
export interface TaskProgram {
  start: number;
  actions: Action[];
}

/** How long "main" lets the tasks run before it cancels those still running. */
const HORIZON = 30;

/**
 * Runs a random program on `e`: "main" creates the primitive and starts one
 * task per TaskProgram. A task's "wait" waits on the primitive (errors other
 * than its own cancellation are logged, not thrown) and keeps what it got if
 * the entry holds things; "complete" gives one such thing back if it holds
 * one, else runs the entry's complete(); "completeThenCancel" does the same
 * and cancels a task right after, in the same step; "cancel" cancels a
 * task; "yield" and "sleep" are yieldNow() and sleep(ms). Every yield of
 * the program, waits included, is in `form`. At HORIZON, main records the
 * ledger and cancels the tasks still running; then the entry's teardown.
 * Gives the log.
 */
export function randomRun<P>(e: Entry<P>, programs: TaskProgram[], form: Form): string[] {
  mixedCount = 0;
  const host = new VirtualHost({ seed: 7 });
  const log: string[] = [];
  const note = (who: string, what: string): void => {
    log.push(`t=${host.now} ${who}: ${what}`);
  };
  const show = (got: unknown): string => (e.show ?? fmt)(got);
  const ctxFor = (me: Task<unknown>, name: string): Ctx => ({ me, name, form, mode: "random", waiters: programs.length, gateOf: () => null });
  const tasks: Task<unknown>[] = [];
  let p: P;
  let completions = 0;

  function* body(i: number): Coroutine<void> {
    const name = `t${i}`;
    const me = yield* currentTask();
    const ctx = ctxFor(me, name);
    const program = programs[i] as TaskProgram;
    const held: unknown[] = [];
    const cancelTask = (index: number): void => {
      const target = tasks[index % tasks.length] as Task<unknown>;
      note(name, `cancels ${target.name} (${target.state})`);
      target.cancel();
    };
    const rethrowOwnCancel = (error: unknown): void => {
      if (error instanceof CancelledError && me.cancelRequested) throw error;
      note(name, `threw ${errorText(error)}`);
    };
    try {
      yield* step(form, sleep(program.start));
      for (const action of program.actions) {
        switch (action.kind) {
          case "wait":
            if (e.holdsOne === true && held.length > 0 && e.giveBack !== undefined) {
              e.giveBack(p, held.shift(), ctx);
              note(name, "gave back");
            }
            note(name, "waits");
            try {
              const got = yield* waitOnce(e, p, ctx);
              note(name, `got ${show(got)}`);
              if (e.giveBack !== undefined) held.push(got);
            } catch (error) {
              rethrowOwnCancel(error);
            }
            break;
          case "complete":
          case "completeThenCancel":
            try {
              if (held.length > 0 && e.giveBack !== undefined) {
                e.giveBack(p, held.shift(), ctx);
                note(name, "gave back");
              } else {
                const k = completions++;
                note(name, `complete ${k}`);
                note(name, `completed ${k}: ${yield* e.complete(p, k, ctx)}`);
              }
            } catch (error) {
              rethrowOwnCancel(error);
            }
            if (action.kind === "completeThenCancel") cancelTask(action.target);
            break;
          case "cancel":
            cancelTask(action.target);
            break;
          case "yield":
            yield* step(form, yieldNow());
            break;
          case "sleep":
            yield* step(form, sleep(action.ms));
            break;
        }
      }
      note(name, "done");
    } finally {
      note(name, `finally, holding ${held.length}`);
      if (e.giveBack !== undefined) {
        for (const got of held) e.giveBack(p, got, ctx);
        e.giveBack(p, NOTHING, ctx);
      }
    }
  }

  host.spawn(
    named("main", function* (): Coroutine<void> {
      const me = yield* currentTask();
      const ctx = ctxFor(me, "main");
      p = yield* e.create(ctx);
      for (let i = 0; i < programs.length; i++) tasks.push(yield* spawn(named(`t${i}`, body), i));
      yield* sleep(HORIZON);
      note("main", `ledger ${e.ledger(p)}`);
      for (const t of tasks) t.cancel();
      yield* sleep(1);
      if (e.teardown !== undefined) yield* e.teardown(p, ctx);
      note("main", `settled ${e.ledger(p)}`);
    }),
  );
  try {
    host.run();
  } catch (error) {
    log.push(`run threw ${errorText(error)}`);
  }
  log.push(`states ${tasks.map((t) => `${t.name}=${t.state}`).join(" ")}`);
  return log;
}
