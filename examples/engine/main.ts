/// <reference lib="dom" />
/**
 * examples/engine/: the page. Phaser 3 (its Canvas renderer) owns the loop,
 * the input and the drawing; spindle's FrameHost owns the game's time. Each
 * Phaser frame, the scene's update(time, delta) calls the host's advance
 * with Phaser's delta, then copies the world's state onto Phaser's game
 * objects. The P key (through Phaser's keyboard plugin) pauses the world
 * group; the UI group goes on.
 *
 * `?manual` stops Phaser's requestAnimationFrame loop after its first frame;
 * `window.__engine.step(n)` then runs n whole Phaser frames (input, update,
 * render) with a fixed delta, which is what test/browser/engine.test.ts does.
 */
import Phaser from "phaser";
import { BALL_RADIUS, COLORS, EngineWorld, FLOOR, HEIGHT, WIDTH } from "./world.js";
import type { WorldState } from "./world.js";

const FIXED_DT = 1000 / 60;
const MAX_DT = 50; // after a long stall (a GC pause, a hidden tab), never leap more than this

const manual = new URLSearchParams(location.search).has("manual");

class Playfield extends Phaser.Scene {
  readonly model = new EngineWorld();
  /** False in manual mode except while the hook runs a frame: only those frames advance the host. */
  driving = !manual;
  private coins: Phaser.GameObjects.Arc[] = [];
  private enemies: Phaser.GameObjects.Rectangle[] = [];
  private eyes: Phaser.GameObjects.Rectangle[] = [];
  private ball!: Phaser.GameObjects.Arc;
  private hudText!: Phaser.GameObjects.Text;
  private pausedText!: Phaser.GameObjects.Text;
  private spinner!: Phaser.GameObjects.Rectangle;

  constructor() {
    super("playfield");
  }

  create(): void {
    const g = this.model;
    this.add.rectangle(WIDTH / 2, (FLOOR + HEIGHT) / 2, WIDTH, HEIGHT - FLOOR, COLORS.ground);
    this.add.rectangle(225, 270, 300, 14, COLORS.ledge);
    this.add.rectangle(575, 270, 300, 14, COLORS.ledge);
    this.coins = g.coins.map((c) => this.add.circle(c.x, c.baseY, 11, COLORS.coin).setStrokeStyle(3, 0xb8860b));
    for (const e of g.enemies) {
      this.enemies.push(this.add.rectangle(e.x, e.y, 36, 26, COLORS.enemy));
      this.eyes.push(this.add.rectangle(e.x, e.y - 4, 6, 6, 0xffffff));
    }
    this.ball = this.add.circle(g.ball.x, g.ball.y, BALL_RADIUS, COLORS.ball).setDepth(1); // above the labels
    this.hudText = this.add.text(12, 10, "", { fontFamily: "monospace", fontSize: "14px", color: "#d8dee6" });
    this.add.text(12, HEIGHT - 26, "P: pause the world (the UI goes on)", { fontFamily: "monospace", fontSize: "13px", color: "#8b95a5" });
    this.spinner = this.add.rectangle(WIDTH - 28, 22, 22, 5, COLORS.ui);
    this.pausedText = this.add.text(WIDTH / 2, 190, "PAUSED", { fontFamily: "sans-serif", fontSize: "40px", fontStyle: "bold", color: "#ffffff" }).setOrigin(0.5);
    this.pausedText.setVisible(false);
    // #region input
    this.input.keyboard?.on("keydown-P", () => g.togglePause());
    // #endregion input
    this.sync();
  }

  // #region update
  /** Phaser's per-frame hook: spindle's frame, then the drawing state. */
  override update(_time: number, delta: number): void {
    if (this.driving) this.model.advance(Math.min(delta, MAX_DT)); // Phaser's dt, clamped
    this.sync();
  }
  // #endregion update

  /** Copies the world onto Phaser's game objects. */
  private sync(): void {
    const g = this.model;
    g.coins.forEach((c, i) => this.coins[i]?.setPosition(c.x, c.baseY + c.bob).setScale(c.scale));
    g.enemies.forEach((e, i) => {
      this.enemies[i]?.setPosition(e.x, e.y);
      this.eyes[i]?.setPosition(e.x + e.facing * 9, e.y - 4);
    });
    const ball = g.ballView(); // interpolated between the last two fixed steps
    this.ball.setPosition(ball.x, ball.y);
    this.spinner.setAngle(g.hud.spinner);
    this.pausedText.setVisible(g.hud.pausedVisible);
    const h = g.host;
    this.hudText.setText(
      `frame ${h.frame}   world ${(g.world.now / 1000).toFixed(2)} s   ui ${(g.ui.now / 1000).toFixed(2)} s\n` +
        `physics steps ${g.physicsSteps} (host grid ${h.fixedSteps})   bounces ${g.ball.bounces}${g.paused ? "   [world paused]" : ""}`,
    );
  }
}

const scene = new Playfield();
const game = new Phaser.Game({
  type: Phaser.CANVAS, // no GPU needed: headless Chromium draws it too
  parent: "game",
  width: WIDTH,
  height: HEIGHT,
  backgroundColor: COLORS.sky,
  banner: false,
  audio: { noAudio: true },
  input: { keyboard: true, mouse: false, touch: false, gamepad: false },
  scene: [scene],
});

// In manual mode Phaser's own loop stops after its first frame: frames come from the hook only.
if (manual) game.events.once(Phaser.Core.Events.POST_STEP, () => game.loop.sleep());

// #region hook
/** The test hook: whole Phaser frames (input, update, render) with a fixed delta. */
let time = 0;
const hook = {
  manual,
  ready: () => (scene.sys as Phaser.Scenes.Systems | undefined)?.settings.status === Phaser.Scenes.RUNNING,
  step(n: number): number {
    for (let i = 0; i < n; i++) {
      time += FIXED_DT;
      scene.driving = true;
      try {
        game.step(time, FIXED_DT);
      } finally {
        scene.driving = !manual;
      }
    }
    return scene.model.host.frame;
  },
  state: (): WorldState => scene.model.snapshot(),
};
(window as unknown as { __engine: typeof hook }).__engine = hook;
// #endregion hook
