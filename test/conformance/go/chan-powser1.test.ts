/**
 * Port of Go 1.19's test/chan/powser1.go: McIlroy's power series, each
 * operator a task serving a demand channel; coefficients travel as rational
 * values (frozen records). The program is in powser.ts, shared with
 * powser2.
 */
import { run } from "../../../src/index.js";
import { MODES } from "./helpers.js";
import { checkAll } from "./powser.js";
import type { RatLike } from "./powser.js";

const rat = (num: bigint, den: bigint): RatLike => Object.freeze({ num, den });
const eq = (u: RatLike, c: RatLike): boolean => u.num === c.num && u.den === c.den;

describe("test/chan/powser1.go", () => {
  describe.each(MODES)("$mode mode", ({ options }) => {
    it("main", () => {
      expect(run(() => checkAll(rat, eq, options))).toEqual([]);
    });
  });
});
