/**
 * Port of Go 1.19's test/chan/nonblock.go: non-blocking sends and receives
 * (Go's select with a default case, spindle's trySelect) on unbuffered and
 * one-slot channels of several value types, retried with short sleeps until
 * the partner task is there.
 */
import { channel, run, sleep, spawn, trySelect, yieldNow } from "../../../src/index.js";
import type { Coroutine, SelectOptions } from "../../../src/index.js";
import { MODES } from "./helpers.js";

const MAX_TRIES = 10_000;

/** Go's sleep(): two ticks of 10 µs and a few reschedules; here 1 ms of virtual time. */
function* pause(): Coroutine<void> {
  yield* sleep(1);
  yield* yieldNow();
  yield* yieldNow();
  yield* yieldNow();
}

/** One value type: what the partner expects, what it sends back, and Go's panic labels. */
interface Kind<T> {
  name: string;
  toReceiver: T;
  fromSender: T;
}

const KINDS: Kind<unknown>[] = [
  { name: "i32", toReceiver: 123, fromSender: 234 } as Kind<number>,
  { name: "i64", toReceiver: 123456n, fromSender: 234567n } as Kind<bigint>,
  { name: "b", toReceiver: true, fromSender: true } as Kind<boolean>,
  { name: "s", toReceiver: "hello", fromSender: "hello again" } as Kind<string>,
];

function* exercise<T>(kind: Kind<T>, buffer: number, options: SelectOptions, failures: string[]): Coroutine<void> {
  const strobe = channel<boolean>();
  const c = channel<T>(buffer);
  if (trySelect([c.recv()], options) !== null) failures.push(`blocked ${kind.name}sender`);

  // A receiver task; the test's non-blocking send succeeds once it waits (or at once into the buffer).
  yield* spawn(function* () {
    const v = yield* c.recv();
    if (v !== kind.toReceiver) failures.push(`${kind.name} value`);
    yield* strobe.send(true);
  });
  for (let tries = 0; trySelect([c.send(kind.toReceiver)], options) === null; tries++) {
    if (tries > MAX_TRIES) {
      failures.push(`${kind.name}receiver buffer=${buffer}`);
      return;
    }
    yield* pause();
  }
  yield* strobe.recv();

  // A sender task; the test's non-blocking receive succeeds once it has sent (or is blocked sending).
  yield* spawn(function* () {
    yield* c.send(kind.fromSender);
    yield* strobe.send(true);
  });
  if (buffer > 0) yield* strobe.recv();
  let got: unknown;
  for (let tries = 0; ; tries++) {
    const r = trySelect([c.recv()], options);
    if (r !== null) {
      got = r.value;
      break;
    }
    if (tries > MAX_TRIES) {
      failures.push(`${kind.name}sender buffer=${buffer}`);
      return;
    }
    yield* pause();
  }
  if (got !== kind.fromSender) failures.push(`${kind.name}sender value`);
  if (buffer === 0) yield* strobe.recv();
}

describe("test/chan/nonblock.go", () => {
  describe.each(MODES)("$mode mode", ({ options }) => {
    it("main", () => {
      const failures: string[] = [];
      run(function* () {
        for (let buffer = 0; buffer < 2; buffer++) {
          for (const kind of KINDS) yield* exercise(kind, buffer, options, failures);
        }
      });
      expect(failures).toEqual([]);
    });
  });
});

