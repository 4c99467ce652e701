/**
 * The showcase: 10,000 simulated clients against a rate-limited service, on
 * the virtual clock. Run it with `npm run demo` (or `npm run demo -- --seed 7`).
 *
 * The service admits at most `ratePerSecond` requests per second (a token
 * bucket; a request that finds it empty is rejected at once, like an HTTP 429)
 * and serves them with a fixed pool of workers (a concurrency limit; requests
 * queue for a free worker). A few responses are slow.
 *
 * Each client is one task, spawned with `spawn(client, id, ...)`. It makes a
 * few requests; each attempt runs under `timeout()`, and a rejected or
 * timed-out attempt is retried after a random ("full jitter") exponential
 * backoff drawn from the scheduler's seeded generator. Some clients hang up:
 * another task cancels them, often in the middle of a request, and their
 * cleanup gives the worker back.
 *
 * Everything random comes from `random()`, and time is virtual, so the same
 * seed prints the same report, byte for byte, apart from the wall-clock lines
 * (they start with "wall").
 */
import { parseArgs } from "node:util";
import { TimeoutError, cancel, now, random, run, scope, sleep, timeout } from "spindle";
import { Instruction, WAIT } from "spindle/extend";
import { ProgressBar } from "spindle/node";
import type { Coroutine, Progress, Task, TaskGroup } from "spindle";
import type { Waiting } from "spindle/extend";

// #region limiter
/**
 * A concurrency limit: at most `capacity` tasks hold a permit at once; the
 * others wait in arrival order. It is a custom primitive written only with
 * spindle's public low-level API (an Instruction's tryNow / park, and
 * block / resume / undo), the same way spindle's own primitives are written.
 *
 * Invariants:
 * - `inUse <= capacity`, and `waiters` is non-empty only when `inUse === capacity`;
 * - a task is in `waiters` exactly while it is blocked in `acquire()`: `park`
 *   adds it, and either `release` (which wakes it) or `undo` (cancellation,
 *   interrupt) removes it, never both;
 * - a released permit goes straight to the oldest waiter (no barging), so a
 *   task that arrives later never overtakes one that is waiting.
 *
 * spindle has a full-featured `semaphore()` built in; this one is written by
 * hand to show how little a correct primitive needs.
 *
 * Usage: `yield* limit.acquire(); try { ... } finally { limit.release(); }`.
 * Put the `try` right after the acquire: once a permit has been handed to a
 * task it is never taken back, even if the task is cancelled before it runs
 * again; the cancellation lands at its next yield, inside the `try`, so the
 * `finally` releases the permit.
 */
class ConcurrencyLimit extends Instruction<void> {
  private inUse = 0;
  /** Blocked acquirers; a Set keeps insertion order and removes in O(1) when one is cancelled. */
  private readonly waiters = new Set<Task<unknown>>();
  /** The longest the queue has been, for the report. */
  peakWaiting = 0;

  constructor(
    readonly name: string,
    readonly capacity: number,
  ) {
    super();
  }

  /** Waits for a permit. The instruction is the limiter itself: all the per-task state is in `waiters`. */
  acquire(): Instruction<void> {
    return this;
  }

  /** Gives a permit back: to the oldest waiter if there is one, else to the pool. */
  release(): void {
    if (this.inUse === 0) throw new Error(`release(${this.name}): no permit is held`);
    const oldest = this.waiters.values().next();
    if (oldest.done === true) {
      this.inUse--;
      return;
    }
    // The permit changes hands without ever being free, so inUse stays the same.
    this.waiters.delete(oldest.value);
    oldest.value.resume();
  }

  stats(): { inUse: number; waiting: number; capacity: number } {
    return { inUse: this.inUse, waiting: this.waiters.size, capacity: this.capacity };
  }

  describe(): string {
    return `acquire(${this.name})`;
  }

  tryNow(): void | Waiting {
    if (this.inUse < this.capacity) {
      this.inUse++;
      return; // completes at once: the task continues without a trip through the ready queue
    }
    return WAIT;
  }

  override park(task: Task<unknown>): void {
    this.waiters.add(task);
    if (this.waiters.size > this.peakWaiting) this.peakWaiting = this.waiters.size;
    task.block(this);
  }

  /** The waiting task was cancelled: forget it, so no permit is ever handed to it. */
  override undo(task: Task<unknown>): void {
    this.waiters.delete(task);
  }
}
// #endregion limiter

/**
 * A token bucket: `ratePerSecond` tokens a second, at most `burst` banked.
 * Plain bookkeeping, no waiting: an empty bucket means "rejected, retry
 * later", and the client decides when.
 */
class TokenBucket {
  private tokens: number;
  private last = 0;
  constructor(
    readonly ratePerSecond: number,
    readonly burst: number,
  ) {
    this.tokens = burst;
  }
  tryTake(time: number): boolean {
    this.tokens = Math.min(this.burst, this.tokens + ((time - this.last) * this.ratePerSecond) / 1000);
    this.last = time;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

const SERVICE = {
  ratePerSecond: 2_000,
  burst: 100,
  workers: 80,
  /** Service time of a normal response, ms (uniform). */
  fastMs: [10, 50],
  /** Fraction of responses that are slow, and their service time, ms. */
  slowFraction: 0.03,
  slowMs: [200, 800],
} as const;

const CLIENT = {
  requests: 3,
  attemptTimeoutMs: 250,
  maxAttempts: 6,
  /** Backoff before retry k (k = 1, 2, ...) is uniform in [0, backoffBaseMs * 2^(k-1)). */
  backoffBaseMs: 100,
  thinkMs: [0, 2_000],
} as const;

const LOAD = {
  /** Clients arrive uniformly over this window... */
  windowMs: 20_000,
  /** ...except this fraction, a flash crowd arriving within two seconds. */
  flashCrowdFraction: 0.15,
  flashCrowdAtMs: 5_000,
  flashCrowdLengthMs: 2_000,
  /** Fraction of clients that hang up (are cancelled) within a few seconds of arriving. */
  hangUpFraction: 0.02,
  hangUpWithinMs: 3_000,
} as const;

interface Service {
  bucket: TokenBucket;
  workers: ConcurrencyLimit;
}

interface Stats {
  requests: number;
  served: number;
  gaveUp: number;
  attempts: number;
  rejected: number;
  timedOut: number;
  retries: number;
  hangUps: number;
  cancelledClients: number;
  cancelledMidRequest: number;
  /** Clients whose task has ended, done or cancelled (what the progress bar counts). */
  clientsEnded: number;
  /** Virtual ms from a request's first attempt to its response, retries included. */
  latencies: number[];
  slowest: { ms: number; client: number };
}

/** Uniform integer in [lo, hi), from the scheduler's seeded generator. */
function* between(lo: number, hi: number): Coroutine<number> {
  return lo + Math.floor((yield* random()) * (hi - lo));
}

/**
 * One attempt, as the service handles it: admission, a worker, the work.
 * Gives the HTTP status: 200, or 429 when the rate limit rejected it. (A 429
 * is an answer, not a failure, so it is a result rather than a thrown error.)
 */
function* handle(service: Service): Coroutine<200 | 429> {
  if (!service.bucket.tryTake(yield* now())) return 429;
  yield* service.workers.acquire();
  try {
    const slow = (yield* random()) < SERVICE.slowFraction;
    yield sleep(slow ? yield* between(...SERVICE.slowMs) : yield* between(...SERVICE.fastMs));
    return 200;
  } finally {
    // Runs however the attempt ends: served, timed out (timeout() cancels
    // this task), or its client hung up (cancelling the client cancels it).
    service.workers.release();
  }
}

/** A client: arrives, makes a few requests with retries, thinks in between. */
function* client(id: number, arrivalMs: number, service: Service, stats: Stats): Coroutine<void> {
  let phase: "idle" | "request" | "done" = "idle";
  try {
    yield sleep(arrivalMs);
    for (let r = 0; r < CLIENT.requests; r++) {
      stats.requests++;
      phase = "request";
      const start = yield* now();
      for (let attempt = 1; ; attempt++) {
        stats.attempts++;
        try {
          const status = yield* timeout(CLIENT.attemptTimeoutMs, handle(service));
          if (status === 200) {
            stats.served++;
            const latency = (yield* now()) - start;
            stats.latencies.push(latency);
            if (latency > stats.slowest.ms) stats.slowest = { ms: latency, client: id };
            break;
          }
          stats.rejected++;
        } catch (error) {
          if (!(error instanceof TimeoutError)) throw error; // anything else is a bug: let it fail the run
          stats.timedOut++;
        }
        if (attempt === CLIENT.maxAttempts) {
          stats.gaveUp++;
          break;
        }
        stats.retries++;
        yield sleep(yield* between(0, CLIENT.backoffBaseMs * 2 ** (attempt - 1)));
      }
      phase = "idle";
      yield sleep(yield* between(...CLIENT.thinkMs));
    }
    phase = "done";
  } finally {
    // A cancelled client lands here from whichever yield it was blocked at.
    stats.clientsEnded++;
    if (phase !== "done") {
      stats.cancelledClients++;
      if (phase === "request") stats.cancelledMidRequest++;
    }
  }
}

/** The user closes the tab: cancel the client and wait until its cleanup is done. */
function* hangUp(target: Task<void>, afterMs: number): Coroutine<void> {
  yield sleep(afterMs);
  yield* cancel(target); // does nothing if the client has already finished
}

function* simulation(clients: number, stats: Stats): Coroutine<Service> {
  const service: Service = {
    bucket: new TokenBucket(SERVICE.ratePerSecond, SERVICE.burst),
    workers: new ConcurrencyLimit("workers", SERVICE.workers),
  };
  // scope() waits for every task spawned into the group, cancelled ones included.
  yield* scope(function* (group: TaskGroup) {
    for (let id = 0; id < clients; id++) {
      const arrival =
        (yield* random()) < LOAD.flashCrowdFraction ? LOAD.flashCrowdAtMs + (yield* between(0, LOAD.flashCrowdLengthMs)) : yield* between(0, LOAD.windowMs);
      const task = yield* group.spawn(client, id, arrival, service, stats);
      if ((yield* random()) < LOAD.hangUpFraction) {
        stats.hangUps++;
        yield* group.spawn(hangUp, task, arrival + (yield* between(0, LOAD.hangUpWithinMs)));
      }
    }
  });
  return service;
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

function fmt(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

function parseOptions(args: readonly string[]): { seed: number; clients: number } {
  const { values } = parseArgs({
    args: [...args],
    options: { seed: { type: "string" }, clients: { type: "string" } },
    strict: true,
  });
  const int = (text: string | undefined, fallback: number, name: string, min: number): number => {
    if (text === undefined) return fallback;
    const n = Number(text);
    if (!Number.isSafeInteger(n) || n < min) throw new Error(`--${name} ${text}: expected an integer >= ${min}`);
    return n;
  };
  return { seed: int(values.seed, 1, "seed", 0), clients: int(values.clients, 10_000, "clients", 1) };
}

/** Runs the simulation and prints the report. `args`: `--seed N` (default 1), `--clients N` (default 10,000). */
export function main(args: readonly string[] = []): void {
  const { seed, clients } = parseOptions(args);
  const stats: Stats = {
    requests: 0,
    served: 0,
    gaveUp: 0,
    attempts: 0,
    rejected: 0,
    timedOut: 0,
    retries: 0,
    hangUps: 0,
    cancelledClients: 0,
    cancelledMidRequest: 0,
    clientsEnded: 0,
    latencies: [],
    slowest: { ms: -1, client: -1 },
  };

  let virtualMs = 0;
  // A live line on stderr while a long run goes on, on a terminal only: the report on stdout stays the same.
  // The run has no end time to measure against, so the bar's fraction (and its ETA) is the clients that have ended.
  const bar = new ProgressBar({ label: "simulating" });
  const onProgress = (progress: Progress): void => bar.update({ ...progress, fraction: stats.clientsEnded / clients });
  const wallStart = performance.now();
  let service: Service;
  try {
    service = run(
      function* () {
        const result = yield* simulation(clients, stats);
        virtualMs = yield* now();
        return result;
      },
      bar.enabled ? { seed, onProgress } : { seed },
    );
  } finally {
    bar.finish();
  }
  const wallMs = performance.now() - wallStart;

  // The limiter's bookkeeping must balance after 10,000 clients, timeouts and hang-ups included.
  const workers = service.workers.stats();
  if (workers.inUse !== 0 || workers.waiting !== 0) {
    throw new Error(`permits lost: ${workers.inUse} still in use, ${workers.waiting} still waiting`);
  }
  const sorted = stats.latencies.slice().sort((a, b) => a - b);
  // Every client, every hang-up and every attempt (timeout() runs each in a task of its own).
  const tasks = clients + stats.hangUps + stats.attempts;
  const row = (label: string, value: number, note = ""): string =>
    `${label.padEnd(18)}${fmt(value).padStart(7)}${note === "" ? "" : `  ${note}`}`;
  const percent = (part: number, whole: number): string => `${((100 * part) / whole).toFixed(1)}%`;
  const lines = [
    `spindle demo: ${fmt(clients)} clients vs. a rate-limited service (seed ${seed})`,
    ``,
    `service: ${fmt(SERVICE.ratePerSecond)} requests/s (burst ${SERVICE.burst}), ${SERVICE.workers} workers, ${SERVICE.slowFraction * 100}% slow responses`,
    `clients: ${CLIENT.requests} requests each, ${CLIENT.attemptTimeoutMs} ms timeout per attempt, up to ${CLIENT.maxAttempts} attempts`,
    `         with random exponential backoff; ${LOAD.flashCrowdFraction * 100}% arrive in a flash crowd, ${LOAD.hangUpFraction * 100}% hang up`,
    ``,
    row("requests", stats.requests),
    row("  served", stats.served, percent(stats.served, stats.requests)),
    row("  gave up", stats.gaveUp, `after ${CLIENT.maxAttempts} failed attempts`),
    row("  cut short", stats.cancelledMidRequest, "the client hung up mid-request"),
    row("attempts", stats.attempts),
    row("  rejected (429)", stats.rejected),
    row("  timed out", stats.timedOut),
    row("  retried", stats.retries),
    row("hang-ups", stats.hangUps, `${fmt(stats.cancelledClients)} cancelled a client, ${fmt(stats.hangUps - stats.cancelledClients)} came after it had finished`),
    ``,
    `latency, first attempt to response (virtual ms):`,
    `  p50 ${percentile(sorted, 50)}   p90 ${percentile(sorted, 90)}   p99 ${percentile(sorted, 99)}   max ${stats.slowest.ms} (client #${stats.slowest.client})`,
    `workers: at most ${fmt(service.workers.peakWaiting)} requests queued; at the end ${workers.inUse} in use, ${workers.waiting} waiting: no permit lost`,
    ``,
    `virtual time      ${(virtualMs / 1000).toFixed(3)} s`,
    `tasks             ${fmt(tasks)} (clients, hang-ups, and one per attempt)`,
    `wall time         ${wallMs.toFixed(0)} ms, ${(virtualMs / wallMs).toFixed(1)}x faster than real time`,
    `wall throughput   ${fmt(Math.round(tasks / (wallMs / 1000)))} tasks/s`,
  ];
  console.log(lines.join("\n"));
}

if (require.main === module) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
