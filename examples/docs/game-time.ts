/**
 * docs/game-loop.md: time scale, time groups, unscaled waits, fixed steps
 * and the frame's phases.
 */
import { FrameHost, endOfFrame, nextFixedStep, sleep, sleepUnscaled, waitWhile } from "spindle";
import type { Coroutine } from "spindle";

// #region groups
function runGroups(): void {
  const game = new FrameHost();
  const world = game.group("world"); // the level and everything in it
  const ui = game.group("ui"); // menus and HUD

  world.spawn(function* spawner(): Coroutine<void> {
    for (let wave = 1; ; wave++) {
      yield* sleep(100); // 100 ms of the world's time
      console.log(`t=${game.now}: wave ${wave} (world time ${world.now})`);
    }
  });
  ui.spawn(function* cursor(): Coroutine<void> {
    for (;;) {
      yield* sleep(150);
      console.log(`t=${game.now}: cursor blinks`);
    }
  });

  for (let frame = 1; frame <= 30; frame++) {
    if (frame === 13) {
      world.timeScale = 0; // the pause menu opens: the world stops, the UI goes on
      console.log(`t=${game.now}: paused`);
    }
    if (frame === 22) {
      world.timeScale = 1;
      console.log(`t=${game.now}: resumed`);
    }
    game.advance(20);
  }
}
// #endregion groups

// #region bullet-time
function runBulletTime(): void {
  const game = new FrameHost();
  game.spawn(function* bullet(): Coroutine<void> {
    yield* sleep(100);
    console.log(`bullet lands: game time ${game.now}, real time ${game.unscaledNow}`);
  });
  game.spawn(function* music(): Coroutine<void> {
    yield* sleepUnscaled(100); // Unity's WaitForSecondsRealtime: the time scale does not touch it
    console.log(`beat: game time ${game.now}, real time ${game.unscaledNow}`);
  });
  game.timeScale = 0.25; // bullet time: everything scaled runs at a quarter speed
  for (let frame = 0; frame < 25; frame++) game.advance(20);
  console.log(`last frame: deltaTime ${game.deltaTime}, unscaledDeltaTime ${game.unscaledDeltaTime}`);
}
// #endregion bullet-time

// #region fixed
function runFixed(): void {
  const game = new FrameHost({ fixedStep: 20 }); // physics at 50 Hz, whatever the frame rate
  const ball = { y: 0, vy: 0, prevY: 0 };
  game.spawn(function* physics(): Coroutine<void> {
    for (;;) {
      yield* nextFixedStep();
      ball.prevY = ball.y;
      ball.vy += 9.8 * 0.02;
      ball.y += ball.vy * 0.02;
    }
  });
  for (const dt of [16, 16, 33, 8, 50, 16]) {
    const before = game.fixedSteps;
    game.advance(dt);
    // Draw between the last two physics states, by how far the clock is past the last step.
    const drawnY = ball.prevY + (ball.y - ball.prevY) * game.fixedAlpha;
    console.log(`dt ${dt}: ${game.fixedSteps - before} fixed steps, alpha ${game.fixedAlpha.toFixed(2)}, drawn y ${drawnY.toFixed(4)}`);
  }
}
// #endregion fixed

// #region phases
function runPhases(): void {
  const game = new FrameHost();
  const door = { opening: true, openedAt: -1 };
  game.spawn(function* camera(): Coroutine<void> {
    for (let i = 0; i < 2; i++) {
      yield* endOfFrame(); // after every task due in the frame: what is drawn is final
      console.log(`frame ${game.frame} ends at t=${game.now}; door ${door.opening ? "opening" : "open"}`);
    }
  });
  game.spawn(function* mechanism(): Coroutine<void> {
    yield* sleep(20);
    door.opening = false;
  });
  game.spawn(function* guard(): Coroutine<void> {
    yield* waitWhile(() => door.opening); // Unity's WaitWhile: checked once per frame
    console.log(`frame ${game.frame}: the guard walks through`);
  });
  for (let frame = 0; frame < 3; frame++) game.advance(16);
}
// #endregion phases

export function main(): void {
  runGroups();
  runBulletTime();
  runFixed();
  runPhases();
}

main();
