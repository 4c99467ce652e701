/**
 * A timeline of a hundred thousand events (1,000 tasks, 40 switches each)
 * in headless Chromium: the page loads and draws its lanes, axis and
 * legend. The load time is measured and printed, never asserted (machines
 * are shared); the drawing is kept cheap by the compact lanes of
 * src/debug/lane-drawing.ts.
 *
 * Without /usr/bin/chromium the suite is skipped, except on CI (CI set),
 * where it fails and says how to install it.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import type { Browser, Page } from "playwright-core";
import { TraceRecorder, run, sleep, spawn, timelineHtml, yieldNow } from "../../src/index.js";
import type { Coroutine, Task } from "../../src/index.js";

import { CHROMIUM, CHROMIUM_ARGS as ARGS } from "../../scripts/chromium.js";
const maybe = existsSync(CHROMIUM) || process.env["CI"] ? describe : describe.skip;

const TASKS = 1000;
const SWITCHES = 40;

/** Each worker alternates a yield and a sleep of 1 to 5 ms: about a hundred events per task. */
function* crowd(): Coroutine<void> {
  const workers: Task<void>[] = [];
  for (let id = 0; id < TASKS; id++) {
    workers.push(
      yield* spawn(function* worker() {
        for (let i = 0; i < SWITCHES; i++) {
          if (i % 2 === 0) yield* yieldNow();
          else yield* sleep(1 + ((id * 7 + i) % 5));
        }
      }),
    );
  }
  for (const worker of workers) yield* worker;
}

maybe("a 100,000-event timeline in headless Chromium", () => {
  let browser: Browser;
  let page: Page;
  let dir: string;
  const trace = new TraceRecorder();
  run(crowd, { tracer: trace });
  const events = trace.events;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`no Chromium at ${CHROMIUM}: on CI the browser tests must run; apt-get install chromium (or set CHROMIUM_PATH)`);
    }
    dir = mkdtempSync(join(tmpdir(), "spindle-timeline-large-"));
    const file = join(dir, "timeline.html");
    const rendering = performance.now();
    const html = timelineHtml(events, { title: `${TASKS} tasks × ${SWITCHES} switches` });
    const renderMs = performance.now() - rendering;
    writeFileSync(file, html);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    page = await browser.newPage({ viewport: { width: 1300, height: 800 } });
    const loading = performance.now();
    await page.goto(pathToFileURL(file).href, { timeout: 120_000 });
    // A screenshot waits for layout and paint: the page is then drawn, not just parsed.
    await page.screenshot({ path: join(dir, "top.png") });
    const loadMs = performance.now() - loading;
    console.log(
      `timeline of ${events.length} events: timelineHtml ${renderMs.toFixed(0)} ms, ${(html.length / 1e6).toFixed(1)} MB; Chromium load and first paint ${loadMs.toFixed(0)} ms`,
    );
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("is a trace of over a hundred thousand events", () => {
    expect(events.length).toBeGreaterThan(100_000);
  });

  it("draws a lane per task, each task's steps as one path", async () => {
    expect(await page.locator("svg text.name").count()).toBe(TASKS + 1);
    expect(await page.locator("svg line.lane").count()).toBe(TASKS + 1);
    expect(await page.locator("svg path.steps").count()).toBe(TASKS + 1);
    expect(await page.locator("svg text.done").count()).toBe(TASKS + 1);
    const svg = await page.locator("svg").boundingBox();
    expect(svg?.width).toBeGreaterThan(1000);
    expect(svg?.height).toBeGreaterThan(TASKS * 20);
  });

  it("keeps the element count far below one per event", async () => {
    const elements = await page.evaluate(() => document.querySelectorAll("svg *").length);
    expect(elements).toBeLessThan(events.length / 2);
  });

  it("has its axis and its legend", async () => {
    const labels = await page.locator("svg .axis text.tick-label").allTextContents();
    expect(labels.length).toBeGreaterThanOrEqual(10);
    expect(labels[0]).toBe("0 ms");
    expect(labels.every((l) => / ms$/.test(l))).toBe(true);
    expect(await page.locator(".legend li").count()).toBe(7);
  });
});
