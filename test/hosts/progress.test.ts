/**
 * Progress reports of the virtual host (`onProgress`): a run in slices steps
 * the same tasks in the same order as a run without reports, the reports
 * come at a bounded rate with values that only grow, the last one is final,
 * and a callback that throws leaves the host able to go on. Wall time comes
 * from an injected clock, so every count here is the same on every machine.
 */
import { activeScheduler } from "../../src/extend.js";
import { DeadlockError, InvalidArgumentError, UsageError, VirtualHost, channel, now, random, run, sleep, spawn, yieldNow } from "../../src/index.js";
import type { Coroutine, Progress, VirtualOptions } from "../../src/index.js";

/** Workers that sleep random times (0 included), yield, and start short-lived children; every step is logged. */
function* busy(workers: number, rounds: number, log: string[]): Coroutine<number> {
  const tasks = [];
  for (let w = 0; w < workers; w++) {
    tasks.push(
      yield* spawn(function* worker(): Coroutine<void> {
        for (let r = 0; r < rounds; r++) {
          const pick = yield* random();
          if (pick < 0.2) yield* yieldNow();
          else yield* sleep(Math.floor(pick * 4));
          if (pick > 0.9) {
            yield* spawn(function* child(): Coroutine<void> {
              yield* sleep(1);
              log.push(`child of ${w} at ${yield* now()}`);
            });
          }
          log.push(`${w}:${r} at ${yield* now()}`);
        }
      }),
    );
  }
  for (const t of tasks) yield* t;
  return yield* now();
}

/** A wall clock that moves `step` ms at each read. */
function tickingClock(step: number): () => number {
  let t = 0;
  return () => (t += step);
}

function expectMonotone(reports: readonly Progress[]): void {
  for (let i = 1; i < reports.length; i++) {
    const [a, b] = [reports[i - 1] as Progress, reports[i] as Progress];
    expect(b.now as number).toBeGreaterThanOrEqual(a.now as number);
    expect(b.steps as number).toBeGreaterThanOrEqual(a.steps as number);
    expect(b.tasksFinished as number).toBeGreaterThanOrEqual(a.tasksFinished as number);
    expect(b.elapsedMs).toBeGreaterThanOrEqual(a.elapsedMs);
  }
}

describe("progress reports of a virtual run", () => {
  it("a run in slices, however small, steps the same tasks in the same order as one without reports", () => {
    const plainLog: string[] = [];
    const plainEnd = run(() => busy(20, 50, plainLog), { seed: 3 });
    // A clock that jumps 1 s per read makes every slice "slow": slices shrink to one unit of work,
    // so the run stops and resumes at every step and every timer instant.
    for (const clock of [tickingClock(1000), tickingClock(0.001)]) {
      const log: string[] = [];
      const reports: Progress[] = [];
      const end = run(() => busy(20, 50, log), { seed: 3, onProgress: (p) => reports.push(p), wallClock: clock });
      expect(end).toBe(plainEnd);
      expect(log).toEqual(plainLog);
      expect(reports.length).toBeGreaterThan(0);
    }
  });

  it("runUntil and runTask in slices leave the same state as without, other roots included", () => {
    const drive = (options: VirtualOptions): string[] => {
      const log: string[] = [];
      const host = new VirtualHost({ seed: 9, ...options });
      host.spawn(busy, 5, 40, log);
      const second = host.spawn(busy, 3, 10, log);
      host.runUntil(17);
      log.push(`paused at ${host.now}`);
      log.push(`second ended at ${host.runTask(second)}`);
      host.runUntil(host.now);
      host.run();
      log.push(`end at ${host.now}`);
      return log;
    };
    expect(drive({ onProgress: () => {}, wallClock: tickingClock(1000) })).toEqual(drive({}));
  });

  it("reports at a bounded rate, with values that only grow, and once more at the end", () => {
    const reports: Progress[] = [];
    let clock = 0;
    // Wall time moves 1 ms per read, once per slice: slices keep their first size, and a report is due every other slice.
    const end = run(() => busy(50, 400, []), { seed: 1, onProgress: (p) => reports.push(p), progressInterval: 2, wallClock: () => ++clock });
    const last = reports[reports.length - 1] as Progress;
    expect(reports.filter((p) => p.final)).toEqual([last]);
    expect(last).toMatchObject({ final: true, now: end, until: null, fraction: null, replicationsDone: null, replications: null });
    expect(last.tasksFinished).toBeGreaterThan(50);
    expect(last.steps).toBeGreaterThan(50 * 400);
    // At most one report per interval of wall time, plus the final one.
    expect(reports.length).toBeLessThanOrEqual(Math.floor(last.elapsedMs / 2) + 1);
    expect(reports.length).toBeGreaterThan(5);
    expectMonotone(reports);
    for (let i = 1; i < reports.length - 1; i++) {
      expect((reports[i] as Progress).elapsedMs - (reports[i - 1] as Progress).elapsedMs).toBeGreaterThanOrEqual(2);
    }
  });

  it("a long run is reported a bounded number of times however many steps it takes", () => {
    let reports = 0;
    let clock = 0;
    // One million steps; each read of the clock moves it 1 ms, and slices grow to thousands of steps.
    const steps = run(
      function* (): Coroutine<number> {
        for (let i = 0; i < 1_000_000; i++) yield* yieldNow();
        return 1_000_000;
      },
      { onProgress: () => reports++, progressInterval: 10, wallClock: () => ++clock },
    );
    expect(steps).toBe(1_000_000);
    expect(reports).toBeGreaterThanOrEqual(1);
    expect(reports).toBeLessThanOrEqual(Math.floor(clock / 10) + 1);
    expect(clock).toBeLessThan(200); // the clock was read once per slice, not once per step
  });

  it("runUntil's fraction is the share of its span of virtual time, and ends at 1", () => {
    const reports: Progress[] = [];
    const host: VirtualHost = new VirtualHost({
      seed: 2,
      onProgress: (p) => reports.push(p),
      progressInterval: 100,
      // Wall time that follows the virtual clock: a report each 100 virtual ms or so.
      wallClock: (): number => host.now,
    });
    host.spawn(busy, 10, 2_000, []);
    host.runUntil(1_000);
    host.runUntil(3_000);
    const first = reports.filter((p) => p.until === 1_000);
    const second = reports.filter((p) => p.until === 3_000);
    expect(first.length).toBeGreaterThan(3);
    expect(second.length).toBeGreaterThan(3);
    for (const p of first) expect(p.fraction).toBeCloseTo((p.now as number) / 1_000, 12);
    for (const p of second) expect(p.fraction).toBeCloseTo(((p.now as number) - 1_000) / 2_000, 12);
    expect(first[first.length - 1]).toMatchObject({ final: true, fraction: 1, now: 1_000 });
    expect(second[second.length - 1]).toMatchObject({ final: true, fraction: 1, now: 3_000 });
    expectMonotone(first);
    expectMonotone(second);
  });

  it("a callback that throws: its error is the run's, and the host can go on, as if nothing happened", () => {
    const plainLog: string[] = [];
    const plainEnd = run(() => busy(10, 1_000, plainLog), { seed: 4 });

    const log: string[] = [];
    let calls = 0;
    const failure = new Error("the progress display broke");
    const host = new VirtualHost({
      seed: 4,
      onProgress: () => {
        if (++calls === 3) throw failure;
      },
      progressInterval: 0,
      wallClock: tickingClock(1),
    });
    const main = host.spawn(busy, 10, 1_000, log);
    expect(() => host.runTask(main)).toThrow(failure);
    // The scheduler finished its own run call before the callback ran.
    expect(activeScheduler()).toBeNull();
    expect(main.isFinished).toBe(false);
    expect(host.runTask(main)).toBe(plainEnd);
    expect(log).toEqual(plainLog);
  });

  it("a run that fails throws the task's error, with no final report", () => {
    const reports: Progress[] = [];
    expect(() =>
      run(
        function* (): Coroutine<void> {
          yield* sleep(10);
          throw new Error("model broke");
        },
        { onProgress: (p) => reports.push(p), progressInterval: 0, wallClock: tickingClock(1) },
      ),
    ).toThrow("model broke");
    expect(reports.some((p) => p.final)).toBe(false);
  });

  it("onProgress may not drive the host: run, runUntil and runTask from it are refused, and the outer call ends as without them", () => {
    const plainLog: string[] = [];
    const plain = new VirtualHost({ seed: 5 });
    plain.spawn(busy, 10, 2_000, plainLog);
    plain.runUntil(1_000);

    const attempts: Array<[string, (host: VirtualHost) => unknown]> = [
      ["runUntil(t)", (host) => host.runUntil(50_000)],
      ["run()", (host) => host.run()],
      ["runTask()", (host) => host.runTask(host.spawn(function* (): Coroutine<void> {}))],
    ];
    const refusals: unknown[] = [];
    const reports: Progress[] = [];
    const log: string[] = [];
    const host: VirtualHost = new VirtualHost({
      seed: 5,
      progressInterval: 0,
      wallClock: tickingClock(1),
      onProgress: (p) => {
        reports.push(p);
        const attempt = attempts[reports.length - 1];
        if (p.final || attempt === undefined) return;
        try {
          attempt[1](host);
          refusals.push(`${attempt[0]} was allowed`);
        } catch (error) {
          refusals.push(error);
        }
      },
    });
    host.spawn(busy, 10, 2_000, log);
    host.runUntil(1_000);

    expect(refusals).toHaveLength(attempts.length);
    for (const refusal of refusals) {
      expect(refusal).toBeInstanceOf(UsageError);
      expect((refusal as Error).message).toContain("onProgress must not drive the host");
    }
    // The clock never went past the outer target, the run is the one without reports, and the meter kept counting.
    expect(host.now).toBe(1_000);
    expect(log).toEqual(plainLog);
    expectMonotone(reports);
    expect(reports.filter((p) => p.final)).toEqual([reports[reports.length - 1]]);
    expect(reports[reports.length - 1]).toMatchObject({ until: 1_000, fraction: 1, now: 1_000 });
    // Spawning from onProgress is allowed: the task runs in the same call.
    let spawnedRan = false;
    const spawner: VirtualHost = new VirtualHost({
      progressInterval: 0,
      wallClock: tickingClock(1),
      onProgress: (p) => {
        if (!p.final && !spawnedRan) spawner.spawn(function* (): Coroutine<void> {
          spawnedRan = true;
        });
      },
    });
    spawner.spawn(busy, 10, 2_000, []);
    spawner.run();
    expect(spawnedRan).toBe(true);
  });

  it("a refusal that escapes onProgress is the call's error, and the host goes on afterwards", () => {
    const plainLog: string[] = [];
    const plain = new VirtualHost({ seed: 6 });
    plain.spawn(busy, 10, 2_000, plainLog);
    plain.runUntil(1_000);
    plain.run();

    const log: string[] = [];
    let nested = true;
    const host: VirtualHost = new VirtualHost({
      seed: 6,
      progressInterval: 0,
      wallClock: tickingClock(1),
      onProgress: () => {
        if (nested) host.runUntil(50_000);
      },
    });
    host.spawn(busy, 10, 2_000, log);
    expect(() => host.runUntil(1_000)).toThrow(UsageError);
    expect(host.now).toBeLessThan(1_000);
    nested = false;
    host.runUntil(1_000);
    expect(host.now).toBe(1_000);
    host.run();
    expect(log).toEqual(plainLog);
  });

  it("run() and runTask() that deadlock throw DeadlockError with no final report, even when that report would throw", () => {
    const blocked = (host: VirtualHost) => {
      const ch = channel<number>();
      return host.spawn(function* stuck(): Coroutine<unknown> {
        return yield* ch.recv();
      });
    };
    for (const call of ["run", "runTask"] as const) {
      const finals: boolean[] = [];
      const host = new VirtualHost({ onProgress: (p) => finals.push(p.final), progressInterval: 0, wallClock: tickingClock(1) });
      const task = blocked(host);
      expect(() => (call === "run" ? host.run() : host.runTask(task))).toThrow(DeadlockError);
      expect(finals).not.toContain(true);

      const throwing = new VirtualHost({
        onProgress: (p) => {
          if (p.final) throw new Error("the final report broke");
        },
      });
      const other = blocked(throwing);
      expect(() => (call === "run" ? throwing.run() : throwing.runTask(other))).toThrow(DeadlockError);
    }
    const finals: boolean[] = [];
    expect(() =>
      run(
        function* (): Coroutine<unknown> {
          return yield* channel<number>().recv();
        },
        { onProgress: (p) => finals.push(p.final) },
      ),
    ).toThrow(DeadlockError);
    expect(finals).not.toContain(true);
  });

  it("without onProgress the host keeps no meter; bad options are refused", () => {
    expect(new VirtualHost({ seed: 1 }).progress).toBeNull();
    expect(() => new VirtualHost({ onProgress: 5 as unknown as () => void })).toThrow(InvalidArgumentError);
    expect(() => new VirtualHost({ onProgress: () => {}, progressInterval: -1 })).toThrow("progressInterval must be a finite number of ms >= 0");
    expect(() => new VirtualHost({ onProgress: () => {}, wallClock: "now" as unknown as () => number })).toThrow("wallClock must be a function");
  });
});
