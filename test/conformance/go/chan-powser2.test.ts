/**
 * Port of Go 1.19's test/chan/powser2.go: the same power series as
 * powser1, with coefficients sent through an interface (Go: `chan item`
 * carrying `*rat`): here instances of a class reached through the `Item`
 * interface, compared by their own `eq`. The program is in powser.ts.
 */
import { run } from "../../../src/index.js";
import { MODES } from "./helpers.js";
import { checkAll } from "./powser.js";

interface Item {
  readonly num: bigint;
  readonly den: bigint;
  pr(): string;
  eq(c: Item): boolean;
}

class Rat implements Item {
  constructor(
    readonly num: bigint,
    readonly den: bigint,
  ) {}
  pr(): string {
    return this.den === 1n ? `${this.num}` : `${this.num}/${this.den}`;
  }
  eq(c: Item): boolean {
    return c instanceof Rat && this.num === c.num && this.den === c.den;
  }
}

describe("test/chan/powser2.go", () => {
  describe.each(MODES)("$mode mode", ({ options }) => {
    it("main", () => {
      const mk = (num: bigint, den: bigint): Item => new Rat(num, den);
      expect(run(() => checkAll<Item>(mk, (u, c) => u.eq(c), options))).toEqual([]);
    });
  });
});
