/**
 * Deterministic replays: a hash of the game's state that every engine
 * computes to the same bits, and a recording of a session's frames (each
 * frame's dt and the input events applied before it) that saves as JSON and
 * plays back through the same code. A world that draws its randomness from
 * its seed and changes only in frames gives, fed the same dts and inputs in
 * the same order, the same state at every frame: in Node and in any browser.
 * That is what replays, lockstep networking (peers exchange inputs, and
 * hashes to detect a desync) and rollback (re-simulate from a known frame
 * with corrected inputs) are built on.
 *
 * The hash is 64-bit FNV-1a over bytes, computed with 32-bit integer
 * operations only (Math.imul, shifts, xor), so no engine can round it
 * differently; numbers are read through a preallocated Float64Array and
 * its Uint32Array view, and the word order is found once (the hash does not
 * depend on the platform's byte order). Feeding values allocates nothing.
 *
 * Invariants: a recording holds, for frames 0..length-1, a dt (finite,
 * >= 0), the inputs of that frame in the order they were applied, and
 * either a state hash for every frame or for none.
 */
import { InvalidArgumentError, SpindleError, UsageError, describeValue } from "../kernel/errors.js";

// ------------------------------------------------------------------ the hash

/** FNV-1a's 64-bit offset basis, 0xcbf29ce484222325, as two 32-bit halves. */
const OFFSET_HI = 0xcbf29ce4 | 0;
const OFFSET_LO = 0x84222325 | 0;
/** FNV's 64-bit prime is 2^40 + 0x1b3: the multiply is h * 0x1b3 + (h << 40). */
const PRIME_LOW = 0x1b3;

/** Which word of a Float64Array's Uint32Array view holds the sign and exponent (1 on little-endian platforms). */
function highWordIndex(): number {
  const probe = new Float64Array([1]); // 0x3ff00000_00000000
  return new Uint32Array(probe.buffer)[1] === 0x3ff00000 ? 1 : 0;
}

const FLOAT = /* @__PURE__ */ new Float64Array(1);
const WORDS = /* @__PURE__ */ new Uint32Array(FLOAT.buffer);
const HIGH = /* @__PURE__ */ highWordIndex();
const LOW = 1 - HIGH;
/** The bits every NaN is hashed as (the quiet NaN JavaScript engines produce): see {@link StateHash.number}. */
const NAN_HIGH = 0x7ff80000;
const TWO_32 = 4294967296;

const HEX = "0123456789abcdef";
// Read once: inside a vm context (jest's, a sandbox), each lookup of a global
// in the per-byte loop goes through the context's global object, far slower.
const imul = Math.imul;
const floor = Math.floor;
const isSafeInteger = Number.isSafeInteger;

function hex32(word: number): string {
  let s = "";
  for (let shift = 28; shift >= 0; shift -= 4) s += HEX[(word >>> shift) & 15];
  return s;
}

/**
 * A 64-bit hash of a game's state, fed field by field, that is the same in
 * every JavaScript engine: compare it between a live session and its
 * replay, or between the peers of a lockstep game, frame by frame, to find
 * the first frame where two simulations differ. It is 64-bit FNV-1a over
 * the bytes of the values fed (little-endian), computed with 32-bit integer
 * operations only; it detects differences, it does not resist an attacker.
 * Feeding allocates nothing, so one instance can be reset and reused every
 * frame.
 *
 * Values are fed as fixed-width bytes and strings with their length, so the
 * same sequence of calls with the same values gives the same hash; feed the
 * fields in a fixed order (a Map's insertion order is fixed; the order of
 * hash-based containers in other languages is not).
 *
 * @example
 * ```ts
 * const h = new StateHash();
 * function worldHash(): StateHash {
 *   h.reset().integer(host.frame).number(host.now);
 *   for (const e of entities) h.integer(e.id).number(e.x).number(e.y).string(e.mode).boolean(e.alive);
 *   return h;
 * }
 * console.log(worldHash().hex()); // 16 hex digits, e.g. "3b9f0c51d24e8a07"
 * ```
 *
 * @category Game
 */
export class StateHash {
  private h = OFFSET_HI;
  private l = OFFSET_LO;

  /**
   * The high 32 bits of the digest, as an unsigned integer (what
   * {@link StateHash.hex} writes first).
   *
   * @example
   * ```ts
   * const same = a.hi === b.hi && a.lo === b.lo; // or a.equals(b)
   * ```
   */
  get hi(): number {
    return this.h >>> 0;
  }

  /**
   * The low 32 bits of the digest, as an unsigned integer.
   *
   * @example
   * ```ts
   * digests.push(h.hi, h.lo); // two numbers a frame, no string made
   * ```
   */
  get lo(): number {
    return this.l >>> 0;
  }

  /**
   * Starts over: the hash of nothing (FNV-1a's offset basis). Returns this hash.
   *
   * @example
   * ```ts
   * h.reset().number(player.x).number(player.y);
   * ```
   */
  reset(): this {
    this.h = OFFSET_HI;
    this.l = OFFSET_LO;
    return this;
  }

  /**
   * Feeds a number's exact bits: the 8 bytes of its IEEE 754 double, so any
   * difference, down to the last bit, changes the hash. Two deliberate
   * choices: -0 and 0 hash differently (they are different doubles, and
   * `1 / x` tells them apart, so a simulation can diverge from that bit
   * alone); every NaN hashes the same, because the NaN's payload bits are
   * not portable (an engine may change them when it stores a NaN in a
   * typed array). Returns this hash.
   *
   * @example
   * ```ts
   * h.number(e.x).number(e.y).number(e.vx);
   * ```
   */
  number(x: number): this {
    if (typeof x !== "number") throw new InvalidArgumentError(`StateHash.number(x): x must be a number, not ${describeValue(x)}`);
    let high: number;
    let low: number;
    if (x !== x) {
      high = NAN_HIGH;
      low = 0;
    } else {
      FLOAT[0] = x;
      high = WORDS[HIGH] as number;
      low = WORDS[LOW] as number;
    }
    this.bytes(low, 4);
    this.bytes(high, 4);
    return this;
  }

  /**
   * Feeds an integer (any safe integer: ids, counts, frame numbers, enum
   * codes) as 8 bytes of two's complement; cheaper to read than a string.
   * -0 counts as 0 here, since integers have one zero. A value that is not
   * a safe integer throws an InvalidArgumentError (use `number` for
   * fractions). Returns this hash.
   *
   * @example
   * ```ts
   * h.integer(e.id).integer(e.hp).integer(MODES.indexOf(e.mode));
   * ```
   */
  integer(n: number): this {
    if (!isSafeInteger(n)) {
      throw new InvalidArgumentError(`StateHash.integer(n): n must be a safe integer, not ${typeof n === "number" ? String(n) : describeValue(n)}; feed fractions with number()`);
    }
    this.bytes(n >>> 0, 4); // n mod 2^32, exact for a safe integer
    this.bytes(floor(n / TWO_32), 4); // the high word, negative below 0 (two's complement)
    return this;
  }

  /**
   * Feeds a string: its length, then each UTF-16 code unit as 2 bytes, so
   * `"ab", "c"` and `"a", "bc"` hash differently. Returns this hash.
   *
   * @example
   * ```ts
   * h.string(e.mode).string(e.name);
   * ```
   */
  string(s: string): this {
    if (typeof s !== "string") throw new InvalidArgumentError(`StateHash.string(s): s must be a string, not ${describeValue(s)}`);
    const n = s.length;
    this.bytes(n, 4);
    for (let i = 0; i < n; i++) this.bytes(s.charCodeAt(i), 2);
    return this;
  }

  /**
   * Feeds a boolean, as one byte (1 or 0). Returns this hash.
   *
   * @example
   * ```ts
   * h.boolean(e.alive).boolean(door.open);
   * ```
   */
  boolean(b: boolean): this {
    if (typeof b !== "boolean") throw new InvalidArgumentError(`StateHash.boolean(b): b must be a boolean, not ${describeValue(b)}`);
    this.bytes(b ? 1 : 0, 1);
    return this;
  }

  /**
   * Feeds another hash's digest (8 bytes, low half first): a hash of hashes,
   * such as one digest for a whole session's per-frame hashes. Returns this hash.
   *
   * @example
   * ```ts
   * const session = new StateHash();
   * for (const frame of frames) session.hash(frameHash(frame));
   * ```
   */
  hash(other: StateHash): this {
    if (!(other instanceof StateHash)) throw new InvalidArgumentError(`StateHash.hash(other): other must be a StateHash, not ${describeValue(other)}`);
    this.bytes(other.l, 4);
    this.bytes(other.h, 4);
    return this;
  }

  /**
   * Whether two hashes have the same digest; allocates nothing.
   *
   * @example
   * ```ts
   * if (!mine.equals(theirs)) console.warn(`desync at frame ${frame}`);
   * ```
   */
  equals(other: StateHash): boolean {
    return this.h === other.h && this.l === other.l;
  }

  /**
   * The digest as 16 lowercase hex digits, high half first (a new string each call).
   *
   * @example
   * ```ts
   * console.log(new StateHash().hex()); // "cbf29ce484222325": the hash of nothing
   * ```
   */
  hex(): string {
    return hex32(this.h) + hex32(this.l);
  }

  /**
   * The digest in hex, as {@link StateHash.hex}.
   *
   * @example
   * ```ts
   * console.log(`frame ${n}: ${h}`);
   * ```
   */
  toString(): string {
    return this.hex();
  }

  /**
   * FNV-1a over the `count` low bytes of `word`, lowest first: for each
   * byte, xor it into the hash, then multiply by the prime modulo 2^64.
   * The 64-bit product of (hi:lo) and 2^40 + 0x1b3 keeps: lo * 0x1b3 (its
   * high half a carry into hi), hi * 0x1b3 (its low half) and lo << 40 (in
   * hi, lo << 8); 16-bit halves keep every intermediate below 2^26.
   */
  private bytes(word: number, count: number): void {
    let hi = this.h;
    let lo = this.l;
    for (let shift = 0; shift < count * 8; shift += 8) {
      lo ^= (word >>> shift) & 0xff;
      const carry = ((lo >>> 16) * PRIME_LOW + (((lo & 0xffff) * PRIME_LOW) >>> 16)) >>> 16;
      hi = (imul(hi, PRIME_LOW) + carry + (lo << 8)) | 0;
      lo = imul(lo, PRIME_LOW);
    }
    this.h = hi;
    this.l = lo;
  }
}

// ------------------------------------------------------------- the recording

/** The `format` field of a saved {@link FrameRecording}. */
const FORMAT = "spindle-frames";
/** The version of the JSON layout that toJSON writes and fromJSON reads. */
const VERSION = 1;
const NO_INPUTS: readonly never[] = [];

/**
 * A {@link FrameRecording} as JSON: what `toJSON` gives (and
 * `JSON.stringify` writes) and `fromJSON` reads back.
 *
 * @example
 * ```ts
 * const saved: FrameRecordingJSON<GameInput> = { format: "spindle-frames", version: 1, dt: [16.7, 16.6], inputs: [[1, { type: "pause" }]] };
 * ```
 *
 * @category Game
 */
export interface FrameRecordingJSON<Input> {
  /** Always "spindle-frames". */
  format: typeof FORMAT;
  /** The layout's version: 1. */
  version: number;
  /** Each frame's dt, in milliseconds. */
  dt: number[];
  /** Every input, in order, with the index of the frame it was applied in. */
  inputs: [frame: number, input: Input][];
  /** The state hash after each frame, as 16 hex digits; absent if none was recorded. */
  hashes?: string[];
}

/**
 * A record of a session: each frame's dt, the input events applied in it
 * (before its advance, in order), and optionally the state's hash after it.
 * Replayed by {@link replayFrames} into a fresh world built the same way
 * (same seed, same level), it gives the same state at every frame; saved
 * with `JSON.stringify` and loaded with {@link FrameRecording.fromJSON}, it
 * is a replay file, a bug report, or a lockstep peer's input log.
 *
 * Inputs are the game's own data (a click's position, a key, a command) and
 * must survive JSON unchanged: plain objects, arrays, strings, booleans and
 * finite numbers (JSON turns -0 into 0 and NaN into null). Record the raw
 * event and let the frame interpret it (which entity a click hits), so the
 * replay interprets it the same way. The recording keeps the input objects
 * as given: do not mutate one after recording it. Frames are counted from 0.
 *
 * Recording allocates nothing per frame beyond the growth of its arrays.
 *
 * @example
 * ```ts
 * const recording = new FrameRecording<GameInput>();
 * const pending: GameInput[] = []; // DOM handlers push here
 * function frame(dt: number): void {
 *   for (const input of pending) game.apply(input);
 *   game.advance(dt);
 *   recording.record(dt, pending, game.hash());
 *   pending.length = 0;
 * }
 * localStorage.setItem("replay", JSON.stringify(recording));
 * ```
 *
 * @category Game
 */
export class FrameRecording<Input> {
  private readonly dts: number[] = [];
  /** Index into `events` of each frame's first input, plus the end: one more entry than frames. */
  private readonly starts: number[] = [0];
  private readonly events: Input[] = [];
  /** The per-frame hashes, two unsigned halves a frame (high, low); empty if none were recorded. */
  private readonly digests: number[] = [];
  private hashed: boolean | null = null;

  /**
   * The number of frames recorded.
   *
   * @example
   * ```ts
   * console.log(`${recording.length} frames, ${recording.inputCount} inputs`);
   * ```
   */
  get length(): number {
    return this.dts.length;
  }

  /**
   * The number of inputs recorded, over all frames.
   *
   * @example
   * ```ts
   * if (recording.inputCount === 0) console.log("nobody played");
   * ```
   */
  get inputCount(): number {
    return this.events.length;
  }

  /**
   * Whether the frames carry state hashes (then {@link replayFrames} can
   * check each frame against them).
   *
   * @example
   * ```ts
   * replayFrames(recording, { ...world, hash: recording.hasHashes ? worldHash : undefined });
   * ```
   */
  get hasHashes(): boolean {
    return this.hashed === true;
  }

  /**
   * Records one frame: its dt (finite and >= 0, as `FrameHost.advance`
   * takes), the inputs applied in it, in order (copied out of the array, so
   * it can be reused), and the state's hash after it, if given: either with
   * every frame or with none. Call it after running the frame, so that the
   * hash is the frame's result.
   *
   * @example
   * ```ts
   * recording.record(dt, pending, worldHash());
   * pending.length = 0;
   * ```
   */
  record(dt: number, inputs: readonly Input[] = NO_INPUTS, hash?: StateHash): void {
    checkDt(`FrameRecording.record(dt)`, dt);
    if (!Array.isArray(inputs)) throw new InvalidArgumentError(`FrameRecording.record(dt, inputs): inputs must be an array, not ${describeValue(inputs)}`);
    const hashed = hash !== undefined;
    if (hashed && !(hash instanceof StateHash)) throw new InvalidArgumentError(`FrameRecording.record(dt, inputs, hash): hash must be a StateHash, not ${describeValue(hash)}`);
    if (this.hashed !== null && this.hashed !== hashed) {
      throw new UsageError(
        `FrameRecording.record(): frame ${this.dts.length} ${hashed ? "has" : "has no"} state hash but the frames before it ${hashed ? "had none" : "had one"}; record a hash with every frame or with none`,
      );
    }
    this.hashed = hashed;
    this.dts.push(dt + 0); // -0 becomes 0, as JSON would make it
    for (let i = 0; i < inputs.length; i++) this.events.push(inputs[i] as Input);
    this.starts.push(this.events.length);
    if (hashed) this.digests.push(hash.hi, hash.lo);
  }

  /**
   * Frame `frame`'s dt.
   *
   * @example
   * ```ts
   * const total = Array.from({ length: recording.length }, (_, i) => recording.dt(i)).reduce((a, b) => a + b, 0);
   * ```
   */
  dt(frame: number): number {
    return this.dts[this.checkFrame("dt", frame)] as number;
  }

  /**
   * The inputs of frame `frame`, in the order they were applied (a new array).
   *
   * @example
   * ```ts
   * for (const input of recording.inputs(120)) console.log(input);
   * ```
   */
  inputs(frame: number): Input[] {
    const i = this.checkFrame("inputs", frame);
    return this.events.slice(this.starts[i], this.starts[i + 1]);
  }

  /**
   * The state hash recorded after frame `frame`, as 16 hex digits, or null
   * if the recording has no hashes.
   *
   * @example
   * ```ts
   * console.log(`the last frame's hash: ${recording.hashAt(recording.length - 1)}`);
   * ```
   */
  hashAt(frame: number): string | null {
    const i = this.checkFrame("hashAt", frame);
    return this.hashed === true ? hex32(this.digests[2 * i] as number) + hex32(this.digests[2 * i + 1] as number) : null;
  }

  /**
   * The recording as JSON data (what `JSON.stringify(recording)` writes):
   * see {@link FrameRecordingJSON}. It includes a format version, checked by
   * {@link FrameRecording.fromJSON}.
   *
   * @example
   * ```ts
   * writeFileSync("run.replay.json", JSON.stringify(recording));
   * ```
   */
  toJSON(): FrameRecordingJSON<Input> {
    const inputs: [number, Input][] = [];
    for (let f = 0; f < this.dts.length; f++) {
      for (let k = this.starts[f] as number; k < (this.starts[f + 1] as number); k++) inputs.push([f, this.events[k] as Input]);
    }
    const json: FrameRecordingJSON<Input> = { format: FORMAT, version: VERSION, dt: this.dts.slice(), inputs };
    if (this.hashed === true) {
      const hashes: string[] = [];
      for (let f = 0; f < this.dts.length; f++) hashes.push(this.hashAt(f) as string);
      json.hashes = hashes;
    }
    return json;
  }

  /**
   * Reads a recording saved by `toJSON` (or `JSON.stringify`): the parsed
   * object, or its text. Throws an InvalidArgumentError that says what is
   * wrong if it is not a recording, is of another format version, or is
   * inconsistent. The inputs themselves are the game's data: pass
   * `isInput` to check each one (it is called with the input and its frame).
   *
   * @example
   * ```ts
   * const recording = FrameRecording.fromJSON(readFileSync("run.replay.json", "utf8"), isGameInput);
   * ```
   */
  static fromJSON<Input>(json: unknown, isInput?: (value: unknown, frame: number) => value is Input): FrameRecording<Input> {
    const what = "FrameRecording.fromJSON()";
    let data = json;
    if (typeof data === "string") {
      try {
        data = JSON.parse(data);
      } catch (error) {
        throw new InvalidArgumentError(`${what}: the text is not JSON (${error instanceof Error ? error.message : String(error)})`);
      }
    }
    if (typeof data !== "object" || data === null || (data as { format?: unknown }).format !== FORMAT) {
      throw new InvalidArgumentError(`${what}: not a frame recording (expected an object with format "${FORMAT}", got ${describeValue(data)})`);
    }
    const saved = data as Partial<Record<keyof FrameRecordingJSON<Input>, unknown>>;
    if (saved.version !== VERSION) {
      throw new InvalidArgumentError(`${what}: format version ${describeValue(saved.version)}, but this version of spindle reads version ${VERSION}`);
    }
    const { dt, inputs, hashes } = saved;
    if (!Array.isArray(dt)) throw new InvalidArgumentError(`${what}: "dt" must be an array of durations, not ${describeValue(dt)}`);
    if (!Array.isArray(inputs)) throw new InvalidArgumentError(`${what}: "inputs" must be an array of [frame, input] pairs, not ${describeValue(inputs)}`);
    if (hashes !== undefined && (!Array.isArray(hashes) || hashes.length !== dt.length)) {
      throw new InvalidArgumentError(`${what}: "hashes" must be an array with one hash per frame (${dt.length}), not ${describeValue(hashes)}`);
    }
    const recording = new FrameRecording<Input>();
    const digest = new StateHash();
    let next = 0;
    for (let f = 0; f < dt.length; f++) {
      const frameInputs: Input[] = [];
      for (; next < inputs.length; next++) {
        const pair: unknown = inputs[next];
        if (!Array.isArray(pair) || pair.length !== 2 || !Number.isInteger(pair[0]) || pair[0] < f || pair[0] >= dt.length) {
          throw new InvalidArgumentError(`${what}: inputs[${next}] must be a pair [frame, input] whose frames count up from ${f} and stay below ${dt.length}, not ${describeValue(pair)}`);
        }
        if (pair[0] !== f) break;
        if (isInput !== undefined && !isInput(pair[1], f)) throw new InvalidArgumentError(`${what}: inputs[${next}] (frame ${f}) is not a valid input: ${JSON.stringify(pair[1])}`);
        frameInputs.push(pair[1] as Input);
      }
      checkDt(`${what}: dt[${f}]`, dt[f]);
      if (hashes === undefined) recording.record(dt[f], frameInputs);
      else recording.record(dt[f], frameInputs, parseHash(digest, hashes[f], `${what}: hashes[${f}]`));
    }
    if (next < inputs.length) throw new InvalidArgumentError(`${what}: inputs[${next}] is for a frame past the last one (${dt.length - 1}): ${describeValue(inputs[next])}`);
    return recording;
  }

  private checkFrame(method: string, frame: number): number {
    if (!Number.isInteger(frame) || frame < 0 || frame >= this.dts.length) {
      throw new InvalidArgumentError(`FrameRecording.${method}(${typeof frame === "number" ? frame : describeValue(frame)}): frame must be an integer from 0 to ${this.dts.length - 1}`);
    }
    return frame;
  }

  /** @internal Replays frames [from, to): see {@link replayFrames}. */
  replay(from: number, to: number, options: FrameReplayOptions<Input>): void {
    const { applyInput, advance, hash } = options;
    const check = hash !== undefined && this.hashed === true;
    const digests = this.digests;
    for (let f = from; f < to; f++) {
      for (let k = this.starts[f] as number, end = this.starts[f + 1] as number; k < end; k++) applyInput(this.events[k] as Input, f);
      advance(this.dts[f] as number, f);
      if (hash === undefined) continue;
      const h = hash(f);
      if (check && (h.hi !== digests[2 * f] || h.lo !== digests[2 * f + 1])) throw new ReplayDivergenceError(f, this.hashAt(f) as string, h.hex());
    }
  }
}

function checkDt(what: string, dt: unknown): asserts dt is number {
  if (typeof dt !== "number" || !(dt >= 0) || dt === Infinity) {
    throw new InvalidArgumentError(`${what}: a frame's dt must be a finite number of milliseconds >= 0, not ${typeof dt === "number" ? String(dt) : describeValue(dt)}`);
  }
}

/** Sets `into` to the digest written as `text` (16 hex digits); there is no other way to make a StateHash of a given value. */
function parseHash(into: StateHash, text: unknown, what: string): StateHash {
  if (typeof text !== "string" || !/^[0-9a-f]{16}$/.test(text)) throw new InvalidArgumentError(`${what} must be 16 lowercase hex digits, not ${describeValue(text)}`);
  const fields = into as unknown as { h: number; l: number };
  fields.h = parseInt(text.slice(0, 8), 16) | 0;
  fields.l = parseInt(text.slice(8), 16) | 0;
  return into;
}

// ---------------------------------------------------------------- the replay

/**
 * Options of {@link replayFrames}: how to feed the world one recorded frame.
 *
 * @example
 * ```ts
 * const options: FrameReplayOptions<GameInput> = {
 *   applyInput: (input) => game.apply(input),
 *   advance: (dt) => game.advance(dt),
 *   hash: () => game.hash(),
 * };
 * ```
 *
 * @category Game
 */
export interface FrameReplayOptions<Input> {
  /** Applies one recorded input, as the live game did; called for each of a frame's inputs, in order, before its `advance`. */
  applyInput: (input: Input, frame: number) => void;
  /** Runs one frame of `dt` milliseconds, as the live game did (usually `host.advance(dt)`, or the game's step). */
  advance: (dt: number, frame: number) => void;
  /**
   * The state's hash after frame `frame`'s advance. If the recording has
   * hashes, each is compared with it and the first difference throws a
   * {@link ReplayDivergenceError}; otherwise it is only called (to collect
   * the replay's own hashes, say).
   */
  hash?: ((frame: number) => StateHash) | undefined;
  /** The first frame to replay (default 0): the world must be in the state the recording had before it. */
  from?: number;
  /** The frame to stop before (default: the recording's length). */
  to?: number;
}

/**
 * Plays a {@link FrameRecording} back into a world built as the recorded one
 * was (same seed, same setup): for each frame, in order, `applyInput` for
 * each of its inputs, then `advance(dt)`, then, if given, `hash` and the
 * check against the recorded hash. Returns the number of frames replayed.
 * The loop itself allocates nothing.
 *
 * A replay that differs throws a {@link ReplayDivergenceError} at the first
 * frame whose hash differs, with both hashes: everything before that frame
 * matched, so the cause is in that frame.
 *
 * @example
 * ```ts
 * const game = new Game({ seed: 1 }); // built as the recorded one was
 * replayFrames(recording, {
 *   applyInput: (input) => game.apply(input),
 *   advance: (dt) => game.advance(dt),
 *   hash: () => game.hash(),
 * });
 * ```
 *
 * @category Game
 */
export function replayFrames<Input>(recording: FrameRecording<Input>, options: FrameReplayOptions<Input>): number {
  if (!(recording instanceof FrameRecording)) throw new InvalidArgumentError(`replayFrames(recording): recording must be a FrameRecording, not ${describeValue(recording)}`);
  if (typeof options !== "object" || options === null) throw new InvalidArgumentError(`replayFrames(recording, options): options must be an object, not ${describeValue(options)}`);
  for (const name of ["applyInput", "advance"] as const) {
    if (typeof options[name] !== "function") throw new InvalidArgumentError(`replayFrames(): options.${name} must be a function, not ${describeValue(options[name])}`);
  }
  if (options.hash !== undefined && typeof options.hash !== "function") throw new InvalidArgumentError(`replayFrames(): options.hash must be a function, not ${describeValue(options.hash)}`);
  const from = options.from ?? 0;
  const to = options.to ?? recording.length;
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to < from || to > recording.length) {
    throw new InvalidArgumentError(`replayFrames(): from (${String(from)}) and to (${String(to)}) must be integers with 0 <= from <= to <= ${recording.length} (the recording's length)`);
  }
  recording.replay(from, to, options);
  return to - from;
}

/**
 * Thrown by {@link replayFrames} when the replayed state's hash differs from
 * the recorded one: the simulation is not deterministic (Math.random,
 * Date.now, a Math function whose last bit differs between engines, an
 * iteration order that is not fixed), or the replay does not feed it as the
 * live game did (an input applied at another time, a dt changed). Every
 * frame before `frame` matched.
 *
 * @example
 * ```ts
 * try { replayFrames(recording, options); } catch (e) {
 *   if (e instanceof ReplayDivergenceError) console.error(`diverged at frame ${e.frame}: ${e.expected} != ${e.actual}`);
 *   else throw e;
 * }
 * ```
 *
 * @category Game
 */
export class ReplayDivergenceError extends SpindleError {
  /** The first frame (counted from 0) whose hash differs. */
  readonly frame: number;
  /** The hash the recording has for that frame (16 hex digits). */
  readonly expected: string;
  /** The hash the replay computed (16 hex digits). */
  readonly actual: string;
  constructor(frame: number, expected: string, actual: string) {
    super(
      `the replay diverged at frame ${frame} (counted from 0): the recording's state hash is ${expected}, the replay's ${actual}; ` +
        `every frame before it matched, so look in that frame for randomness not drawn from the seed (Math.random, Date.now), ` +
        `a Math function whose last bit differs between engines, an unordered iteration, or an input or dt fed differently`,
    );
    this.frame = frame;
    this.expected = expected;
    this.actual = actual;
  }
}
