/**
 * The Phaser example (examples/engine/): spindle's FrameHost driven by a
 * real engine's loop. In Node, the world's logic alone: what the P key does
 * to the world and UI groups. In headless Chromium: the bundle (esbuild,
 * Phaser's Canvas renderer) served from 127.0.0.1; whole Phaser frames
 * stepped through the page's hook with a fixed delta, the real P key pressed
 * through Phaser's keyboard plugin, the state read through the page and
 * compared with the same world stepped here, the canvas's pixels checked
 * where the entities are, and one run on Phaser's own requestAnimationFrame
 * loop, checked by polling for conditions (never by timing).
 *
 * The screenshot for the docs (docs/images/engine-example.png) is written
 * when absent, or when UPDATE_SCREENSHOTS=1.
 *
 * Without Chromium (CHROMIUM_PATH, default /usr/bin/chromium) the browser
 * part is skipped, except on CI (CI set), where it fails and says how to
 * install it.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { BLINK_MS, COLORS, EngineWorld, FIXED_STEP } from "../../examples/engine/world.js";
import type { WorldState } from "../../examples/engine/world.js";
import { openManualPage } from "./serve.js";
import { CHROMIUM } from "../../scripts/chromium.js";

const ROOT = join(__dirname, "..", "..");
const SCREENSHOT = join(ROOT, "docs", "images", "engine-example.png");
const UPDATE_SCREENSHOTS = process.env["UPDATE_SCREENSHOTS"] === "1";
const FIXED_DT = 1000 / 60;

interface Hook {
  manual: boolean;
  ready(): boolean;
  step(n: number): number;
  state(): WorldState;
}
declare const window: { __engine?: Hook };
declare const document: { querySelector(selector: string): { getContext(kind: "2d"): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } | null } | null };

/** The world's moving parts: what must not change while it is paused. */
function worldPart(s: WorldState): Pick<WorldState, "worldTime" | "physicsSteps" | "coins" | "enemies" | "ball"> {
  return { worldTime: s.worldTime, physicsSteps: s.physicsSteps, coins: s.coins, enemies: s.enemies, ball: s.ball };
}

/** Frames of the same world in Node; `pauseBefore` lists the frames before which P is pressed. */
function nodeWorld(frames: number, pauseBefore: number[] = []): EngineWorld {
  const w = new EngineWorld();
  for (let f = 1; f <= frames; f++) {
    if (pauseBefore.includes(f)) w.togglePause();
    w.advance(FIXED_DT);
  }
  return w;
}

describe("the engine example's world, in Node", () => {
  it("coins pop in one after another, then bob; enemies patrol; the ball bounces under fixed-step physics", () => {
    const w = new EngineWorld();
    w.advance(FIXED_DT);
    expect(w.coins[0]?.scale).toBeGreaterThan(0); // the first pops in at once, growing at each frame's end
    expect(w.coins[0]?.scale).toBeLessThan(1);
    expect(w.coins.slice(1).map((c) => c.scale)).toEqual([0, 0, 0, 0, 0, 0]); // the others wait their turn (180 ms apart)
    for (let i = 0; i < 59; i++) w.advance(FIXED_DT); // 1 s
    const scales = w.coins.map((c) => c.scale);
    expect(scales[0]).toBe(1); // popped in (450 ms from t=0)
    expect(scales[6]).toBe(0); // its turn comes at 1080 ms
    for (let i = 0; i < 60; i++) w.advance(FIXED_DT); // 2 s
    expect(w.coins.every((c) => c.scale === 1)).toBe(true);
    expect(new Set(w.coins.map((c) => c.bob)).size).toBeGreaterThan(1); // bobbing, each at its own phase
    expect(w.enemies.map((e) => e.x)).not.toEqual([90, 440, 200]);
    expect(w.ball.bounces).toBeGreaterThan(0);
    // 50 fixed steps a second, however the frames cut the time: 2 s of 60 fps frames hold 100 (or 99, the frames' sum rounding just short)
    expect(w.physicsSteps).toBe(w.host.fixedSteps);
    expect(Math.abs(w.physicsSteps - 2000 / FIXED_STEP)).toBeLessThanOrEqual(1);
  });

  it("P scales the world group to 0: its tweens, sleeps and physics stop; the UI group's spinner and blink go on; P again resumes", () => {
    const w = nodeWorld(120);
    expect(w.togglePause()).toBe(true);
    w.advance(FIXED_DT);
    w.advance(FIXED_DT); // the ball settles within one fixed step (drawn where it was)
    const before = w.snapshot();
    for (let i = 0; i < 90; i++) w.advance(FIXED_DT);
    const after = w.snapshot();
    expect(worldPart(after)).toEqual(worldPart(before));
    expect(after.uiTime - before.uiTime).toBeCloseTo(1500, 6);
    expect(after.hud.spinner).not.toBe(before.hud.spinner);
    expect(after.hud.blinks - before.hud.blinks).toBe(Math.floor((92 * FIXED_DT) / BLINK_MS) - Math.floor((2 * FIXED_DT) / BLINK_MS));
    expect(after.hostFixedSteps).toBeGreaterThan(before.hostFixedSteps + 70); // the host's grid goes on; the world skips it

    expect(w.togglePause()).toBe(false);
    w.advance(FIXED_DT);
    expect(w.hud.pausedVisible).toBe(false); // the blink's finally hid the label
    for (let i = 0; i < 29; i++) w.advance(FIXED_DT);
    const resumed = w.snapshot();
    expect(resumed.worldTime - after.worldTime).toBeCloseTo(500, 6);
    expect(resumed.physicsSteps - after.physicsSteps).toBeGreaterThanOrEqual(24);
    expect(resumed.enemies).not.toEqual(after.enemies);
    expect(resumed.ball).not.toEqual(after.ball);
  });
});

const haveChromium = existsSync(CHROMIUM);
const inBrowser = haveChromium || process.env["CI"] ? describe : describe.skip;
const title = haveChromium || process.env["CI"] ? "the engine example (Phaser 3) in headless Chromium" : `the engine example in headless Chromium: skipped, no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`;

inBrowser(title, () => {
  let browser: Browser;
  let server: Server;
  let out = "";
  let base = "";
  let page: Page;
  const pageErrors: string[] = [];

  const state = (): Promise<WorldState> => page.evaluate(() => (window.__engine as Hook).state());
  const step = (n: number): Promise<number> => page.evaluate((k) => (window.__engine as Hook).step(k), n);
  /** The canvas's RGB at (x, y), as 0xRRGGBB. */
  const pixel = (x: number, y: number): Promise<number> =>
    page.evaluate(
      ([px, py]) => {
        const d = document.querySelector("#game canvas")?.getContext("2d")?.getImageData(px, py, 1, 1).data;
        if (d === undefined) throw new Error("no 2d canvas");
        return ((d[0] as number) << 16) | ((d[1] as number) << 8) | (d[2] as number);
      },
      [Math.round(x), Math.round(y)] as const,
    );

  beforeAll(async () => {
    if (!haveChromium) throw new Error(`no Chromium at ${CHROMIUM}: on CI the browser tests must run; apt-get install chromium (or set CHROMIUM_PATH)`);
    out = mkdtempSync(join(tmpdir(), "spindle-engine-"));
    execFileSync(process.execPath, [join(ROOT, "examples", "engine", "build.mjs"), out], { stdio: "pipe" });
    ({ server, base, browser, page } = await openManualPage(out, { width: 860, height: 600 }, pageErrors));
    await page.waitForFunction(() => window.__engine?.ready() === true, undefined, { timeout: 60_000 });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    if (out !== "") rmSync(out, { recursive: true, force: true });
  });

  it("Phaser's update drives the host: after 120 frames the page's world is, to the bit, the one Node computes", async () => {
    const start = await state();
    // Phaser ran at most a frame or two of its own loop before sleeping it; in manual mode those do not advance the host.
    expect(start.frame).toBe(0);
    expect(await step(120)).toBe(120);
    const there = await state();
    expect(there).toEqual(nodeWorld(120).snapshot());
    expect(there.coins.every((c) => c.scale === 1)).toBe(true);
    expect(there.physicsSteps).toBeGreaterThanOrEqual(99);
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it("draws the world: the ball, an enemy and a coin are on the canvas where the state says", async () => {
    const s = await state();
    expect(await pixel(s.ball.x, s.ball.y)).toBe(COLORS.ball);
    const enemy = s.enemies[0] as WorldState["enemies"][number];
    expect(await pixel(enemy.x - enemy.facing * 10, enemy.y + 6)).toBe(COLORS.enemy); // away from its eye
    const coin = s.coins[3] as WorldState["coins"][number];
    expect(await pixel(coin.x, coin.y)).toBe(COLORS.coin);
    expect(await pixel(790, 60)).toBe(COLORS.sky);
  }, 60_000);

  it("P (a real key press, through Phaser's keyboard) pauses the world group; the UI group goes on", async () => {
    await page.keyboard.press("p");
    await step(1); // Phaser handles the key at the start of its next frame, before update
    expect((await state()).paused).toBe(true);
    await step(1); // the ball settles within one fixed step
    const before = await state();
    await step(90); // 1.5 s
    const after = await state();
    expect(worldPart(after)).toEqual(worldPart(before));
    expect(after.uiTime - before.uiTime).toBeCloseTo(1500, 6);
    expect(after.hud.blinks).toBeGreaterThanOrEqual(before.hud.blinks + 3); // "PAUSED" blinks every 400 ms of unscaled time
    expect(after.hud.spinner).not.toBe(before.hud.spinner);
    expect(after.hostFixedSteps).toBeGreaterThan(before.hostFixedSteps + 70);
    // the same key, at the same frame, in Node
    expect(after).toEqual(nodeWorld(after.frame, [121]).snapshot());
    // frozen on the canvas too: the ball is drawn where it stopped
    expect(await pixel(after.ball.x, after.ball.y)).toBe(COLORS.ball);
  }, 60_000);

  it("a screenshot of the paused world, with the PAUSED label showing", async () => {
    for (let i = 0; i < 60 && !(await state()).hud.pausedVisible; i++) await step(1);
    expect((await state()).hud.pausedVisible).toBe(true);
    const png = await page.locator("#game").screenshot();
    expect(png.subarray(1, 4).toString()).toBe("PNG");
    expect(png.length).toBeGreaterThan(10_000); // a drawn scene, not a blank canvas
    if (UPDATE_SCREENSHOTS || !existsSync(SCREENSHOT)) {
      mkdirSync(join(ROOT, "docs", "images"), { recursive: true });
      writeFileSync(SCREENSHOT, png);
    }
  }, 60_000);

  it("P again resumes: the world moves on from where it stopped, the label hides", async () => {
    const paused = await state();
    await page.keyboard.press("p");
    await step(1);
    const resumedAt = await state();
    expect(resumedAt.paused).toBe(false);
    expect(resumedAt.hud.pausedVisible).toBe(false);
    await step(30);
    const later = await state();
    expect(later.worldTime - paused.worldTime).toBeCloseTo(31 * FIXED_DT, 6);
    expect(later.physicsSteps - paused.physicsSteps).toBeGreaterThanOrEqual(24);
    expect(later.enemies).not.toEqual(paused.enemies);
    expect(later.ball).not.toEqual(paused.ball);
    expect(later).toEqual(nodeWorld(later.frame, [121, resumedAt.frame]).snapshot());
    expect(await pixel(later.ball.x, later.ball.y)).toBe(COLORS.ball);
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it("on Phaser's own requestAnimationFrame loop, P pauses and resumes the world (checked by polling, not timing)", async () => {
    const live = await browser.newPage({ viewport: { width: 860, height: 600 } });
    const errors: string[] = [];
    live.on("pageerror", (e) => errors.push(String(e)));
    const liveState = (): Promise<WorldState> => live.evaluate(() => (window.__engine as Hook).state());
    const poll = { timeout: 60_000 };
    try {
      await live.goto(`${base}/index.html`);
      await live.waitForFunction(() => (window.__engine?.state().physicsSteps ?? 0) > 20, undefined, poll);
      await live.keyboard.press("p");
      await live.waitForFunction(() => (window.__engine as Hook).state().paused, undefined, poll);
      // The ball settles at the first fixed step of the pause: wait for two steps of the host's grid, which goes on.
      await live.waitForFunction((n) => (window.__engine as Hook).state().hostFixedSteps >= n + 2, (await liveState()).hostFixedSteps, poll);
      const before = await liveState();
      await live.waitForFunction((b) => (window.__engine as Hook).state().hud.blinks >= b + 2, before.hud.blinks, poll);
      const after = await liveState();
      expect(after.frame).toBeGreaterThan(before.frame);
      expect(after.uiTime).toBeGreaterThan(before.uiTime);
      expect(worldPart(after)).toEqual(worldPart(before));

      await live.keyboard.press("p");
      await live.waitForFunction((n) => (window.__engine as Hook).state().physicsSteps > n + 10, after.physicsSteps, poll);
      const resumed = await liveState();
      expect(resumed.paused).toBe(false);
      expect(resumed.worldTime).toBeGreaterThan(after.worldTime);
      expect(errors).toEqual([]);
    } finally {
      await live.close();
    }
  }, 180_000);
});
