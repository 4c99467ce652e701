/**
 * shutdownOnSignals with a deadline longer than an OS timer can wait
 * (2^31 - 1 ms, about 24.8 days): setTimeout would fire it after 1 ms, and
 * the process would exit with 1 before its cleanup ran. A huge timeout means
 * "wait practically forever"; Infinity means no deadline at all.
 *
 * jest's fake timers do what Node does with such a delay (fire after 1 ms),
 * and let the test move time by weeks. A FrameHost runs the cleanup, so
 * the host arms no OS timer of its own.
 */
import { FrameHost, suspend, waitFrames } from "../../src/index.js";
import { shutdownOnSignals } from "../../src/node.js";
import type { ShutdownOptions } from "../../src/node.js";

const SIGNAL = "SIGUSR2";
const MAX_DELAY = 2 ** 31 - 1;

beforeEach(() => jest.useFakeTimers());
afterEach(() => {
  jest.useRealTimers();
  process.exitCode = undefined; // the fake exit leaves it set
});

/** A service whose cleanup takes `cleanupFrames` frames (Infinity: it never ends), shut down by a signal. */
function shutDown(options: ShutdownOptions, cleanupFrames: number) {
  const codes: number[] = [];
  const game = new FrameHost();
  const root = game.spawn(function* service() {
    try {
      yield* suspend();
    } finally {
      if (cleanupFrames === Infinity) yield* suspend();
      else yield* waitFrames(cleanupFrames);
    }
  });
  const handle = shutdownOnSignals(game, root, { signals: [SIGNAL], exit: (code) => codes.push(code), ...options });
  process.emit(SIGNAL, SIGNAL);
  return { codes, game, handle };
}

describe("shutdownOnSignals: deadlines past the OS timer's limit", () => {
  it("timeoutMs: 2 ** 31 waits for the cleanup instead of exiting at once", () => {
    const { codes, game } = shutDown({ timeoutMs: 2 ** 31 }, 3);
    jest.advanceTimersByTime(1_000);
    expect(codes).toEqual([]);
    for (let frame = 0; frame < 4; frame++) game.advance(16);
    jest.advanceTimersByTime(1); // the exit waits for a turn of the event loop
    expect(codes).toEqual([0]);
  });

  it("a cleanup that hangs exits 1 when the whole timeout has passed, not before", () => {
    const timeoutMs = 3 * MAX_DELAY + 5;
    const { codes } = shutDown({ timeoutMs }, Infinity);
    jest.advanceTimersByTime(timeoutMs - 1);
    expect(codes).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(codes).toEqual([1]);
  });

  it("timeoutMs: Infinity has no deadline, and its timer keeps the process alive while the cleanup waits", () => {
    const { codes, handle } = shutDown({ timeoutMs: Infinity }, Infinity);
    jest.advanceTimersByTime(10 * MAX_DELAY);
    expect(codes).toEqual([]);
    expect(jest.getTimerCount()).toBe(1);
    handle.dispose();
    expect(jest.getTimerCount()).toBe(0);
  });

  it.each([NaN, -1, "10"])("refuses timeoutMs: %p", (timeoutMs) => {
    const game = new FrameHost();
    const root = game.spawn(() => suspend());
    expect(() => shutdownOnSignals(game, root, { signals: [SIGNAL], timeoutMs: timeoutMs as number })).toThrow(
      `timeoutMs must be a finite number of milliseconds >= 0, got ${String(timeoutMs)} (or Infinity`,
    );
  });
});
