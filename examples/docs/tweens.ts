/**
 * docs/game-loop.md: tweens, their easing, sequences, parallels and
 * cancellation; and entities that own their coroutines.
 */
import { FrameHost, all, easeInOutQuad, easeOutBack, easeOutCubic, nextFrame, race, sleep, tween } from "spindle";
import type { Coroutine, TimeGroup } from "spindle";

// #region tweens
interface Sprite {
  x: number;
  alpha: number;
  scale: number;
}

function* appear(sprite: Sprite): Coroutine<void> {
  // A sequence is plain sequencing; each tween starts where the last ended, to the millisecond.
  yield* tween({ from: 0, to: 1, duration: 100, ease: easeOutCubic, apply: (a) => (sprite.alpha = a) });
  // A parallel is all().
  yield* all([
    tween({ from: sprite.x, to: 200, duration: 200, ease: easeInOutQuad, apply: (x) => (sprite.x = x) }),
    tween({ from: 1, to: 1.5, duration: 200, ease: easeOutBack, apply: (s) => (sprite.scale = s) }),
  ]);
}

function runTweens(): void {
  const game = new FrameHost();
  const sprite: Sprite = { x: 0, alpha: 0, scale: 1 };
  const task = game.spawn(appear, sprite);
  for (let frame = 1; frame <= 20 && !task.isFinished; frame++) {
    game.advance(25);
    console.log(`t=${game.now}: x ${sprite.x.toFixed(1)}, alpha ${sprite.alpha.toFixed(3)}, scale ${sprite.scale.toFixed(3)}`);
  }
}
// #endregion tweens

// #region cancel
function runCancel(): void {
  const game = new FrameHost();
  const bar = { stay: 0, end: 0 };
  game.spawn(function* (): Coroutine<void> {
    // The race's loser is cancelled: "stay" leaves its value where it was, "end" sets the end value.
    yield* race([
      all([
        tween({ to: 100, duration: 1000, apply: (v) => (bar.stay = v) }),
        tween({ to: 100, duration: 1000, apply: (v) => (bar.end = v), onCancel: "end" }),
      ]),
      sleep(250),
    ]);
  });
  for (let frame = 0; frame < 12; frame++) game.advance(25);
  console.log(`after a skip at 250 ms: stay ${bar.stay}, end ${bar.end}`);
}
// #endregion cancel

// #region entities
/** An entity owns its coroutines through its group: destroying it ends them all, cleanup included. */
class Enemy {
  readonly tasks: TimeGroup;
  x = 0;
  constructor(
    readonly name: string,
    level: TimeGroup,
  ) {
    this.tasks = level.group(name);
    this.tasks.spawn(patrol, this);
    this.tasks.spawn(blink, this);
  }
  destroy(): void {
    this.tasks.destroy(); // Unity's StopAllCoroutines, and the entity is gone
  }
}

function* patrol(e: Enemy): Coroutine<void> {
  try {
    for (;;) {
      yield* tween({ from: e.x, to: e.x === 0 ? 50 : 0, duration: 100, ease: easeInOutQuad, apply: (x) => (e.x = x) });
      yield* sleep(50);
    }
  } finally {
    console.log(`${e.name}: patrol ends at x=${e.x.toFixed(1)}`);
  }
}

function* blink(e: Enemy): Coroutine<void> {
  try {
    for (;;) yield nextFrame();
  } finally {
    console.log(`${e.name}: blink ends`);
  }
}

function runEntities(): void {
  const game = new FrameHost();
  const level = game.group("level");
  const a = new Enemy("enemy-1", level);
  new Enemy("enemy-2", level);
  for (let frame = 0; frame < 3; frame++) game.advance(20);
  a.destroy();
  game.advance(20);
  console.log(`enemy-1 destroyed: ${a.tasks.destroyed}; tasks alive: ${game.scheduler.liveTasks}`);
  level.destroy(); // the level ends: so does every entity in it
  game.advance(20);
  console.log(`tasks alive: ${game.scheduler.liveTasks}`);
}
// #endregion entities

export function main(): void {
  runTweens();
  runCancel();
  runEntities();
}

main();
