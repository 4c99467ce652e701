/**
 * RealtimeHost soundness: failures reported from one tick, and a clock
 * that gives no time.
 */
import { InvalidArgumentError, RealtimeHost, sleep, suppressedErrors } from "../../src/index.js";
import { FakeEventLoop } from "./fake-event-loop.js";

afterEach(() => jest.restoreAllMocks());

/** Runs the fake event loop to its end, catching what its callbacks throw (Node's uncaught exceptions). */
function runCatching(loop: FakeEventLoop): unknown[] {
  const thrown: unknown[] = [];
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      loop.run(1_000);
      return thrown;
    } catch (error) {
      thrown.push(error);
    }
  }
  return thrown;
}

function messages(errors: readonly unknown[]): string[] {
  return errors.map((e) => (e as Error).message);
}

/** Two tasks that fail at t=5, in the same tick: "first", then "second". */
function spawnTwoFailuresAt5(host: RealtimeHost): void {
  for (const message of ["first", "second"]) {
    host.spawn(function* () {
      yield* sleep(5);
      throw new Error(message);
    });
  }
}

describe("RealtimeHost: every failure of a tick, and a clock that gives no time", () => {
  it("two failures in one tick, with an onError that throws on the first: the second still reaches onError", () => {
    const loop = new FakeEventLoop();
    loop.install();
    const seen: unknown[] = [];
    const host = new RealtimeHost({
      clock: () => loop.time,
      onError: (error) => {
        seen.push(error);
        throw error;
      },
    });
    spawnTwoFailuresAt5(host);
    const thrown = runCatching(loop);
    expect(messages(seen)).toEqual(["first", "second"]);
    expect(messages(thrown)).toEqual(["first"]); // what onError threw leaves the host's callback
    expect(messages(suppressedErrors(thrown[0]))).toEqual(["second"]);
    expect(host.scheduler.uncaught).toEqual([]);
  });

  it("two failures in one tick without onError: the first is thrown from the callback, the second attached to it, none left behind", () => {
    const loop = new FakeEventLoop();
    loop.install();
    const host = new RealtimeHost({ clock: () => loop.time });
    spawnTwoFailuresAt5(host);
    const thrown = runCatching(loop);
    expect(messages(thrown)).toEqual(["first"]);
    expect(messages(suppressedErrors(thrown[0]))).toEqual(["second"]);
    expect(host.scheduler.uncaught).toEqual([]);
  });

  it("a clock that gives NaN is refused when the host is made, naming the clock option", () => {
    expect(() => new RealtimeHost({ clock: () => NaN })).toThrow(InvalidArgumentError);
    expect(() => new RealtimeHost({ clock: () => NaN })).toThrow(/clock/);
    expect(() => new RealtimeHost({ clock: (() => "12") as unknown as () => number })).toThrow(InvalidArgumentError);
  });

  it("a clock that stops giving numbers mid-run: the error says the clock is at fault, not advanceTo", () => {
    const loop = new FakeEventLoop();
    loop.install();
    let broken = false;
    const errors: unknown[] = [];
    const host = new RealtimeHost({ clock: () => (broken ? Infinity : loop.time), onError: (e) => errors.push(e) });
    host.spawn(function* () {
      yield* sleep(5);
    });
    broken = true;
    loop.run(3);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]).toBeInstanceOf(InvalidArgumentError);
    expect(messages(errors)[0]).toMatch(/^RealtimeHost: clock\(\) gave the number Infinity/);
    host.stop();
  });
});
