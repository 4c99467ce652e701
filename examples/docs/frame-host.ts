/**
 * docs/hosts.md: driving tasks from a game loop with FrameHost.
 */
import { FrameHost, nextFrame, now, sleep, spawn, suspend, waitFrames, waitUntil, yieldNow } from "spindle";
import type { Coroutine } from "spindle";

// #region entities
interface Entity {
  name: string;
  x: number;
}

const game = new FrameHost();

function* say(message: string): Coroutine<void> {
  console.log(`frame ${game.frame}, t=${yield* now()}: ${message}`);
}

function* walk(e: Entity, speed: number): Coroutine<void> {
  for (;;) {
    e.x += speed;
    yield nextFrame(); // once per frame
  }
}

function* blink(e: Entity): Coroutine<void> {
  try {
    for (;;) {
      yield* waitFrames(2);
      yield* say(`${e.name} blinks`);
    }
  } finally {
    yield* say(`${e.name} stops blinking`);
  }
}

/** An entity's behaviours are children of one task: cancelling it stops them all. */
function* guard(e: Entity): Coroutine<void> {
  yield* spawn(walk, e, 10);
  yield* spawn(blink, e);
  yield* suspend(); // live until cancelled
}

function* door(guardEntity: Entity): Coroutine<void> {
  yield* waitUntil(() => guardEntity.x >= 30, "waitUntil(guard at the door)"); // checked once per frame
  yield* say("door opens");
  yield* sleep(20); // timers fire inside a frame, each at its exact deadline
  yield* say("door closes");
}
// #endregion entities

// #region loop
function runGame(): void {
  const g: Entity = { name: "guard", x: 0 };
  const guardTask = game.spawn(guard, g);
  game.spawn(door, g);
  for (let frame = 1; frame <= 8; frame++) {
    game.advance(16); // what a requestAnimationFrame callback would do, with the real dt
    if (frame === 6) guardTask.cancel(); // the guard dies: walk and blink stop with it
  }
  console.log(`guard stopped at x=${g.x}; guard task is ${guardTask.state}`);
}
// #endregion loop

// #region budget
function* chores(n: number): Coroutine<void> {
  for (let i = 0; i < n; i++) yield yieldNow();
}

function runBudget(): void {
  const host = new FrameHost({ maxStepsPerFrame: 4 }); // at most 4 task steps per frame
  for (let i = 0; i < 3; i++) host.spawn(chores, 3); // 3 tasks x 4 steps each = 12 steps
  const steps: number[] = [];
  for (let frame = 0; frame < 4; frame++) steps.push(host.advance(16));
  console.log(`steps per frame: ${steps.join(", ")}; live tasks: ${host.scheduler.liveTasks}`);
}
// #endregion budget

export function main(): void {
  runGame();
  runBudget();
}

main();
