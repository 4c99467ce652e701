/**
 * docs/game-loop.md: the game's logic, with no DOM in it, so the same code
 * runs in the page (main.ts draws it) and in Node (the tests step it).
 *
 * A few hundred entities, each driven by one coroutine: it patrols to
 * random waypoints, waits, and when a "player near" event arrives on its
 * channel it chases the player (hunters) or flees (prey). Each entity's
 * brain runs under a supervising task of its own: killing the entity cancels
 * that task, and the brain's cleanup plays a death animation over a few
 * frames and then removes it from the world; a brain that throws fails only
 * its own task, which the supervisor reports (`Game.errors`) before removing
 * the entity, and the world goes on.
 *
 * Everything random comes from the host's seeded generator (`random()`) or
 * from a `Random` with the same seed, and movement uses the frame's dt, so
 * the same seed and the same frames give the same world, in Node and in any
 * browser. What the player does arrives as inputs (plain data: a click's
 * position, the pause button), applied at the start of a frame by `tick`,
 * so a session is its frames' dts and inputs: recorded, it replays to the
 * same world, which `hash` checks frame by frame.
 */
import { CLOSED, FrameHost, Random, StateHash, channel, isCancellation, isInterrupt, named, nextFrame, now, race, random, sleep, spawn, waitFrames, waitUntil } from "spindle";
import type { Channel, Coroutine, Operation, Task } from "spindle";

export const WIDTH = 960;
export const HEIGHT = 600;
/** The player is "near" an entity inside this radius, "far" again outside FAR (hysteresis). */
export const NEAR = 110;
export const FAR = 150;
export const DEATH_FRAMES = 12;

/** What a live entity is doing; a dying one plays its death animation. */
export type Behaviour = "patrol" | "wait" | "chase" | "flee";
export type Mode = Behaviour | "dying";
export type Sense = "near" | "far";

/**
 * What the player does, as data, so that it can be recorded and replayed:
 * a kill gesture at a point of the canvas (shift+click: it kills the entity
 * there, if any; a plain click only selects, which changes nothing in the
 * world and is not recorded), a kill by id (the inspector's Kill button, the
 * test hook, or a command from the network), a fault by id (the inspector's
 * Fault button: that entity's coroutine throws), the pause button (it
 * toggles the pause).
 */
export type GameInput =
  | { readonly type: "click"; readonly x: number; readonly y: number }
  | { readonly type: "kill"; readonly id: number }
  | { readonly type: "fault"; readonly id: number }
  | { readonly type: "pause" };

/** Whether a value read from a saved recording is a GameInput (for FrameRecording.fromJSON). */
export function isGameInput(value: unknown): value is GameInput {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  switch (v["type"]) {
    case "click":
      return typeof v["x"] === "number" && typeof v["y"] === "number";
    case "kill":
    case "fault":
      return Number.isInteger(v["id"]);
    case "pause":
      return true;
    default:
      return false;
  }
}

export interface Entity {
  readonly id: number;
  readonly kind: "hunter" | "prey";
  x: number;
  y: number;
  mode: Mode;
  /** 0 while alive; 1..DEATH_FRAMES during the death animation. */
  deathFrame: number;
  /** What the sensor last told this entity. */
  near: boolean;
  /** Events from the sensor: capacity 1, oldest dropped, so the latest news wins. */
  readonly events: Channel<Sense>;
  /** The entity's root task, its supervisor: killing the entity cancels it (and so its brain). */
  task: Task<void> | null;
  /** The brain, the supervisor's child: the coroutine that moves the entity (null until the first frame). */
  brain: Task<void> | null;
}

/** An entity whose brain failed: what the supervisor reported before removing it. */
export interface EntityFailure {
  readonly id: number;
  readonly kind: Entity["kind"];
  /** The frame in which the brain failed, and the game time then (ms). */
  readonly frame: number;
  readonly at: number;
  /** The failed task's label (`task#412 "brain"`). */
  readonly task: string;
  /** The error it failed with. */
  readonly error: unknown;
}

export interface GameOptions {
  seed?: number;
  entities?: number;
  /** Task steps per frame at most; the rest waits for the next frame. */
  maxStepsPerFrame?: number;
}

const PATROL_SPEED = 40; // px per second
const CHASE_SPEED = 90;
const FLEE_SPEED = 110;

// The branches of the behaviours' races are named (`named`), so that dump() and the
// page's inspector say `race(task#7 "walkTo", task#8 "sensed(near)")`, not "operation".

/** Moves `e` toward (x, y) at `speed` px/s, one step per frame; "arrived" when there. */
function walkTo(game: Game, e: { x: number; y: number }, x: number, y: number, speed: number): Operation<"arrived"> {
  return named("walkTo", walking(game, e, x, y, speed));
}

function* walking(game: Game, e: { x: number; y: number }, x: number, y: number, speed: number): Coroutine<"arrived"> {
  for (;;) {
    const dx = x - e.x;
    const dy = y - e.y;
    const d = len(dx, dy);
    const step = (speed * game.dt) / 1000;
    if (d <= step) {
      e.x = x;
      e.y = y;
      return "arrived";
    }
    e.x += (dx / d) * step;
    e.y += (dy / d) * step;
    yield nextFrame();
  }
}

const SENSED = { near: "sensed(near)", far: "sensed(far)" } as const;

/** Receives events until `wanted` comes. */
function sensed(e: Entity, wanted: Sense): Operation<Sense> {
  return named(SENSED[wanted], listen(e, wanted));
}

function* listen(e: Entity, wanted: Sense): Coroutine<Sense> {
  for (;;) {
    const event = yield* e.events.recv();
    if (event === wanted) return event;
    if (event === CLOSED) throw new Error(`the senses of entity ${e.id} were closed`);
  }
}

/** Gives `value` after `ms`; the task is named after it ("rested", "tired"...). */
function after<T extends string>(ms: number, value: T): Operation<T> {
  return named(value, resting(ms, value));
}

function* resting<T>(ms: number, value: T): Coroutine<T> {
  yield sleep(ms);
  return value;
}

// #region behaviours
function reaction(e: Entity): Behaviour {
  return e.kind === "hunter" ? "chase" : "flee";
}

function* patrol(game: Game, e: Entity): Coroutine<Behaviour> {
  const x = clamp(e.x + ((yield* random()) - 0.5) * 300, 20, WIDTH - 20);
  const y = clamp(e.y + ((yield* random()) - 0.5) * 300, 20, HEIGHT - 20);
  const what = yield* race([walkTo(game, e, x, y, PATROL_SPEED), sensed(e, "near")]);
  return what === "arrived" ? "wait" : reaction(e);
}

function* wait(_game: Game, e: Entity): Coroutine<Behaviour> {
  const ms = 300 + (yield* random()) * 900;
  const what = yield* race([after(ms, "rested" as const), sensed(e, "near")]);
  return what === "rested" ? "patrol" : reaction(e);
}

/** Hunters follow the player until they catch it, lose it, or tire. */
function* chase(game: Game, e: Entity): Coroutine<Behaviour> {
  yield* race([named("followPlayer", followPlayer(game, e)), sensed(e, "far"), after(2_500, "tired" as const)]);
  return "wait";
}

function* followPlayer(game: Game, e: Entity): Coroutine<"caught"> {
  for (;;) {
    const { x, y } = game.player;
    const d = len(x - e.x, y - e.y);
    if (d < 8) return "caught";
    const step = Math.min((CHASE_SPEED * game.dt) / 1000, d);
    e.x += ((x - e.x) / d) * step;
    e.y += ((y - e.y) / d) * step;
    yield nextFrame();
  }
}

/** Prey run straight away from the player until it is far (checked once per frame) or 1.5 s pass. */
function* flee(game: Game, e: Entity): Coroutine<Behaviour> {
  yield* race([named("runAway", runAway(game, e)), waitUntil(() => game.distanceToPlayer(e) > FAR, "waitUntil(player far)"), after(1_500, "safe" as const)]);
  return "wait";
}

function* runAway(game: Game, e: Entity): Coroutine<never> {
  for (;;) {
    const dx = e.x - game.player.x;
    const dy = e.y - game.player.y;
    const d = len(dx, dy) || 1;
    const step = (FLEE_SPEED * game.dt) / 1000;
    e.x = clamp(e.x + (dx / d) * step, 5, WIDTH - 5);
    e.y = clamp(e.y + (dy / d) * step, 5, HEIGHT - 5);
    yield nextFrame();
  }
}
// #endregion behaviours

// #region brain
const BEHAVIOURS = { patrol, wait, chase, flee } as const;

/** One entity's life: a state machine of behaviours; its cleanup, when it is killed, is the death animation. */
function* brain(game: Game, e: Entity): Coroutine<void> {
  try {
    let next: Behaviour = "patrol";
    for (;;) {
      e.mode = next;
      next = yield* BEHAVIOURS[next](game, e);
    }
  } catch (error) {
    // A fault is not handled here: it fails this task, and the supervisor reports it.
    if (!isCancellation(error)) throw error;
    // Killed (the task cancelled): a few frames of animation, then removal.
    e.mode = "dying";
    for (let frame = 1; frame <= DEATH_FRAMES; frame++) {
      e.deathFrame = frame;
      yield nextFrame();
    }
    game.remove(e, yield* now());
    throw error; // a cancelled task ends by letting its CancelledError go
  }
}
// #endregion brain

// #region supervisor
/**
 * An entity's root task: runs its brain as a child and answers for it. A
 * child that fails while its parent joins it has its error thrown at the
 * join, and nowhere else: one entity's bug stops that entity, reported, not
 * the frame, nor the other entities.
 */
function* supervise(game: Game, e: Entity): Coroutine<void> {
  const child = yield* spawn(brain, game, e);
  e.brain = child;
  try {
    yield* child;
  } catch (error) {
    if (isCancellation(error)) throw error; // killed: this task was cancelled, and its brain with it
    game.failed(e, child, error, yield* now());
  }
}
// #endregion supervisor

// #region sensor
/** Once every 5 frames: tells each entity whether the player is near, on its channel. */
function* sensor(game: Game): Coroutine<void> {
  for (;;) {
    for (const e of game.entities.values()) {
      if (e.mode === "dying") continue;
      const d = game.distanceToPlayer(e);
      if (d < NEAR) {
        e.near = true;
        e.events.trySend("near"); // every time, so an entity that was busy hears it again
      } else if (e.near && d > FAR) {
        e.near = false;
        e.events.trySend("far");
      }
    }
    yield* waitFrames(5);
  }
}
// #endregion sensor

/** The player walks a loop of waypoints (a coroutine too); only +, *, / and sqrt, so every engine agrees to the bit. */
const ROUTE = [[180, 140], [480, 300], [780, 140], [860, 300], [780, 460], [480, 300], [180, 460], [100, 300]] as const;

function* playerPath(game: Game): Coroutine<void> {
  for (let leg = 0; ; leg = (leg + 1) % ROUTE.length) {
    const [x, y] = ROUTE[leg] as readonly [number, number];
    yield* walkTo(game, game.player, x, y, 120);
  }
}

const MODES: readonly Mode[] = ["patrol", "wait", "chase", "flee", "dying"];

export class Game {
  readonly host: FrameHost;
  readonly entities = new Map<number, Entity>();
  readonly player = { x: 100, y: 300 };
  /** Deaths, in order: "#17 removed at t=1234". */
  readonly graveyard: string[] = [];
  /** Entities whose brain threw, in order: reported by their supervisor, then removed. */
  readonly errors: EntityFailure[] = [];
  /** The current frame's dt in ms (what movement is scaled by). */
  dt = 0;
  /** Paused by the pause input: frames then do not advance the host. */
  paused = false;
  private readonly budget: { maxSteps: number };
  /** Reused by every hash(): hashing a frame allocates nothing. */
  private readonly stateHash = new StateHash();

  constructor(options: GameOptions = {}) {
    const seed = options.seed ?? 1;
    this.host = new FrameHost({ seed });
    this.budget = { maxSteps: options.maxStepsPerFrame ?? 4_000 }; // hoisted: advance() then allocates nothing
    const place = new Random(seed);
    const count = options.entities ?? 300;
    this.host.spawn(playerPath, this);
    this.host.spawn(sensor, this);
    for (let id = 1; id <= count; id++) {
      const e: Entity = {
        id,
        kind: place.next() < 0.3 ? "hunter" : "prey",
        x: 20 + place.next() * (WIDTH - 40),
        y: 20 + place.next() * (HEIGHT - 40),
        mode: "patrol",
        deathFrame: 0,
        near: false,
        events: channel<Sense>(1, { overflow: "drop-oldest", name: `senses#${id}` }),
        task: null,
        brain: null,
      };
      this.entities.set(id, e);
      e.task = this.host.spawn(named(`entity#${id}`, supervise), this, e); // one root task per entity: kill = cancel it
    }
  }

  /** The step budget of a frame (`lastSteps` of the host says how much of it the last frame used). */
  get stepBudget(): number {
    return this.budget.maxSteps;
  }

  // #region step
  /** Runs one frame of `dtMs`; gives the number of task steps it took. */
  step(dtMs: number): number {
    this.dt = dtMs;
    return this.host.advance(dtMs, this.budget);
  }

  /** Kills an entity: cancels its task, whose cleanup animates and removes it. False if unknown or dying. */
  kill(id: number): boolean {
    const e = this.entities.get(id);
    if (e === undefined || e.mode === "dying" || e.task === null) return false;
    e.task.cancel();
    return true;
  }

  /**
   * Makes an entity's brain throw where it waits (an interrupt it does not
   * catch): the demo's stand-in for a bug. False if the entity is unknown,
   * dying, or its brain has not started yet.
   */
  fault(id: number): boolean {
    const e = this.entities.get(id);
    if (e === undefined || e.mode === "dying" || e.brain === null || e.brain.isFinished) return false;
    e.brain.interrupt(new Error(`entity #${id}: a fault injected by the player`));
    return true;
  }
  // #endregion step

  // #region inputs
  /**
   * One frame of the loop, live or replayed: the inputs that arrived since
   * the last frame, in order, then `dtMs` of game time, unless paused (not
   * advancing is pausing: the tasks wait where they are, timers included).
   */
  tick(dtMs: number, inputs: readonly GameInput[]): void {
    for (const input of inputs) this.apply(input);
    this.advance(dtMs);
  }

  /** The frame's time: `step(dtMs)`, unless paused. */
  advance(dtMs: number): void {
    if (!this.paused) this.step(dtMs);
  }

  /** Applies one input. A click's target is found here, in the frame, so that a replay finds the same one. */
  apply(input: GameInput): void {
    if (input.type === "pause") this.paused = !this.paused;
    else if (input.type === "kill") this.kill(input.id);
    else if (input.type === "fault") this.fault(input.id);
    else {
      const target = this.entityAt(input.x, input.y);
      if (target !== undefined) this.kill(target.id);
    }
  }

  /** The world's state hash: the clock, the player, every entity's every field, in the map's (fixed) order. */
  hash(): StateHash {
    const h = this.stateHash.reset();
    h.integer(this.host.frame).number(this.host.now).number(this.dt).boolean(this.paused);
    h.integer(this.host.scheduler.liveTasks).integer(this.graveyard.length).integer(this.errors.length);
    h.number(this.player.x).number(this.player.y);
    for (const e of this.entities.values()) {
      h.integer(e.id).boolean(e.kind === "hunter").integer(MODES.indexOf(e.mode));
      h.number(e.x).number(e.y).integer(e.deathFrame).boolean(e.near);
    }
    return h;
  }
  // #endregion inputs

  /** @internal Called by an entity's cleanup. */
  remove(e: Entity, at: number): void {
    this.entities.delete(e.id);
    this.graveyard.push(`#${e.id} removed at t=${Math.round(at)}`);
  }

  /** @internal Called by an entity's supervisor when its brain failed: reports it, removes the entity. */
  failed(e: Entity, brainTask: Task<void>, error: unknown, at: number): void {
    this.errors.push({ id: e.id, kind: e.kind, frame: this.host.frame, at, task: brainTask.label, error });
    this.entities.delete(e.id);
  }

  distanceToPlayer(e: Entity): number {
    return len(e.x - this.player.x, e.y - this.player.y);
  }

  /** How many entities are in each mode. */
  counts(): Record<Mode, number> {
    const counts: Record<Mode, number> = { patrol: 0, wait: 0, chase: 0, flee: 0, dying: 0 };
    for (const e of this.entities.values()) counts[e.mode]++;
    return counts;
  }

  /** The entity nearest to (x, y) within `radius`, if any. */
  entityAt(x: number, y: number, radius = 12): Entity | undefined {
    let best: Entity | undefined;
    let bestD = radius;
    for (const e of this.entities.values()) {
      const d = len(e.x - x, e.y - y);
      if (d <= bestD && e.mode !== "dying") {
        best = e;
        bestD = d;
      }
    }
    return best;
  }
}

/** A failure's report, one line: `#9 (prey) failed at frame 614 in task#311 "brain": Error: …`. */
export function describeFailure(f: EntityFailure): string {
  // An interrupt nobody caught carries what was thrown into the task: that is the news.
  const error = isInterrupt(f.error) && f.error.cause !== undefined ? f.error.cause : f.error;
  const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return `#${f.id} (${f.kind}) failed at frame ${f.frame} in ${f.task}: ${what}`;
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

/** Math.hypot's last bit differs between JavaScript engines; a square root is exact everywhere. */
function len(dx: number, dy: number): number {
  return Math.sqrt(dx * dx + dy * dy);
}
