/**
 * examples/engine/: the logic of the Phaser example, with no DOM and no
 * Phaser in it, so the page (main.ts draws it with Phaser) and Node (the
 * tests step it) run the same code.
 *
 * Two time groups under one FrameHost:
 * - "world": coins that pop in with a tween and then bob, enemies that
 *   patrol (a tween to the end of their beat, a rest, a turn), and a ball
 *   moved by a fixed-step physics task (50 steps a second whatever the frame
 *   rate) and drawn between its last two steps with `fixedAlpha`;
 * - "ui": a spinner that turns all the time, and the blinking "PAUSED" label.
 *
 * Pausing scales the world group to 0: its sleeps, tweens and fixed steps
 * stop where they are (a task in a group waits for the fixed steps of the
 * group's clock), while the UI group's go on.
 *
 * Determinism: movement uses only + - * / and the library's easings, so the
 * same frames give the same bits in Node and in any browser.
 */
import { FrameHost, easeInOutQuad, easeInOutSine, easeOutBack, nextFixedStep, sleep, sleepUnscaled, tween } from "spindle";
import type { Coroutine, Task, TimeGroup } from "spindle";

export const WIDTH = 800;
export const HEIGHT = 450;
/** The top of the ground. */
export const FLOOR = 410;
/** The physics step, in ms of the host's clock: 50 Hz. */
export const FIXED_STEP = 20;
export const BALL_RADIUS = 14;
/** How long the "PAUSED" label stays on, then off (unscaled time). */
export const BLINK_MS = 400;

/** The page's colors (0xRRGGBB), here so the tests know what to look for on the canvas. */
export const COLORS = { sky: 0x1b2029, ground: 0x3a4354, ledge: 0x2c3442, coin: 0xf5c542, enemy: 0xd9465f, ball: 0x4fc3f7, ui: 0x9be38b } as const;

const GRAVITY = 1500; // px/s²
const BOUNCE_SPEED = 820; // px/s upward, after each bounce on the floor

export interface Coin {
  readonly id: number;
  readonly x: number;
  readonly baseY: number;
  /** Drawn at (x, baseY + bob), scaled by `scale` (0 until it pops in). */
  bob: number;
  scale: number;
}

export interface Enemy {
  readonly id: number;
  x: number;
  readonly y: number;
  /** The ends of its beat. */
  readonly left: number;
  readonly right: number;
  /** px per second of the world's time. */
  readonly speed: number;
  /** ms it rests at each end. */
  readonly rest: number;
  facing: 1 | -1;
  resting: boolean;
}

export interface Ball {
  x: number;
  y: number;
  vx: number;
  vy: number;
  /** Where it was at the previous fixed step: it is drawn between the two. */
  prevX: number;
  prevY: number;
  bounces: number;
}

export interface Hud {
  /** Whether the "PAUSED" label is showing (it blinks while paused). */
  pausedVisible: boolean;
  /** How many times it switched on or off. */
  blinks: number;
  /** The UI spinner's angle in degrees: it turns in the UI group, paused or not. */
  spinner: number;
}

/** What the page exposes and the tests compare: plain data. */
export interface WorldState {
  frame: number;
  paused: boolean;
  /** ms on the world group's clock (stands still while paused). */
  worldTime: number;
  /** ms on the UI group's clock. */
  uiTime: number;
  /** Fixed steps of the host's grid (they go on during a pause: the grid follows the host's clock). */
  hostFixedSteps: number;
  /** Fixed steps the world's physics ran (they stop during a pause). */
  physicsSteps: number;
  coins: { x: number; y: number; scale: number }[];
  enemies: { x: number; y: number; facing: number; resting: boolean }[];
  /** The ball where it is drawn: interpolated between its last two fixed steps. */
  ball: { x: number; y: number; bounces: number };
  hud: Hud;
}

// #region entities
/** A coin: waits its turn, pops in, then bobs forever (all on the world's clock). */
function* coinLife(coin: Coin, delay: number): Coroutine<void> {
  yield* sleep(delay);
  yield* tween({ from: 0, to: 1, duration: 450, ease: easeOutBack, apply: (s) => (coin.scale = s) });
  for (;;) {
    yield* tween({ from: 0, to: -10, duration: 700, ease: easeInOutSine, apply: (y) => (coin.bob = y) });
    yield* tween({ from: -10, to: 0, duration: 700, ease: easeInOutSine, apply: (y) => (coin.bob = y) });
  }
}

/** An enemy walks to one end of its beat, rests, turns round, and so on. */
function* patrol(e: Enemy): Coroutine<void> {
  for (;;) {
    const to = e.facing === 1 ? e.right : e.left;
    e.resting = false;
    yield* tween({ from: e.x, to, duration: (Math.abs(to - e.x) / e.speed) * 1000, ease: easeInOutQuad, apply: (x) => (e.x = x) });
    e.resting = true;
    yield* sleep(e.rest);
    e.facing = e.facing === 1 ? -1 : 1;
  }
}
// #endregion entities

// #region physics
/** The ball's physics: one integration per fixed step of the world group's clock (none while it is paused). */
function* physics(game: EngineWorld): Coroutine<void> {
  const b = game.ball;
  const dt = FIXED_STEP / 1000;
  for (;;) {
    yield* nextFixedStep();
    b.prevX = b.x;
    b.prevY = b.y;
    b.vy += GRAVITY * dt;
    b.x += b.vx * dt;
    b.y += b.vy * dt;
    if (b.y > FLOOR - BALL_RADIUS) {
      b.y = FLOOR - BALL_RADIUS;
      b.vy = -BOUNCE_SPEED;
      b.bounces++;
    }
    if (b.x < BALL_RADIUS || b.x > WIDTH - BALL_RADIUS) {
      b.x = b.x < BALL_RADIUS ? BALL_RADIUS : WIDTH - BALL_RADIUS;
      b.vx = -b.vx;
    }
    game.physicsSteps++;
  }
}
// #endregion physics

// #region ui
/** The UI spinner: a tween on the UI group's clock, so it turns while the world is paused. */
function* spin(hud: Hud): Coroutine<void> {
  for (;;) yield* tween({ from: 0, to: 360, duration: 1600, apply: (a) => (hud.spinner = a) });
}

/** The "PAUSED" label blinks on unscaled time; cancelled on resume, it hides itself. */
function* blink(hud: Hud): Coroutine<void> {
  try {
    for (;;) {
      hud.pausedVisible = !hud.pausedVisible;
      hud.blinks++;
      yield* sleepUnscaled(BLINK_MS);
    }
  } finally {
    hud.pausedVisible = false;
  }
}
// #endregion ui

export class EngineWorld {
  readonly host: FrameHost;
  /** Everything the pause stops. */
  readonly world: TimeGroup;
  /** What goes on during a pause. */
  readonly ui: TimeGroup;
  readonly coins: Coin[] = [];
  readonly enemies: Enemy[] = [];
  readonly ball: Ball = { x: 120, y: 120, vx: 230, vy: 0, prevX: 120, prevY: 120, bounces: 0 };
  readonly hud: Hud = { pausedVisible: false, blinks: 0, spinner: 0 };
  physicsSteps = 0;
  private blinking: Task<void> | null = null;
  private readonly budget = { maxSteps: 10_000 }; // hoisted: advance() allocates nothing for it

  constructor() {
    this.host = new FrameHost({ fixedStep: FIXED_STEP });
    this.world = this.host.group("world");
    this.ui = this.host.group("ui");
    for (let i = 0; i < 7; i++) {
      const coin: Coin = { id: i + 1, x: 160 + i * 80, baseY: 120, bob: 0, scale: 0 };
      this.coins.push(coin);
      this.world.spawn(coinLife, coin, i * 180);
    }
    const beats = [
      { y: 250, left: 90, right: 360, speed: 110, rest: 600 },
      { y: 250, left: 440, right: 710, speed: 150, rest: 400 },
      { y: FLOOR - 13, left: 200, right: 600, speed: 200, rest: 900 },
    ];
    beats.forEach((beat, i) => {
      const e: Enemy = { id: i + 1, x: beat.left, ...beat, facing: 1, resting: false };
      this.enemies.push(e);
      this.world.spawn(patrol, e);
    });
    this.world.spawn(physics, this);
    this.ui.spawn(spin, this.hud);
  }

  // #region pause
  /** Whether the world group is paused. */
  get paused(): boolean {
    return this.world.timeScale === 0;
  }

  /** The P key: scales the world group to 0 (or back to 1); the UI group goes on. */
  togglePause(): boolean {
    if (this.paused) {
      this.world.timeScale = 1;
      this.blinking?.cancel();
      this.blinking = null;
    } else {
      this.world.timeScale = 0;
      this.blinking = this.ui.spawn(blink, this.hud);
    }
    return this.paused;
  }
  // #endregion pause

  /** One frame of `dtMs` (what Phaser's update calls). */
  advance(dtMs: number): number {
    return this.host.advance(dtMs, this.budget);
  }

  /** Where to draw the ball: between its last two fixed steps, by how far the clock is between them. */
  ballView(): { x: number; y: number } {
    const b = this.ball;
    const a = this.world.fixedAlpha; // the world's clock: it stands still while paused
    return { x: b.prevX + (b.x - b.prevX) * a, y: b.prevY + (b.y - b.prevY) * a };
  }

  snapshot(): WorldState {
    const ball = this.ballView();
    return {
      frame: this.host.frame,
      paused: this.paused,
      worldTime: this.world.now,
      uiTime: this.ui.now,
      hostFixedSteps: this.host.fixedSteps,
      physicsSteps: this.physicsSteps,
      coins: this.coins.map((c) => ({ x: c.x, y: c.baseY + c.bob, scale: c.scale })),
      enemies: this.enemies.map((e) => ({ x: e.x, y: e.y, facing: e.facing, resting: e.resting })),
      ball: { x: ball.x, y: ball.y, bounces: this.ball.bounces },
      hud: { ...this.hud },
    };
  }
}
