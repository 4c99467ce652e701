/**
 * The game-frame workload: N entities in a FrameHost, advanced 16.67 ms per
 * frame, spindle's coroutines against the update loop a careful game
 * programmer writes without them. The floor (issue "The game-loop toolkit"):
 * per-frame cost within 2x the hand-written loop, 0 bytes per idle frame.
 *
 * The world, the same on both sides:
 * - half the entities ("sleepers") live in a time group of scale 0.5; each
 *   loops: sleep a random 200-2000 ms of group time, then move (x += vx);
 * - the other half ("tweeners") tween their x from where it is to a random
 *   target in [0, 1000), over a random 200-1000 ms, with the entity's easing
 *   (one of four), then start the next tween at once.
 *
 * Every entity draws from a PRNG of its own (mulberry32 seeded by its
 * index), so the order in which entities wake within a frame changes
 * nothing: the same seed gives both sides the same durations and targets,
 * and their counts of wake-ups and tween completions and their positions
 * must agree exactly (checked: see crossCheck).
 *
 * The hand-written side keeps what spindle keeps, in plain fields, updated in
 * one pass per frame: a sleeper's deadline in group time (group time = host
 * time x scale, as spindle's TimeGroup maps it; an absolute deadline, carried
 * over from the last one, so wake-ups do not drift by partial frames, as
 * spindle's do not), and a tweener's start, duration, from, to and easing,
 * evaluated at the frame's end time, as spindle's tweens are. Both sides
 * call the same easing functions (spindle's exports), so the easing curves
 * cost the same on both; what differs is the scheduling around them.
 */
import type { Coroutine, Easing, FrameHost as FrameHostType } from "../src/index.js";
import type { Sizes } from "./config.js";
import type { Case } from "./harness.js";
import { spindle } from "./spindle.js";

const { FrameHost, sleep, tween, linear, easeInOutQuad, easeOutCubic, easeOutBack } = spindle;

/** The frame's dt: 60 fps. */
export const DT = 16.67;
/** The sleepers' group's time scale. */
export const GROUP_SCALE = 0.5;
const EASINGS: readonly Easing[] = [linear, easeInOutQuad, easeOutCubic, easeOutBack];

/** One entity's state, the same shape on both sides (positions are what the check compares). */
export interface Entity {
  x: number;
  readonly vx: number;
  /** mulberry32 state. */
  seed: number;
  readonly ease: Easing;
}

/** mulberry32, one step: a float in [0, 1) from the entity's own stream. */
function draw(e: Entity): number {
  e.seed = (e.seed + 0x6d2b79f5) | 0;
  let t = e.seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** A sleeper's next sleep: 200-2000 ms (integer) of group time. */
function sleepMs(e: Entity): number {
  return 200 + Math.floor(draw(e) * 1801);
}

/** A tweener's next duration: 200-1000 ms (integer). */
function tweenMs(e: Entity): number {
  return 200 + Math.floor(draw(e) * 801);
}

/** A tweener's next target: [0, 1000). */
function target(e: Entity): number {
  return draw(e) * 1000;
}

function makeEntities(n: number, seed: number): Entity[] {
  const out: Entity[] = [];
  for (let i = 0; i < n; i++) out.push({ x: i % 1000, vx: 1 + (i % 7), seed: (seed * 1_000_003 + i) | 0, ease: EASINGS[i % EASINGS.length] as Easing });
  return out;
}

/** What a world reports, for the cross-check and for the cases' results. */
export interface WorldState {
  wakeups: number;
  completions: number;
  /** The entities' positions, summed. */
  positionSum: number;
}

/** A world one side builds: advance one frame, and read its counts. */
export interface World {
  frame(dt: number): void;
  state(): WorldState;
  readonly entities: readonly Entity[];
  /** For the probes: the spindle host, or null. */
  readonly host: FrameHostType | null;
}

// ------------------------------------------------------------ spindle

/** Counters the coroutines bump (module-level, as a game's stats would be). */
interface Counters {
  wakeups: number;
  completions: number;
}

function* sleeper(e: Entity, c: Counters): Coroutine<void> {
  for (;;) {
    yield* sleep(sleepMs(e));
    e.x += e.vx;
    c.wakeups++;
  }
}

function* tweener(e: Entity, c: Counters): Coroutine<void> {
  const apply = (x: number): void => {
    e.x = x;
  };
  for (;;) {
    const duration = tweenMs(e);
    yield* tween({ from: e.x, to: target(e), duration, ease: e.ease, apply });
    c.completions++;
  }
}

/**
 * Options for the probes: `sleep` and `tween` override the entities' random
 * durations (an idle world: every sleep far away, no tween).
 */
export interface WorldOptions {
  /** Fraction of the entities that tween (default 0.5); the rest sleep in the group. */
  tweenShare?: number;
  /** A fixed sleep for every sleeper, in group ms (default: random 200-2000). */
  fixedSleep?: number;
  /** A fixed duration for every tween (default: random 200-1000). */
  fixedTween?: number;
}

function* fixedSleeper(e: Entity, ms: number, c: Counters): Coroutine<void> {
  for (;;) {
    yield* sleep(ms);
    e.x += e.vx;
    c.wakeups++;
  }
}

function* fixedTweener(e: Entity, ms: number, c: Counters): Coroutine<void> {
  const apply = (x: number): void => {
    e.x = x;
  };
  for (;;) {
    yield* tween({ from: e.x, to: target(e), duration: ms, ease: e.ease, apply });
    c.completions++;
  }
}

export function spindleWorld(n: number, seed: number, options: WorldOptions = {}): World {
  const entities = makeEntities(n, seed);
  const host = new FrameHost();
  const group = host.group("sleepers", { timeScale: GROUP_SCALE });
  const c: Counters = { wakeups: 0, completions: 0 };
  const tweeners = Math.round(n * (options.tweenShare ?? 0.5));
  for (let i = 0; i < n; i++) {
    const e = entities[i] as Entity;
    // Interleaved, so both kinds are spread over the array (as on the other side).
    if (i % 2 === 1 && i < 2 * tweeners) {
      if (options.fixedTween !== undefined) host.spawn(fixedTweener, e, options.fixedTween, c);
      else host.spawn(tweener, e, c);
    } else if (options.fixedSleep !== undefined) group.spawn(fixedSleeper, e, options.fixedSleep, c);
    else group.spawn(sleeper, e, c);
  }
  return {
    entities,
    host,
    frame: (dt) => {
      host.advance(dt);
    },
    state: () => ({ wakeups: c.wakeups, completions: c.completions, positionSum: sum(entities) }),
  };
}

// ------------------------------------------------------------ hand-written

/** A sleeper: its deadline in group time. */
interface HandSleeper {
  readonly e: Entity;
  wakeAt: number;
  readonly fixed: number;
}

/** A tween in progress. */
interface HandTween {
  readonly e: Entity;
  start: number;
  duration: number;
  from: number;
  to: number;
  readonly fixed: number;
}

/**
 * The update loop: the host's clock and the group's (host x scale), one pass
 * over the sleepers, one over the tweens. A tween that ends within the frame
 * lands on `to`, and the next starts at its exact end time (as spindle's
 * does: a timer at start + duration), then is evaluated at the frame's end.
 */
export function handWorld(n: number, seed: number, options: WorldOptions = {}): World {
  const entities = makeEntities(n, seed);
  const sleepers: HandSleeper[] = [];
  const tweens: HandTween[] = [];
  const tweeners = Math.round(n * (options.tweenShare ?? 0.5));
  const fixedSleep = options.fixedSleep ?? 0;
  const fixedTween = options.fixedTween ?? 0;
  for (let i = 0; i < n; i++) {
    const e = entities[i] as Entity;
    if (i % 2 === 1 && i < 2 * tweeners) {
      const duration = fixedTween > 0 ? fixedTween : tweenMs(e);
      tweens.push({ e, start: 0, duration, from: e.x, to: target(e), fixed: fixedTween });
    } else {
      sleepers.push({ e, wakeAt: fixedSleep > 0 ? fixedSleep : sleepMs(e), fixed: fixedSleep });
    }
  }
  // The loop's state in fields, not in closure variables: V8 boxes a double stored in a closure's context anew at every store.
  const st = { now: 0, wakeups: 0, completions: 0 };
  const scale = GROUP_SCALE;
  return {
    entities,
    host: null,
    frame: (dt) => {
      const now = (st.now += dt);
      const groupNow = now * scale;
      for (let i = 0; i < sleepers.length; i++) {
        const s = sleepers[i] as HandSleeper;
        while (s.wakeAt <= groupNow) {
          const e = s.e;
          e.x += e.vx;
          st.wakeups++;
          s.wakeAt += s.fixed > 0 ? s.fixed : sleepMs(e);
        }
      }
      for (let i = 0; i < tweens.length; i++) {
        const t = tweens[i] as HandTween;
        const e = t.e;
        let end = t.start + t.duration;
        while (end <= now) {
          e.x = t.to;
          st.completions++;
          t.start = end;
          t.duration = t.fixed > 0 ? t.fixed : tweenMs(e);
          t.from = t.to;
          t.to = target(e);
          end = t.start + t.duration;
        }
        e.x = t.from + (t.to - t.from) * e.ease((now - t.start) / t.duration);
      }
    },
    state: () => ({ wakeups: st.wakeups, completions: st.completions, positionSum: sum(entities) }),
  };
}

function sum(entities: readonly Entity[]): number {
  let s = 0;
  for (const e of entities) s += e.x;
  return s;
}

// ------------------------------------------------------------ checks and cases

export const SIDES = { spindle: spindleWorld, hand: handWorld } as const;
export type GameSide = keyof typeof SIDES;

/** Throws unless both worlds agree after `frames` frames: same counts, same positions entity by entity. */
export function crossCheck(n: number, frames: number, seed: number): WorldState {
  const a = spindleWorld(n, seed);
  const b = handWorld(n, seed);
  for (let f = 0; f < frames; f++) {
    a.frame(DT);
    b.frame(DT);
  }
  const sa = a.state();
  const sb = b.state();
  if (sa.wakeups !== sb.wakeups || sa.completions !== sb.completions) {
    throw new Error(`game frame: spindle counted ${sa.wakeups} wake-ups and ${sa.completions} tween completions, the hand-written loop ${sb.wakeups} and ${sb.completions}`);
  }
  for (let i = 0; i < n; i++) {
    const xa = (a.entities[i] as Entity).x;
    const xb = (b.entities[i] as Entity).x;
    if (Math.abs(xa - xb) > 1e-9 * Math.max(1, Math.abs(xb))) throw new Error(`game frame: entity ${i} is at ${xa} in spindle, ${xb} in the hand-written loop`);
  }
  if (sa.wakeups === 0 || sa.completions === 0) throw new Error("game frame: nothing happened; the check would prove nothing");
  return sa;
}

/** Frames run before a world is measured: past every entity's first wait (2000 ms of group time = 4000 ms = 240 frames), into steady state. */
export const WARM_FRAMES = 600;

/**
 * The cases of `npm run bench` (group "game") and `npm run bench:gc`
 * (workload "game.frame"): one op is `frames` frames of a world of
 * `entities` entities already in steady state; the unit is a frame. The
 * world persists across ops (a game's does), so each op returns the frames
 * it ran; that both sides do the same work is checked once, when the cases
 * are made, on a smaller world of both sides run side by side.
 */
export function gameCases(sizes: Sizes): Case[] {
  const entities = sizes.gameEntities;
  const frames = sizes.gameFrames;
  crossCheck(Math.min(entities, 1000), WARM_FRAMES, 7);
  const make = (side: GameSide): Case => {
    let world: World | null = null;
    return {
      id: `game.frame.${side}`,
      name: `${entities} entities, advance(${DT}) x ${frames}, ${side === "spindle" ? "spindle FrameHost" : "hand-written update loop"}`,
      subject: side === "spindle" ? "spindle" : "bare",
      unit: "frame",
      units: frames,
      expect: frames,
      run: () => {
        // Built on the first run (the warm-up), so only the side being measured is ever built in a gc child.
        if (world === null) {
          world = SIDES[side](entities, 42);
          for (let f = 0; f < WARM_FRAMES; f++) world.frame(DT);
        }
        const w = world;
        let f = 0;
        for (; f < frames; f++) w.frame(DT);
        return f;
      },
    };
  };
  return [make("hand"), make("spindle")];
}
