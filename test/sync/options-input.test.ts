/**
 * The options argument of every primitive: something that is not an object
 * (null, a number, a string) gets the typed InvalidArgumentError that names
 * the primitive, as a bad option value does, instead of a raw TypeError from
 * reading a property of null; and select's `fair` must be a boolean.
 */
import { InvalidArgumentError, barrier, broadcast, channel, condition, event, mutex, priorityQueue, select, semaphore, trySelect, waitGroup } from "../../src/index.js";

const makers: [string, (options: never) => unknown][] = [
  ["channel", (o) => channel(0, o)],
  ["semaphore", (o) => semaphore(1, o)],
  ["mutex", (o) => mutex(o)],
  ["event", (o) => event(o)],
  ["condition", (o) => condition(null, o)],
  ["barrier", (o) => barrier(2, o)],
  ["waitGroup", (o) => waitGroup(o)],
  ["broadcast", (o) => broadcast(o)],
  ["priorityQueue", (o) => priorityQueue(o)],
];

describe("options that are not an object", () => {
  it.each(makers)("%s(..., null) and (..., 5) throw InvalidArgumentError naming the primitive", (name, make) => {
    for (const bad of [null, 5, "fast"]) {
      let error: unknown;
      try {
        make(bad as never);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect((error as Error).message).toContain(`${name}(`);
      expect((error as Error).message).toContain("options");
    }
  });

  it.each(makers)("%s() with no options and with {} still works", (_name, make) => {
    expect(() => make(undefined as never)).not.toThrow();
    expect(() => make({} as never)).not.toThrow();
  });

  it("select and trySelect refuse options that are not an object, and a fair that is not a boolean", () => {
    const ch = channel<number>(1);
    for (const bad of [null, 5, { fair: "yes" }, { fair: 1 }]) {
      expect(() => select([ch.recv()], bad as never)).toThrow(InvalidArgumentError);
      expect(() => trySelect([ch.recv()], bad as never)).toThrow(InvalidArgumentError);
    }
    expect(() => select([ch.recv()], { fair: false })).not.toThrow();
  });
});
