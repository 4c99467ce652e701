/**
 * `onWork` is code outside the kernel (a host's, or a custom host's). If it
 * throws, the caller of spawn() or cancel() gets the error, but only after
 * the kernel's own bookkeeping: the task is queued and the tracer has heard
 * of it.
 */
import { Scheduler, suspend } from "../../src/index.js";
import type { Task, Tracer } from "../../src/index.js";

function recordingTracer(events: string[]): Tracer {
  return {
    spawned: (t) => events.push(`spawned ${t.label} ${t.state}`),
    stepStarted: () => {},
    stepEnded: () => {},
    woken: (t) => events.push(`woken ${t.label} ${t.state}`),
    cancelRequested: () => {},
    finished: () => {},
  };
}

describe("an onWork that throws", () => {
  it("spawn() throws its error, with the task queued and traced", () => {
    const events: string[] = [];
    const s = new Scheduler({ tracer: recordingTracer(events) });
    s.onWork = () => {
      throw new Error("host is gone");
    };
    expect(() => s.spawn(function* idle() {})).toThrow("host is gone");
    expect(events).toEqual(['spawned task#1 "idle" ready']);
    expect(s.readyCount).toBe(1);
  });

  it("cancel() of a blocked task throws its error, with the task queued and traced", () => {
    const events: string[] = [];
    const s = new Scheduler({ tracer: recordingTracer(events) });
    const t: Task<unknown> = s.spawn(function* blocked() {
      yield* suspend();
    });
    s.runVirtual();
    s.onWork = () => {
      throw new Error("host is gone");
    };
    expect(() => t.cancel()).toThrow("host is gone");
    expect(events).toEqual(['spawned task#1 "blocked" ready', 'woken task#1 "blocked" ready']);
    expect(s.readyCount).toBe(1);
  });
});
