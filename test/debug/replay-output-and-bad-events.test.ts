/**
 * Replaying a failing schedule shows what the replayed run did, and only
 * that: PCT's preliminary run, which counts the scheduling decisions, must
 * not print the program's output as if it were part of the replay. And the
 * exports refuse events and options they cannot draw, rather than writing
 * a file full of NaN.
 */
import { InvalidArgumentError, replay, run, sleep, spawn, timelineHtml, toChromeTrace, TraceRecorder } from "../../src/index.js";
import type { Coroutine } from "../../src/index.js";

function* worker(name: string): Coroutine<void> {
  yield* sleep(1);
  console.log(`${name} done`);
}

function* program(): Coroutine<string> {
  const a = yield* spawn(worker, "a");
  const b = yield* spawn(worker, "b");
  yield* a;
  yield* b;
  return "ok";
}

describe("replay", () => {
  it("with strategy pct prints the program's console output once, from the replayed run only", () => {
    const lines: string[] = [];
    const spy = jest.spyOn(console, "log").mockImplementation((...args: unknown[]) => void lines.push(args.join(" ")));
    try {
      const result = replay(program, 12345, { strategy: "pct", depth: 2 });
      expect(result.ok).toBe(true);
    } finally {
      spy.mockRestore();
    }
    expect(lines.slice().sort()).toEqual(["a done", "b done"]);
  });
});

describe("the trace exports, given what they cannot draw", () => {
  /** Real events of a small run, saved and read back as a file of another version would be: `t` renamed. */
  function eventsOfAnotherVersion(): unknown[] {
    const trace = new TraceRecorder();
    run(function* () {
      const child = yield* spawn(sleep, 3);
      yield* child;
    }, { seed: 1, tracer: trace });
    return trace.events.map(({ t, ...rest }) => ({ ...rest, time: t }));
  }

  it("toChromeTrace and timelineHtml refuse events without a numeric time (a trace saved by another version), naming the event", () => {
    const events = eventsOfAnotherVersion() as Parameters<typeof toChromeTrace>[0];
    expect(() => toChromeTrace(events)).toThrow(InvalidArgumentError);
    expect(() => toChromeTrace(events)).toThrow(/events\[0\]/);
    expect(() => timelineHtml(events)).toThrow(InvalidArgumentError);
  });

  it("timelineHtml refuses a width that is not a positive number, and an unknown axis", () => {
    const trace = new TraceRecorder();
    run(function* () {
      yield* sleep(5);
    }, { seed: 1, tracer: trace });
    expect(() => timelineHtml(trace.events, { width: -5 })).toThrow(InvalidArgumentError);
    expect(() => timelineHtml(trace.events, { width: Number.NaN })).toThrow(InvalidArgumentError);
    expect(() => timelineHtml(trace.events, { axis: "steps" as "time" })).toThrow(InvalidArgumentError);
    expect(timelineHtml(trace.events, { width: 500, axis: "sequence" })).toContain("<svg");
  });
});
