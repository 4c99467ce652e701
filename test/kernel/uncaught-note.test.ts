/**
 * An error that no task handled, when it leaves the scheduler for the host,
 * says in which task it was thrown: one line appended to its stack, which is
 * what Node prints. Its message, class and identity stay the user's own.
 */
import { FrameHost, RealtimeHost, VirtualHost, run, sleep, spawn, taskOfError } from "../../src/index.js";
import type { Coroutine } from "../../src/index.js";

function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("did not throw");
}

/** The stack's lines that are not call sites ("    at ..."). */
function notes(error: unknown): string[] {
  return String((error as Error).stack)
    .split("\n")
    .filter((line) => line.startsWith("    in "));
}

function* flaky(n: number): Coroutine<void> {
  yield* sleep(n);
  throw new Error(`flaky ${n} blew up`);
}

describe("the task note on an error that reaches the host", () => {
  it("an unjoined child's failure: names the task, its parents, and why it failed the parent", () => {
    const error = thrownBy(() =>
      run(function* parent() {
        yield* spawn(function* helper() {
          yield* sleep(100);
        });
        yield* spawn(flaky, 10); // never joined
        yield* sleep(1_000);
      }),
    );
    expect(error).toBeInstanceOf(Error);
    expect(Object.getPrototypeOf(error)).toBe(Error.prototype); // the class is the user's own
    expect((error as Error).message).toBe("flaky 10 blew up"); // the message is unchanged
    expect(String((error as Error).stack).startsWith("Error: flaky 10 blew up\n    at ")).toBe(true);
    expect(notes(error)).toEqual(['    in task#3 "flaky" <- task#1 "parent" (task#3 "flaky" was not joined, and an unjoined child\'s failure fails its parent)']);
    expect(String((error as Error).stack).endsWith("its parent)")).toBe(true); // the last line
    expect(Object.keys(error as object)).toEqual([]); // nothing enumerable added: Node prints no extra properties
  });

  it("a joined child's failure: names the task and its parents, and nothing about joining", () => {
    const error = thrownBy(() =>
      run(function* parent() {
        const child = yield* spawn(flaky, 5);
        yield* child; // joined, not caught: the error is rethrown in the parent
      }),
    );
    expect((error as Error).message).toBe("flaky 5 blew up");
    expect(notes(error)).toEqual(['    in task#2 "flaky" <- task#1 "parent"']);
  });

  it("names the first task that was not joined when the error was joined on the way", () => {
    const error = thrownBy(() =>
      run(function* main() {
        yield* spawn(function* worker() {
          yield* yield* spawn(flaky, 3); // joins its child: the error fails the worker
        });
        yield* sleep(1_000); // never joins the worker
      }),
    );
    expect(notes(error)).toEqual(['    in task#3 "flaky" <- task#2 "worker" <- task#1 "main" (task#2 "worker" was not joined, and an unjoined child\'s failure fails its parent)']);
  });

  it("run() still throws the user's own object, and notes it once however often it escapes", () => {
    const mine = new TypeError("mine");
    const thrower = function* main(): Coroutine<void> {
      yield* sleep(1);
      throw mine;
    };
    const first = thrownBy(() => run(thrower));
    const second = thrownBy(() => run(thrower));
    expect(first).toBe(mine);
    expect(second).toBe(mine);
    expect(notes(mine)).toEqual(['    in task#1 "main"']);
    expect(taskOfError(mine)).toBe('task#1 "main"'); // the note reads the same tag as taskOfError
  });

  it("leaves alone what cannot or should not carry a note", () => {
    const frozen = Object.freeze(new Error("frozen"));
    expect(thrownBy(() => run(function* main() { throw frozen; }))).toBe(frozen);

    const fixed = new Error("fixed stack");
    Object.defineProperty(fixed, "stack", { value: "Error: fixed stack (a stack that cannot be written)", writable: false });
    expect(thrownBy(() => run(function* main() { throw fixed; }))).toBe(fixed);
    expect(fixed.stack).toBe("Error: fixed stack (a stack that cannot be written)");

    const noStack = new Error("no stack");
    Object.defineProperty(noStack, "stack", { get: () => undefined });
    expect(thrownBy(() => run(function* main() { throw noStack; }))).toBe(noStack);

    expect(thrownBy(() => run(function* main() { throw "a string"; }))).toBe("a string");
    const plain = { message: "not an Error" };
    expect(thrownBy(() => run(function* main() { throw plain; }))).toBe(plain);
    expect(Object.keys(plain)).toEqual(["message"]);
  });

  it("VirtualHost.run() notes it too", () => {
    const host = new VirtualHost();
    host.spawn(function* parent() {
      yield* spawn(flaky, 1);
      yield* sleep(10);
    });
    const error = thrownBy(() => host.run());
    expect((error as Error).message).toBe("flaky 1 blew up");
    expect(notes(error)).toEqual(['    in task#2 "flaky" <- task#1 "parent" (task#2 "flaky" was not joined, and an unjoined child\'s failure fails its parent)']);
  });

  it("the frame host's onError receives the noted error", () => {
    const seen: unknown[] = [];
    const game = new FrameHost({ onError: (error) => seen.push(error) });
    game.spawn(function* level() {
      yield* spawn(flaky, 1);
      yield* sleep(100);
    });
    for (let frame = 0; frame < 5; frame++) game.advance(16);
    expect(seen).toHaveLength(1);
    expect((seen[0] as Error).message).toBe("flaky 1 blew up");
    expect(notes(seen[0])).toEqual(['    in task#2 "flaky" <- task#1 "level" (task#2 "flaky" was not joined, and an unjoined child\'s failure fails its parent)']);
  });

  it("the real-time host's onError receives the noted error", async () => {
    const seen = await new Promise<unknown>((resolve) => {
      const host = new RealtimeHost({ onError: (error) => resolve(error) });
      host.spawn(function* server() {
        yield* spawn(flaky, 1);
        yield* sleep(1_000); // the child's failure cancels this sleep
      });
    });
    expect(notes(seen)).toEqual(['    in task#2 "flaky" <- task#1 "server" (task#2 "flaky" was not joined, and an unjoined child\'s failure fails its parent)']);
  });

  it("an error a task handled carries no note", () => {
    const caught = run(function* main() {
      const child = yield* spawn(flaky, 1);
      try {
        yield* child;
      } catch (error) {
        return error;
      }
      return undefined;
    });
    expect((caught as Error).message).toBe("flaky 1 blew up");
    expect(notes(caught)).toEqual([]);
  });
});
