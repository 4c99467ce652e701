/**
 * Progress reports of a Simulation (`onProgress` in its options): run,
 * runUntil and runUntilEvent report, the model's run is the same as without
 * reports (events, resources and turns included, and under a schedule
 * policy), and a callback that throws in runUntilEvent is the call's error.
 */
import { UsageError, now, sleep } from "../../src/index.js";
import type { Coroutine, Progress, SchedulePolicy } from "../../src/index.js";
import { Resource, Simulation, exponential, simEvent, startProcess } from "../../src/sim/index.js";
import type { SimEvent, SimulationOptions } from "../../src/sim/index.js";

function* customer(id: number, counter: Resource, log: string[]): Coroutine<void> {
  const arrived = yield* now();
  const request = counter.request();
  yield* request;
  try {
    yield* sleep(yield* exponential(12));
    log.push(`${id} waited ${(yield* now()) - arrived}`);
  } finally {
    counter.release(request);
  }
}

function* source(count: number, counter: Resource, log: string[], allServed: SimEvent<number> | null): Coroutine<void> {
  for (let i = 0; i < count; i++) {
    yield* startProcess(customer, i, counter, log);
    yield* sleep(yield* exponential(10));
  }
  if (allServed !== null) allServed.succeed(yield* now());
}

/** A wall clock that moves `step` ms at each read. */
function tickingClock(step: number): () => number {
  let t = 0;
  return () => (t += step);
}

/** Runs the bank with these options in each of the three ways; gives its log. */
function bank(options: SimulationOptions & { made?: (sim: Simulation) => void }): string[] {
  const log: string[] = [];
  const { made, ...rest } = options;
  const sim = new Simulation({ seed: 11, ...rest });
  made?.(sim);
  const counter = new Resource(2);
  const allServed = simEvent<number>();
  sim.process(source, 3_000, counter, log, allServed);
  sim.runUntil(5_000);
  log.push(`paused at ${sim.now}`);
  log.push(`all arrived at ${sim.runUntilEvent(allServed)}`);
  sim.run();
  log.push(`end at ${sim.now}`);
  return log;
}

/** A schedule policy that picks the newest ready task: a different order, and the kernel's slow path. */
const newestFirst: SchedulePolicy = { pick: (ready) => ready.length - 1 };

describe("progress reports of a Simulation", () => {
  it("run, runUntil and runUntilEvent in slices give the same run as without reports", () => {
    for (const policy of [undefined, newestFirst]) {
      const base: SimulationOptions = policy === undefined ? {} : { policy };
      const plain = bank(base);
      for (const step of [1000, 0.001]) {
        expect(bank({ ...base, onProgress: () => {}, wallClock: tickingClock(step) })).toEqual(plain);
      }
    }
  });

  it("each call reports, ending with one final report; runUntil's reports know their target", () => {
    const reports: Progress[] = [];
    bank({ onProgress: (p) => reports.push(p), progressInterval: 0, wallClock: tickingClock(1) });
    const finals = reports.filter((p) => p.final);
    expect(finals.map((p) => p.until)).toEqual([5_000, null, null]);
    expect(finals[0]).toMatchObject({ fraction: 1, now: 5_000 });
    expect(reports.filter((p) => p.until === 5_000).length).toBeGreaterThan(1);
    // runUntilEvent reports before its final one, and its steps count task steps only.
    const middle = reports.slice(reports.indexOf(finals[0] as Progress) + 1, reports.indexOf(finals[1] as Progress) + 1);
    expect(middle.length).toBeGreaterThan(1);
    expect(middle.every((p) => p.fraction === null && p.until === null)).toBe(true);
    for (let i = 1; i < middle.length; i++) expect((middle[i] as Progress).steps).toBeGreaterThanOrEqual((middle[i - 1] as Progress).steps as number);
    expect((finals[1] as Progress).steps).toBeGreaterThan(1_000);
  });

  it("a callback that throws in runUntilEvent: its error is the call's, and the simulation goes on", () => {
    const plain = bank({});
    const log: string[] = [];
    let calls = 0;
    let armed = false;
    const failure = new Error("no screen");
    const sim = new Simulation({
      seed: 11,
      onProgress: () => {
        if (armed && ++calls === 2) throw failure;
      },
      progressInterval: 0,
      wallClock: tickingClock(1),
    });
    const counter = new Resource(2);
    const allServed = simEvent<number>();
    sim.process(source, 3_000, counter, log, allServed);
    sim.runUntil(5_000);
    log.push(`paused at ${sim.now}`);
    armed = true;
    expect(() => sim.runUntilEvent(allServed)).toThrow(failure);
    log.push(`all arrived at ${sim.runUntilEvent(allServed)}`);
    sim.run();
    log.push(`end at ${sim.now}`);
    expect(log).toEqual(plain);
  });

  it("onProgress may not drive the simulation: step, run, runUntil and runUntilEvent from it are refused, in each call", () => {
    const plain = bank({});
    const refusals: unknown[] = [];
    let sim: Simulation | null = null;
    const pending = simEvent<number>();
    const attempts: Array<(s: Simulation) => unknown> = [(s) => s.step(), (s) => s.run(), (s) => s.runUntil(s.now + 1e6), (s) => s.runUntilEvent(pending)];
    let reports = 0;
    const log = bank({
      progressInterval: 0,
      wallClock: tickingClock(1),
      onProgress: (p: Progress) => {
        if (p.final || sim === null) return;
        const attempt = attempts[reports++ % attempts.length] as (s: Simulation) => unknown;
        try {
          attempt(sim);
          refusals.push("allowed");
        } catch (error) {
          refusals.push(error);
        }
      },
      made: (s) => (sim = s),
    });
    expect(log).toEqual(plain);
    expect(refusals.length).toBeGreaterThanOrEqual(3 * attempts.length);
    for (const refusal of refusals) {
      expect(refusal).toBeInstanceOf(UsageError);
      expect((refusal as Error).message).toContain("onProgress must not drive the host");
    }
  });
});
