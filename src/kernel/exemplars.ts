/**
 * Exemplars: objects kept alive for the life of the process so that the
 * hidden classes of spindle's own objects outlive every user's program.
 *
 * Why: V8 holds the final hidden class of a class instance (the one reached
 * once the constructor has added every field) only weakly, and optimised
 * code that depends on a hidden class is thrown away when a full GC finds
 * no object of that class alive (V8's reason: "weak objects"). A program
 * that finishes its tasks between two bursts of work (a benchmark round, a
 * game level, a request handled) leaves no Task, no Sleep and no channel
 * alive, so every full GC cost the step loop its optimised code, and the
 * next burst ran 20-40% slower while V8 optimised it again. A long-running
 * program collects all the time, so that was its real speed.
 *
 * So each module whose objects are on a hot path registers a small program
 * (registerExemplar) that makes and uses one of each on a scheduler of its
 * own; the programs run once, when the first Scheduler is made (never
 * inside a run: none exists before it), and what they return is kept. They
 * hold nothing of the user's: a few kilobytes in all. A program registered
 * later (a module loaded after the first scheduler) runs at once, unless a
 * run is in progress; then it is skipped (the program only loses this
 * optimisation). Measured with a forced full GC before each 1M-switch run:
 * ~32 ms without exemplars, ~24 ms (the warm time) with them.
 *
 * A program keeps everything it makes, its generator functions included
 * (define them outside, or return them): a generator's hidden class belongs
 * to its function, and the step loop's code checks the classes of the
 * generators it has resumed, so an exemplar's own generator function that
 * died would take the step loop's optimised code with it at the next full
 * GC. test/kernel/exemplars-gc.test.ts checks this from outside.
 */
import { YIELD_NOW, protocol } from "./instruction.js";
import type { Coroutine } from "./instruction.js";
import { Sleep } from "./instructions.js";
import type { Scheduler } from "./scheduler.js";
import type { Task } from "./task.js";

/** A program that makes and uses a module's objects on `scheduler`, and returns what to keep. */
export type ExemplarProgram = (scheduler: Scheduler) => unknown;

const programs: ExemplarProgram[] = [];
/** What the programs returned (with their schedulers); null until the first Scheduler is made. */
let kept: unknown[] | null = null;
let makeScheduler: (() => Scheduler) | null = null;

/** @internal Whether the exemplars have been made (the Scheduler constructor asks, once per scheduler). */
export function exemplarsKept(): boolean {
  return kept !== null;
}

/** @internal Runs every registered program, once, with schedulers made by `make`. */
export function keepExemplars(make: () => Scheduler): void {
  if (kept !== null) return;
  kept = []; // first: the schedulers made below must not come back here
  makeScheduler = make;
  for (const program of programs) runExemplar(program);
}

/** @internal Registers a module's exemplar program (see the file header). */
export function registerExemplar(program: ExemplarProgram): void {
  programs.push(program);
  if (kept !== null && protocol.active === null) runExemplar(program);
}

function runExemplar(program: ExemplarProgram): void {
  try {
    const scheduler = (makeScheduler as () => Scheduler)();
    (kept as unknown[]).push(scheduler, program(scheduler));
  } catch {
    // An exemplar that cannot run costs this optimisation, never the program.
  }
}

// The kernel's own: a task that yields and sleeps, and one that joins it
// (spawn() keeps its own: see ops/tasks.ts).
function* exemplarSleeper(nap: Sleep): Coroutine<number> {
  yield YIELD_NOW;
  yield nap;
  return 1;
}

function* exemplarJoiner(sleeper: Task<number>): Coroutine<number> {
  return (yield sleeper) as number;
}

registerExemplar((scheduler) => {
  const nap = new Sleep(1);
  const sleeper = scheduler.spawn(exemplarSleeper, nap);
  const joiner = scheduler.spawn(exemplarJoiner, sleeper);
  scheduler.runVirtual();
  return [nap, sleeper, joiner];
});
