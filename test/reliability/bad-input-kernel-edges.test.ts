/**
 * The edges of the kernel's and hosts' argument checks that
 * bad-input-table.test.ts does not spell: the values next to the refused
 * ones still work (defaults, null, Infinity, the largest seed), the refusals
 * change nothing, and the checks on per-frame paths allocate nothing.
 */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { FrameHost, InvalidArgumentError, Random, RealtimeHost, Scheduler, UsageError, VirtualHost, sleep, spawn } from "../../src/index.js";
import { RingQueue } from "../../src/extend.js";
import type { Coroutine } from "../../src/index.js";
import { Timer, WaitList } from "../../src/extend.js";

function thrownBy(f: () => unknown): unknown {
  try {
    f();
  } catch (error) {
    return error;
  }
  return undefined;
}

class Ding extends Timer {
  fired = 0;
  fire(): void {
    this.fired++;
  }
}

describe("RingQueue's initial capacity", () => {
  it("accepts 0 to 2^30 and keeps the internal call sites working", () => {
    expect(new RingQueue().capacity).toBe(16);
    expect(new RingQueue(0).capacity).toBe(1);
    expect(new RingQueue(5).capacity).toBe(8);
    const q = new RingQueue<number>(64, true);
    q.push(1);
    expect(q.shift()).toBe(1);
  });

  it("refuses more than 2^30 at once, naming the value", () => {
    const error = thrownBy(() => new RingQueue(2 ** 30 + 1));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as Error).message).toMatch(/RingQueue\(the number 1073741825\).*integer from 0 to 2\^30/);
  });
});

describe("Scheduler.runReady's budget", () => {
  it("runs everything by default and with Infinity, n steps with an integer n >= 1", () => {
    const s = new Scheduler();
    for (let i = 0; i < 5; i++) s.spawn(function* () {});
    expect(s.runReady(2)).toBe(2);
    expect(s.runReady(Infinity)).toBe(3);
    for (let i = 0; i < 3; i++) s.spawn(function* () {});
    expect(s.runReady()).toBe(3);
  });

  it("refuses 0 (and runs nothing)", () => {
    const s = new Scheduler();
    s.spawn(function* () {});
    expect(() => s.runReady(0)).toThrow(InvalidArgumentError);
    expect(s.readyCount).toBe(1);
    expect(s.runReady()).toBe(1);
  });
});

describe("Scheduler.runVirtual", () => {
  it("accepts ±Infinity as the limit, and refuses a stopAfter that is not a Task", () => {
    const s = new Scheduler();
    const t = s.spawn(function* () {
      yield* sleep(10);
      return 1;
    });
    s.runVirtual(-Infinity);
    expect(t.state).toBe("blocked");
    expect(() => s.runVirtual(Infinity, 42 as never)).toThrow(/runVirtual\(limit, the number 42\): stopAfter must be a Task/);
    s.runVirtual(Infinity, t);
    expect(t.value).toBe(1);
  });
});

describe("Scheduler.removeTimer", () => {
  it("still says whether a Timer was armed", () => {
    const s = new Scheduler();
    const ding = new Ding();
    expect(s.removeTimer(ding)).toBe(false);
    s.addTimer(ding, 5);
    expect(s.removeTimer(ding)).toBe(true);
    s.runVirtual();
    expect(ding.fired).toBe(0);
  });
});

describe("seeds", () => {
  it("new Random takes every seed the scheduler takes, and the scheduler every seed in [0, 2^32)", () => {
    expect(new Random(0).seed).toBe(0);
    expect(new Random(2 ** 32 - 1).seed).toBe(2 ** 32 - 1);
    // The policy's generator is seeded from seed ^ constant: a signed int32 for these seeds.
    for (const seed of [2 ** 31, 2 ** 32 - 1, 0xa42e166a]) expect(new Scheduler({ seed }).random.seed).toBe(seed);
    expect(() => new Random(-1)).toThrow(/new Random\(\): seed must be an integer in \[0, 2\^32\), got the number -1/);
  });
});

describe("hooks and options", () => {
  it("null or absent hooks are the defaults; a policy object with pick() and any tracer object are accepted", () => {
    expect(new Scheduler({ tracer: null as never, policy: null as never }).policy).toBeNull();
    const policy = { pick: (): number => 0 };
    expect(new Scheduler({ policy }).policy).toBe(policy);
    expect(() => new Scheduler({ policy: {} as never })).toThrow(/policy must be an object with a pick/);
    expect(() => new FrameHost({ onError: null as never })).not.toThrow();
    new RealtimeHost({ onError: () => undefined, sliceSteps: 1, clock: () => 0 }).stop();
    new RealtimeHost({ sliceSteps: Infinity }).stop();
  });

  it("FrameHost.advance: maxSteps null is the default, 0 is refused with the old message, and nothing changed", () => {
    const game = new FrameHost({ maxStepsPerFrame: 1 });
    let steps = 0;
    game.spawn(function* () {
      for (;;) {
        steps++;
        yield* sleep(0);
      }
    });
    expect(game.advance(16, { maxSteps: null as never })).toBe(1);
    expect(() => game.advance(16, { maxSteps: 0 })).toThrow(/maxSteps must be > 0/);
    expect(game.frame).toBe(1);
    expect(game.advance(16, { maxSteps: 3 })).toBe(3);
    expect(steps).toBe(4);
  });
});

describe("finish listeners", () => {
  it("a listener object is accepted, and a join (which does not go through the check) still works", () => {
    const host = new VirtualHost();
    const seen: string[] = [];
    const task = host.spawn(function* main(): Coroutine<number> {
      const child = yield* spawn(function* () {
        yield* sleep(1);
        return 2;
      });
      child.addFinishListener({ passive: true, taskFinished: (t) => seen.push(t.state) });
      return yield* child;
    });
    expect(host.runTask(task)).toBe(2);
    expect(seen).toEqual(["done"]);
  });

  it("a refused listener is not added", () => {
    const host = new VirtualHost();
    const task = host.spawn(function* () {
      yield* sleep(1);
    });
    expect(() => task.addFinishListener(null as never)).toThrow(/addFinishListener\(\) needs an object with a taskFinished/);
    expect(task.listeners).toBeNull();
    host.run();
  });
});

describe("WaitList.add", () => {
  it("refuses a non-Task before listing anything", () => {
    const list = new WaitList("w");
    expect(() => list.add({} as never, { describe: () => "x" })).toThrow(InvalidArgumentError);
    expect(list.length).toBe(0);
  });
});

describe("VirtualHost.runTask", () => {
  it("a Task of another host is still a UsageError; a non-Task an InvalidArgumentError naming spawn()", () => {
    const a = new VirtualHost();
    const b = new VirtualHost();
    const task = b.spawn(function* () {});
    expect(thrownBy(() => a.runTask(task))).toBeInstanceOf(UsageError);
    expect(() => a.runTask("main" as never)).toThrow(/runTask\(the string "main"\): needs a Task, what spawn\(\) gives/);
    b.runTask(task);
  });
});

/**
 * The budget checks on the per-frame path (advance's maxSteps, runReady's
 * finite budget) allocate nothing: a game loop passing a hoisted options
 * object stays allocation-free. Measured in a child with --expose-gc, as in
 * test/hosts/frame-idle.test.ts.
 */
describe("per-frame budget checks", () => {
  const FRAMES = 100_000;
  const child = `
    const { FrameHost, sleep } = require("./src/index.ts");
    const game = new FrameHost({ maxStepsPerFrame: 1000 });
    game.spawn(function* () { yield* sleep(1e9); });
    const budget = { maxSteps: 500 };
    for (let i = 0; i < ${FRAMES}; i++) { game.advance(16, budget); game.advance(16); }
    let least = Infinity;
    // The least of ten rounds: V8's own work (compiling, feedback) lands in
    // some rounds on a loaded machine; one object per frame would be 16
    // bytes a frame in every round.
    for (let round = 0; round < 10; round++) {
      gc(); gc();
      const before = process.memoryUsage().heapUsed;
      for (let i = 0; i < ${FRAMES}; i++) { game.advance(16, budget); game.advance(16); }
      least = Math.min(least, process.memoryUsage().heapUsed - before);
    }
    console.log(least);
  `;

  it("allocate nothing per frame", async () => {
    const bytes = await new Promise<number>((resolve, reject) => {
      execFile(
        process.execPath,
        ["--expose-gc", "--import", "tsx", "-e", child],
        { cwd: join(__dirname, "..", ".."), timeout: 60_000 },
        (error, stdout, stderr) => (error ? reject(new Error(`${String(error)}\n${stderr}`)) : resolve(Number(stdout.trim()) / (2 * FRAMES))),
      );
    });
    expect(bytes).toBeLessThan(0.25);
  }, 60_000);
});
