/**
 * Port of Go 1.19's test/chan/select7.go: a value received and discarded,
 * by a plain receive, a one-case select or a two-case select, against a
 * send by a plain send, a one-case select or a two-case select.
 */
import { channel, run, select, spawn, yieldNow } from "../../../src/index.js";
import type { Channel, Coroutine, SelectOptions } from "../../../src/index.js";
import { MODES } from "./helpers.js";

type Receiver = (c: Channel<number>, options: SelectOptions) => Coroutine<void>;
type Sender = (recv: Receiver, options: SelectOptions) => Coroutine<void>;

const receivers: [string, Receiver][] = [
  [
    "recv1",
    function* (c) {
      yield* c.recv();
    },
  ],
  [
    "recv2",
    function* (c, options) {
      yield* select([c.recv()], options);
    },
  ],
  [
    "recv3",
    function* (c, options) {
      const c2 = channel<number>();
      yield* select([c.recv(), c2.recv()], options);
    },
  ],
];

const senders: [string, Sender][] = [
  [
    "send1",
    function* (recv, options) {
      const c = channel<number>();
      yield* spawn(recv, c, options);
      yield* yieldNow();
      yield* c.send(1);
    },
  ],
  [
    "send2",
    function* (recv, options) {
      const c = channel<number>();
      yield* spawn(recv, c, options);
      yield* yieldNow();
      yield* select([c.send(1)], options);
    },
  ],
  [
    "send3",
    function* (recv, options) {
      const c = channel<number>();
      yield* spawn(recv, c, options);
      yield* yieldNow();
      const c2 = channel<number>();
      yield* select([c.send(1), c2.send(1)], options);
    },
  ],
];

describe("test/chan/select7.go", () => {
  describe.each(MODES)("$mode mode", ({ options }) => {
    for (const [rname, recv] of receivers) {
      for (const [sname, send] of senders) {
        it(`main: ${sname}(${rname})`, () => {
          expect(() => run(() => send(recv, options))).not.toThrow();
        });
      }
    }
  });
});
