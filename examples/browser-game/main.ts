/// <reference lib="dom" />
/**
 * docs/game-loop.md: the page. requestAnimationFrame calls `game.step(dt)`
 * (a FrameHost's `advance` with a step budget) and draws the world on a
 * canvas. Pausing (the button, or the tab being hidden) simply stops calling
 * `advance`: the coroutines are frozen where they wait, timers included,
 * because their clock is the sum of the frames' dt. Clicking an entity kills
 * it: its task is cancelled, and its cleanup plays the death animation.
 *
 * The player's input (clicks, the pause button) is queued as data and
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
import { DEATH_FRAMES, Game, HEIGHT, NEAR, WIDTH, isGameInput } from "./game.js";
import type { Entity, GameInput, Mode } from "./game.js";
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

// #region loop
const pending: GameInput[] = []; // what the player did since the last frame, in order
const recording = new FrameRecording<GameInput>(); // the session: every frame's dt, inputs and hash
let hidden = document.hidden;
let last = performance.now();

/** One frame: the pending inputs, then dt of game time (none while paused), recorded. */
function runFrame(dt: number): void {
  game.tick(dt, pending);
  recording.record(dt, pending, game.hash());
  pending.length = 0;
  pauseButton.textContent = game.paused ? "Resume" : "Pause";
}

function frame(time: number): void {
  const dt = Math.min(time - last, MAX_DT);
  last = time;
  if (!hidden && !manual) runFrame(dt); // a hidden tab runs no frame: no time passes, nothing to record
  draw();
  requestAnimationFrame(frame);
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
  pending.push({ type: "click", x: event.clientX - box.left, y: event.clientY - box.top }); // the frame finds the entity there and kills it
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

  const c = game.counts();
  const hud =
    `frame ${game.host.frame} · t=${(game.host.now / 1000).toFixed(1)} s · ${game.host.lastSteps} task steps · ` +
    `${game.entities.size} entities: patrol ${c.patrol}, wait ${c.wait}, chase ${c.chase}, flee ${c.flee}, dying ${c.dying}`;
  ctx.font = "13px system-ui, sans-serif";
  ctx.fillStyle = "rgba(17, 20, 24, 0.8)";
  ctx.fillRect(8, 8, ctx.measureText(hud).width + 16, 24);
  ctx.fillStyle = "#d8dee6";
  ctx.fillText(hud, 16, 25);
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

// #region hook
/** The test hook: deterministic frames of a fixed dt, without requestAnimationFrame, and replays. */
const hook = {
  stepFrames(n: number): number {
    for (let i = 0; i < n; i++) runFrame(FIXED_DT);
    draw();
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
  graveyard: () => [...game.graveyard],
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
