/**
 * The browser game (examples/browser-game/) in headless Chromium: built with
 * esbuild, served from 127.0.0.1, driven through its test hook
 * (window.__game) with a fixed dt, and compared frame for frame with the same
 * game logic stepped here in Node. Also: a real click kills an entity, the
 * pause button and a hidden tab stop the coroutines, and a screenshot for the
 * docs (docs/images/browser-game.png).
 *
 * Without /usr/bin/chromium the suite is skipped, except on CI (CI set),
 * where it fails and says how to install it.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize } from "node:path";
import { chromium } from "playwright-core";
import type { Browser, Page } from "playwright-core";
import { DEATH_FRAMES, Game } from "../../examples/browser-game/game.js";
import type { Mode } from "../../examples/browser-game/game.js";

import { CHROMIUM, CHROMIUM_ARGS as ARGS } from "../../scripts/chromium.js";
const ROOT = join(__dirname, "..", "..");
const DIST = join(ROOT, "examples", "browser-game", "dist");
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
}
declare const window: { __game: Hook };

/** The same game, stepped in Node. */
function nodeGame(frames: number): Game {
  const game = new Game({ seed: 1 });
  for (let i = 0; i < frames; i++) game.step(FIXED_DT);
  return game;
}

function serve(dir: string): Promise<Server> {
  const types: Record<string, string> = { ".html": "text/html", ".js": "text/javascript", ".map": "application/json" };
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent((req.url ?? "/").split("?")[0] as string)).replace(/^(\.\.[/\\])+/, "");
    const file = join(dir, path === "/" ? "index.html" : path);
    if (!file.startsWith(dir) || !existsSync(file)) {
      res.statusCode = 404;
      res.end("not found");
      return;
    }
    res.setHeader("content-type", types[extname(file)] ?? "application/octet-stream");
    res.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

maybe("the browser game in headless Chromium", () => {
  let browser: Browser;
  let server: Server;
  let base = "";
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`no Chromium at ${CHROMIUM}: on CI the browser tests must run; apt-get install chromium (or set CHROMIUM_PATH)`);
    }
    execFileSync(process.execPath, [join(ROOT, "examples", "browser-game", "build.mjs")], { stdio: "pipe" });
    server = await serve(DIST);
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    page = await browser.newPage({ viewport: { width: 1000, height: 720 } });
    page.on("pageerror", (e) => pageErrors.push(String(e)));
    page.on("console", (m) => {
      if (m.type() === "error") pageErrors.push(m.text());
    });
    await page.goto(`${base}/index.html?manual`);
    await page.waitForFunction(() => typeof window.__game === "object");
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
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
  });

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
  });

  it("a click on an entity kills it; the screenshot shows the world, dying ones included", async () => {
    const canvas = await page.locator("#world").boundingBox();
    if (canvas === null) throw new Error("no canvas");
    const targets = (await page.evaluate(() => window.__game.entities())).filter((e) => e.mode !== "dying").slice(0, 3);
    for (const t of targets) await page.mouse.click(canvas.x + 1 + t.x, canvas.y + 1 + t.y); // +1: the canvas border
    await page.evaluate(() => window.__game.stepFrames(5));
    const modes = (await page.evaluate(() => window.__game.entities())).filter((e) => targets.some((t) => t.id === e.id)).map((e) => e.mode);
    expect(modes).toEqual(["dying", "dying", "dying"]);
    mkdirSync(join(ROOT, "docs", "images"), { recursive: true });
    await page.locator("main").screenshot({ path: SCREENSHOT });
    expect(existsSync(SCREENSHOT)).toBe(true);
  });

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
});
