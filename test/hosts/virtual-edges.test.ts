/**
 * VirtualHost run calls at their edges: a call made after an earlier one
 * threw, with more failures of that run still waiting to be reported.
 */
import { VirtualHost } from "../../src/index.js";

describe("VirtualHost after a run that threw", () => {
  it("a second failure left from an earlier run() is thrown by the next call before it runs anything", () => {
    const host = new VirtualHost();
    host.spawn(function* first() {
      throw new Error("first");
    });
    host.spawn(function* second() {
      throw new Error("second");
    });
    expect(() => host.run()).toThrow("first");
    const log: string[] = [];
    host.spawn(function* later() {
      log.push("later ran");
    });
    expect(() => host.run()).toThrow("second");
    expect(log).toEqual([]); // the stale failure came first; nothing new ran before it
    host.run();
    expect(log).toEqual(["later ran"]);
  });
});
