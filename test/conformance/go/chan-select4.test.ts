/** Port of Go 1.19's test/chan/select4.go: a select proceeds with the case whose value is ready, and only that case's target is touched. */
import { channel, run, select } from "../../../src/index.js";
import { MODES } from "./helpers.js";

describe("test/chan/select4.go", () => {
  describe.each(MODES)("$mode mode", ({ options }) => {
    it("main", () => {
      const result = run(function* () {
        const x = { a: 0 };
        let touched = false; // Go's f(), which must not be called: assigning to the other case's target
        const c = channel<number>(1);
        const c1 = channel<number>();
        yield* c.send(42);
        const r = yield* select([c1.recv(), c.recv()], options);
        if (r.index === 0) touched = true;
        else x.a = r.value as number;
        return [x.a, touched];
      });
      expect(result).toEqual([42, false]);
    });
  });
});
