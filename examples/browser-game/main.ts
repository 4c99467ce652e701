/// <reference lib="dom" />
/**
 * docs/game-loop.md: the page. requestAnimationFrame calls `game.step(dt)`
 * (a FrameHost's `advance` with a step budget) and draws the world on a
 * canvas. Pausing (the button, or the tab being hidden) simply stops calling
 * `advance`: the coroutines are frozen where they wait, timers included,
 * because their clock is the sum of the frames' dt.
 *
 * The panel beside the canvas shows the frame's cost (the time `tick` took,
 * averaged and maxed over the last 60 frames, and the steps it ran against
 * the step budget), an inspector (click an entity: its task as `dump()`
 * prints it, what it waits on, its parent), and the errors: an entity whose
 * coroutine throws is reported there (and with console.error) by its
 * supervisor and removed, while the world goes on. Shift+click, or the
 * inspector's Kill button, kills an entity: its task is cancelled, and its
 * cleanup plays the death animation. The Fault button makes its coroutine
 * throw. An error that escapes a frame anyway is caught by the loop,
 * reported, and the loop keeps animating.
 *
 * The player's input (kills, faults, the pause button) is queued as data and
 * applied at the start of the next frame (`game.tick`), and every frame is
 * recorded with its dt, its inputs and the world's hash: the session can be
 * replayed, to the bit, from `window.__game.recording()`.
 *
 * `?manual` turns the rAF stepping off; `window.__game` then steps frames
 * with a fixed dt (what test/browser/game.test.ts does), and replays
 * recordings in a fresh world. `?seed=N` and `?entities=N` change the world.
 */
import { FrameRecording, replayFrames } from "spindle";
import type { FrameRecordingJSON } from "spindle";
import { DEATH_FRAMES, Game, HEIGHT, NEAR, WIDTH, describeFailure, isGameInput } from "./game.js";
import type { Entity, GameInput, Mode } from "./game.js";
import { FrameTimes } from "./frame-times.js";
import { inspect } from "./inspect.js";
import { HashLog } from "./session.js";
import type { ReplaySummary } from "./session.js";

const FIXED_DT = 1000 / 60;
const MAX_DT = 50; // after a long frame (a GC pause, a breakpoint), never leap more than this

const params = new URLSearchParams(location.search);
const options = { seed: Number(params.get("seed") ?? 1), entities: Number(params.get("entities") ?? 300) };
const game = new Game(options);
const manual = params.has("manual");

const canvas = document.getElementById("world") as HTMLCanvasElement;
const ctx = canvas.getContext("2d") as CanvasRenderingContext2D;
const pauseButton = document.getElementById("pause") as HTMLButtonElement;
const killButton = document.getElementById("kill") as HTMLButtonElement;
const faultButton = document.getElementById("fault") as HTMLButtonElement;
const byId = (id: string): HTMLElement => document.getElementById(id) as HTMLElement;

// #region loop
const pending: GameInput[] = []; // what the player did since the last frame, in order
const recording = new FrameRecording<GameInput>(); // the session: every frame's dt, inputs and hash
const frameTimes = new FrameTimes(60); // what each frame's tick cost, for the HUD
let hidden = document.hidden;
let last = performance.now();

/** One frame: the pending inputs, then dt of game time (none while paused), recorded, whatever happens in it. */
function runFrame(dt: number): void {
  const start = performance.now();
  try {
    game.tick(dt, pending);
  } catch (error) {
    // A failure no supervisor handled: advance() throws it once the frame is complete, so the world is whole.
    reportLoopError(error);
  } finally {
    frameTimes.add(performance.now() - start);
    recording.record(dt, pending, game.hash());
    pending.length = 0;
  }
  reportNewFailures();
  pauseButton.textContent = game.paused ? "Resume" : "Pause";
}

function frame(time: number): void {
  requestAnimationFrame(frame); // first: whatever this frame throws, the next one comes
  const dt = Math.min(time - last, MAX_DT);
  last = time;
  if (!hidden && !manual) runFrame(dt); // a hidden tab runs no frame: no time passes, nothing to record
  render();
}
requestAnimationFrame((time) => {
  last = time;
  requestAnimationFrame(frame);
});

// Input is data, applied by the next frame: a replay applies it at the same point.
pauseButton.addEventListener("click", () => pending.push({ type: "pause" }));
document.addEventListener("visibilitychange", () => {
  hidden = document.hidden;
});

canvas.addEventListener("click", (event) => {
  const box = canvas.getBoundingClientRect();
  const x = event.clientX - box.left - canvas.clientLeft;
  const y = event.clientY - box.top - canvas.clientTop;
  if (event.shiftKey) pending.push({ type: "click", x, y }); // the kill gesture: the frame finds the entity there and kills it
  else select(game.entityAt(x, y)?.id ?? null); // only looks: not an input, not recorded
});
killButton.addEventListener("click", () => {
  if (selected !== null) pending.push({ type: "kill", id: selected });
});
faultButton.addEventListener("click", () => {
  if (selected !== null) pending.push({ type: "fault", id: selected }); // its coroutine throws, next frame
});
// #endregion loop

const COLORS: Record<Mode, string> = { patrol: "#4a90d9", wait: "#7d8794", chase: "#e2504a", flee: "#f2c94c", dying: "#b36bff" };

function draw(): void {
  ctx.fillStyle = "#181c22";
  ctx.fillRect(0, 0, WIDTH, HEIGHT);
  ctx.strokeStyle = "#20252d";
  ctx.lineWidth = 1;
  for (let x = 40; x < WIDTH; x += 40) line(x, 0, x, HEIGHT);
  for (let y = 40; y < HEIGHT; y += 40) line(0, y, WIDTH, y);

  const { x: px, y: py } = game.player;
  ctx.fillStyle = "rgba(226, 80, 74, 0.07)";
  ctx.beginPath();
  ctx.arc(px, py, NEAR, 0, Math.PI * 2);
  ctx.fill();

  for (const e of game.entities.values()) drawEntity(e);

  ctx.fillStyle = "#ffffff";
  ctx.beginPath();
  ctx.moveTo(px, py - 10);
  ctx.lineTo(px + 8, py);
  ctx.lineTo(px, py + 10);
  ctx.lineTo(px - 8, py);
  ctx.closePath();
  ctx.fill();

  const chosen = selected === null ? undefined : game.entities.get(selected);
  if (chosen !== undefined) {
    ctx.strokeStyle = "#ffffff";
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    ctx.arc(chosen.x, chosen.y, 11, 0, Math.PI * 2);
    ctx.stroke();
  }

  if (game.paused || hidden) {
    ctx.fillStyle = "rgba(17, 20, 24, 0.55)";
    ctx.fillRect(0, 0, WIDTH, HEIGHT);
    ctx.fillStyle = "#ffffff";
    ctx.font = "bold 28px system-ui, sans-serif";
    ctx.fillText("paused", WIDTH / 2 - 45, HEIGHT / 2);
  }
}

function drawEntity(e: Entity): void {
  const fade = e.mode === "dying" ? 1 - e.deathFrame / DEATH_FRAMES : 1;
  const r = e.mode === "dying" ? 5 + 10 * (e.deathFrame / DEATH_FRAMES) : 5;
  ctx.globalAlpha = Math.max(fade, 0.05);
  ctx.fillStyle = COLORS[e.mode];
  ctx.strokeStyle = COLORS[e.mode];
  ctx.beginPath();
  if (e.mode === "dying") {
    ctx.lineWidth = 2;
    ctx.arc(e.x, e.y, r, 0, Math.PI * 2);
    ctx.stroke();
  } else if (e.kind === "hunter") {
    ctx.moveTo(e.x, e.y - 6);
    ctx.lineTo(e.x + 5.5, e.y + 4.5);
    ctx.lineTo(e.x - 5.5, e.y + 4.5);
    ctx.closePath();
    ctx.fill();
  } else {
    ctx.arc(e.x, e.y, 4, 0, Math.PI * 2);
    ctx.fill();
  }
  ctx.globalAlpha = 1;
}

function line(x1: number, y1: number, x2: number, y2: number): void {
  ctx.beginPath();
  ctx.moveTo(x1, y1);
  ctx.lineTo(x2, y2);
  ctx.stroke();
}

// The panel: the HUD, the inspector, the errors. Written into the DOM, beside the canvas, never over it.

/** What the player is looking at: UI state only, so not recorded (selecting changes nothing in the world). */
let selected: number | null = null;

function select(id: number | null): void {
  selected = id;
  renderInspector();
}

/** The inspector reads scheduler.dump(), a walk of every task: a few times a second is enough to read it. */
const INSPECT_EVERY = 15;
let renders = 0;

function render(fresh = false): void {
  draw();
  renderHud();
  if (fresh || ++renders % INSPECT_EVERY === 0) renderInspector();
}

function renderHud(): void {
  const c = game.counts();
  const budget = game.stepBudget;
  byId("hud-frame").textContent = `${game.host.frame} · t=${(game.host.now / 1000).toFixed(1)} s${game.paused ? " · paused" : ""}`;
  byId("hud-time").textContent = `${frameTimes.average.toFixed(2)} ms avg, ${frameTimes.max.toFixed(2)} ms max (last ${frameTimes.length} frames)`;
  byId("hud-budget").textContent = `${game.host.lastSteps} / ${budget} steps (${((100 * game.host.lastSteps) / budget).toFixed(1)}%)`;
  byId("hud-entities").textContent = `${game.entities.size}: patrol ${c.patrol}, wait ${c.wait}, chase ${c.chase}, flee ${c.flee}, dying ${c.dying}`;
}

function renderInspector(): void {
  const seen = selected === null ? undefined : inspect(game, selected);
  byId("inspect-body").hidden = seen === undefined;
  const hint = byId("inspect-hint");
  if (seen === undefined) {
    const failure = game.errors.find((f) => f.id === selected);
    hint.textContent =
      selected === null ? "Click an entity to see its task; shift+click kills." : failure !== undefined ? `Removed after a fault: ${describeFailure(failure)}` : `#${selected} is gone.`;
    return;
  }
  hint.textContent = "Shift+click an entity to kill it at once.";
  byId("inspect-entity").textContent = `#${seen.id} ${seen.kind}, ${seen.mode}, at (${Math.round(seen.x)}, ${Math.round(seen.y)})`;
  byId("inspect-task").textContent = seen.task;
  byId("inspect-waits").textContent = seen.waitingOn;
  byId("inspect-parent").textContent = seen.parent;
  byId("inspect-tree").textContent = seen.tree.join("\n");
  killButton.disabled = faultButton.disabled = seen.mode === "dying";
}

/** Failures the supervisors reported since the last frame: on the page, and in the console. */
let failuresShown = 0;
function reportNewFailures(): void {
  const list = byId("errors");
  for (; failuresShown < game.errors.length; failuresShown++) {
    const failure = game.errors[failuresShown] as (typeof game.errors)[number];
    const item = document.createElement("li");
    item.textContent = describeFailure(failure);
    list.append(item);
    console.error(`spindle demo: ${describeFailure(failure)}`, failure.error);
  }
}

/** An error that escaped a frame: reported, and the loop goes on (the next frames run as usual). */
let loopErrors = 0;
function reportLoopError(error: unknown): void {
  loopErrors++;
  console.error(`spindle demo: an error escaped frame ${game.host.frame}; the loop goes on`, error);
  const line = byId("loop-error");
  line.hidden = false;
  const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  line.textContent = `An error escaped frame ${game.host.frame} (${loopErrors} so far), reported in the console; the loop goes on. ${what}`;
}

// #region hook
/** The test hook: deterministic frames of a fixed dt, without requestAnimationFrame, and replays. */
const hook = {
  stepFrames(n: number): number {
    for (let i = 0; i < n; i++) runFrame(FIXED_DT);
    render(true);
    return game.host.frame;
  },
  entities(): { id: number; kind: string; mode: Mode; x: number; y: number }[] {
    return [...game.entities.values()].map((e) => ({ id: e.id, kind: e.kind, mode: e.mode, x: e.x, y: e.y }));
  },
  counts: () => game.counts(),
  /** Kills an entity at the next frame, through the input path; false if it is unknown or already dying. */
  kill(id: number): boolean {
    const e = game.entities.get(id);
    if (e === undefined || e.mode === "dying") return false;
    pending.push({ type: "kill", id });
    return true;
  },
  /** Makes an entity's coroutine throw at the next frame, through the input path (the Fault button's input). */
  fault(id: number): void {
    pending.push({ type: "fault", id });
  },
  graveyard: () => [...game.graveyard],
  /** The failures the supervisors reported, as the error list shows them. */
  errors: () => game.errors.map(describeFailure),
  /** Errors that escaped a frame and were caught by the loop. */
  loopErrors: () => loopErrors,
  /** For testing the loop's guard: a task no supervisor watches fails in the next frame, so advance() throws. */
  failNextFrame(message: string): void {
    game.host.spawn(function* unexpected() {
      throw new Error(message);
    });
  },
  /** The HUD's numbers: frame time (ms) over the last frames, and the step budget used by the last frame. */
  hud: () => ({ average: frameTimes.average, max: frameTimes.max, frames: frameTimes.length, steps: game.host.lastSteps, budget: game.stepBudget }),
  lastSteps: () => game.host.lastSteps,
  frame: () => game.host.frame,
  /** This page's session so far, and the world's hash now (read together: no frame runs in between). */
  recording: () => ({ recording: recording.toJSON(), hash: game.hash().hex(), frames: recording.length }),
  /** Replays a recording into a fresh world, checking every frame's hash; summarizes the hashes. */
  replay(saved: FrameRecordingJSON<GameInput>, sampleFrames: number[]): ReplaySummary {
    const replayed = FrameRecording.fromJSON(saved, isGameInput);
    const world = new Game(options);
    const log = new HashLog(sampleFrames);
    replayFrames(replayed, {
      applyInput: (input) => world.apply(input),
      advance: (dt) => world.advance(dt),
      hash: (f) => {
        const h = world.hash();
        log.add(f, h);
        return h;
      },
    });
    return log.summary();
  },
};
(window as unknown as { __game: typeof hook }).__game = hook;
// #endregion hook
