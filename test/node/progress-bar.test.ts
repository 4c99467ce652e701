/**
 * The terminal progress bar: on a TTY it redraws one line with "\r" and
 * clears it at the end; on anything else (a pipe, a file, CI) it writes
 * nothing at all.
 */
import { run, yieldNow } from "../../src/index.js";
import type { Coroutine, Progress } from "../../src/index.js";
import { ProgressBar, progressLine } from "../../src/node.js";
import type { ProgressBarStream } from "../../src/node.js";

class FakeStream implements ProgressBarStream {
  readonly written: string[] = [];
  constructor(
    readonly isTTY: boolean,
    readonly columns = 100,
  ) {}
  write(text: string): boolean {
    this.written.push(text);
    return true;
  }
}

function report(fields: Partial<Progress>): Progress {
  return { fraction: null, elapsedMs: 0, final: false, now: 0, until: null, steps: 0, tasksFinished: 0, replicationsDone: null, replications: null, ...fields };
}

function* spinner(): Coroutine<void> {
  for (let i = 0; i < 200_000; i++) yield* yieldNow();
}

describe("ProgressBar", () => {
  it("on a TTY, draws each report over the same line with \\r and clears it when finished", () => {
    const stream = new FakeStream(true);
    const bar = new ProgressBar({ stream, label: "simulating", env: {} });
    expect(bar.enabled).toBe(true);
    bar.update(report({ fraction: 0.25, elapsedMs: 1000, now: 15_000, until: 60_000, tasksFinished: 1234 }));
    bar.update(report({ fraction: 0.5, elapsedMs: 2000, now: 30_000, until: 60_000, tasksFinished: 5000 }));
    bar.finish();
    expect(stream.written).toEqual([
      "\rsimulating [######------------------]  25.0%  1s  ETA 3s  t=15,000 ms  1,234 tasks done",
      "\rsimulating [############------------]  50.0%  2s  ETA 2s  t=30,000 ms  5,000 tasks done",
      `\r${" ".repeat(stream.written[1]!.length - 1)}\r`,
    ]);
  });

  it("blanks what a shorter line leaves, and never writes past the terminal's width", () => {
    const stream = new FakeStream(true, 40);
    const bar = new ProgressBar({ stream, label: "run", env: {} });
    bar.update(report({ now: 123_456_789, tasksFinished: 99_999, elapsedMs: 5000 }));
    bar.update(report({ now: 1, tasksFinished: 0, elapsedMs: 10 }));
    const [first, second] = stream.written as [string, string];
    expect(first).toBe("\rrun  5s  t=123,456,789 ms  99,999 tasks"); // 39 of the 40 columns: writing the last one would wrap
    expect(second).toBe(`\rrun  10ms  t=1 ms  0 tasks done${" ".repeat(8)}`);
  });

  it("writes nothing when the stream is not a TTY, or when CI is set", () => {
    for (const [stream, env] of [
      [new FakeStream(false), {}],
      [new FakeStream(true), { CI: "true" }],
      [new FakeStream(true), { CI: "1" }],
    ] as const) {
      const bar = new ProgressBar({ stream, env });
      expect(bar.enabled).toBe(false);
      run(spinner, { onProgress: bar.update, progressInterval: 0 });
      bar.finish();
      expect(stream.written).toEqual([]);
    }
  });

  it("its update is the onProgress of a run: lines while it runs, then a clear line", () => {
    const stream = new FakeStream(true);
    const bar = new ProgressBar({ stream, env: { CI: "false" } });
    let clock = 0;
    run(spinner, { onProgress: bar.update, progressInterval: 4, wallClock: () => ++clock });
    bar.finish();
    expect(stream.written.length).toBeGreaterThan(2);
    expect(stream.written.every((line) => line.startsWith("\r") && !line.includes("\n"))).toBe(true);
    expect(stream.written[stream.written.length - 2]).toMatch(/^\rrunning {2}\d+ms {2}t=0 ms {2}1 tasks done/);
    expect((stream.written[stream.written.length - 1] as string).trim()).toBe("");
  });

  it("progressLine shows replications, and no ETA before any work is done", () => {
    expect(progressLine("replicating", report({ fraction: 3 / 8, elapsedMs: 90_000, now: null, steps: null, tasksFinished: null, replicationsDone: 3, replications: 8 }))).toBe(
      "replicating [#########---------------]  37.5%  1m30s  ETA 2m30s  3/8 replications",
    );
    expect(progressLine("x", report({ fraction: 0, elapsedMs: 10, now: 0, until: 10 }))).toBe("x [------------------------]   0.0%  10ms  t=0 ms  0 tasks done");
  });
});
