/**
 * The timeline's drawing, without a browser: the axis's round steps, the
 * merging of spans too narrow to draw apart, and the compact drawing of a
 * large trace (the browser tests check what Chromium makes of both).
 */
import { TraceRecorder, VirtualHost, run, sleep, spawn, timelineHtml, yieldNow } from "../../src/index.js";
import type { Coroutine } from "../../src/index.js";
import { niceStep, ticksOf } from "../../src/debug/axis.js";

const count = (html: string, pattern: RegExp): number => html.match(pattern)?.length ?? 0;

function traceOf(main: () => Coroutine<unknown>): TraceRecorder {
  const trace = new TraceRecorder();
  run(main, { tracer: trace });
  return trace;
}

describe("the axis", () => {
  it.each([
    [5, 10, false, 0.5],
    [60, 10, false, 10],
    [1234, 10, false, 200],
    [0.003, 10, false, 0.0005],
    [30, 10, true, 5],
    [7, 10, true, 1],
    [103_066, 10, true, 20_000],
  ])("steps over %p with at most %p ticks (whole numbers: %p) by %p", (extent, maxTicks, whole, step) => {
    expect(niceStep(extent, maxTicks, whole)).toBeCloseTo(step, 10);
  });

  it("labels each multiple of the step in the range, without binary noise, with the unit", () => {
    expect(ticksOf(0, 0.6, 6, false, " ms").map((t) => t.label)).toEqual(["0 ms", "0.1 ms", "0.2 ms", "0.3 ms", "0.4 ms", "0.5 ms", "0.6 ms"]);
    // a trace that starts late (cut by a limit) starts its axis at its first event, on a round value
    expect(ticksOf(1003, 20, 4, false, "").map((t) => t.label)).toEqual(["1005", "1010", "1015", "1020"]);
  });

  it("a range tiny beside its start gets ticks at its two ends, labelled apart", () => {
    // 1e17 / 8 is past 2^53, where counting in steps of 1 no longer moves
    const ticks = ticksOf(1e17, 64, 8, false, " ms");
    expect(ticks.map((t) => t.value)).toEqual([1e17, 1e17 + 64]);
    expect(ticks.map((t) => t.label)).toEqual(["100000000000000000 ms", "100000000000000060 ms"]);
    expect(ticksOf(0, 1, 1e9, false, "").length).toBeLessThanOrEqual(1001);
  });

  it("draws a run on calendar time with a sub-millisecond wait", () => {
    const trace = new TraceRecorder();
    const start = Date.UTC(2026, 0, 1);
    const host = new VirtualHost({ startTime: start, tracer: trace });
    host.scheduler.spawn(function* napper() {
      yield* sleep(0.001);
    });
    host.run();
    const html = timelineHtml(trace.events);
    const labels = [...html.matchAll(/class="tick-label"[^>]*>([^<]*)</g)].map((m) => m[1]);
    expect(labels).toContain(`${start} ms`);
    expect(labels).toContain(`${start + 0.001} ms`);
  });
});

describe("the lanes", () => {
  it("merges spans narrower than a unit, and says so in the merged rect's tooltip", () => {
    // 300 steps at one instant, then a long sleep: on the time axis the steps take no width at all
    const html = timelineHtml(
      traceOf(function* spinner() {
        for (let i = 0; i < 300; i++) yield* yieldNow();
        yield* sleep(100);
      }).events,
    );
    expect(html).toMatch(/<title>\d+ short spans, t=0\.\.0, mostly ready/);
    // steps beyond 60 in a lane are one path
    expect(count(html, /<path [^>]*class="steps"/g)).toBe(1);
    expect(count(html, /<rect /g)).toBeLessThan(10);
  });

  it("replaces characters XML forbids in task names and the title", () => {
    // a task is named after its function
    const sleeper = function* (): Coroutine<void> {
      yield* sleep(1);
    };
    Object.defineProperty(sleeper, "name", { value: "bad\u0001name\uD800" });
    const html = timelineHtml(
      traceOf(function* main() {
        yield* spawn(sleeper);
        yield* sleep(2);
      }).events,
      { title: "run\u0000" },
    );
    // eslint-disable-next-line no-control-regex -- the control characters are what this test looks for
    expect(html).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    expect(html).toContain("bad\uFFFDname\uFFFD");
    expect(html).toContain("run\uFFFD");
    expect(() => timelineHtml([], { title: 7 as unknown as string })).toThrow(/options\.title is/);
  });

  it("draws a trace of more than 5,000 events compact: a few shapes per lane", () => {
    const trace = traceOf(function* crowd() {
      const workers = [];
      for (let w = 0; w < 50; w++) {
        workers.push(
          yield* spawn(function* worker() {
            for (let i = 0; i < 40; i++) yield* sleep(1 + (i % 3));
          }),
        );
      }
      for (const worker of workers) yield* worker;
    });
    expect(trace.events.length).toBeGreaterThan(5000);
    const html = timelineHtml(trace.events);
    expect(count(html, /<rect /g)).toBe(0);
    // per lane: its steps, and one shape per colour it uses
    expect(count(html, /<path [^>]*class="steps"/g)).toBe(51);
    expect(count(html, /<path [^>]*class="spans sleeping"/g)).toBe(50);
    // labels still name the waits wide enough for them: crowd's join of its first worker
    expect(html).toContain('class="label">join(task#2 &quot;worker&quot;)</text>');
  });
});
