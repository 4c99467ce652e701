/**
 * The browser game (examples/browser-game/) in headless Chromium: built with
 * esbuild, served from 127.0.0.1, driven through its test hook
 * (window.__game) with a fixed dt, and compared frame for frame with the same
 * game logic stepped here in Node. Also: a shift+click kills an entity, the
 * pause button and a hidden tab stop the coroutines, and a screenshot for the
 * docs (docs/images/browser-game.png). Replays: a 10,000-frame session
 * recorded in Node replays in the page with the same hash at every frame,
 * and sessions recorded by the page (a real one, with requestAnimationFrame's
 * dts and mouse shift+clicks) replay in Node. The panel (HUD, inspector,
 * errors) is tested in game-hud.test.ts.
 *
 * Without /usr/bin/chromium the suite is skipped, except on CI (CI set),
 * where it fails and says how to install it.
 */
import { existsSync, mkdirSync } from "node:fs";
import type { Server } from "node:http";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { FrameRecording, replayFrames } from "spindle";
import type { FrameRecordingJSON } from "spindle";
import { DEATH_FRAMES, Game, isGameInput } from "../../examples/browser-game/game.js";
import type { GameInput, Mode } from "../../examples/browser-game/game.js";
import { HashLog, freshGame, playSession } from "../../examples/browser-game/session.js";
import type { ReplaySummary } from "../../examples/browser-game/session.js";

import { closePage, openGamePage } from "./serve.js";
import { CHROMIUM } from "../../scripts/chromium.js";
const ROOT = join(__dirname, "..", "..");
const SCREENSHOT = join(ROOT, "docs", "images", "browser-game.png");
const FIXED_DT = 1000 / 60;
const maybe = existsSync(CHROMIUM) || process.env["CI"] ? describe : describe.skip;

interface Hook {
  stepFrames(n: number): number;
  entities(): { id: number; kind: string; mode: Mode; x: number; y: number }[];
  counts(): Record<Mode, number>;
  kill(id: number): boolean;
  graveyard(): string[];
  lastSteps(): number;
  frame(): number;
  recording(): { recording: FrameRecordingJSON<GameInput>; hash: string; frames: number };
  replay(saved: FrameRecordingJSON<GameInput>, sampleFrames: number[]): ReplaySummary;
}
declare const window: { __game: Hook };

/** Replays a session the page recorded into a fresh world here, checking every frame's hash; gives the last hash. */
function replayHere(saved: FrameRecordingJSON<GameInput>): { frames: number; hash: string } {
  const recording = FrameRecording.fromJSON(saved, isGameInput);
  expect(recording.hasHashes).toBe(true);
  const world = freshGame();
  const frames = replayFrames(recording, { applyInput: (input) => world.apply(input), advance: (dt) => world.advance(dt), hash: () => world.hash() });
  return { frames, hash: world.hash().hex() };
}

/** The same game, stepped in Node. */
function nodeGame(frames: number): Game {
  const game = new Game({ seed: 1 });
  for (let i = 0; i < frames; i++) game.step(FIXED_DT);
  return game;
}

maybe("the browser game in headless Chromium", () => {
  let browser: Browser;
  let server: Server;
  let base = "";
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    ({ server, base, browser, page } = await openGamePage(pageErrors));
  }, 30_000);

  afterAll(async () => {
    await closePage({ server, browser });
  });

  it("starts with 300 entities, each on patrol", async () => {
    const entities = await page.evaluate(() => window.__game.entities());
    expect(entities).toHaveLength(300);
    expect(new Set(entities.map((e) => e.mode))).toEqual(new Set(["patrol"]));
    const hunters = entities.filter((e) => e.kind === "hunter").length;
    expect(hunters).toBe([...nodeGame(0).entities.values()].filter((e) => e.kind === "hunter").length);
    expect(hunters).toBe(90); // about 30%, from the seed
  });

  it("after 600 frames (10 s of game time) the world is exactly what Node computes for the same seed", async () => {
    const frame = await page.evaluate(() => window.__game.stepFrames(600));
    expect(frame).toBe(600);
    const counts = await page.evaluate(() => window.__game.counts());
    expect(counts).toEqual({ patrol: 203, wait: 51, chase: 33, flee: 13, dying: 0 });
    const here = nodeGame(600);
    expect(counts).toEqual(here.counts());
    const there = await page.evaluate(() => window.__game.entities());
    expect(there).toEqual([...here.entities.values()].map((e) => ({ id: e.id, kind: e.kind, mode: e.mode, x: e.x, y: e.y })));
    // the per-frame step budget (4000) was respected, and was far from needed
    expect(await page.evaluate(() => window.__game.lastSteps())).toBeLessThan(4_000);
    expect(pageErrors).toEqual([]);
  }, 30_000);

  it("killing an entity cancels its task; its cleanup animates for a few frames, then removes it", async () => {
    const victim = 8; // the first entity chasing the player at frame 600
    expect((await page.evaluate(() => window.__game.entities())).find((e) => e.id === victim)?.mode).toBe("chase");
    expect(await page.evaluate((id) => window.__game.kill(id), victim)).toBe(true);
    expect(await page.evaluate((id) => window.__game.kill(id), victim)).toBe(true); // still alive until the next frame: cancel is idempotent
    const modeOf = async (): Promise<Mode | undefined> => (await page.evaluate(() => window.__game.entities())).find((e) => e.id === victim)?.mode;
    await page.evaluate(() => window.__game.stepFrames(1));
    expect(await modeOf()).toBe("dying");
    expect(await page.evaluate((id) => window.__game.kill(id), victim)).toBe(false); // already dying
    await page.evaluate((n) => window.__game.stepFrames(n), DEATH_FRAMES - 1);
    expect(await modeOf()).toBe("dying"); // last frame of the animation
    await page.evaluate(() => window.__game.stepFrames(1));
    expect(await modeOf()).toBeUndefined();
    const graveyard = await page.evaluate(() => window.__game.graveyard());
    expect(graveyard).toEqual([`#${victim} removed at t=${Math.round((600 + DEATH_FRAMES) * FIXED_DT)}`]);

    // Node agrees, death included
    const here = nodeGame(600);
    here.kill(victim);
    for (let i = 0; i <= DEATH_FRAMES; i++) here.step(FIXED_DT);
    expect(here.graveyard).toEqual(graveyard);
    expect(await page.evaluate(() => window.__game.counts())).toEqual(here.counts());
  }, 30_000);

  it("a shift+click on an entity kills it; the screenshot shows the world, dying ones included", async () => {
    const canvas = await page.locator("#world").boundingBox();
    if (canvas === null) throw new Error("no canvas");
    const targets = (await page.evaluate(() => window.__game.entities())).filter((e) => e.mode !== "dying").slice(0, 3);
    await page.keyboard.down("Shift"); // a plain click only selects
    for (const t of targets) await page.mouse.click(canvas.x + 1 + t.x, canvas.y + 1 + t.y); // +1: the canvas border
    await page.keyboard.up("Shift");
    await page.evaluate(() => window.__game.stepFrames(5));
    const modes = (await page.evaluate(() => window.__game.entities())).filter((e) => targets.some((t) => t.id === e.id)).map((e) => e.mode);
    expect(modes).toEqual(["dying", "dying", "dying"]);
    mkdirSync(join(ROOT, "docs", "images"), { recursive: true });
    await page.locator("main").screenshot({ path: SCREENSHOT });
    expect(existsSync(SCREENSHOT)).toBe(true);
  });

  it("the page's session so far (600 frames, a kill through the hook, three mouse shift+clicks) replays in Node to the same hash at every frame", async () => {
    const { recording, hash, frames } = await page.evaluate(() => window.__game.recording());
    expect(frames).toBe(600 + DEATH_FRAMES + 1 + 5);
    expect(recording.inputs.map(([, input]) => input.type)).toEqual(["kill", "kill", "click", "click", "click"]);
    expect(replayHere(recording)).toEqual({ frames, hash });
  }, 30_000);

  it("a 10,000-frame session recorded in Node replays in the page with the same hash at every frame", async () => {
    const samples = [0, 1, 999, 5_000, 9_999];
    const log = new HashLog(samples);
    const { recording } = playSession(10_000, {}, log);
    // The page checks each frame against the hashes Node recorded (a difference would throw there, naming the frame),
    // and sends back a digest of them all and a few of them.
    const there = await page.evaluate(([saved, sampled]) => window.__game.replay(saved, sampled), [recording.toJSON(), samples] as const);
    expect(there).toEqual(log.summary());
    expect(there.samples).toEqual(samples.map((f) => recording.hashAt(f)));
    expect(there.frames).toBe(10_000);
    expect(pageErrors).toEqual([]);
  }, 180_000);

  it("the page refuses a replay that diverges, naming the first frame that differs", async () => {
    const { recording } = playSession(200);
    const saved = recording.toJSON();
    let frame = 60;
    while (recording.hashAt(frame) === recording.hashAt(frame - 1)) frame++; // a paused frame ignores its dt
    const tampered = { ...saved, dt: saved.dt.map((dt, f) => (f === frame ? dt + 1 : dt)) };
    await expect(page.evaluate(([s]) => window.__game.replay(s, []), [tampered] as const)).rejects.toThrow(`the replay diverged at frame ${frame} (counted from 0)`);
 }, 30_000);

  it("the pause button, and a hidden tab, stop the coroutines; resuming continues where they were", async () => {
    const live = await browser.newPage({ viewport: { width: 1000, height: 720 } });
    try {
      await live.goto(`${base}/index.html`); // stepped by requestAnimationFrame
      await live.waitForFunction(() => typeof window.__game === "object" && window.__game.frame() > 10);
      await live.click("#pause");
      const atPause = await live.evaluate(() => window.__game.frame());
      await live.waitForTimeout(300);
      expect(await live.evaluate(() => window.__game.frame())).toBe(atPause);
      await live.click("#pause"); // resume
      await live.waitForFunction((f) => window.__game.frame() > f + 5, atPause);

      await live.evaluate(() => {
        Object.defineProperty(document, "hidden", { configurable: true, get: () => true });
        document.dispatchEvent(new Event("visibilitychange"));
      });
      const atHide = await live.evaluate(() => window.__game.frame());
      await live.waitForTimeout(300);
      expect(await live.evaluate(() => window.__game.frame())).toBe(atHide);
      await live.evaluate(() => {
        Object.defineProperty(document, "hidden", { configurable: true, get: () => false });
        document.dispatchEvent(new Event("visibilitychange"));
      });
      await live.waitForFunction((f) => window.__game.frame() > f + 5, atHide);
    } finally {
      await live.close();
    }
  }, 30_000);

  it("a real session (requestAnimationFrame's dts, mouse shift+clicks, the pause button) replays in Node to the same hash at every frame", async () => {
    const live = await browser.newPage({ viewport: { width: 1000, height: 720 } });
    try {
      await live.goto(`${base}/index.html`); // stepped by requestAnimationFrame
      await live.waitForFunction(() => typeof window.__game === "object" && window.__game.frame() > 20);
      const canvas = await live.locator("#world").boundingBox();
      if (canvas === null) throw new Error("no canvas");
      const targets = (await live.evaluate(() => window.__game.entities())).slice(0, 4);
      await live.keyboard.down("Shift");
      for (const t of targets) await live.mouse.click(canvas.x + 1 + t.x, canvas.y + 1 + t.y); // they move meanwhile: a click may miss
      await live.keyboard.up("Shift");
      await live.click("#pause");
      await live.waitForTimeout(100);
      await live.click("#pause");
      await live.waitForFunction(() => window.__game.frame() > 80);
      const { recording, hash, frames } = await live.evaluate(() => window.__game.recording()); // one evaluate: no frame runs in between
      const types = recording.inputs.map(([, input]) => input.type);
      expect(types.filter((t) => t === "click")).toHaveLength(4);
      expect(types.filter((t) => t === "pause")).toHaveLength(2);
      expect(new Set(recording.dt).size).toBeGreaterThan(1); // real frames' dts
      expect(replayHere(recording)).toEqual({ frames, hash });
    } finally {
      await live.close();
    }
  }, 30_000);
});
