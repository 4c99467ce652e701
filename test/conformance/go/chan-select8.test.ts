/**
 * Port of Go 1.19's test/chan/select8.go: `break` inside a select's case
 * leaves the select (a gccgo bug, in one-, two- and three-case selects,
 * with and without default). spindle's select is an expression and a case
 * body is ordinary code after it, so there is no select statement to break
 * out of; the port keeps the scenario (a task sending 5 for ever) and the
 * same select shapes, and checks that the case Go marks unreachable (a send
 * nobody receives) is never chosen.
 */
import { channel, run, select, spawn, trySelect } from "../../../src/index.js";
import { MODES } from "./helpers.js";

describe("test/chan/select8.go", () => {
  describe.each(MODES)("$mode mode", ({ options }) => {
    it("main", () => {
      const result = run(function* () {
        const ch = channel<number>();
        yield* spawn(function* () {
          for (;;) yield* ch.send(5);
        });
        const one = yield* select([ch.recv()], options);
        const defaultOnly = trySelect([], options);
        const withDefault = trySelect([ch.recv()], options); // a value or the default: both are fine in Go
        const three = trySelect([ch.recv(), ch.send(10)], options);
        return [one, defaultOnly, withDefault === null || withDefault.value === 5, three === null || three.index === 0];
      });
      expect(result).toEqual([{ index: 0, value: 5 }, null, true, true]);
    });
  });
});
