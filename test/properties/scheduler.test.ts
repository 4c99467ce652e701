/**
 * Property tests of the scheduler: random trees of tasks (sleep, yield,
 * spawn, join, cancel, throw, suspend, cleanup that sleeps) run on the
 * virtual clock, checked against the semantics of DESIGN.md.
 */
import fc from "fast-check";
import { DeadlockError } from "../../src/index.js";
import type { Scheduler } from "../../src/index.js";
import { execute, msArb, programErrorsIn, runs, scriptArb } from "./program.js";
import type { Action, Outcome, ProgramError, Script } from "./program.js";

const programs = scriptArb();
const seeds = fc.integer({ min: 0, max: 2 ** 31 - 1 });

/** Describes an outcome for a failure message. */
function explain(o: Outcome): string {
  return `error: ${o.threw ? String(o.error) : "none"}\nlog:\n${o.world.log.join("\n")}`;
}

function expectNoViolations(o: Outcome): void {
  expect({ violations: o.world.violations, deadlock: o.deadlockProblems, info: o.world.violations.length + o.deadlockProblems.length > 0 ? explain(o) : "" }).toEqual({
    violations: [],
    deadlock: [],
    info: "",
  });
}

/**
 * Errors that left their task's generator (not those whose task was
 * cancelled while its finally block was still yielding: generator.return()
 * replaces the in-flight error, which the scheduler never sees) and that no
 * join or cancel-wait caught must reach the caller of run(): run() throws one
 * of them (itself, or inside an AggregateError / cause). It never throws a
 * ProgramError that did not escape, nor one when every error was caught.
 */
function checkErrorsNotSilent(o: Outcome): void {
  expectNoViolations(o);
  const w = o.world;
  const escaped = w.infos.filter((i) => i.thrown !== null && i.exit === "error" && i.finallyDone === 1).map((i) => i.thrown as ProgramError);
  const uncaught = escaped.filter((e) => !w.caught.has(e));
  const carried = programErrorsIn(o.error);
  const ctx = `escaped: ${escaped.map((e) => e.origin).join(", ")}; caught: ${[...w.caught].map((e) => e.origin).join(", ")}\n${explain(o)}`;
  expect({ ctx, reachesCaller: carried.some((e) => uncaught.includes(e)) }).toEqual({ ctx, reachesCaller: uncaught.length > 0 });
  expect({ ctx, onlyEscapedErrors: carried.every((e) => escaped.includes(e)) }).toEqual({ ctx, onlyEscapedErrors: true });
  if (carried.length > 0) expect({ ctx, root: o.root.task?.state }).toEqual({ ctx, root: "failed" });
}

/** A parent whose children fail at about the same time, joined (and caught) by the root. */
const siblingFailures: fc.Arbitrary<Script> = (() => {
  const step = fc.constantFrom<Action>({ k: "yield" }, { k: "sleep", ms: 0 }, { k: "sleep", ms: 1 });
  const child = fc.record({
    actions: fc.tuple(fc.array(step, { maxLength: 2 }), fc.constantFrom(true, true, true, false)).map(([pre, throws]): Action[] => (throws ? [...pre, { k: "throw" }] : pre)),
    cleanup: fc.array(msArb, { maxLength: 1 }),
  });
  const tail = fc.constantFrom<Action>({ k: "suspend" }, { k: "sleep", ms: 1 }, { k: "join", pick: 0 }, { k: "join", pick: 1 });
  const parent = fc.record({
    actions: fc.tuple(fc.array(child, { minLength: 2, maxLength: 4 }), tail).map(([cs, t]): Action[] => [...cs.map((c): Action => ({ k: "spawn", script: c })), t]),
    cleanup: fc.array(msArb, { maxLength: 1 }),
  });
  return parent.map((p): Script => ({ actions: [{ k: "spawn", script: p }, { k: "join", pick: 0 }], cleanup: [] }));
})();

describe("scheduler (property): random programs on the virtual clock", () => {
  it("timers never fire early, and fire exactly at their deadline unless cancelled", () => {
    fc.assert(
      fc.property(programs, (script) => {
        const o = execute(script);
        expectNoViolations(o);
        for (const s of o.world.sleeps) {
          const ctx = `${s.task} sleep(${s.ms}) from t=${s.start}\n${explain(o)}`;
          // Exactly one of: woke, or was interrupted by a cancellation.
          expect({ ctx, woke: s.wokeAt !== null, interrupted: s.interruptedAt !== null }).toEqual({ ctx, woke: s.interruptedAt === null, interrupted: s.wokeAt === null });
          if (s.wokeAt !== null) {
            expect({ ctx, wokeAt: s.wokeAt }).toEqual({ ctx, wokeAt: s.deadline });
          } else {
            const at = s.interruptedAt as number;
            // Interrupted before the deadline; at the deadline only a sleep(0) set at that very instant can be.
            expect({ ctx, ok: at < s.deadline || (at === s.deadline && s.ms === 0) }).toEqual({ ctx, ok: true });
            const info = o.world.infos.find((i) => i.name === s.task);
            expect({ ctx, state: info?.task?.state === "cancelled" || info?.task?.state === "failed" }).toEqual({ ctx, state: true });
          }
        }
      }),
      { numRuns: runs(250) },
    );
  });

  it("FIFO: ready tasks run in the order they were readied; equal deadlines wake in the order sleep was called", () => {
    fc.assert(
      fc.property(programs, (script) => {
        const o = execute(script);
        expectNoViolations(o);
        const w = o.world;
        // Spawned children start, and yielding tasks resume, in the order they were queued.
        const resumed = new Set(w.resumed);
        const queued = new Set(w.enqueued);
        const expectedOrder = w.enqueued.filter((k) => resumed.has(k));
        const actualOrder = w.resumed.filter((k) => queued.has(k));
        expect(actualOrder).toEqual(expectedOrder);
        // Every woken sleep, in wake order, is sorted by (deadline, order of the sleep calls).
        const woken = w.sleeps.filter((s) => s.wakeIndex !== null).sort((a, b) => (a.wakeIndex as number) - (b.wakeIndex as number));
        const keys = woken.map((s) => [s.deadline, s.callIndex] as const);
        const sorted = [...keys].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
        expect(keys).toEqual(sorted);
      }),
      { numRuns: runs(250) },
    );
  });

  it("every finally block that was entered runs exactly once, and a cancellation's cleanup always completes", () => {
    fc.assert(
      fc.property(programs, (script) => {
        const o = execute(script);
        expectNoViolations(o);
        expect(o.recoveryError).toBeUndefined();
        for (const i of o.world.infos) {
          if (i.task === null) continue; // its spawn never happened
          const ctx = `${i.name} (${i.task.label}, ${i.task.state}, exit ${i.exit})\n${explain(o)}`;
          expect({ ctx, finished: i.task.isFinished }).toEqual({ ctx, finished: true });
          if (i.started) {
            expect({ ctx, finallyEntered: i.finallyEntered }).toEqual({ ctx, finallyEntered: 1 });
            expect({ ctx, atMostOnce: i.finallyDone <= 1 }).toEqual({ ctx, atMostOnce: true });
            // Cleanup after generator.return() is shielded: nothing can cut it short.
            if (i.exit === "cancelled") expect({ ctx, finallyDone: i.finallyDone }).toEqual({ ctx, finallyDone: 1 });
            // Any other cleanup may only be cut short by a cancellation.
            if (i.finallyDone === 0) expect({ ctx, state: i.task.state === "cancelled" || i.task.state === "failed" }).toEqual({ ctx, state: true });
            if (i.task.state === "done") expect({ ctx, exit: i.exit, done: i.finallyDone }).toEqual({ ctx, exit: "normal", done: 1 });
          } else {
            // A task that never ran was cancelled before its first step.
            expect({ ctx, state: i.task.state }).toEqual({ ctx, state: "cancelled" });
            expect({ ctx, finallyEntered: i.finallyEntered }).toEqual({ ctx, finallyEntered: 0 });
          }
        }
      }),
      { numRuns: runs(250) },
    );
  });

  it("no task or timer is left after run() returns or throws (a deadlock is reported exactly, and cancelling the root then cleans up)", () => {
    fc.assert(
      fc.property(programs, (script) => {
        const o = execute(script);
        expectNoViolations(o);
        const s = o.world.scheduler as Scheduler;
        if (o.error instanceof DeadlockError) {
          // checkDeadlock (in expectNoViolations) compared the report with the live tasks;
          // after the root was cancelled and the host run again, nothing is left either.
          expect(o.recoveryError).toBeUndefined();
        } else if (o.threw) {
          expect(programErrorsIn(o.error).length).toBeGreaterThan(0);
        }
        expect({ live: s.liveTasks, timers: s.timerCount, ready: s.readyCount, log: explain(o) }).toEqual({ live: 0, timers: 0, ready: 0, log: explain(o) });
      }),
      { numRuns: runs(250) },
    );
  });

  it("structured lifetimes: no task's code runs after an ancestor finished; a joined or cancel-awaited task's whole subtree has finished", () => {
    // The checks are made by the interpreter as it runs (World.rec and
    // World.checkSubtreeFinished); here we also check the tree at the end.
    fc.assert(
      fc.property(programs, (script) => {
        const o = execute(script);
        expectNoViolations(o);
        o.world.checkSubtreeFinished(o.root, "at the end");
        expect(o.world.violations).toEqual([]);
        // Wherever a task was seen finished (a join or cancel-wait returned), every
        // descendant's cleanup had already been logged as done.
        const log = o.world.log;
        const byName = new Map(o.world.infos.map((i) => [i.name, i]));
        log.forEach((line, seenAt) => {
          const m = / saw (\S+) finished$/.exec(line);
          if (m === null) return;
          const stack = [...(byName.get(m[1] as string)?.children ?? [])];
          while (stack.length > 0) {
            const d = stack.pop() as (typeof stack)[number];
            stack.push(...d.children);
            if (!d.started) continue;
            const doneAt = log.findIndex((l) => l.split(" ")[1] === d.name && l.endsWith(" finally done"));
            const ctx = `${d.name} vs "${line}"\n${explain(o)}`;
            if (d.exit === "cancelled") expect({ ctx, done: doneAt >= 0 }).toEqual({ ctx, done: true });
            expect({ ctx, before: doneAt < seenAt }).toEqual({ ctx, before: true });
          }
        });
      }),
      { numRuns: runs(200) },
    );
  });

  it("errors are never silent: an error nobody joined and caught reaches the caller of run()", () => {
    fc.assert(
      fc.property(programs, (script) => checkErrorsNotSilent(execute(script))),
      { numRuns: runs(300) },
    );
  });

  it("errors are never silent when several children fail in the same instant and the parent's error is caught", () => {
    // root: spawn P, join P (catching). P: spawn 2-4 children, then suspend,
    // sleep or join one. Each child yields or sleeps a little, then maybe throws.
    fc.assert(
      fc.property(siblingFailures, (script) => checkErrorsNotSilent(execute(script))),
      { numRuns: runs(300) },
    );
  });

  it("determinism: the same program and seed give byte-identical logs, through VirtualHost and through run()", () => {
    fc.assert(
      fc.property(programs, seeds, (script, seed) => {
        const a = execute(script, seed);
        const b = execute(script, seed);
        const c = execute(script, seed, "run");
        const render = (o: Outcome, log: string[]): string => JSON.stringify({ log, error: o.threw ? String(o.error) : null });
        expect(render(b, b.world.log)).toBe(render(a, a.world.log));
        expect(render(c, c.logAtEnd)).toBe(render(a, a.logAtEnd));
        expect(a.world.log.length).toBeGreaterThan(0);
      }),
      { numRuns: runs(150) },
    );
  });

  it("the typed form's fast path (spawn and join inside next()) gives byte-identical logs to the kernel's path", () => {
    fc.assert(
      fc.property(programs, seeds, (script, seed) => {
        const typed = execute(script, seed, "host", "typed");
        const direct = execute(script, seed, "host", "direct");
        const render = (o: Outcome): string => JSON.stringify({ log: o.world.log, resumed: o.world.resumed, error: o.threw ? String(o.error) : null });
        expect(render(typed)).toBe(render(direct));
      }),
      { numRuns: runs(200) },
    );
  });
});
