/**
 * Cancelling n waiters of any kind is linear in n: every primitive a task
 * can wait on (channels, select, semaphore, mutex, event, condition,
 * barrier, wait group, priority queue, broadcast, frame waits, timers,
 * timeout and the combinators, the simulation's resources, stores,
 * containers and events) lets a cancelled waiter leave without a scan.
 * scale.test.ts covers nextFrame() waiters and tasks joining one task; this
 * file covers every other kind, and complexity-sim.test.ts the simulation's
 * (the measuring is in complexity-measure.ts).
 *
 * For each kind, n tasks are parked (not measured), then they are all
 * cancelled, newest first (the worst order for a scan from the front), and
 * left to unwind, at n and at 8n. Two measures, never a wall-clock limit:
 * - the array elements scanned by Array.prototype's searching and splicing
 *   methods meanwhile (deterministic): (scanned at 8n) / (scanned at n + n)
 *   stays under 16, where a scan per waiter gives ~64;
 * - the time (CPU time of the process, which other processes on the same
 *   machine do not inflate): linear work gives ~8x, quadratic ~64x; the bound is a
 *   generous 40x. The time at n is the median of three runs (each after a
 *   collection), so that a lucky fast run does not decide.
 * A control, a primitive of our own whose waiters leave by indexOf + splice
 * on an array, shows that the scan count tells the two apart.
 */
import {
  EMPTY,
  VirtualHost,
  all,
  barrier,
  broadcast,
  channel,
  condition,
  event,
  mutex,
  priorityQueue,
  race,
  scope,
  select,
  semaphore,
  sleep,
  spawn,
  suspend,
  timeout,
  waitFrames,
  waitGroup,
  waitUntil,
} from "../../src/index.js";
import type { Task } from "../../src/index.js";
import { Instruction, WAIT } from "../../src/extend.js";
import type { Wait, Waiting } from "../../src/extend.js";
import { SCAN_BOUND, describeKinds, expectEqual, figure, growth, onFrameHost, onVirtualHost, oneTask } from "./complexity-measure.js";
import type { Kind } from "./complexity-measure.js";

// ------------------------------------------------------------------ a control

/** A primitive of our own whose waiters leave by indexOf + splice: quadratic to empty by cancellation. */
class ScanningGate {
  readonly waiting: Task<unknown>[] = [];
  wait(): Instruction<void> {
    return new ScanningWait(this);
  }
}
class ScanningWait extends Instruction<void> implements Wait {
  private task: Task<unknown> | null = null;
  constructor(private readonly gate: ScanningGate) {
    super();
  }
  describe(): string {
    return "scanningGate.wait()";
  }
  tryNow(): Waiting {
    return WAIT;
  }
  override park(task: Task<unknown>): void {
    this.task = task;
    this.gate.waiting.push(task);
    task.block(this);
  }
  override undo(): void {
    const i = this.gate.waiting.indexOf(this.task as Task<unknown>);
    if (i >= 0) this.gate.waiting.splice(i, 1);
  }
}

// ------------------------------------------------------------------ the kinds

const kinds: Record<string, Kind> = {
  "channel recv (unbuffered)": (n) => {
    const ch = channel<number>();
    return onVirtualHost(n, () => ch.recv(), () => expectEqual(ch.trySend(1), false, "trySend with no receiver left"));
  },
  "channel send (unbuffered)": (n) => {
    const ch = channel<number>();
    return onVirtualHost(n, (i) => ch.send(i), () => expectEqual(ch.tryRecv(), EMPTY, "tryRecv with no sender left"));
  },
  "channel send (buffered, full)": (n) => {
    const ch = channel<number>(1);
    ch.trySend(-1);
    return onVirtualHost(n, (i) => ch.send(i), () => expectEqual(ch.stats().buffered, 1, "buffered"));
  },
  "select over two channels": (n) => {
    const a = channel<number>();
    const b = channel<number>();
    return onVirtualHost(n, () => select([a.recv(), b.recv()]), () => expectEqual(a.trySend(1) || b.trySend(1), false, "trySend with no selecter left"));
  },
  "select with a sleep case": (n) => {
    const a = channel<number>();
    return onVirtualHost(n, () => select([a.recv(), sleep(1000)]), () => expectEqual(a.trySend(1), false, "trySend with no selecter left"));
  },
  "semaphore acquire": (n) => {
    const s = semaphore(0);
    return onVirtualHost(n, () => s.acquire(), () => expectEqual(s.stats().waiting, 0, "semaphore waiters"));
  },
  "mutex lock": (n) => {
    const m = mutex();
    const host = new VirtualHost();
    host.spawn(function* holder() {
      yield* m.lock();
      yield* suspend();
    });
    return onVirtualHost(n, () => m.lock(), undefined, host);
  },
  "event wait": (n) => {
    const e = event();
    return onVirtualHost(n, () => e.wait(), () => expectEqual(e.stats().waiting, 0, "event waiters"));
  },
  "condition wait": (n) => {
    const c = condition();
    return onVirtualHost(n, () => c.wait(), () => expectEqual(c.notifyAll(), 0, "woken by notifyAll"));
  },
  "condition wait (with its mutex)": (n) => {
    const m = mutex();
    const c = condition(m);
    return onVirtualHost(n, function* () {
      yield* m.lock();
      try {
        yield* c.wait();
      } finally {
        m.unlock();
      }
    });
  },
  "barrier wait": (n) => {
    const b = barrier(n + 1);
    return onVirtualHost(n, () => b.wait());
  },
  "wait group wait": (n) => {
    const wg = waitGroup();
    wg.add(1);
    return onVirtualHost(n, () => wg.wait());
  },
  "priority queue get": (n) => {
    const q = priorityQueue<number>();
    return onVirtualHost(n, () => q.get(), () => expectEqual(q.tryPut(1), true, "tryPut"));
  },
  "priority queue put (full)": (n) => {
    const q = priorityQueue<number>({ capacity: 1 });
    q.tryPut(-1);
    return onVirtualHost(n, (i) => q.put(i, 5), () => expectEqual(q.stats().size, 1, "queue size"));
  },
  "broadcast subscribers (recv, unsubscribe on cancel)": (n) => {
    const news = broadcast<number>();
    return onVirtualHost(
      n,
      function* () {
        const sub = news.subscribe();
        try {
          yield* sub.recv();
        } finally {
          sub.unsubscribe();
        }
      },
      () => expectEqual(news.stats().subscribers, 0, "subscribers"),
    );
  },
  "frame waitUntil()": (n) => onFrameHost(n, () => waitUntil(() => false)),
  "frame waitFrames(1000)": (n) => onFrameHost(n, () => waitFrames(1000)),
  "sleep timers (distinct deadlines)": (n) => onVirtualHost(n, (i) => sleep(1000 + i)),
  "sleep timers (one deadline)": (n) => onVirtualHost(n, () => sleep(1000)),
  "timeout(1000, suspend())": (n) => onVirtualHost(n, () => timeout(1000, suspend())),
  "all() of n waiting operations (one task cancelled)": oneTask((n) => all(Array.from({ length: n }, () => suspend()))),
  "race() of n waiting operations (one task cancelled)": oneTask((n) => race(Array.from({ length: n }, () => suspend()))),
  "scope() with n waiting children (one task cancelled)": oneTask((n) =>
    scope(function* (group) {
      for (let i = 0; i < n; i++) yield* group.spawn(suspend);
      yield* suspend();
    }),
  ),
  "a task with n waiting children (cancelled)": oneTask(function* (n) {
    for (let i = 0; i < n; i++) yield* spawn(suspend);
    yield* suspend();
  }),
};

describeKinds("tasks, channels, synchronisation, frames, timers", kinds, (figures) => {
  it("the control (waiters that leave by indexOf + splice on an array) is seen as quadratic", () => {
    const gate = new ScanningGate();
    const g = growth((n) => onVirtualHost(n, () => gate.wait()));
    figures.push(figure("control: a wait list scanned with indexOf", g));
    expect(gate.waiting.length).toBe(0);
    expect(g.scanRatio).toBeGreaterThan(SCAN_BOUND);
  });
});
