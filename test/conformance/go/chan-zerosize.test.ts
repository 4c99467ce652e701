/**
 * Port of Go 1.19's test/chan/zerosize.go: channels of zero-size types
 * (Go's [0]byte and struct{}) can be made, buffered or not. In TypeScript
 * the counterparts are `void` (a pure signal) and an empty tuple or object.
 */
import { channel, run } from "../../../src/index.js";

describe("test/chan/zerosize.go", () => {
  it("main", () => {
    const got = run(function* () {
      const a = channel<[]>();
      const b = channel<[]>(1);
      const c = channel<void>();
      const d = channel<void>(1);
      yield* b.send([]);
      yield* d.send();
      return [a.capacity, c.capacity, yield* b.recv(), yield* d.recv()];
    });
    expect(got).toEqual([0, 0, [], undefined]);
  });
});
