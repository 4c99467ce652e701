/**
 * DeadlockError: nothing is ready, no timer is armed, yet tasks are blocked.
 * On the virtual clock nothing can ever wake them, so the run stops with a
 * report of every blocked task instead of hanging or returning quietly.
 */
import { SpindleError, describeError, setErrorKind } from "../kernel/errors.js";
import type { Scheduler } from "../kernel/scheduler.js";
import { F_CANCELLING, F_FAILING, F_GENERATOR_DONE } from "../kernel/task-state.js";

/**
 * One blocked task in a {@link DeadlockError} report.
 *
 * @category Hosts
 */
export interface BlockedTask {
  /** Task id. */
  id: number;
  /** Task name. */
  name: string;
  /** `task#3 "philosopher"` */
  label: string;
  /** What it waits on: `recv(ch#2)`, `join(task#4 "worker")`... */
  waitingOn: string;
  /** Since when (scheduler time). */
  since: number;
  /** Its chain of parents, nearest first, as labels. */
  parents: string[];
  /** True when it was cancelled and is running its cleanup (a `finally`) when it blocked. */
  cancelling: boolean;
  /** The error it will fail with once what it waits on (its children) has finished; undefined if none. */
  failure?: unknown;
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
 *
 * @category Hosts
 */
export class DeadlockError extends SpindleError {
  /** Every blocked task, in tree order. */
  declare readonly blocked: readonly BlockedTask[];
  /** Scheduler time at which the deadlock was found. */
  declare readonly time: number;

  /**
   * The first error a blocked task was about to fail with (a TimeoutError
   * whose cleanup hung, say): the deadlock hides it, so it is kept here and
   * in the message, not lost.
   */
  declare readonly cause: unknown;

  constructor(blocked: BlockedTask[], time: number) {
    const lines = blocked.map((t) => `  ${t.label} waits on ${t.waitingOn} since t=${t.since}${stateOf(t)}${t.parents.length ? ` (in ${t.parents.join(" <- ")})` : ""}`);
    const failing = blocked.find((t) => t.failure !== undefined);
    const hints: string[] = [];
    if (failing !== undefined) hints.push(`The deadlock hides the error ${failing.label} was failing with; it is this error's cause.`);
    if (blocked.some((t) => t.cancelling)) hints.push("A cleanup that waits for something no task will do hangs its cancellation: bound the wait in the finally block with timeout(), or do not wait there.");
    else {
      hints.push(
        "Read what each task waits on. The usual causes: a receive or a wait that no task will answer, a lock never unlocked, tasks that wait for each other in a cycle, " +
          "a task that waits for something only it would do later (a send on an unbuffered channel that it reads itself). " +
          "Lock in one global order, close channels when done, or bound the wait with timeout().",
      );
    }
    hints.push(
      "To see more: error.blocked has this list as data; a TraceRecorder (run(main, { tracer })) shows what each task did before it blocked; " +
        "host.scheduler.dump() after host.runUntil(t) on a VirtualHost shows every live task at that moment.",
    );
    super(
      `deadlock at t=${time}: ${blocked.length} task${blocked.length === 1 ? " is" : "s are"} blocked, nothing is ready and no timer is armed, so nothing can wake ${blocked.length === 1 ? "it" : "them"}:\n${lines.join("\n")}${hints.map((h) => `\n${h}`).join("")}`,
    );
    // Not enumerable: the message already lists them, and Node would print them again after it.
    Object.defineProperty(this, "blocked", { value: blocked, enumerable: false });
    Object.defineProperty(this, "time", { value: time, enumerable: false });
    if (failing !== undefined) Object.defineProperty(this, "cause", { value: failing.failure, enumerable: false, configurable: true });
  }
}

setErrorKind(DeadlockError, "DeadlockError");

/** ", cancelled and in its cleanup", ", failing with TimeoutError: …": what else the task is doing while blocked. */
function stateOf(t: BlockedTask): string {
  const parts: string[] = [];
  if (t.cancelling) parts.push("cancelled and in its cleanup");
  if (t.failure !== undefined) parts.push(`failing with ${describeError(t.failure)}`);
  return parts.length === 0 ? "" : `, ${parts.join(", ")}`;
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
      cancelling: (task.flags & F_CANCELLING) !== 0 && (task.flags & F_GENERATOR_DONE) === 0,
      failure: (task.flags & F_FAILING) !== 0 ? task.result : undefined,
    });
  }
  return new DeadlockError(blocked, scheduler.now);
}
