/**
 * docs/game-loop.md: deterministic replays. A small world is played with
 * inputs and irregular dts, recorded with its state hash after every frame,
 * saved as JSON, and replayed into a fresh world, which matches at every
 * frame; a tampered recording is caught at the frame it changes.
 */
import { FrameHost, FrameRecording, ReplayDivergenceError, StateHash, Random, nextFrame, random, replayFrames } from "spindle";
import type { Coroutine } from "spindle";

// #region world
/** What the player does, as plain data: it can be recorded, saved and sent. */
type Input = { type: "push"; ball: number; dx: number } | { type: "add" };

interface Ball {
  x: number;
  vx: number;
}

/** Everything that changes lives here, and changes only in frames: built from a seed, fed inputs and dts. */
class World {
  readonly host = new FrameHost({ seed: 42 }); // random() draws from the host's seeded generator
  readonly balls: Ball[] = [];
  private readonly h = new StateHash(); // reused: hashing a frame allocates nothing

  apply(input: Input): void {
    if (input.type === "add") {
      const ball = { x: 0, vx: 0 };
      this.balls.push(ball);
      this.host.spawn(roll, this, ball);
    } else {
      const ball = this.balls[input.ball % this.balls.length];
      if (ball !== undefined) ball.vx += input.dx;
    }
  }

  advance(dt: number): void {
    this.host.advance(dt);
  }

  /** Every field that matters, in a fixed order. */
  hash(): StateHash {
    const h = this.h.reset().integer(this.host.frame).number(this.host.now);
    for (const b of this.balls) h.number(b.x).number(b.vx);
    return h;
  }
}

function* roll(world: World, ball: Ball): Coroutine<void> {
  for (;;) {
    ball.x += (ball.vx * world.host.deltaTime) / 1000;
    if ((yield* random()) < 0.05) ball.vx = -ball.vx; // a random bounce, from the seed
    yield nextFrame();
  }
}
// #endregion world

// #region record
function play(frames: number): FrameRecording<Input> {
  const world = new World();
  const recording = new FrameRecording<Input>();
  const player = new Random(7); // stands for a person at the keyboard
  const pending: Input[] = []; // event handlers push here between frames
  for (let frame = 0; frame < frames; frame++) {
    if (frame === 0 || player.next() < 0.05) pending.push({ type: "add" });
    if (player.next() < 0.2) pending.push({ type: "push", ball: player.below(8), dx: player.next() * 20 - 10 });
    const dt = 8 + player.next() * 25; // requestAnimationFrame's dts are irregular
    for (const input of pending) world.apply(input);
    world.advance(dt);
    recording.record(dt, pending, world.hash()); // copies the inputs, keeps the hash's digest
    pending.length = 0;
  }
  console.log(`played ${recording.length} frames with ${recording.inputCount} inputs; last hash ${recording.hashAt(recording.length - 1)}`);
  return recording;
}
// #endregion record

// #region replay
function replay(saved: string): void {
  const recording = FrameRecording.fromJSON<Input>(saved); // checks the format and its version
  const world = new World(); // built exactly as the recorded one was
  const frames = replayFrames(recording, {
    applyInput: (input) => world.apply(input),
    advance: (dt) => world.advance(dt),
    hash: () => world.hash(), // compared with the recorded hash after every frame
  });
  console.log(`replayed ${frames} frames, every hash equal; last hash ${world.hash().hex()}`);
}

function replayTampered(saved: string): void {
  const json = JSON.parse(saved) as { dt: number[] };
  json.dt[100] = (json.dt[100] as number) + 0.001; // one frame a microsecond longer
  try {
    replay(JSON.stringify(json));
  } catch (e) {
    if (!(e instanceof ReplayDivergenceError)) throw e;
    console.log(`diverged at frame ${e.frame}: recorded ${e.expected}, replayed ${e.actual}`);
  }
}
// #endregion replay

export function main(): void {
  const saved = JSON.stringify(play(300)); // a replay file
  replay(saved);
  replayTampered(saved);
}

main();
