/// <reference types="node" />
/**
 * Graceful shutdown for a Node service whose work is a task tree on a host.
 *
 * The sequence, and why each step:
 * 1. First signal: cancel the root task. Every task under it is cancelled,
 *    most recent first, and its `finally` blocks run (they may wait: flush,
 *    answer in-flight requests, close the server). The host keeps running,
 *    since the cleanup is ordinary task code on it.
 * 2. When the root has finished (cleanup included): stop the host and exit
 *    with 0, or 1 if the cleanup failed.
 * 3. A deadline bounds the cleanup: past `timeoutMs`, log what is still
 *    running (`scheduler.dump()`) and exit with 1. Its timer is what keeps
 *    the process alive while cleanup waits on something outside Node's
 *    event loop accounting; without it a cleanup stuck on nothing would end
 *    the process silently with code 0. With `timeoutMs: Infinity` there is
 *    no deadline, but a timer is still pending, for that same reason.
 * 4. A second signal forces the exit at once, with 128 + the signal's number
 *    (130 for SIGINT, 143 for SIGTERM): what a shell reports for a process
 *    killed by that signal, and the reason operators press Ctrl-C twice.
 *
 * The exit happens on a later turn of the event loop (`setImmediate`), not
 * from inside the scheduler's step where the root finished, so the step
 * completes and pending output is written first.
 */
import { constants } from "node:os";
import type { Scheduler } from "../kernel/scheduler.js";
import type { Task } from "../kernel/task.js";
import { InvalidArgumentError } from "../kernel/errors.js";

/** The longest delay setTimeout can wait (about 24.8 days). */
const MAX_TIMER_DELAY = 2 ** 31 - 1;

/** What {@link shutdownOnSignals} needs of a host: its scheduler (for the report), and `stop()` if it has one. */
export interface ShutdownHost {
  /** The host's scheduler: the report lists its live tasks. */
  readonly scheduler: Scheduler;
  /** Stops the host's clock, if it has one (a RealtimeHost), so that the process can exit. */
  stop?(): void;
}

/** Options of {@link shutdownOnSignals}. */
export interface ShutdownOptions {
  /** The signals that start the shutdown (default `["SIGINT", "SIGTERM"]`). */
  signals?: readonly NodeJS.Signals[];
  /**
   * How long the cleanup may take before the process exits with 1 anyway
   * (default 10 000 ms). Infinity: no deadline, wait as long as the cleanup takes.
   */
  timeoutMs?: number;
  /** Hears what happens (signal received, cleanup done, timed out); silent by default. */
  log?: (message: string) => void;
  /** Ends the process (default `process.exit`); replace it to test in-process. */
  exit?: (code: number) => void;
}

/** What {@link shutdownOnSignals} returns. */
export interface ShutdownHandle {
  /** True once the first signal has arrived. */
  readonly shuttingDown: boolean;
  /** Removes the signal handlers and the deadline; the default signal behaviour comes back. */
  dispose(): void;
}

/**
 * On the first of `signals`, cancels `root`, waits for its cleanup on the
 * running host, then exits the process: code 0, or 1 if the cleanup failed or
 * did not finish within `timeoutMs`. A second signal exits at once (code
 * 128 + signal number). If `root` finishes by itself first, the handlers are
 * removed and nothing else happens.
 *
 * @example
 * ```ts
 * const host = new RealtimeHost();
 * const root = host.spawn(service, config);
 * shutdownOnSignals(host, root, { timeoutMs: 5_000, log: (m) => console.log(`[shutdown] ${m}`) });
 * ```
 */
export function shutdownOnSignals(host: ShutdownHost, root: Task<unknown>, options: ShutdownOptions = {}): ShutdownHandle {
  const signals = options.signals ?? ["SIGINT", "SIGTERM"];
  const timeoutMs = options.timeoutMs ?? 10_000;
  if (typeof timeoutMs !== "number" || !(timeoutMs >= 0)) {
    throw new InvalidArgumentError(
      `shutdownOnSignals(): timeoutMs must be a finite number of milliseconds >= 0, got ${String(timeoutMs)} (or Infinity, to wait as long as the cleanup takes)`,
    );
  }
  if (signals.length === 0) throw new InvalidArgumentError("shutdownOnSignals(): give at least one signal to listen for");
  const userLog = options.log ?? ((): void => {});
  // A log that throws (a closed stream, a logger's bug) must not stop the
  // shutdown half-way: the root uncancelled, or the process never exiting.
  const log = (message: string): void => {
    try {
      userLog(message);
    } catch (error) {
      process.stderr.write(`shutdownOnSignals(): the log option threw (${error instanceof Error ? error.message : String(error)}); its message was: ${message}\n`);
    }
  };
  const exit = options.exit ?? ((code: number): void => process.exit(code));

  let shuttingDown = false;
  let exiting = false;
  let deadline: NodeJS.Timeout | null = null;

  const handlers = signals.map((signal) => {
    const handler = (): void => onSignal(signal);
    process.on(signal, handler);
    return { signal, handler };
  });

  function dispose(): void {
    for (const { signal, handler } of handlers) process.off(signal, handler);
    if (deadline !== null) clearTimeout(deadline);
    deadline = null;
  }

  function exitWith(code: number): void {
    if (exiting) return;
    exiting = true;
    dispose();
    host.stop?.();
    process.exitCode = code;
    exit(code);
  }

  /**
   * Arms the deadline `left` ms away, in steps setTimeout can wait: a delay
   * past 2^31 - 1 ms (about 24.8 days) would fire after 1 ms. Infinity
   * never runs out, and its pending timer still keeps the process alive.
   */
  function armDeadline(left: number): void {
    const step = Math.min(left, MAX_TIMER_DELAY);
    deadline = setTimeout(left > step ? () => armDeadline(left - step) : timedOut, step);
  }

  function timedOut(): void {
    log(`the cleanup did not finish within ${timeoutMs} ms; still running:\n${host.scheduler.dump()}`);
    exitWith(1);
  }

  function onSignal(signal: NodeJS.Signals): void {
    if (shuttingDown) {
      log(`received ${signal} again: exiting without waiting for the cleanup`);
      exitWith(128 + (constants.signals[signal] ?? 0));
      return;
    }
    shuttingDown = true;
    const waiting = timeoutMs === Infinity ? "waiting" : `waiting up to ${timeoutMs} ms`;
    log(`received ${signal}: cancelling ${root.label} and ${waiting} for its cleanup (${signal} again forces the exit)`);
    armDeadline(timeoutMs);
    root.cancel();
    root.addFinishListener({ passive: true, taskFinished: cleanedUp });
  }

  function cleanedUp(task: Task<unknown>): void {
    if (task.state === "failed") {
      const error = task.error;
      log(`the cleanup failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    } else {
      log(`${task.label} is ${task.state}; the cleanup has finished`);
    }
    const code = task.state === "failed" ? 1 : 0;
    // Let the step that finished the root complete, and pending output flush.
    setImmediate(() => exitWith(code));
  }

  // A root that ends by itself (not shut down) gives the signals back.
  root.addFinishListener({
    passive: true,
    taskFinished: () => {
      if (!shuttingDown) dispose();
    },
  });

  return {
    get shuttingDown() {
      return shuttingDown;
    },
    dispose,
  };
}
