/**
 * Port of Go 1.19's test/chan/select.go: a non-blocking select loop that
 * switches off each send case (Go: sets its channel to nil; here the case
 * becomes null) once it has fired. Go evaluates a send case's value even
 * when the channel is nil, which the `counter` checks; `sendOn` does too.
 */
import { channel, run, trySelect } from "../../../src/index.js";
import type { Channel, Coroutine, SelectOptions } from "../../../src/index.js";
import { MODES, sendOn } from "./helpers.js";

describe("test/chan/select.go", () => {
  describe.each(MODES)("$mode mode", ({ options }) => {
    it("main", () => {
      let counter = 0;
      let shift = 0;
      const getValue = (): number => {
        counter++;
        return 1 << shift;
      };
      const send = (a: Channel<number> | null, b: Channel<number> | null, opts: SelectOptions): number => {
        let fired = 0;
        for (;;) {
          const r = trySelect([sendOn(a, getValue()), sendOn(b, getValue())], opts);
          if (r === null) break;
          fired++;
          if (r.index === 0) a = null;
          else b = null;
          shift++;
        }
        return fired;
      };
      const result = run(function* (): Coroutine<number[]> {
        const a = channel<number>(1);
        const b = channel<number>(1);
        const first = send(a, b, options);
        const av = yield* a.recv();
        const bv = yield* b.recv();
        const second = send(a, null, options);
        return [first, (av as number) | (bv as number), second, counter];
      });
      expect(result).toEqual([2, 3, 1, 10]);
    });
  });
});
