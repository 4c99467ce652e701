/**
 * docs/rosetta.md, Unity coroutines: one entity's coroutines on a FrameHost,
 * stopped from the game loop the way StopCoroutine would be, except that its
 * cleanup runs.
 */
import { FrameHost, nextFrame, now, sleep, spawn, waitFrames, waitUntil } from "spindle";
import type { Coroutine } from "spindle";

// #region unity
const game = new FrameHost();
const door = { open: false };

function* say(message: string): Coroutine<void> {
  console.log(`frame ${game.frame}, t=${yield* now()} ms: ${message}`);
}

// `yield return null` is `yield nextFrame()`.
function* fadeIn(sprite: { alpha: number }): Coroutine<void> {
  while (sprite.alpha < 1) {
    sprite.alpha += 0.5;
    yield nextFrame();
  }
  yield* say("faded in");
}

function* blink(): Coroutine<void> {
  for (;;) {
    yield* waitFrames(3); // three `yield return null` in a row
    yield* say("blink");
  }
}

function* guard(sprite: { alpha: number }): Coroutine<void> {
  try {
    yield* fadeIn(sprite); // `yield return StartCoroutine(FadeIn())`: runs it to its end
    yield* waitUntil(() => door.open, "waitUntil(door open)"); // `new WaitUntil(() => door.open)`
    yield* say("the door is open");
    yield* spawn(blink); // `StartCoroutine(Blink())`, but a child: it stops when the guard does
    for (;;) {
      yield sleep(50); // `new WaitForSeconds(0.05f)`: milliseconds, at the exact deadline
      yield* say("patrol step");
    }
  } finally {
    // StopCoroutine would skip this block; cancel() runs it, and it may wait frames.
    yield* say("guard stopped: playing the death animation");
    yield* waitFrames(2);
    yield* say("guard removed");
  }
}
// #endregion unity

// #region loop
export function main(): void {
  const task = game.spawn(guard, { alpha: 0 }); // `StartCoroutine(Guard())`: it runs from the next frame
  for (let frame = 1; frame <= 12; frame++) {
    if (frame === 4) door.open = true;
    game.advance(20); // one frame of 20 ms
    if (frame === 9) task.cancel(); // `StopCoroutine(guard)`, except that its finally runs, from the next frame
  }
  console.log(`guard: ${task.state}, live tasks: ${game.scheduler.liveTasks}`);
}
// #endregion loop

main();
