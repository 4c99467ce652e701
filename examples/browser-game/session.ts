/**
 * A scripted session of the browser game, for the replay tests
 * (test/game/replay.test.ts, test/browser/game.test.ts): a "player" whose
 * kill gestures, kills, faults and pauses come from a seeded generator, at irregular dts
 * like a real requestAnimationFrame's, recorded frame by frame with the
 * world's hash, as the page records a real session.
 */
import { FrameRecording, Random, StateHash } from "spindle";
import { Game, HEIGHT, WIDTH } from "./game.js";
import type { GameInput } from "./game.js";

export interface SessionOptions {
  /** The world's seed (default 1). */
  seed?: number;
  /** The seed of the player's inputs and of the dts (default 7). */
  inputSeed?: number;
  /** How many entities (default 300). */
  entities?: number;
}

/** The world a recording of `options` replays into: built exactly as the recorded one was. */
export function freshGame(options: SessionOptions = {}): Game {
  return new Game({ seed: options.seed ?? 1, entities: options.entities ?? 300 });
}

/**
 * Plays `frames` frames: each with a dt between 4 and 50 ms (now and then a
 * 0 ms frame, or one clamped to 50 ms after a stall), and now and then a
 * kill gesture (shift+click) on an entity or on empty ground, a kill by id,
 * a fault by id (that entity's coroutine throws), or the pause button (a
 * pause lasts until the next press). Returns the world and the
 * recording, which has the world's hash after every frame (also given to
 * `log`, if any).
 */
export function playSession(frames: number, options: SessionOptions = {}, log?: HashLog): { game: Game; recording: FrameRecording<GameInput> } {
  const game = freshGame(options);
  const rng = new Random(options.inputSeed ?? 7);
  const recording = new FrameRecording<GameInput>();
  const pending: GameInput[] = [];
  for (let f = 0; f < frames; f++) {
    const r = rng.next();
    const dt = r < 0.01 ? 0 : r < 0.03 ? 50 : 4 + rng.next() * 46;
    const roll = rng.next();
    if (roll < 0.006) {
      const target = liveEntity(game, rng);
      if (target !== undefined) pending.push({ type: "click", x: target.x + (rng.next() - 0.5) * 6, y: target.y + (rng.next() - 0.5) * 6 });
    } else if (roll < 0.01) {
      pending.push({ type: "click", x: rng.next() * WIDTH, y: rng.next() * HEIGHT });
    } else if (roll < 0.011) {
      pending.push({ type: "kill", id: 1 + rng.below(options.entities ?? 300) });
    } else if (roll < 0.0125) {
      pending.push({ type: "fault", id: 1 + rng.below(options.entities ?? 300) });
    } else if (roll < 0.014 || (game.paused && roll > 0.97)) {
      pending.push({ type: "pause" });
    }
    if (roll < 0.001) pending.push({ type: "kill", id: 1 + rng.below(options.entities ?? 300) }); // now and then two inputs in one frame
    game.tick(dt, pending);
    const hash = game.hash();
    recording.record(dt, pending, hash);
    log?.add(f, hash);
    pending.length = 0;
  }
  return { game, recording };
}

function liveEntity(game: Game, rng: Random): { x: number; y: number } | undefined {
  let k = rng.below(game.entities.size);
  for (const e of game.entities.values()) if (k-- === 0) return e;
  return undefined;
}

/** A digest of a run's per-frame hashes, and the hashes at a few frames: what the Chromium test compares with Node. */
export interface ReplaySummary {
  frames: number;
  /** The hash of every frame's hash, in order. */
  session: string;
  /** The hash at each of the sampled frames. */
  samples: string[];
  /** The world's hash after the last frame. */
  last: string;
}

/** Summarizes per-frame hashes as they come: `add(frame, hash)` for each frame, then `summary()`. */
export class HashLog {
  private readonly session = new StateHash();
  private readonly samples: string[] = [];
  private frames = 0;
  private lastHi = 0;
  private lastLo = 0;
  constructor(private readonly sampleFrames: readonly number[]) {}
  add(frame: number, hash: StateHash): void {
    this.session.hash(hash);
    if (this.sampleFrames.includes(frame)) this.samples.push(hash.hex());
    this.frames++;
    this.lastHi = hash.hi;
    this.lastLo = hash.lo;
  }
  summary(): ReplaySummary {
    const last = this.lastHi.toString(16).padStart(8, "0") + this.lastLo.toString(16).padStart(8, "0");
    return { frames: this.frames, session: this.session.hex(), samples: this.samples, last };
  }
}
