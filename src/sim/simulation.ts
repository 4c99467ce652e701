/**
 * Simulation: SimPy's Environment on spindle's virtual host. It starts
 * processes, runs the clock (to the end, to a time, to an event, or one step
 * at a time) and reads it.
 *
 * What one `step()` is (SimPy's `env.step()` processes one event of its
 * queue; spindle has two queues, so a step is one of two things):
 * - if a task is ready, the oldest one is resumed and runs until it next
 *   waits (a *task step*; instructions that complete at once, such as
 *   reading the clock or a request granted on the spot, do not end it);
 * - otherwise the clock jumps to the earliest timer and every timer due at
 *   that instant fires (a *timer instant*), which only makes tasks ready;
 *   none of them runs in this step.
 * `peek()` is the time of the next step: `now` while a task is ready, else
 * the earliest timer, Infinity when nothing is left.
 *
 * Invariants: a Simulation owns one VirtualHost and drives it only through
 * the scheduler's public interface; the clock moves only forward; after
 * every step (and every run) a failure that no task handled is thrown to
 * the caller, never dropped (the first one, as the host does).
 *
 * Where spindle differs from SimPy, on purpose:
 * - `run()` throws DeadlockError when processes are still blocked and
 *   nothing can wake them (SimPy returns quietly). A consumer that loops
 *   forever on a store is such a process: stop it, or run until a time or
 *   an event instead;
 * - a process started with `spawn` inside another belongs to it and is
 *   cancelled when it returns (structured lifetimes). `sim.process()` and
 *   `startProcess()` start independent processes, as SimPy's
 *   `env.process()` does.
 */
import { Instruction, InvalidArgumentError, UsageError, activeScheduler, describeValue } from "../kernel/api.js";
import type { Operation, Random, Scheduler, Task } from "../kernel/api.js";
import { VirtualHost } from "../hosts/virtual.js";
import type { VirtualOptions } from "../hosts/virtual.js";
import { deadlockOf } from "../hosts/deadlock.js";
import type { ProgressMeter } from "../hosts/progress.js";
import { BaseEvent, SimEvent, delayOn } from "./event.js";
import type { Delay, SimEventOptions, Waitable } from "./event.js";

/**
 * Options of a {@link Simulation}: the seed of its random generator, its
 * start time, optionally a tracer or a schedule policy (see the
 * scheduler's options), and progress reports for long runs (`onProgress`,
 * see {@link Progress}): `run`, `runUntil` and `runUntilEvent` report.
 *
 * @example
 * ```ts
 * const sim = new Simulation({ seed: 42 });
 * ```
 *
 * @category Simulation
 */
export type SimulationOptions = VirtualOptions;

/**
 * A discrete-event simulation: processes (generator functions) on a
 * virtual clock that jumps from event to event. Same program and same seed
 * give the same run, event for event.
 *
 * @example
 * ```ts
 * const sim = new Simulation({ seed: 42 });
 * const counter = new Resource(1);
 * sim.process(source, counter);
 * sim.runUntil(100);
 * console.log(sim.now, counter.stats().utilisation);
 * ```
 *
 * @category Simulation
 */
export class Simulation {
  /** The virtual host underneath, for what this class does not wrap. */
  readonly host: VirtualHost;

  constructor(options: SimulationOptions = {}) {
    this.host = new VirtualHost(options);
  }

  /** The kernel scheduler (for tracers, `dump()`, timers). */
  get scheduler(): Scheduler {
    return this.host.scheduler;
  }

  /** The current simulated time. */
  get now(): number {
    return this.host.scheduler.now;
  }

  /** The seeded generator every variate of the model should come from (see `sample`). */
  get random(): Random {
    return this.host.scheduler.random;
  }

  /**
   * Starts a process: `fn(...args)` as a top-level task (SimPy's
   * `env.process(fn(args))`). It runs from the next step. Its failure, if
   * nobody joins it, stops the run. May be called from outside or inside
   * processes.
   *
   * @example
   * ```ts
   * const src = sim.process(source, 10, counter);
   * ```
   */
  process<T, A extends unknown[]>(fn: (...args: A) => Operation<T>, ...args: A): Task<T> {
    return this.host.scheduler.spawn(fn, ...args);
  }

  /**
   * A pending event of this simulation (SimPy's `env.event()`): the same as
   * `simEvent()`, except that a failure with nobody to handle it stops this
   * simulation's run even when `fail()` was called outside any process.
   *
   * @example
   * ```ts
   * const alarm = sim.event<string>({ name: "alarm" });
   * sim.process(sleeper, alarm);
   * alarm.succeed("ring");
   * ```
   */
  event<T = void>(options: SimEventOptions = {}): SimEvent<T> {
    const name = options.name;
    if (name !== undefined && typeof name !== "string") throw new InvalidArgumentError(`sim.event(): the name option must be a string, not ${describeValue(name)}`);
    return new SimEvent<T>(name, this.host.scheduler);
  }

  /**
   * An event that succeeds `delay` from now with `value` (SimPy's
   * `env.timeout(delay, value)`); inside a process, `after(delay)` is the same.
   *
   * @example
   * ```ts
   * const deadline = sim.after(100);
   * sim.runUntilEvent(deadline);
   * ```
   */
  after(delay: number): Delay<void>;
  after<T>(delay: number, value: T): Delay<T>;
  after<T>(delay: number, value?: T): Delay<T | undefined> {
    return delayOn(this.host.scheduler, delay, value);
  }

  /**
   * Runs until nothing is left to do: no task ready, no timer armed. Throws
   * the first failure no task handled, and DeadlockError (listing them) if
   * processes are still blocked at the end.
   *
   * @example
   * ```ts
   * sim.process(bank); sim.run();
   * ```
   */
  run(): void {
    this.host.run();
  }

  /**
   * Runs every event due before `time`, then sets the clock to `time`, as
   * SimPy's `env.run(until=time)`: what is due at exactly `time` is the next
   * call's first work (`runUntil(sim.now)` runs the current instant).
   * Processes still waiting stay as they are; a later call continues. Throws InvalidArgumentError for a
   * time that is not finite, UsageError for one in the past.
   *
   * @example
   * ```ts
   * sim.runUntil(4 * 7 * 24 * 60); // four weeks, in minutes
   * ```
   */
  runUntil(time: number): void {
    if (typeof time !== "number" || !Number.isFinite(time)) {
      throw new InvalidArgumentError(`runUntil(${describeValue(time)}): the time must be a finite number`);
    }
    this.host.runUntil(time);
  }

  /**
   * Runs until `event` has been processed (an event, a condition, or a task
   * that finishes) and gives its value, or throws its error (SimPy's
   * `env.run(until=event)`). Stops right after the step that processed it:
   * the tasks it woke have not run yet. Throws DeadlockError if
   * nothing is left that could trigger it while processes are blocked, and
   * UsageError if no process is left at all.
   *
   * @example
   * ```ts
   * const soldOut = simEvent<number>();
   * sim.process(theater, soldOut);
   * const when = sim.runUntilEvent(soldOut);
   * ```
   */
  runUntilEvent<T>(event: Waitable<T>): T {
    const isEvent = event instanceof BaseEvent;
    if (!isEvent && !(typeof event === "object" && event !== null && typeof (event as Task<T>).addFinishListener === "function")) {
      throw new InvalidArgumentError(`runUntilEvent(${describeValue(event)}): needs an event, a condition or a task`);
    }
    const done = isEvent ? () => event.processed : () => event.isFinished;
    const nothingLeft = (): Error => {
      const s = this.host.scheduler;
      const what = isEvent ? event.describe() : event.label;
      if (s.liveTasks > 0) return deadlockOf(s);
      return new UsageError(`runUntilEvent(${what}): every process has finished at t=${s.now} and ${what} never triggered; nothing is left that could trigger it`);
    };
    refuseInside("runUntilEvent()");
    this.host.beginCall("runUntilEvent()");
    try {
      const meter = this.host.progress;
      if (meter === null) {
        while (!done()) {
          if (!this.stepOnce()) throw nothingLeft();
        }
      } else {
        this.stepReporting(meter, done, nothingLeft);
      }
    } finally {
      this.host.endCall();
    }
    return event.value;
  }

  /**
   * runUntilEvent's loop with progress reports: the same steps, with the
   * wall clock read once per slice of the meter's size (task steps and
   * timer instants counted alike), and the final report at the end.
   */
  private stepReporting(meter: ProgressMeter, done: () => boolean, nothingLeft: () => Error): void {
    const s = this.host.scheduler;
    meter.begin(s, null);
    let work = 0;
    let steps = 0;
    while (!done()) {
      const taskStep = s.readyCount > 0;
      if (!this.stepOnce()) throw nothingLeft();
      if (taskStep) steps++;
      if (++work >= meter.slice) {
        meter.sliceEnded(s, steps);
        work = steps = 0;
      }
    }
    meter.countSteps(steps);
    meter.end(s);
  }

  /**
   * Processes one step: a task step if a task is ready, else one timer
   * instant (see the file header). Returns false, doing nothing, when
   * nothing is left. Throws the first failure no task handled.
   *
   * @example
   * ```ts
   * while (sim.peek() <= 10 && sim.step()) trace.push(sim.now);
   * ```
   */
  step(): boolean {
    refuseInside("step()");
    this.host.refuseFromProgress("step()");
    return this.stepOnce();
  }

  /** One step, for step() and runUntilEvent's loops (which have checked, once, who calls them). */
  private stepOnce(): boolean {
    const s = this.host.scheduler;
    if (s.readyCount > 0) {
      s.runReady(1);
    } else {
      const next = s.nextDeadline();
      if (next === Infinity) return false;
      s.advanceTo(next);
    }
    const failure = s.uncaught.shift();
    if (failure !== undefined) throw failure.error;
    return true;
  }

  /**
   * The time of the next step: `now` if a task is ready, else the earliest
   * timer's deadline, or Infinity when nothing is left (SimPy's `peek()`).
   *
   * @example
   * ```ts
   * if (sim.peek() === Infinity) console.log("the model has come to rest");
   * ```
   */
  peek(): number {
    const s = this.host.scheduler;
    return s.readyCount > 0 ? s.now : s.nextDeadline();
  }
}

function refuseInside(what: string): void {
  const inside = activeScheduler();
  if (inside !== null) {
    throw new UsageError(
      `sim.${what} was called from inside ${inside.current ? inside.current.label : "a task"}: a process cannot drive the simulation it runs in; wait for an event with yield* instead`,
    );
  }
}

/** `startProcess(fn, ...args)`: an independent top-level process, from inside one. */
class StartProcess<T, A extends unknown[]> extends Instruction<Task<T>> {
  // Declared, and set in the constructor: one is made per process started,
  // and field initialisers (parameter properties included) are slower to
  // construct on Node 20 (see BaseEvent).
  private declare readonly fn: (...args: A) => Operation<T>;
  private declare readonly args: A;

  constructor(fn: (...args: A) => Operation<T>, args: A) {
    super();
    this.fn = fn;
    this.args = args;
  }
  describe(): string {
    return `startProcess(${this.fn.name || "anonymous"})`;
  }
  tryNow(task: Task<unknown>): Task<T> {
    // spawnTask with the arguments as they are: spawn(fn, ...args) would copy them into a new array.
    return task.scheduler.spawnTask(null, this.fn, this.args, false);
  }
}

/**
 * Starts an independent process from inside another (SimPy's
 * `env.process()`): a top-level task that keeps running after the process
 * that started it has returned. `spawn` instead starts a child, which is
 * cancelled when its parent returns. Gives the new task; joining it
 * (`yield* task`) waits for its result.
 *
 * @example
 * ```ts
 * function* source(n: number, counter: Resource) {
 *   for (let i = 0; i < n; i++) {
 *     yield* startProcess(customer, `Customer${i}`, counter);
 *     yield* sleep(yield* exponential(10));
 *   } // returning here does not stop the customers still in the bank
 * }
 * ```
 *
 * @category Simulation
 */
export function startProcess<T, A extends unknown[]>(fn: (...args: A) => Operation<T>, ...args: A): Instruction<Task<T>> {
  if (typeof fn !== "function") throw new InvalidArgumentError(`startProcess(${describeValue(fn)}): needs a generator function`);
  return new StartProcess(fn, args);
}
