/**
 * named(): a task's name given at spawn, for a generator function (with its
 * arguments) or an operation (for all, race, timeout), shown in its label,
 * dump() and error reports.
 */
import { InvalidArgumentError, VirtualHost, all, channel, named, run, sleep, spawn, suspend, taskOfError, timeout, yieldNow } from "../../src/index.js";
import type { Channel, Coroutine } from "../../src/index.js";

function* consumer(jobs: Channel<number>): Coroutine<number> {
  return (yield* jobs.recv()) as number;
}

describe("named()", () => {
  it("names tasks spawned from one generator function apart, with their arguments passed on", () => {
    const labels: string[] = [];
    const got = run(function* main() {
      const jobs = channel<number>(2);
      const a = yield* spawn(named("consumer 1", consumer), jobs);
      const b = yield* spawn(named("consumer 2", consumer), jobs);
      labels.push(a.label, b.label);
      yield* jobs.send(10);
      yield* jobs.send(20);
      return (yield* a) + (yield* b);
    });
    expect(got).toBe(30);
    expect(labels).toEqual(['task#2 "consumer 1"', 'task#3 "consumer 2"']);
  });

  it("names the children of all() and timeout(), which are otherwise called 'operation', in dump()", () => {
    const host = new VirtualHost();
    let dump = "";
    host.spawn(function* main() {
      const waiting = yield* spawn(function* () {
        yield* all([named("fetch a", sleep(5)), named("fetch b", suspend())]);
      });
      yield* spawn(function* () {
        yield* timeout(100, named("slow query", suspend()));
      });
      yield* sleep(1);
      dump = host.scheduler.dump();
      waiting.cancel();
    });
    host.runUntil(200);
    expect(dump).toMatch(/"fetch a"/);
    expect(dump).toMatch(/"fetch b"/);
    expect(dump).toMatch(/"slow query"/);
    expect(dump).not.toMatch(/"operation"/);
  });

  it("names the task in the error a failure reports", () => {
    let error: unknown = null;
    try {
      run(function* main() {
        yield* spawn(named("flaky 10", function* () {
          yield* yieldNow();
          throw new Error("blew up");
        }));
        yield* sleep(1);
      });
    } catch (e) {
      error = e;
    }
    expect(taskOfError(error)).toBe('task#2 "flaky 10" <- task#1 "main"');
  });

  it("yielded directly, a named operation simply runs", () => {
    expect(
      run(function* () {
        return yield* named("inline", (function* () {
          yield* sleep(1);
          return 7;
        })());
      }),
    ).toBe(7);
  });

  it("a named generator object is still a generator object: spawned twice, it is refused", () => {
    const messages: string[] = [];
    run(function* main() {
      const body = (function* () {
        yield* sleep(1);
      })();
      yield* spawn(named("once", body));
      try {
        yield* spawn(named("twice", body));
      } catch (e) {
        messages.push((e as Error).message);
      }
    });
    expect(messages).toEqual(["spawn(): this generator object was already spawned, and a generator object can run only once; spawn its function instead"]);
  });

  it("refuses a name that is not a non-empty string, and what is neither a function nor an operation", () => {
    expect(() => named("", consumer)).toThrow(InvalidArgumentError);
    expect(() => named(5 as unknown as string, consumer)).toThrow("named(the number 5, ...): the name must be a non-empty string");
    expect(() => named("x", 5 as unknown as Coroutine<void>)).toThrow('named("x", the number 5): the second argument must be a generator function or an operation');
  });
});
