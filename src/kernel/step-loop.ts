/**
 * The step loop: resumes a task's generator and runs what it yields, until
 * the task blocks, goes back to the queue or ends. This is the hot path.
 *
 * Invariants:
 * - it allocates nothing itself: a resume is `gen.next(v)`, `gen.throw(e)` or
 *   `gen.return()`; the yielded instruction is dispatched on a small integer
 *   for the kernel's own fast paths (yield, sleep) and otherwise through the
 *   one blocking shape, `tryNow` then `park` (see instruction.ts);
 * - the generator is resumed in `resume()`, and in fastStep, which writes
 *   out resume()'s plain case (the hottest line of the kernel; see there);
 * - a task leaves a step in exactly one of: queued (READY), parked (BLOCKED,
 *   with a `wait`), or its generator ended;
 * - an instruction that completes at once lets the task continue without
 *   going through the queue, at most INLINE_LIMIT times in a row, so a task
 *   that only spawns or reads the clock cannot starve the others. The typed
 *   form's fast path (an instruction's own next()) counts against the same
 *   budget, so both forms interleave tasks identically;
 * - no task code runs outside a step: timers, wake-ups and cancellation only
 *   queue tasks. That keeps every primitive's bookkeeping simple: when a
 *   callback runs, no generator is half-way through a step.
 *
 * Exception safety: an instruction's `tryNow` or `park` that throws is the
 * operation refusing; `park` is undone first (the task leaves whatever it
 * was parked on), then the error is thrown at the task's yield. A tracer
 * hook that throws is guarded (lifecycle.ts), so no task is lost from the
 * ready queue.
 */
import { InvalidYieldError, UsageError, describeValue } from "./errors.js";
import { Instruction } from "./instruction.js";
import * as instructionModule from "./instruction.js";
import type { Sleep } from "./instructions.js";
import type { Wait } from "./instruction.js";
import { TaskLifecycle } from "./lifecycle.js";
import { RingQueue } from "./ring-queue.js";
import type { SchedulePolicy } from "./tracer.js";
import { Task } from "./task.js";
import type { Turn } from "./turn.js";
import * as states from "./task-state.js";
import type { TimerEntry } from "./timer-heap.js";
import { localClockOf } from "./local-clock.js";
import { TimerWait } from "./timer-wait.js";

// The kernel's constants and transitions, bound once as this module's own
// `const`s. Why: in the CommonJS build tsc turns every use of an imported
// binding into a read of the other module's `exports` object, whose
// properties tsc first sets to undefined, so V8 cannot treat them as
// constants; each flag test in the step loop then costs a few loads and a
// type check. A local const it folds. Measured: ~20% more context switches
// per second.
const { DELEGATED, KIND_SHIELD_ENTER, KIND_SHIELD_LEAVE, KIND_SLEEP, KIND_YIELD, PARKED_IN_NEXT, WAIT, YIELD_NOW, kindOf, protocol } = instructionModule;
const {
  BLOCKED,
  F_CANCEL_REQUESTED,
  F_DELEGATED,
  F_INTERRUPTED,
  F_PARKING,
  F_RETURN,
  F_STARTED,
  F_THROW,
  READY,
  RUNNING,
  cancellationDeliverable,
  toBlocked,
  toReady,
  toRunning,
} = states;

/** How many instructions completing at once a task may run before it goes back to the queue. */
const INLINE_LIMIT = 64;

/** What stepOn() is given instead of an instruction when it must resume the generator first. */
const RESUME: unknown = Symbol("resume");

/** @internal The step-loop half of the Scheduler (see the file header). */
export abstract class StepLoop extends TaskLifecycle {
  /** The task being stepped (also while its instruction's park() runs), or null between steps. */
  get current(): Task<unknown> | null {
    const task = this.running;
    if (task === null) return null;
    return task.stateCode === RUNNING || (task.flags & F_PARKING) !== 0 ? task : null;
  }

  /**
   * The place-holder a turn occupies in the ready queue (see queueTurn): one
   * object, queued once per turn, so that the ready queue keeps holding
   * tasks only (its hot path sees one shape). Never RUNNING, never started:
   * fastStep's first test sends it to step(), which takes the turn.
   */
  private turnMarker: Task<unknown> | null = null;
  /** The turns queued, in the order of their markers in the ready queue. */
  private readonly turns = new RingQueue<Turn>(16, true);

  /**
   * @internal Queues `turn` at the back of the ready queue (see
   * Scheduler.queueTurn). Its marker counts as ready work for the hosts.
   */
  protected queueTurnMarker(turn: Turn): void {
    let marker = this.turnMarker;
    if (marker === null) marker = this.turnMarker = new Task(this as unknown as Task<unknown>["scheduler"], 0, "turn", EMPTY, null);
    this.turns.push(turn);
    this.ready.push(marker);
    this.workArrived();
  }

  /**
   * Takes the oldest turn (its marker was just taken off the ready queue).
   * The tasks it wakes were queued at the back; they move to the front, in
   * the order it woke them, so that they run at the turn's place. Turns it
   * queues stay at the back. A turn that throws has still been taken, and
   * the tasks it woke are in place: the error leaves the run call, as a
   * timer's does.
   */
  private takeTurn(): void {
    const turn = this.turns.shift();
    const ready = this.ready;
    const before = ready.length;
    try {
      turn.takeTurn();
    } finally {
      const marker = this.turnMarker;
      // Newest first: each woken task put at the front goes before the ones
      // already moved, so they end up in the order they were woken. The
      // markers are one object, and the turns queue keeps their order, so
      // they are only counted and queued again.
      let markers = 0;
      for (let added = ready.length - before; added > 0; added--) {
        const entry = ready.pop();
        if (entry === marker) markers++;
        else ready.unshift(entry);
      }
      for (; markers > 0; markers--) ready.push(marker as Task<unknown>);
    }
  }

  /** @internal One step when a tracer or a policy is set. A turn at the front is taken first: it is not a task, nor a choice. */
  protected slowStep(ready: RingQueue<Task<unknown>>): void {
    if (ready.peek() === this.turnMarker) {
      ready.shift();
      this.takeTurn();
      return;
    }
    const task = this.policy === null ? ready.shift() : this.pickByPolicy(this.policy);
    if (this.tracer === null) {
      this.step(task);
      return;
    }
    this.trace("stepStarted", task);
    this.step(task);
    this.trace("stepEnded", task);
  }

  /** Asks the policy for the next task; the queue is unchanged if the policy throws or picks nonsense. */
  private pickByPolicy(policy: SchedulePolicy): Task<unknown> {
    const ready = this.ready;
    const marker = this.turnMarker;
    // The policy chooses among tasks; a turn's marker further back keeps its place.
    const candidates: Task<unknown>[] = [];
    const places: number[] = [];
    for (let i = 0; i < ready.length; i++) {
      const t = ready.at(i);
      if (t === marker) continue;
      candidates.push(t);
      places.push(i);
    }
    const index = policy.pick(candidates, this.policyRandom);
    if (!Number.isInteger(index) || index < 0 || index >= candidates.length) {
      throw new UsageError(`schedule policy picked ${describeValue(index)}, but only indexes 0..${candidates.length - 1} are ready tasks`);
    }
    return ready.removeAt(places[index] as number);
  }

  /**
   * @internal What step() does, with a fast path for the commonest step: one plain
   * resume after which the task yields `yieldNow()` with nothing pending, and
   * is requeued. Anything else (an error or a cancellation to throw in, the
   * body ending, a pending cancel or interrupt, any other instruction) goes on
   * in stepOn(), the complete step loop; the fast path only ever skips work
   * that loop would have done the same way.
   */
  protected fastStep(task: Task<unknown>): void {
    let flags = task.flags;
    // One test for the rare cases: a first step, or an error or a
    // cancellation's return() to deliver. step() does those.
    if ((flags & (F_STARTED | F_THROW | F_RETURN)) !== F_STARTED) {
      this.step(task);
      return;
    }
    const gen = task.gen as Iterator<unknown, unknown, unknown>;
    // This method is the kernel's hottest, and V8 inlines it into the run
    // loop only while the loop stays within its inlining budget; so the
    // transitions (toRunning, toReady) and resume() are written out here, as
    // the same field writes, instead of called. Measured: with the calls,
    // channel fan-in ran at ~0.6x and ping-pong at ~0.8x of this.
    task.stateCode = RUNNING; // toRunning
    // `running` is not cleared between steps of one run call: nothing reads
    // it there (no task code runs between steps, and the fast path also
    // checks that the task is RUNNING), the next step overwrites it, and
    // the run call clears it on the way out. One store less per switch.
    this.running = task;
    protocol.inlineLeft = INLINE_LIMIT;
    // resume(), for the plain next() that fastStep's test above leaves.
    if ((flags & F_DELEGATED) !== 0) protocol.resumingDelegated = true;
    const value = task.resumeValue;
    task.resumeValue = undefined;
    let result: IteratorResult<unknown, unknown>;
    try {
      result = gen.next(value);
    } catch (error) {
      this.bodyThrew(task, error);
      return;
    }
    if (result.done === true) {
      this.bodyEnded(task, false, result.value);
      return;
    }
    let op: unknown;
    flags = task.flags; // re-read: the task's code may have changed it (task.cancel() on itself)
    if (result === DELEGATED) {
      op = DELEGATED.value;
      if ((flags & F_DELEGATED) === 0) task.flags = flags |= F_DELEGATED;
    } else {
      op = result.value;
      if ((flags & F_DELEGATED) !== 0) task.flags = flags &= ~F_DELEGATED;
    }
    // yieldNow() is one shared object, so identity says it all.
    if (op === YIELD_NOW && (flags & (F_CANCEL_REQUESTED | F_INTERRUPTED)) === 0) {
      task.stateCode = READY; // toReady
      this.ready.push(task);
      return;
    }
    // Parked inside the instruction's next() (the typed form's fast path):
    // the step is over. stepOn handles the misuse case.
    if (op === PARKED_IN_NEXT && task.stateCode !== RUNNING) return;
    this.stepOn(task, gen, op);
  }

  /** @internal Resumes `task` (just taken off the ready queue) until it blocks, requeues or ends. */
  protected step(task: Task<unknown>): void {
    if (task === this.turnMarker) {
      this.takeTurn();
      return;
    }
    toRunning(task);
    task.flags |= F_STARTED;
    this.running = task;
    protocol.inlineLeft = INLINE_LIMIT;
    this.stepOn(task, task.gen as Iterator<unknown, unknown, unknown>, RESUME);
  }

  /**
   * Resumes a task's generator (fastStep writes out the first case): with its pending value
   * (`next`), its pending error (`throw`) or, for a task cancelled before it
   * ever ran, `return()`. Gives what the generator yielded, or null when its
   * body ended (returned or threw; bodyEnded has run).
   */
  private resume(task: Task<unknown>, gen: Iterator<unknown, unknown, unknown>, flags: number): IteratorResult<unknown, unknown> | null {
    // Cleared before the resume, not after: the resume may park the task
    // and an instruction's next() may wake it at once, storing its value here.
    const value = task.resumeValue;
    task.resumeValue = undefined;
    let result: IteratorResult<unknown, unknown>;
    try {
      if ((flags & (F_THROW | F_RETURN)) === 0) {
        if ((flags & F_DELEGATED) !== 0) protocol.resumingDelegated = true;
        result = gen.next(value);
      } else if ((flags & F_RETURN) !== 0) {
        task.flags = flags & ~F_RETURN;
        result = gen.return !== undefined ? gen.return(undefined) : CLOSED;
      } else {
        task.flags = flags & ~F_THROW;
        if (gen.throw === undefined) throw value;
        result = gen.throw(value);
      }
    } catch (error) {
      this.bodyThrew(task, error);
      return null;
    }
    if (result.done === true) {
      this.bodyEnded(task, false, result.value);
      return null;
    }
    return result;
  }

  /** The generator threw (or let a thrown-in error escape): its body has ended. */
  private bodyThrew(task: Task<unknown>, error: unknown): void {
    protocol.resumingDelegated = false;
    task.resumeValue = undefined;
    this.bodyEnded(task, true, error);
  }

  /**
   * The complete step loop, for a running task: runs `yielded` (what the
   * task just yielded), or first resumes the generator if it is RESUME, and
   * goes on until the task blocks, requeues or ends.
   */
  private stepOn(task: Task<unknown>, gen: Iterator<unknown, unknown, unknown>, yielded: unknown): void {
    let op = yielded;
    for (;;) {
      if (op === RESUME) {
        const result = this.resume(task, gen, task.flags);
        if (result === null) return;
        if (result === DELEGATED) {
          task.flags |= F_DELEGATED;
          op = DELEGATED.value;
        } else {
          task.flags &= ~F_DELEGATED;
          op = result.value;
        }
      }
      // Parked by the instruction's own next() (the typed form's fast path): the step is over.
      if (op === PARKED_IN_NEXT) {
        if (task.stateCode !== RUNNING) return;
        op = this.throwIn(task, new UsageError(`${task.label} yielded an internal park marker without being parked; yield the instruction itself`));
        continue;
      }
      // A cancellation or interrupt requested while the task ran (or was
      // ready) lands here, at its next yield. One test covers both.
      if ((task.flags & (F_CANCEL_REQUESTED | F_INTERRUPTED)) !== 0 && !isShieldStep(op) && this.deliverPending(task)) {
        // The instruction yielded is left untried; one that acted when it was made is told.
        if (op instanceof Instruction) this.tellAbandoned(task, op);
        op = RESUME;
        continue;
      }
      if (!(op instanceof Instruction)) {
        op = this.throwIn(task, new InvalidYieldError(task.label, op));
        continue;
      }
      const kind = kindOf(op);
      if (kind === KIND_YIELD) {
        toReady(task, this.ready);
        return;
      }
      if (kind === KIND_SLEEP) {
        // Armed here, without tryNow/park, when the clock can count the
        // delay; otherwise it takes the general path below, where
        // Sleep.tryNow refuses it like any other refused operation.
        const ms = (op as Sleep).ms;
        if (this.now + ms !== this.now || ms === 0) {
          this.armSleep(task, op as Sleep);
          return;
        }
      }
      // The one blocking shape: the same two calls as an instruction's next().
      let result: unknown;
      try {
        result = op.tryNow(task);
        if (result === WAIT) {
          this.parkTask(task, op);
          return;
        }
      } catch (error) {
        // A refusal counts against the inline budget like a completion: a
        // task that retries a refused operation in a loop must still let
        // the others run.
        op = this.throwIn(task, error);
        if (--protocol.inlineLeft <= 0) {
          toReady(task, this.ready);
          return;
        }
        continue;
      }
      // A cancellation that became deliverable inside tryNow (an instruction
      // that cancels its own task, or leaves a shield) lands at this yield.
      if ((task.flags & F_CANCEL_REQUESTED) !== 0 && cancellationDeliverable(task)) {
        this.deliverCancel(task);
        op = RESUME;
        continue;
      }
      task.resumeValue = result;
      if (--protocol.inlineLeft <= 0) {
        toReady(task, this.ready);
        return;
      }
      op = RESUME;
    }
  }

  /** Sets `error` to be thrown into the task at its next resume; gives RESUME, for the step loop to go on. */
  private throwIn(task: Task<unknown>, error: unknown): unknown {
    task.flags |= F_THROW;
    task.resumeValue = error;
    return RESUME;
  }

  /**
   * @internal Parks `task` on `op`, whose tryNow said WAIT: the step loop's
   * and the typed fast path's (Instruction.next) one way to park. Throws what
   * must be thrown at the task's yield: park()'s own error (after undoing
   * whatever it parked the task on), a park() that did not park, or the
   * task's cancellation if park() made it deliverable.
   */
  parkTask(task: Task<unknown>, op: Instruction<unknown>): void {
    task.flags |= F_PARKING;
    try {
      op.park(task);
    } catch (error) {
      this.parkThrew(task, error);
    }
    const flags = (task.flags &= ~F_PARKING);
    // The common end: BLOCKED with no cancellation pending. The rest is checked apart (kept out of this hot method).
    if (task.stateCode !== BLOCKED || (flags & F_CANCEL_REQUESTED) !== 0) this.checkPark(task, op);
  }

  /** park() threw: undoes the park and throws what the task's yield must throw. */
  private parkThrew(task: Task<unknown>, error: unknown): never {
    task.flags &= ~F_PARKING;
    const ownCancellation = this.unpark(task);
    if (ownCancellation === undefined) throw error;
    // park() also cancelled its own task: the cancellation goes on (it
    // cannot be requested again), and park()'s error is kept as a failure.
    this.recordFailure(task, error);
    throw ownCancellation;
  }

  /** After park(): a park that did not park is misuse; a cancellation park() made deliverable is thrown instead. */
  private checkPark(task: Task<unknown>, op: Instruction<unknown>): void {
    const state = task.stateCode;
    if (state === RUNNING) {
      throw new UsageError(
        `${op.describe()}: tryNow() said ${task.label} must wait, but park() did not park it; park() must put the task on a WaitList (or call task.block())`,
      );
    }
    if (state === BLOCKED && cancellationDeliverable(task)) {
      this.unpark(task);
      throw this.cancellationToThrow(task);
    }
    // BLOCKED with a cancellation that waits for a shield, or READY: parked
    // and already woken by park() itself (queued).
  }

  /**
   * @internal After a completion in an instruction's next(): if tryNow made
   * the task's cancellation deliverable, throws it there (the kernel's path
   * delivers it at the same yield).
   */
  cancelAtCompletion(task: Task<unknown>): void {
    if (cancellationDeliverable(task)) throw this.cancellationToThrow(task);
  }

  /**
   * Delivers the running task's cancellation as an error to throw at its
   * yield now (from next() or park), instead of leaving it pending for the
   * next resume as deliverCancel does.
   */
  private cancellationToThrow(task: Task<unknown>): unknown {
    this.deliverCancel(task);
    task.flags &= ~F_THROW;
    const error = task.resumeValue;
    task.resumeValue = undefined;
    return error;
  }

  /**
   * Undoes a park that must not stand (park() threw, or the cancellation is
   * delivered instead): the task leaves whatever it was parked on, or the
   * queue if park() also woke it, and is running again. An undo that throws
   * fails the task once it has unwound (lifecycle.ts). Gives the task's own
   * CancelledError if park() cancelled the task (it was queued with it):
   * that one must still be delivered.
   */
  private unpark(task: Task<unknown>): unknown {
    if (task.stateCode === BLOCKED) {
      const undoError = this.undoWait(task);
      toRunning(task);
      if (undoError !== undefined) this.recordFailure(task, undoError);
    } else if (task.stateCode === READY) {
      // Woken by park() itself: that wake-up is part of the park being undone.
      this.ready.remove(task);
      toRunning(task);
      const pending = task.resumeValue;
      const threw = (task.flags & F_THROW) !== 0;
      task.flags &= ~F_THROW;
      task.resumeValue = undefined;
      if (threw && this.isOwnCancellation(task, pending)) return pending;
    }
    return undefined;
  }

  /**
   * @internal Parks `task` on a timer for `sleep`. The Sleep is its own timer
   * (one object per sleep instead of two) unless it is already armed for
   * another task, which happens only when one Sleep is shared.
   */
  armSleep(task: Task<unknown>, sleep: Sleep): void {
    let wait: TimerEntry & Wait;
    if (sleep.heapIndex < 0) {
      sleep.sleeper = task;
      wait = sleep;
    } else {
      wait = new TimerWait(task, sleep); // the Sleep is armed for another task
    }
    this.armFor(task, wait, sleep.ms);
    toBlocked(task, wait, this.now);
  }

  /**
   * @internal Arms `entry` to fire `delay` ms from now on `task`'s clock:
   * its time group's when it has one (local-clock.ts), else the scheduler's.
   * Every timer a task arms for itself (sleep, timeout, select's deadline)
   * goes through here, so a paused group pauses them all.
   */
  armFor(task: Task<unknown>, entry: TimerEntry, delay: number): void {
    const context = task.context;
    if (context !== null) {
      const clock = localClockOf(context);
      if (clock !== null) {
        clock.armAfter(entry, delay);
        return;
      }
    }
    this.timers.insert(entry, this.now + delay);
  }

  /** @internal Disarms a timer entry (the task was cancelled or interrupted), in whichever heap it is. */
  disarm(entry: TimerEntry): void {
    const heap = entry.heap;
    if (heap !== null) heap.remove(entry);
  }
}


function isShieldStep(op: unknown): boolean {
  if (!(op instanceof Instruction)) return false;
  const kind = kindOf(op);
  return kind === KIND_SHIELD_ENTER || kind === KIND_SHIELD_LEAVE;
}

/**
 * The turn marker's generator: never resumed (see turnMarker). A real
 * generator object, not a plain one with a next(): V8 tracks the class of
 * what each field holds, and one plain object in Task.gen would make every
 * task's gen field generic. Measured: the simulation's M/M/1 ran ~1.5x
 * slower with a plain object here.
 */
const EMPTY: Iterator<unknown, unknown, unknown> = (function* turnMarker(): Generator<never, void, unknown> {})();

/** What cancelling an iterator without a return() method amounts to: it just stops. */
const CLOSED: IteratorResult<unknown, unknown> = { done: true, value: undefined };
