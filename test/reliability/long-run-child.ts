/**
 * Helper of long-run-memory.test.ts, run as
 * `node --expose-gc --import tsx test/reliability/long-run-child.ts <workload>:<n>...`.
 *
 * Runs each workload in turn: a warm-up round (so that compiled code, the host and
 * every cache a first run fills exist before the first reading), then two
 * rounds of n operations, each followed by full collections and a reading
 * of `heapUsed`. Prints one JSON line per workload: its name, n, the readings, the
 * bytes retained per operation in each round, and a count that proves the
 * operations ran.
 */
import {
  CLOSED,
  FrameHost,
  VirtualHost,
  channel,
  sleep,
  spawn,
  suspend,
  timeout,
  yieldNow,
} from "../../src/index.js";
import type { Channel, Closed, Coroutine, Task } from "../../src/index.js";

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error("run with node --expose-gc");

/** Several full collections, then the heap in use (the smallest of a few readings). */
function heapAfterGc(): number {
  let least = Infinity;
  for (let i = 0; i < 4; i++) {
    (gc as () => void)();
    least = Math.min(least, process.memoryUsage().heapUsed);
  }
  return least;
}

/**
 * A workload: `setup()` makes the long-lived parts (a host), `round(k)`
 * runs k operations on them and gives how many completed.
 */
interface Workload {
  setup(): { round(k: number): number };
}

function* quick(): Coroutine<number> {
  yield* sleep(10);
  return 1;
}

function* noop(): Coroutine<number> {
  return 1;
}

// Task bodies are named functions, not closures made in the loop: V8 gives
// each new generator closure objects of its own that it frees only lazily,
// which would blur the reading by ~0.5 MB.
function* receiveOne(ch: Channel<number>): Coroutine<number | Closed> {
  return yield* ch.recv();
}

const workloads: Record<string, Workload> = {
  /** timeout(1000, sleep(10)): the operation wins, the deadline timer is cancelled. */
  "timeout-succeeds": {
    setup() {
      const host = new VirtualHost();
      return {
        round(k) {
          let done = 0;
          host.spawn(function* () {
            for (let i = 0; i < k; i++) done += yield* timeout(1000, quick());
          });
          host.run();
          return done;
        },
      };
    },
  },

  /** Tasks cancelled while they wait inside timeout(1000, suspend()): the operation and the deadline both go. */
  "timeout-cancelled": {
    setup() {
      const host = new VirtualHost();
      const batch = 1000;
      return {
        round(k) {
          let cancelled = 0;
          host.spawn(function* () {
            const waiting: Task<unknown>[] = [];
            for (let done = 0; done < k; done += batch) {
              const m = Math.min(batch, k - done);
              for (let i = 0; i < m; i++) waiting.push(yield* spawn(() => timeout(1000, suspend())));
              yield* yieldNow(); // every one is now waiting in its timeout
              for (const t of waiting) t.cancel();
              for (const t of waiting) {
                try {
                  yield* t;
                } catch {
                  cancelled++;
                }
              }
              waiting.length = 0;
            }
          });
          host.run();
          return cancelled;
        },
      };
    },
  },

  /** spawn + join, one at a time. */
  "spawn-join": {
    setup() {
      const host = new VirtualHost();
      return {
        round(k) {
          let joined = 0;
          host.spawn(function* () {
            for (let i = 0; i < k; i++) joined += yield* yield* spawn(noop);
          });
          host.run();
          return joined;
        },
      };
    },
  },

  /** The control: spawn + join, keeping one number per join (8 bytes), which the test must see. */
  "control-leak-8": {
    setup() {
      const host = new VirtualHost();
      const kept: number[] = [];
      return {
        round(k) {
          let joined = 0;
          host.spawn(function* () {
            for (let i = 0; i < k; i++) {
              joined += yield* yield* spawn(noop);
              kept.push(i);
            }
          });
          host.run();
          return joined;
        },
      };
    },
  },

  /** One unbuffered channel, k values sent by one task and received by another. */
  "channel-send-recv": {
    setup() {
      const host = new VirtualHost();
      const ch = channel<number>();
      return {
        round(k) {
          let received = 0;
          host.spawn(function* () {
            for (let i = 0; i < k; i++) yield* ch.send(i);
          });
          host.spawn(function* () {
            for (let i = 0; i < k; i++) {
              const v = yield* ch.recv();
              if (v !== CLOSED) received++;
            }
          });
          host.run();
          return received;
        },
      };
    },
  },

  /** k channels, each created, used once by a waiting receiver and a sender, closed and dropped. */
  "channel-create-drop": {
    setup() {
      const host = new VirtualHost();
      return {
        round(k) {
          let received = 0;
          host.spawn(function* () {
            for (let i = 0; i < k; i++) {
              const ch = channel<number>(i % 2); // unbuffered and buffered alike
              const receiver = yield* spawn(receiveOne, ch);
              yield* ch.send(i);
              ch.close();
              if ((yield* receiver) !== CLOSED) received++;
            }
          });
          host.run();
          return received;
        },
      };
    },
  },

  /** Idle frames: advance(16) on a FrameHost with nothing to do. */
  "frame-idle-16": {
    setup() {
      const game = new FrameHost();
      return {
        round(k) {
          for (let i = 0; i < k; i++) game.advance(16);
          return k;
        },
      };
    },
  },

  /** Idle frames with a fractional dt: advance(16.6667). */
  "frame-idle-fractional": {
    setup() {
      const game = new FrameHost();
      return {
        round(k) {
          for (let i = 0; i < k; i++) game.advance(16.6667);
          return k;
        },
      };
    },
  },

  /** Frames with nothing to run but one task asleep far in the future (a timer armed all along). */
  "frame-idle-timer-armed": {
    setup() {
      const game = new FrameHost();
      game.spawn(function* () {
        yield* sleep(1e12);
      });
      return {
        round(k) {
          for (let i = 0; i < k; i++) game.advance(16.6667);
          return k;
        },
      };
    },
  },
};

/** Measures one workload with n operations per round; gives its JSON line. */
function measure(name: string, n: number): string {
  const workload = workloads[name];
  if (workload === undefined) throw new Error(`unknown workload ${name}; known: ${Object.keys(workloads).join(", ")}`);
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0; // a cancellation's error need not capture a stack here
  try {
    const subject = workload.setup();
    subject.round(Math.max(1000, n / 5)); // warm-up: compiled code, caches, grown buffers
    const m0 = heapAfterGc();
    // Three measured rounds: the first may still settle one-time growth
    // (optimised code, a buffer reaching its working size); a per-operation
    // leak grows the heap in every round, while the collector's own noise
    // (tens of KB either way) does not, so the smaller growth of the second
    // and third rounds is the one judged.
    const start = process.hrtime.bigint();
    const first = subject.round(n);
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    const m1 = heapAfterGc();
    const second = subject.round(n);
    const m2 = heapAfterGc();
    const third = subject.round(n);
    const m3 = heapAfterGc();
    const bytesPerOp = Math.min(m2 - m1, m3 - m2) / n;
    return JSON.stringify({ workload: name, n, completed: Math.min(first, second, third), m0, m1, m2, m3, firstRoundBytesPerOp: (m1 - m0) / n, bytesPerOp, msPerRound: Math.round(ms) });
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}

// Arguments: workload:n pairs, measured one after the other (each its own host, warm-up and rounds).
for (const spec of process.argv.slice(2)) {
  const [name = "", n = "0"] = spec.split(":");
  process.stdout.write(`${measure(name, Number(n))}\n`);
}
