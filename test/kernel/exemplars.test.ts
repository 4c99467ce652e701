/**
 * Exemplars (src/kernel/exemplars.ts) are kept for V8's sake and must never
 * show: not in the user's numbering, not as an error, not inside a run.
 */
import { Scheduler, VirtualHost, channel, spawn } from "../../src/index.js";
import { registerExemplar } from "../../src/kernel/exemplars.js";

describe("exemplars", () => {
  it("leave the user's numbering alone: tasks from #1, primitives from #1", () => {
    const host = new VirtualHost();
    const names: string[] = [];
    const root = host.spawn(function* main() {
      const ch = channel<number>();
      const child = yield* spawn(function* child() {
        yield* ch.send(1);
      });
      yield* ch.recv();
      names.push(child.label, ch.describe());
    });
    host.run();
    expect(root.label).toBe('task#1 "main"');
    expect(names).toEqual(['task#2 "child"', "ch#1"]);
  });

  it("a program registered after the first scheduler runs at once; one that throws is dropped quietly", () => {
    new Scheduler(); // the exemplars exist from here on
    let ran = 0;
    registerExemplar((scheduler) => {
      ran++;
      return scheduler.spawn(function* late() {});
    });
    expect(ran).toBe(1);
    expect(() =>
      registerExemplar(() => {
        throw new Error("an exemplar that cannot run");
      }),
    ).not.toThrow();
  });

  it("one registered while a run is in progress is skipped, and the run is undisturbed", () => {
    new Scheduler();
    let ran = 0;
    const host = new VirtualHost();
    const t = host.spawn(function* registering() {
      registerExemplar(() => {
        ran++;
      });
      return "done";
    });
    host.run();
    expect(ran).toBe(0);
    expect(t.value).toBe("done");
  });
});
