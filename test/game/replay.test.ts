/**
 * Deterministic replays (src/game/replay.ts): the state hash against an
 * independent FNV-1a written with BigInt, the recording and its JSON, and
 * replays of a small FrameHost world and of the browser game
 * (examples/browser-game/) over 10,000 frames. Each replay that must match
 * has a twin that must not (an input dropped, a dt changed, Math.random in
 * a copy of the world), so a check that could never fail would show.
 */
import fc from "fast-check";
import {
  FrameHost,
  FrameRecording,
  InvalidArgumentError,
  Random,
  ReplayDivergenceError,
  StateHash,
  UsageError,
  nextFixedStep,
  nextFrame,
  random,
  replayFrames,
  sleep,
} from "../../src/index.js";
import type { Coroutine, FrameRecordingJSON, Task } from "../../src/index.js";
import { isGameInput } from "../../examples/browser-game/game.js";
import type { GameInput } from "../../examples/browser-game/game.js";
import { HashLog, freshGame, playSession } from "../../examples/browser-game/session.js";

// ------------------------------------------------------------ the reference

const MASK = (1n << 64n) - 1n;

/** 64-bit FNV-1a over bytes, with BigInt: the definition, written independently of the implementation. */
function fnv1a(bytes: Iterable<number>): string {
  let h = 0xcbf29ce484222325n;
  for (const b of bytes) h = ((h ^ BigInt(b)) * 0x100000001b3n) & MASK;
  return h.toString(16).padStart(16, "0");
}

function le(value: bigint, width: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < width; i++) out.push(Number((value >> BigInt(8 * i)) & 0xffn));
  return out;
}

function doubleBytes(x: number): number[] {
  if (Number.isNaN(x)) return le(0x7ff8000000000000n, 8);
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x, true);
  return [...new Uint8Array(view.buffer)];
}

const integerBytes = (n: number): number[] => le(BigInt.asUintN(64, BigInt(n)), 8);

function stringBytes(s: string): number[] {
  const out = le(BigInt(s.length), 4);
  for (let i = 0; i < s.length; i++) out.push(...le(BigInt(s.charCodeAt(i)), 2));
  return out;
}

describe("StateHash", () => {
  test("the reference is FNV-1a: the published test vectors", () => {
    const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));
    expect(fnv1a([])).toBe("cbf29ce484222325");
    expect(fnv1a(ascii("a"))).toBe("af63dc4c8601ec8c");
    expect(fnv1a(ascii("foobar"))).toBe("85944171f73967e8");
  });

  test("the hash of nothing is FNV-1a's offset basis, in hex, in hi and lo, and after reset", () => {
    const h = new StateHash();
    expect(h.hex()).toBe("cbf29ce484222325");
    expect(String(h)).toBe("cbf29ce484222325");
    expect([h.hi, h.lo]).toEqual([0xcbf29ce4, 0x84222325]);
    expect(h.number(1).hex()).not.toBe("cbf29ce484222325");
    expect(h.reset().hex()).toBe("cbf29ce484222325");
  });

  test("numbers: the 8 bytes of the double, little-endian, for any double", () => {
    fc.assert(
      fc.property(fc.array(fc.double(), { maxLength: 8 }), (xs) => {
        const h = new StateHash();
        for (const x of xs) h.number(x);
        expect(h.hex()).toBe(fnv1a(xs.flatMap(doubleBytes)));
      }),
      { numRuns: 300 },
    );
    for (const x of [0, 1, -1, 0.1, 1 / 3, Number.MIN_VALUE, Number.MAX_VALUE, Infinity, -Infinity, 2 ** 53 + 2]) {
      expect(new StateHash().number(x).hex()).toBe(fnv1a(doubleBytes(x)));
    }
  });

  test("-0 and 0 hash differently; every NaN hashes the same, whatever its payload", () => {
    expect(new StateHash().number(-0).hex()).not.toBe(new StateHash().number(0).hex());
    const view = new DataView(new ArrayBuffer(8));
    view.setUint32(0, 0x7ff00000);
    view.setUint32(4, 1); // a signalling NaN's bits
    const payload = view.getFloat64(0);
    view.setUint32(0, 0xfff80000); // a negative quiet NaN
    const negative = view.getFloat64(0);
    const nan = new StateHash().number(NaN).hex();
    for (const x of [0 / 0, Math.sqrt(-1), payload, negative]) expect(new StateHash().number(x).hex()).toBe(nan);
    expect(nan).toBe(fnv1a(le(0x7ff8000000000000n, 8)));
  });

  test("integers: 8 bytes of two's complement, for any safe integer; -0 is 0", () => {
    fc.assert(
      fc.property(fc.array(fc.maxSafeInteger(), { maxLength: 8 }), (ns) => {
        const h = new StateHash();
        for (const n of ns) h.integer(n);
        expect(h.hex()).toBe(fnv1a(ns.flatMap(integerBytes)));
      }),
      { numRuns: 300 },
    );
    for (const n of [0, 1, -1, 2 ** 32, -(2 ** 32), 2 ** 32 - 1, -(2 ** 31), Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER]) {
      expect(new StateHash().integer(n).hex()).toBe(fnv1a(integerBytes(n)));
    }
    expect(new StateHash().integer(-0).hex()).toBe(new StateHash().integer(0).hex());
    expect(new StateHash().integer(1).hex()).not.toBe(new StateHash().number(1).hex()); // different encodings
  });

  test("strings: the length, then each UTF-16 code unit; a boundary between two strings counts", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: "binary" }), { maxLength: 5 }), (ss) => {
        const h = new StateHash();
        for (const s of ss) h.string(s);
        expect(h.hex()).toBe(fnv1a(ss.flatMap(stringBytes)));
      }),
      { numRuns: 100 },
    );
    expect(new StateHash().string("ab").string("c").hex()).not.toBe(new StateHash().string("a").string("bc").hex());
    expect(new StateHash().string("").hex()).not.toBe(new StateHash().hex());
  });

  test("booleans: one byte; a hash of hashes feeds the digest, low half first; equals compares digests", () => {
    expect(new StateHash().boolean(true).boolean(false).hex()).toBe(fnv1a([1, 0]));
    const a = new StateHash().number(0.5).string("x");
    const b = new StateHash().number(0.5).string("x");
    expect(a.equals(b)).toBe(true);
    expect(a.equals(b.boolean(true))).toBe(false);
    const digest = BigInt(`0x${a.hex()}`);
    expect(new StateHash().hash(a).hex()).toBe(fnv1a(le(digest, 8)));
  });

  test("a value of the wrong kind is refused, with what was given", () => {
    const h = new StateHash();
    expect(() => h.number("1" as unknown as number)).toThrow(InvalidArgumentError);
    expect(() => h.number(undefined as unknown as number)).toThrow("StateHash.number(x): x must be a number, not undefined");
    expect(() => h.integer(1.5)).toThrow("StateHash.integer(n): n must be a safe integer, not 1.5; feed fractions with number()");
    expect(() => h.integer(2 ** 53)).toThrow(InvalidArgumentError);
    expect(() => h.integer(NaN)).toThrow(InvalidArgumentError);
    expect(() => h.string(7 as unknown as string)).toThrow("StateHash.string(s): s must be a string, not the number 7");
    expect(() => h.boolean(1 as unknown as boolean)).toThrow(InvalidArgumentError);
    expect(() => h.hash({} as StateHash)).toThrow(InvalidArgumentError);
    expect(h.hex()).toBe("cbf29ce484222325"); // nothing was fed
  });
});

// ------------------------------------------------------------ the recording

type Cmd = { type: "spawn"; speed: number } | { type: "cancel"; index: number } | { type: "scale"; value: number };

describe("FrameRecording", () => {
  test("records each frame's dt, a copy of its inputs, and its hash", () => {
    const r = new FrameRecording<Cmd>();
    const pending: Cmd[] = [{ type: "spawn", speed: 2 }, { type: "cancel", index: 0 }];
    r.record(16, pending, new StateHash().integer(1));
    pending.length = 0; // reused by the caller: the recording kept its own copy
    r.record(-0, pending, new StateHash().integer(2));
    r.record(33.3, [{ type: "scale", value: 0.5 }], new StateHash().integer(3));
    expect(r.length).toBe(3);
    expect(r.inputCount).toBe(3);
    expect(r.hasHashes).toBe(true);
    expect([r.dt(0), r.dt(1), r.dt(2)]).toEqual([16, 0, 33.3]);
    expect(Object.is(r.dt(1), 0)).toBe(true); // -0 was recorded as 0, what JSON would make of it
    expect(r.inputs(0)).toEqual([{ type: "spawn", speed: 2 }, { type: "cancel", index: 0 }]);
    expect(r.inputs(1)).toEqual([]);
    expect(r.inputs(2)).toEqual([{ type: "scale", value: 0.5 }]);
    expect(r.hashAt(2)).toBe(new StateHash().integer(3).hex());
    expect(() => r.dt(3)).toThrow("FrameRecording.dt(3): frame must be an integer from 0 to 2");
    expect(() => r.inputs(-1)).toThrow(InvalidArgumentError);
  });

  test("refuses a bad dt, and a hash with some frames but not others", () => {
    const r = new FrameRecording<Cmd>();
    for (const dt of [-1, NaN, Infinity, "16" as unknown as number]) expect(() => r.record(dt)).toThrow(InvalidArgumentError);
    expect(() => r.record(16, "x" as unknown as Cmd[])).toThrow(InvalidArgumentError);
    expect(r.length).toBe(0);
    r.record(16);
    expect(r.hasHashes).toBe(false);
    expect(r.hashAt(0)).toBeNull();
    expect(() => r.record(16, [], new StateHash())).toThrow(UsageError);
    expect(() => r.record(16, [], new StateHash())).toThrow("frame 1 has state hash but the frames before it had none");
    const h = new FrameRecording<Cmd>();
    h.record(16, [], new StateHash());
    expect(() => h.record(16)).toThrow("frame 1 has no state hash but the frames before it had one");
    expect(h.length).toBe(1);
  });

  test("JSON: versioned, and every dt comes back to the bit", () => {
    const rng = new Random(5);
    const r = new FrameRecording<Cmd>();
    const dts: number[] = [];
    for (let f = 0; f < 200; f++) {
      const dt = rng.next() * 50 + (f % 7 === 0 ? 0.1 + 0.2 : 0);
      dts.push(dt);
      r.record(dt, f % 10 === 3 ? [{ type: "spawn", speed: rng.next() }, { type: "scale", value: 1 / 3 }] : [], new StateHash().number(dt));
    }
    const text = JSON.stringify(r);
    const json = JSON.parse(text) as FrameRecordingJSON<Cmd>;
    expect(json.format).toBe("spindle-frames");
    expect(json.version).toBe(1);
    expect(json.inputs[0]).toEqual([3, r.inputs(3)[0]]);
    for (const source of [text, json]) {
      const back = FrameRecording.fromJSON<Cmd>(source);
      expect(back.length).toBe(200);
      expect(back.hasHashes).toBe(true);
      for (let f = 0; f < 200; f++) {
        expect(Object.is(back.dt(f), dts[f])).toBe(true);
        expect(back.inputs(f)).toEqual(r.inputs(f));
        expect(back.hashAt(f)).toBe(r.hashAt(f));
      }
      expect(JSON.stringify(back)).toBe(text);
    }
    const plain = new FrameRecording<Cmd>();
    plain.record(16, [{ type: "cancel", index: 0 }]);
    expect(JSON.parse(JSON.stringify(plain))).toEqual({ format: "spindle-frames", version: 1, dt: [16], inputs: [[0, { type: "cancel", index: 0 }]] });
    expect(FrameRecording.fromJSON(JSON.stringify(plain)).hasHashes).toBe(false);
  });

  test("fromJSON says what is wrong with what it was given", () => {
    const ok = { format: "spindle-frames", version: 1, dt: [16, 16], inputs: [[0, "a"], [1, "b"]], hashes: ["0000000000000001", "ffffffffffffffff"] };
    expect(FrameRecording.fromJSON(ok).hashAt(1)).toBe("ffffffffffffffff");
    const bad = (patch: object): unknown => ({ ...ok, ...patch });
    expect(() => FrameRecording.fromJSON("{")).toThrow("the text is not JSON");
    expect(() => FrameRecording.fromJSON({ dt: [] })).toThrow('not a frame recording (expected an object with format "spindle-frames"');
    expect(() => FrameRecording.fromJSON(bad({ version: 2 }))).toThrow("format version the number 2, but this version of spindle reads version 1");
    expect(() => FrameRecording.fromJSON(bad({ dt: [16, -1] }))).toThrow("dt[1]: a frame's dt must be a finite number of milliseconds >= 0, not -1");
    expect(() => FrameRecording.fromJSON(bad({ dt: [16, null] }))).toThrow("dt[1]");
    expect(() => FrameRecording.fromJSON(bad({ inputs: [[1, "b"], [0, "a"]] }))).toThrow("inputs[1] must be a pair [frame, input] whose frames count up from 1");
    expect(() => FrameRecording.fromJSON(bad({ inputs: [[0, "a"], [2, "b"]] }))).toThrow("inputs[1]");
    expect(() => FrameRecording.fromJSON(bad({ inputs: [["0", "a"]] }))).toThrow(InvalidArgumentError);
    expect(() => FrameRecording.fromJSON(bad({ hashes: ["0000000000000001"] }))).toThrow("one hash per frame (2)");
    expect(() => FrameRecording.fromJSON(bad({ hashes: ["0000000000000001", "FFFFFFFFFFFFFFFF"] }))).toThrow("hashes[1] must be 16 lowercase hex digits");
    const isLetter = (v: unknown): v is string => typeof v === "string" && /^[a-z]$/.test(v);
    expect(FrameRecording.fromJSON(ok, isLetter).inputs(1)).toEqual(["b"]);
    expect(() => FrameRecording.fromJSON(bad({ inputs: [[0, "a"], [1, 42]] }), isLetter)).toThrow("inputs[1] (frame 1) is not a valid input: 42");
  });
});

// ------------------------------------------------------------ a small world

/**
 * A FrameHost world whose tasks draw from the host's generator, sleep,
 * wait for frames and fixed steps; inputs spawn movers, cancel them and
 * change the time scale. `noise`, if set, is called in every mover step from
 * frame `noiseFrom` on: a copy of the world that is not deterministic.
 */
class World {
  readonly host = new FrameHost({ seed: 11, fixedStep: 10 });
  readonly movers: { x: number; steps: number; task: Task<void> }[] = [];
  private readonly h = new StateHash();
  constructor(
    private readonly noise: (() => number) | null = null,
    private readonly noiseFrom = 0,
  ) {}

  apply(cmd: Cmd): void {
    if (cmd.type === "scale") this.host.timeScale = cmd.value;
    else if (cmd.type === "cancel") this.movers[cmd.index % Math.max(1, this.movers.length)]?.task.cancel();
    else {
      const m = { x: 0, steps: 0, task: null as unknown as Task<void> };
      m.task = this.host.spawn(mover, this, m, cmd.speed);
      this.movers.push(m);
    }
  }

  jitter(): number {
    return this.noise !== null && this.host.frame >= this.noiseFrom ? this.noise() * 1e-9 : 0;
  }

  hash(): StateHash {
    const h = this.h.reset().integer(this.host.frame).number(this.host.now).integer(this.host.fixedSteps);
    for (const m of this.movers) h.number(m.x).integer(m.steps).string(m.task.state);
    return h;
  }
}

function* mover(world: World, m: { x: number; steps: number }, speed: number): Coroutine<void> {
  for (;;) {
    const r = yield* random();
    m.x += speed * r + world.jitter();
    m.steps++;
    if (r < 0.3) yield sleep(r * 100);
    else if (r < 0.6) yield* nextFixedStep();
    else yield nextFrame();
  }
}

/** Plays `frames` frames of seeded random inputs and dts into a world, recording them with its hash. */
function record(frames: number, seed = 3): FrameRecording<Cmd> {
  const world = new World();
  const rng = new Random(seed);
  const recording = new FrameRecording<Cmd>();
  const pending: Cmd[] = [];
  for (let f = 0; f < frames; f++) {
    const roll = rng.next();
    if (roll < 0.15 || f === 0) pending.push({ type: "spawn", speed: rng.next() * 5 });
    if (roll > 0.9) pending.push({ type: "cancel", index: rng.below(50) });
    if (roll > 0.97) pending.push({ type: "scale", value: [0, 0.5, 1, 2][rng.below(4)] as number });
    const dt = rng.next() < 0.05 ? 0 : rng.next() * 40;
    for (const cmd of pending) world.apply(cmd);
    world.host.advance(dt);
    recording.record(dt, pending, world.hash());
    pending.length = 0;
  }
  return recording;
}

function replayInto(world: World, recording: FrameRecording<Cmd>, hashes?: string[]): number {
  return replayFrames(recording, {
    applyInput: (cmd) => world.apply(cmd),
    advance: (dt) => world.host.advance(dt),
    hash: () => {
      const h = world.hash();
      hashes?.push(h.hex());
      return h;
    },
  });
}

describe("replayFrames", () => {
  const recording = record(2_000);
  const saved = JSON.stringify(recording);

  test("a recording, saved and loaded, replays into a fresh world with the same hash at every frame", () => {
    const loaded = FrameRecording.fromJSON<Cmd>(saved);
    const hashes: string[] = [];
    expect(replayInto(new World(), loaded, hashes)).toBe(2_000);
    expect(hashes).toEqual(Array.from({ length: 2_000 }, (_, f) => recording.hashAt(f)));
    expect(new Set(hashes).size).toBeGreaterThan(1_900); // the state does change from frame to frame
    expect(recording.inputCount).toBeGreaterThan(300);
  });

  test("Math.random in a copy of the world: the replay stops at the first frame it touches, with both hashes", () => {
    const K = 1_234;
    const world = new World(Math.random, K + 1); // host.frame is K + 1 during frame K (counted from 0)
    const hashes: string[] = [];
    const moved: boolean[] = []; // whether a mover stepped (and so called Math.random) in each frame
    let steps = 0;
    let error: unknown;
    try {
      replayFrames(recording, {
        applyInput: (cmd) => world.apply(cmd),
        advance: (dt) => world.host.advance(dt),
        hash: () => {
          const now = world.movers.reduce((sum, m) => sum + m.steps, 0);
          moved.push(now > steps);
          steps = now;
          const h = world.hash();
          hashes.push(h.hex());
          return h;
        },
      });
    } catch (e) {
      error = e;
    }
    const first = moved.indexOf(true, K);
    expect(first).toBeGreaterThanOrEqual(K);
    expect(error).toBeInstanceOf(ReplayDivergenceError);
    const divergence = error as ReplayDivergenceError;
    expect(divergence.frame).toBe(first);
    expect(divergence.expected).toBe(recording.hashAt(first));
    expect(divergence.actual).toBe(hashes[first]);
    expect(divergence.actual).not.toBe(divergence.expected);
    expect(divergence.message).toContain(`the replay diverged at frame ${first} (counted from 0): the recording's state hash is ${divergence.expected}, the replay's ${divergence.actual}`);
    expect(hashes.slice(0, first)).toEqual(Array.from({ length: first }, (_, f) => recording.hashAt(f)));
  });

  test("an input dropped, or a dt changed, is found at its frame", () => {
    const frame = Array.from({ length: recording.length }, (_, f) => f).find((f) => f > 500 && recording.inputs(f).some((c) => c.type === "spawn")) as number;
    const world = new World();
    expect(() =>
      replayFrames(recording, {
        applyInput: (cmd, f) => (f === frame ? undefined : world.apply(cmd)),
        advance: (dt) => world.host.advance(dt),
        hash: () => world.hash(),
      }),
    ).toThrow(expect.objectContaining({ frame }));
    const other = new World();
    expect(() =>
      replayFrames(recording, {
        applyInput: (cmd) => other.apply(cmd),
        advance: (dt, f) => other.host.advance(f === 777 ? dt + 1e-6 : dt),
        hash: () => other.hash(),
      }),
    ).toThrow(expect.objectContaining({ name: "ReplayDivergenceError", frame: 777 }));
  });

  test("each frame: its inputs in order, then its advance, then its hash; from and to replay a range", () => {
    const r = new FrameRecording<string>();
    r.record(10, ["a", "b"]);
    r.record(20);
    r.record(30, ["c"]);
    r.record(40, ["d"]);
    const calls: string[] = [];
    const options = {
      applyInput: (input: string, f: number) => void calls.push(`${f}:${input}`),
      advance: (dt: number, f: number) => void calls.push(`${f}:advance ${dt}`),
      hash: (f: number) => {
        calls.push(`${f}:hash`);
        return new StateHash(); // no recorded hashes: nothing to compare it with
      },
    };
    expect(replayFrames(r, options)).toBe(4);
    expect(calls).toEqual(["0:a", "0:b", "0:advance 10", "0:hash", "1:advance 20", "1:hash", "2:c", "2:advance 30", "2:hash", "3:d", "3:advance 40", "3:hash"]);
    calls.length = 0;
    expect(replayFrames(r, { ...options, from: 1, to: 3 })).toBe(2);
    expect(calls).toEqual(["1:advance 20", "1:hash", "2:c", "2:advance 30", "2:hash"]);
    calls.length = 0;
    expect(replayFrames(r, { applyInput: options.applyInput, advance: options.advance, from: 4 })).toBe(0);
    expect(calls).toEqual([]);
  });

  test("refuses what is not a recording, options without a function, and a range outside the recording", () => {
    const r = new FrameRecording<string>();
    r.record(16);
    const fine = { applyInput: () => {}, advance: () => {} };
    expect(() => replayFrames({} as FrameRecording<string>, fine)).toThrow(InvalidArgumentError);
    expect(() => replayFrames(r, null as unknown as typeof fine)).toThrow(InvalidArgumentError);
    expect(() => replayFrames(r, { applyInput: () => {} } as unknown as typeof fine)).toThrow("replayFrames(): options.advance must be a function, not undefined");
    expect(() => replayFrames(r, { ...fine, hash: 1 as unknown as () => StateHash })).toThrow(InvalidArgumentError);
    expect(() => replayFrames(r, { ...fine, to: 2 })).toThrow("must be integers with 0 <= from <= to <= 1");
    expect(() => replayFrames(r, { ...fine, from: 1, to: 0 })).toThrow(InvalidArgumentError);
    expect(() => replayFrames(r, { ...fine, from: 0.5 })).toThrow(InvalidArgumentError);
  });
});

// ------------------------------------------------------------ the browser game

describe("the browser game's replay", () => {
  const FRAMES = 10_000;
  const SAMPLES = [0, 1, 999, 5_000, 9_999];

  test(
    "10,000 frames of seeded clicks, kills and pauses at irregular dts replay to the same hash at every frame",
    () => {
      const live = new HashLog(SAMPLES);
      const { game, recording } = playSession(FRAMES, {}, live);
      // the session did exercise the input path
      const inputs = Array.from({ length: FRAMES }, (_, f) => recording.inputs(f)).flat();
      expect(inputs.filter((i) => i.type === "click").length).toBeGreaterThan(50);
      expect(inputs.filter((i) => i.type === "kill").length).toBeGreaterThan(5);
      expect(inputs.filter((i) => i.type === "pause").length).toBeGreaterThan(10);
      expect(game.graveyard.length).toBeGreaterThan(50);
      expect(game.host.frame).toBeLessThan(FRAMES); // some frames were paused
      const dts = Array.from({ length: FRAMES }, (_, f) => recording.dt(f));
      expect(new Set(dts).size).toBeGreaterThan(9_000);
      expect(dts).toContain(0);

      const loaded = FrameRecording.fromJSON(JSON.stringify(recording), isGameInput);
      const world = freshGame();
      const again = new HashLog(SAMPLES);
      replayFrames(loaded, {
        applyInput: (input) => world.apply(input),
        advance: (dt) => world.advance(dt),
        hash: (f) => {
          const h = world.hash();
          again.add(f, h);
          return h; // compared with the recorded hash: the first difference would throw
        },
      });
      expect(again.summary()).toEqual(live.summary());
      expect(live.summary().samples).toEqual(SAMPLES.map((f) => recording.hashAt(f)));
      expect(world.graveyard).toEqual(game.graveyard);
      expect(world.counts()).toEqual(game.counts());
    },
    180_000,
  );

  test("its hash sees a world that differs: a click dropped is found at its frame", () => {
    const { recording } = playSession(1_500);
    const world = freshGame();
    const options = { applyInput: (input: GameInput) => world.apply(input), advance: (dt: number) => world.advance(dt), hash: () => world.hash() };
    // Replays up to the first click that hits an entity (a click on empty ground changes nothing).
    let frame = 0;
    let click: GameInput | undefined;
    for (; frame < recording.length && click === undefined; frame++) {
      click = recording.inputs(frame).find((i) => i.type === "click" && world.entityAt(i.x, i.y) !== undefined);
      if (click === undefined) replayFrames(recording, { ...options, from: frame, to: frame + 1 });
    }
    frame--;
    expect(click).toBeDefined();
    expect(frame).toBeGreaterThan(0);
    let error: unknown;
    try {
      replayFrames(recording, { ...options, applyInput: (input) => (input === click ? undefined : world.apply(input)), from: frame });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ReplayDivergenceError);
    expect((error as ReplayDivergenceError).frame).toBe(frame);
    expect((error as ReplayDivergenceError).expected).toBe(recording.hashAt(frame));
  }, 60_000);
});
