/**
 * The browser game's panel (examples/browser-game/), in headless Chromium at
 * 1280x720: the HUD's frame time and step budget, the inspector (a click
 * selects an entity and shows its task as dump() prints it, what it waits on
 * and its parent; selecting is not recorded), the Kill and Fault buttons (a
 * fault makes the entity's coroutine throw: its supervisor reports it in the
 * error list and the console and removes it, and the world goes on), the
 * loop's guard (an error out of advance() is reported and the frames go on),
 * and a layout where the panel never covers the canvas. What the page does is
 * checked against the same game stepped here in Node. A screenshot goes to
 * the system's temporary directory.
 *
 * Without /usr/bin/chromium the suite is skipped, except on CI (CI set),
 * where it fails and says how to install it.
 */
import { existsSync, statSync } from "node:fs";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { FrameRecording, replayFrames } from "spindle";
import type { FrameRecordingJSON } from "spindle";
import { Game, isGameInput } from "../../examples/browser-game/game.js";
import type { GameInput, Mode } from "../../examples/browser-game/game.js";
import { inspect } from "../../examples/browser-game/inspect.js";
import { freshGame } from "../../examples/browser-game/session.js";
import { closePage, openGamePage } from "./serve.js";
import { CHROMIUM } from "../../scripts/chromium.js";

const SCREENSHOT = join(tmpdir(), "spindle-browser-game-panel.png");
const FIXED_DT = 1000 / 60;
const maybe = existsSync(CHROMIUM) || process.env["CI"] ? describe : describe.skip;

interface Hook {
  stepFrames(n: number): number;
  entities(): { id: number; kind: string; mode: Mode; x: number; y: number }[];
  frame(): number;
  errors(): string[];
  loopErrors(): number;
  failNextFrame(message: string): void;
  hud(): { average: number; max: number; frames: number; steps: number; budget: number };
  recording(): { recording: FrameRecordingJSON<GameInput>; hash: string; frames: number };
}
declare const window: { __game: Hook };

/** The same game, stepped in Node with the page's fixed dt. */
function nodeGame(frames: number): Game {
  const game = new Game({ seed: 1 });
  for (let i = 0; i < frames; i++) game.step(FIXED_DT);
  return game;
}

maybe("the browser game's panel: HUD, inspector, errors", () => {
  let browser: Browser;
  let server: Server;
  let base = "";
  let page: Page;
  const pageErrors: string[] = [];

  const text = async (selector: string): Promise<string> => (await page.locator(selector).textContent()) ?? "";
  const box = async (selector: string): Promise<{ x: number; y: number; width: number; height: number }> => {
    const b = await page.locator(selector).boundingBox();
    if (b === null) throw new Error(`${selector} is not displayed`);
    return b;
  };
  /** A plain click on the entity's spot of the canvas (+1: the canvas border). */
  const clickEntity = async (e: { x: number; y: number }): Promise<void> => {
    const canvas = await box("#world");
    await page.mouse.click(canvas.x + 1 + e.x, canvas.y + 1 + e.y);
  };

  beforeAll(async () => {
    ({ server, base, browser, page } = await openGamePage(pageErrors));
  }, 30_000);

  afterAll(async () => {
    await closePage({ server, browser });
  });

  it("at 1280x720 the canvas and the panel sit side by side, both in the window, neither covering the other", async () => {
    const canvas = await box("#world");
    const panel = await box("#panel");
    const overlap = canvas.x < panel.x + panel.width && panel.x < canvas.x + canvas.width && canvas.y < panel.y + panel.height && panel.y < canvas.y + canvas.height;
    expect(overlap).toBe(false);
    expect(panel.x).toBeGreaterThanOrEqual(canvas.x + canvas.width); // beside it, not below
    for (const b of [canvas, panel]) {
      expect(b.x).toBeGreaterThanOrEqual(0);
      expect(b.y).toBeGreaterThanOrEqual(0);
      expect(b.x + b.width).toBeLessThanOrEqual(1280);
      expect(b.y + b.height).toBeLessThanOrEqual(720);
    }
  });

  it("the HUD shows the frame time over the last 60 frames and the step budget the last frame used", async () => {
    expect(await page.evaluate(() => window.__game.stepFrames(120))).toBe(120);
    const hud = await page.evaluate(() => window.__game.hud());
    expect(hud.frames).toBe(60);
    expect(hud.average).toBeGreaterThan(0);
    expect(hud.max).toBeGreaterThanOrEqual(hud.average);
    expect(hud.budget).toBe(4_000);
    expect(hud.steps).toBe(nodeGame(120).host.lastSteps); // the same work as in Node, step for step
    expect(hud.steps).toBeGreaterThan(0);
    expect(await text("#hud-time")).toBe(`${hud.average.toFixed(2)} ms avg, ${hud.max.toFixed(2)} ms max (last 60 frames)`);
    expect(await text("#hud-budget")).toBe(`${hud.steps} / 4000 steps (${((100 * hud.steps) / 4000).toFixed(1)}%)`);
    expect(await text("#hud-frame")).toBe("120 · t=2.0 s");
    expect(await text("#hud-entities")).toMatch(/^300: patrol \d+, wait \d+, chase \d+, flee \d+, dying 0$/);
  });

  it("a click selects an entity and shows its task line (name, what it waits on, for how long), its parent, its subtree; nothing is recorded", async () => {
    const before = await page.evaluate(() => window.__game.recording());
    const target = (await page.evaluate(() => window.__game.entities())).find((e) => e.id === 42);
    if (target === undefined) throw new Error("no entity #42");
    await clickEntity(target);
    const expected = inspect(nodeGame(120), 42); // the page's world is Node's, task ids included
    if (expected === undefined) throw new Error("no entity #42 in Node");
    expect(await page.locator("#inspect-body").isVisible()).toBe(true);
    expect(await text("#inspect-entity")).toMatch(new RegExp(`^#42 ${target.kind}, ${target.mode}, at \\(`));
    const task = await text("#inspect-task");
    expect(task).toBe(expected.task);
    expect(task).toMatch(/^task#\d+ "brain" blocked on race\(task#\d+ "[a-zA-Z(). ]+"(, task#\d+ "[a-zA-Z(). ]+")+\) for \d+ms$/); // its race's branches, by name
    const waits = await text("#inspect-waits");
    expect(waits).toBe(expected.waitingOn);
    expect(task).toContain(` blocked on ${waits} for `);
    expect(await text("#inspect-parent")).toMatch(/^task#\d+ "entity#42" on join\(task#\d+ "brain"\)$/);
    const tree = (await text("#inspect-tree")).split("\n");
    expect(tree[0]).toMatch(/^task#\d+ "entity#42" blocked on join/);
    expect(tree[1]).toBe(`  ${task}`);
    expect(tree.length).toBeGreaterThan(2); // the children of the brain's race, indented
    expect(tree.slice(2).every((l) => l.startsWith("    task#"))).toBe(true);

    // Looking is not playing: no input was queued, the world's hash is the same.
    await page.evaluate(() => window.__game.stepFrames(1));
    const after = await page.evaluate(() => window.__game.recording());
    expect(after.recording.inputs.length).toBe(before.recording.inputs.length);
    expect(after.frames).toBe(before.frames + 1);
    expect(pageErrors).toEqual([]);
  });

  it("Fault makes the selected entity's coroutine throw: reported in the list and the console, removed; the frames go on and the others move", async () => {
    const id = 42;
    const frameBefore = await page.evaluate(() => window.__game.frame());
    await page.click("#fault");
    await page.evaluate(() => window.__game.stepFrames(1));
    const entities = await page.evaluate(() => window.__game.entities());
    expect(entities.find((e) => e.id === id)).toBeUndefined();
    expect(entities).toHaveLength(299);
    const errors = await page.evaluate(() => window.__game.errors());
    expect(errors).toEqual([expect.stringMatching(new RegExp(`^#${id} \\((hunter|prey)\\) failed at frame ${frameBefore + 1} in task#\\d+ "brain": Error: entity #${id}: a fault injected by the player$`))]);
    expect(await page.locator("#errors li").allTextContents()).toEqual(errors);
    expect(pageErrors).toEqual([expect.stringContaining(`spindle demo: ${errors[0]}`)]);
    expect(await text("#inspect-hint")).toBe(`Removed after a fault: ${errors[0]}`);

    // the world goes on: frames advance, the others move, nothing escaped a frame
    const moved = await page.evaluate(() => window.__game.stepFrames(30));
    expect(moved).toBe(frameBefore + 31);
    const later = await page.evaluate(() => window.__game.entities());
    const changed = later.filter((e) => {
      const was = entities.find((w) => w.id === e.id);
      return was !== undefined && (was.x !== e.x || was.y !== e.y);
    });
    expect(changed.length).toBeGreaterThan(100);
    expect(await page.evaluate(() => window.__game.loopErrors())).toBe(0);

    // the fault is a recorded input: the session replays in Node, fault and all, to the same hash at every frame
    const { recording, hash, frames } = await page.evaluate(() => window.__game.recording());
    expect(recording.inputs.map(([, input]) => input)).toEqual([{ type: "fault", id }]);
    const replayed = FrameRecording.fromJSON(recording, isGameInput);
    const world = freshGame();
    expect(replayFrames(replayed, { applyInput: (input) => world.apply(input), advance: (dt) => world.advance(dt), hash: () => world.hash() })).toBe(frames);
    expect(world.hash().hex()).toBe(hash);
    expect(world.errors.map((f) => f.id)).toEqual([id]);
  }, 30_000);

  it("Kill, in the inspector, kills the selected entity (a recorded input): it dies with its animation", async () => {
    const target = (await page.evaluate(() => window.__game.entities())).find((e) => e.mode !== "dying");
    if (target === undefined) throw new Error("no live entity");
    await clickEntity(target);
    expect(await text("#inspect-entity")).toMatch(new RegExp(`^#${target.id} `));
    await page.click("#kill");
    await page.evaluate(() => window.__game.stepFrames(1));
    expect((await page.evaluate(() => window.__game.entities())).find((e) => e.id === target.id)?.mode).toBe("dying");
    expect(await page.locator("#kill").isDisabled()).toBe(true);
    const { recording } = await page.evaluate(() => window.__game.recording());
    expect(recording.inputs.map(([, input]) => input).at(-1)).toEqual({ type: "kill", id: target.id });
  });

  it("an error out of advance() is caught by the loop: reported on the page and in the console, and the next frames run", async () => {
    pageErrors.length = 0;
    await page.evaluate(() => window.__game.failNextFrame("boom: nobody supervises this task"));
    const frame = await page.evaluate(() => window.__game.stepFrames(1));
    expect(await page.evaluate(() => window.__game.loopErrors())).toBe(1);
    expect(await page.locator("#loop-error").isVisible()).toBe(true);
    expect(await text("#loop-error")).toBe(`An error escaped frame ${frame} (1 so far), reported in the console; the loop goes on. Error: boom: nobody supervises this task`);
    expect(pageErrors).toEqual([expect.stringContaining(`an error escaped frame ${frame}; the loop goes on`)]);
    expect(await page.evaluate(() => window.__game.stepFrames(10))).toBe(frame + 10);
    await page.screenshot({ path: SCREENSHOT });
    expect(statSync(SCREENSHOT).size).toBeGreaterThan(10_000);
  });

  it("with requestAnimationFrame stepping, an error out of advance() does not stop the animation", async () => {
    const live = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    const liveErrors: string[] = [];
    live.on("pageerror", (e) => liveErrors.push(String(e)));
    try {
      await live.goto(`${base}/index.html`);
      await live.waitForFunction(() => typeof window.__game === "object" && window.__game.frame() > 10);
      await live.evaluate(() => window.__game.failNextFrame("boom"));
      await live.waitForFunction(() => window.__game.loopErrors() === 1);
      const at = await live.evaluate(() => window.__game.frame());
      await live.waitForFunction((f) => window.__game.frame() > f + 20, at);
      expect(await live.locator("#loop-error").textContent()).toContain("the loop goes on");
      expect(liveErrors).toEqual([]); // caught: nothing reached the page as an uncaught error
    } finally {
      await live.close();
    }
  }, 30_000);
});
