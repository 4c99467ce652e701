/**
 * DeadlockError: nothing is ready, no timer is armed, yet tasks are blocked.
 * On the virtual clock nothing can ever wake them, so the run stops with a
 * report of every blocked task instead of hanging or returning quietly.
 */
import { SpindleError } from "../kernel/errors.js";
import type { Scheduler } from "../kernel/scheduler.js";

/** One blocked task in a {@link DeadlockError} report. */
export interface BlockedTask {
  id: number;
  name: string;
  /** `task#3 "philosopher"` */
  label: string;
  /** What it waits on: `recv(ch#2)`, `join(task#4 "worker")`... */
  waitingOn: string;
  /** Since when (scheduler time). */
  since: number;
  /** Its chain of parents, nearest first, as labels. */
  parents: string[];
}

/**
 * Thrown by the virtual host when tasks are blocked and nothing can wake them.
 *
 * @example
 * ```ts
 * try { run(main); } catch (e) {
 *   if (e instanceof DeadlockError) for (const t of e.blocked) console.log(t.label, "waits on", t.waitingOn);
 * }
 * ```
 */
export class DeadlockError extends SpindleError {
  /** Every blocked task, in tree order. */
  readonly blocked: readonly BlockedTask[];
  /** Scheduler time at which the deadlock was found. */
  readonly time: number;

  constructor(blocked: BlockedTask[], time: number) {
    const lines = blocked.map((t) => `  ${t.label} waits on ${t.waitingOn} since t=${t.since}${t.parents.length ? ` (in ${t.parents.join(" <- ")})` : ""}`);
    super(
      `deadlock at t=${time}: ${blocked.length} task${blocked.length === 1 ? " is" : "s are"} blocked, nothing is ready and no timer is armed, so nothing can wake ${blocked.length === 1 ? "it" : "them"}:\n${lines.join("\n")}`,
    );
    this.blocked = blocked;
    this.time = time;
  }
}

/** Builds the report from the scheduler's live tasks. */
export function deadlockOf(scheduler: Scheduler): DeadlockError {
  const blocked: BlockedTask[] = [];
  for (const task of scheduler.tasks()) {
    if (task.state !== "blocked") continue;
    const parents: string[] = [];
    for (let p = task.parent; p !== null; p = p.parent) parents.push(p.label);
    blocked.push({
      id: task.id,
      name: task.name,
      label: task.label,
      waitingOn: task.waitingOn ?? "nothing",
      since: task.blockedSince,
      parents,
    });
  }
  return new DeadlockError(blocked, scheduler.now);
}
