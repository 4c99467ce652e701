/**
 * Port of Go 1.19's test/chan/select6.go (Go issue 2075): a select whose
 * cases lose must leave the other waiters of their channels intact, so
 * that later operations on those channels still find them.
 */
import { channel, run, select, spawn } from "../../../src/index.js";
import { MODES } from "./helpers.js";

describe("test/chan/select6.go", () => {
  describe.each(MODES)("$mode mode", ({ options }) => {
    it("main", () => {
      const result = run(function* () {
        const c1 = channel<boolean>();
        const c2 = channel<boolean>();
        const c3 = channel<boolean>();
        let wrongCase = false;
        yield* spawn(function* () {
          yield* c1.recv();
        });
        yield* spawn(function* () {
          const r = yield* select([c1.recv(), c2.recv()], options);
          if (r.index === 0) wrongCase = true;
          else yield* c3.send(true);
          yield* c1.recv();
        });
        yield* spawn(function* () {
          yield* c2.send(true);
        });
        yield* c3.recv();
        yield* c1.send(true);
        yield* c1.send(true); // must find the select's task, queued on c1 again after its select
        return [wrongCase, c1.stats().receiversWaiting];
      });
      expect(result).toEqual([false, 0]);
    });
  });
});
