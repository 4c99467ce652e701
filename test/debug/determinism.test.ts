import { CLOSED, TraceRecorder, channel, random, run, scope, sleep, spawn, yieldNow } from "../../src/index.js";
import type { Coroutine, Task } from "../../src/index.js";

/** A busy program whose every choice comes from the scheduler's seeded generator. */
function* busy(): Coroutine<number> {
  const jobs = channel<number>(8);
  const results = channel<number>("unbounded");
  let total = 0;
  yield* scope(function* (group) {
    const workers: Task<void>[] = [];
    for (let w = 0; w < 20; w++) {
      workers.push(
        yield* group.spawn(function* worker() {
          for (;;) {
            const job = yield* jobs.recv();
            if (job === CLOSED) return;
            yield* sleep(Math.floor((yield* random()) * 10));
            if ((yield* random()) < 0.3) {
              // a sub-task that is sometimes cancelled mid-sleep
              const helper = yield* spawn(function* helper() {
                yield* sleep(Math.floor((yield* random()) * 20));
              });
              if ((yield* random()) < 0.5) helper.cancel();
              yield* yieldNow();
            }
            yield* results.send(job * 2);
          }
        }),
      );
    }
    yield* group.spawn(function* producer() {
      for (let i = 0; i < 300; i++) {
        yield* jobs.send(i);
        if ((yield* random()) < 0.1) yield* sleep(1);
      }
      jobs.close();
    });
    yield* group.spawn(function* chaos() {
      for (let i = 0; i < 5; i++) {
        yield* sleep(Math.floor((yield* random()) * 50));
        workers[Math.floor((yield* random()) * workers.length)]?.cancel();
      }
    });
  });
  results.close();
  for (let v = yield* results.recv(); v !== CLOSED; v = yield* results.recv()) total += v;
  return total;
}

function traced(seed: number): { text: string; result: number; events: number } {
  const trace = new TraceRecorder();
  const result = run(busy, { seed, tracer: trace });
  return { text: trace.toText(), result, events: trace.events.length };
}

describe("determinism", () => {
  it("the same program and seed give the same run, event for event, over many seeds", () => {
    const texts = new Set<string>();
    for (let seed = 0; seed < 20; seed++) {
      const a = traced(seed);
      const b = traced(seed);
      expect(a.events).toBeGreaterThan(1000);
      expect(b.text).toBe(a.text);
      expect(b.result).toBe(a.result);
      texts.add(a.text);
    }
    expect(texts.size).toBe(20); // and different seeds really differ
  });

  it("without a tracer the run is the same (tracing observes, never perturbs)", () => {
    for (const seed of [1, 2, 3]) expect(run(busy, { seed })).toBe(traced(seed).result);
  });
});

describe("trace limit", () => {
  it("keeps the most recent events, and stays fast for a large limit", () => {
    const spin = function* (): Coroutine<void> {
      for (let i = 0; i < 50_000; i++) yield* yieldNow();
    };
    const small = new TraceRecorder({ limit: 10 });
    run(spin, { tracer: small });
    expect(small.events.length).toBe(10);
    expect(small.events[small.events.length - 1]?.kind).toBe("done");
    const large = new TraceRecorder({ limit: 40_000 });
    run(spin, { tracer: large });
    expect(large.events.length).toBe(40_000);
  });
});
