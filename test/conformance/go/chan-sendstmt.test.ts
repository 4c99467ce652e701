/**
 * Port of Go 1.19's test/chan/sendstmt.go. Its point is Go's grammar (send
 * is a statement, `<-cc <- 2` parses as a send to a received channel); the
 * port keeps its two scenarios: a channel of channels, and sending the
 * value of an expression.
 */
import { channel, run, trySelect } from "../../../src/index.js";
import type { Channel } from "../../../src/index.js";

describe("test/chan/sendstmt.go", () => {
  it("chanchan", () => {
    const got = run(function* () {
      const cc = channel<Channel<number>>(1);
      const c = channel<number>(1);
      yield* cc.send(c);
      const inner = yield* cc.recv(); // Go: `case <-cc <- 2:` receives the channel, then sends on it
      if (typeof inner === "symbol") throw new Error("closed");
      if (trySelect([inner.send(2)]) === null) throw new Error("nonblock");
      return yield* c.recv();
    });
    expect(got).toBe(2);
  });

  it("sendprec", () => {
    const got = run(function* () {
      const c = channel<boolean>(1);
      const no = (): boolean => false;
      yield* c.send(no() || true);
      return yield* c.recv();
    });
    expect(got).toBe(true);
  });
});
