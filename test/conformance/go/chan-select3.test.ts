/**
 * Port of Go 1.19's test/chan/select3.go: which channel operations and
 * selects block, never block, or panic. Go's nil channel is spindle's
 * disabled (`null`) select case: outside a select a nil channel can only be
 * written as a select of that one case. Go's panic is a thrown typed error.
 * "Blocks" is checked on the virtual clock: still waiting after 10 ms.
 */
import { CLOSED, ChannelClosedError, channel, run, select, trySelect } from "../../../src/index.js";
import type { Channel, Coroutine } from "../../../src/index.js";
import { MODES, blocks, recvOn, sendOn, thrown } from "./helpers.js";

describe("test/chan/select3.go", () => {
  describe.each(MODES)("$mode mode", ({ options }) => {
    const nilch: Channel<number> | null = null;
    const check = (body: () => Coroutine<unknown>) => run(body);

    it("main: sending or receiving on a nil channel blocks", () => {
      check(function* () {
        expect(yield* blocks(() => select([sendOn(nilch, 7)], options))).toBe(true);
        expect(yield* blocks(() => select([recvOn(nilch)], options))).toBe(true);
      });
    });

    it("main: a nil-channel case next to a default is never selected", () => {
      check(function* () {
        expect(trySelect([sendOn(nilch, 7)], options)).toBeNull();
        expect(trySelect([recvOn(nilch)], options)).toBeNull();
      });
    });

    it("main: sending to a buffered channel with room never blocks", () => {
      check(function* () {
        expect(
          yield* blocks(function* () {
            yield* channel<number>(1).send(7);
          }),
        ).toBe(false);
      });
    });

    it("main: receiving from a closed channel never blocks, and gives CLOSED (Go: the zero value, ok false)", () => {
      check(function* () {
        const closedch = channel<number>();
        closedch.close();
        const got: unknown[] = [];
        expect(
          yield* blocks(function* () {
            for (let i = 0; i < 10; i++) {
              got.push(yield* closedch.recv());
              got.push(yield* closedch.recv());
            }
          }),
        ).toBe(false);
        expect(got).toEqual(new Array(20).fill(CLOSED));
      });
    });

    it("main: sending to a closed channel throws ChannelClosedError (Go: panics)", () => {
      check(function* () {
        const closedch = channel<number>();
        closedch.close();
        expect(yield* thrown(() => closedch.send(7))).toBeInstanceOf(ChannelClosedError);
      });
    });

    it("main: receiving from a channel that is not ready blocks", () => {
      check(function* () {
        const ch = channel<number>();
        expect(
          yield* blocks(function* () {
            yield* ch.recv();
          }),
        ).toBe(true);
      });
    });

    it("main: an empty select blocks", () => {
      check(function* () {
        expect(
          yield* blocks(function* () {
            yield* select([], options);
          }),
        ).toBe(true);
      });
    });

    it("main: a select with only nil channels blocks", () => {
      check(function* () {
        expect(yield* blocks(() => select([recvOn(nilch)], options))).toBe(true);
        expect(yield* blocks(() => select([sendOn(nilch, 7)], options))).toBe(true);
        expect(yield* blocks(() => select([recvOn(nilch), sendOn(nilch, 7)], options))).toBe(true);
      });
    });

    it("main: a select on channels that are not ready blocks", () => {
      check(function* () {
        const ch = channel<number>();
        expect(yield* blocks(() => select([ch.recv()], options))).toBe(true);
      });
    });

    it("main: a select with a default never blocks (alone, or with nil channels)", () => {
      check(function* () {
        expect(trySelect([], options)).toBeNull();
        expect(trySelect([recvOn(nilch)], options)).toBeNull();
        expect(trySelect([sendOn(nilch, 7)], options)).toBeNull();
      });
    });

    it("main: a select with a ready channel does not block", () => {
      check(function* () {
        const ch = channel<number>(1);
        expect(trySelect([ch.send(7)], options)).toEqual({ index: 0, value: undefined });
        const ch2 = channel<number>(1);
        yield* ch2.send(7);
        expect(trySelect([ch2.recv()], options)).toEqual({ index: 0, value: 7 });
      });
    });

    it("main: a select on a closed channel behaves like the plain operation", () => {
      check(function* () {
        const closedch = channel<number>();
        closedch.close();
        let r: unknown;
        expect(
          yield* blocks(function* () {
            r = yield* select([closedch.recv()], options);
          }),
        ).toBe(false);
        expect(r).toEqual({ index: 0, value: CLOSED });
        expect(yield* thrown(() => select([closedch.send(7)], options))).toBeInstanceOf(ChannelClosedError);
      });
    });

    it("main: a select does not match its own send and receive on one channel", () => {
      check(function* () {
        const c = channel<number>();
        expect(yield* blocks(() => select([c.send(1), c.recv()], options))).toBe(true);
      });
    });
  });
});
