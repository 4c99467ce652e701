/**
 * A Turn: work that takes a place in the ready queue, as a task does, so
 * that it happens exactly when every task queued before it has had its
 * step, and before every task queued after it.
 *
 * Why the kernel has it: a discrete-event model (SimPy's rules, which
 * src/sim follows) processes an event at its place in the instant's
 * queue, not at the moment it was triggered: a task that begins to wait
 * for an event already triggered but not yet processed still waits for
 * that place, a preemption or an interrupt that comes in between still
 * reaches the waiting task, and what processing sets off (a store serving
 * its next get) happens in that order too. A timer cannot do it (a
 * zero-delay timer fires only once the ready queue is empty), nor can
 * waking tasks at once (their place would be the trigger's).
 *
 * See Scheduler.queueTurn for the rule that makes it one place: the tasks
 * a turn wakes run at the turn's place, before the tasks queued after it.
 *
 * @example
 * ```ts
 * const processed: Turn = { takeTurn: () => waiter.resume(value) };
 * scheduler.queueTurn(processed);
 * ```
 *
 * @category Extending
 */
export interface Turn {
  /**
   * Called once, when the ready queue reaches the place the turn was
   * queued at. It must only wake tasks (`task.resume`), start them, or
   * record facts: no task code runs here (the same rule as a timer's
   * fire()); callbacks it calls (an event's subscribers) are held to the
   * same rule. Every task it makes ready, woken or started, runs at its
   * place. An error it throws leaves the run call.
   */
  takeTurn(): void;
}
