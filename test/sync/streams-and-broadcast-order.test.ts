import { CLOSED, EMPTY, InvalidArgumentError, broadcast, channel, collect, filter, map, merge, run, sleep, spawn, stream, take, yieldNow } from "../../src/index.js";
import type { Channel, Coroutine, Lag } from "../../src/index.js";

describe("streams and broadcast: closing, order, names", () => {
  it("a stream stage cancelled before it ever ran still closes its output, so a consumer elsewhere sees CLOSED", () => {
    type Build = (source: Channel<number>) => Coroutine<Channel<number>>;
    const builders: Record<string, Build> = {
      stream: () => stream<number>(function* (emit) {
        yield* emit(1);
      }),
      map: (source) => map(source, (n) => n * 2),
      filter: (source) => filter(source, (n) => n > 0),
      take: (source) => take(source, 3),
      merge: (source) => merge([source, channel<number>()]),
    };
    const outcome: Record<string, unknown> = {};
    for (const [name, build] of Object.entries(builders)) {
      outcome[name] = run(function* () {
        const source = channel<number>();
        const handoff = channel<Channel<number>>(1);
        // The consumer is not part of the pipeline's task tree: it only holds the output channel.
        const consumer = yield* spawn(function* () {
          const out = yield* handoff.recv();
          if (out === CLOSED) return "no output";
          return yield* collect(out);
        });
        const builder = yield* spawn(function* () {
          yield* handoff.send(yield* build(source));
          yield* sleep(1000);
        });
        yield* yieldNow(); // the builder runs once: its stage task is queued but has not started
        builder.cancel(); // so the stage is cancelled before its first step
        yield* sleep(1);
        return consumer.isFinished ? consumer.value : "consumer still waiting on the output";
      });
    }
    expect(outcome).toEqual({ stream: [], map: [], filter: [], take: [], merge: [] });
  });

  it("broadcast() refuses a name that is not a string with a typed error, as every other primitive does", () => {
    const make = (): unknown => broadcast<number>({ name: 42 as unknown as string });
    expect(make).toThrow(InvalidArgumentError);
    expect(make).toThrow("broadcast(): the name option must be a string, not the number 42");
  });

  it("two tasks broadcasting in loops: every subscriber receives the messages in the same order", () => {
    // Each send used to hand the value to one subscriber per yield, so a
    // sender sent back to the queue mid-broadcast (the inline budget, after
    // a run of completions) let the other sender's messages overtake its own
    // at the later subscribers only.
    const orders = (lag: Lag): string[] =>
      run(function* () {
        const news = broadcast<string>({ capacity: 100, lag });
        const subscribers = [news.subscribe(), news.subscribe(), news.subscribe()];
        const publish = function* (name: string): Coroutine<void> {
          for (let i = 0; i < 30; i++) yield* news.send(`${name}${i}`);
        };
        const a = yield* spawn(publish, "a");
        const b = yield* spawn(publish, "b");
        yield* a;
        yield* b;
        return subscribers.map((sub) => {
          const got: string[] = [];
          for (let v = sub.tryRecv(); v !== EMPTY && v !== CLOSED; v = sub.tryRecv()) got.push(v);
          return got.join(" ");
        });
      });
    for (const lag of ["drop-oldest", "drop-newest", "block"] as const) {
      const [first, ...others] = orders(lag);
      expect(first?.split(" ")).toHaveLength(60);
      for (const other of others) expect(other).toBe(first);
    }

    // Under "block", a send that finds room everywhere must not overtake, at
    // the later subscribers, earlier sends that waited and are woken but
    // have not run yet.
    const blocked = run(function* () {
      const news = broadcast<string>({ capacity: 3, lag: "block" });
      const subscribers = [news.subscribe(), news.subscribe(), news.subscribe()];
      const got: string[][] = [[], [], []];
      const take = (i: number): void => {
        const v = (subscribers[i] as (typeof subscribers)[number]).tryRecv();
        if (v !== EMPTY && v !== CLOSED) got[i]?.push(v);
      };
      for (const x of ["x1", "x2", "x3"]) yield* news.send(x);
      for (const i of [0, 0, 0, 2, 2, 2]) take(i); // subscriber 1 stays full
      yield* spawn(function* () {
        yield* news.send("a");
      });
      yield* spawn(function* () {
        yield* news.send("b");
      });
      yield* yieldNow(); // both wait for room in subscriber 1
      for (const i of [1, 1, 1]) take(i); // room: the waiting sends are woken, but have not run
      yield* news.send("c");
      for (let round = 0; round < 4; round++) for (const i of [0, 1, 2]) take(i);
      return got.map((g) => g.join(" "));
    });
    expect(blocked).toEqual(["x1 x2 x3 a b c", "x1 x2 x3 a b c", "x1 x2 x3 a b c"]);
  });
});
