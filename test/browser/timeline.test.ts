/**
 * The timeline page in a real browser: headless Chromium (the system's, via
 * playwright-core; never a downloaded one) loads what timelineHtml() wrote
 * and we check what it actually renders.
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
import { TraceRecorder, channel, run, sleep, spawn, timelineHtml } from "../../src/index.js";
import type { Coroutine } from "../../src/index.js";

import { CHROMIUM, CHROMIUM_ARGS as ARGS } from "../../scripts/chromium.js";
const maybe = existsSync(CHROMIUM) || process.env["CI"] ? describe : describe.skip;

/**
 * Four tasks: the oven fails at t=5, which fails main (nobody catches it),
 * which cancels the baker (asleep) and the courier (waiting on a channel).
 */
function* program(): Coroutine<void> {
  const orders = channel<string>(0, { name: "orders" });
  yield* spawn(function* courier() {
    yield* orders.recv();
  });
  const baker = yield* spawn(function* baker() {
    yield* sleep(10);
    yield* orders.send("bread");
  });
  const oven = yield* spawn(function* oven() {
    yield* sleep(5);
    throw new Error("oven overheated");
  });
  yield* baker;
  yield* oven;
}

/** The axis's tick labels above the lanes and below them, left to right. */
async function axisLabels(on: Page): Promise<{ top: string[]; bottom: string[] }> {
  const labels = await on.locator("svg .axis text.tick-label").evaluateAll((nodes) => nodes.map((n) => ({ text: n.textContent ?? "", y: Number(n.getAttribute("y")) })));
  const highest = Math.min(...labels.map((l) => l.y));
  return { top: labels.filter((l) => l.y === highest).map((l) => l.text), bottom: labels.filter((l) => l.y !== highest).map((l) => l.text) };
}

maybe("timeline page in headless Chromium", () => {
  let browser: Browser;
  let page: Page;
  let dir: string;
  const trace = new TraceRecorder();
  let failure: unknown = null;
  try {
    run(program, { tracer: trace });
  } catch (error) {
    failure = error;
  }
  const tasks = [...new Map(trace.events.map((e) => [e.task, e.name])).entries()];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`no Chromium at ${CHROMIUM}: on CI the browser tests must run; apt-get install chromium (or set CHROMIUM_PATH)`);
    }
    dir = mkdtempSync(join(tmpdir(), "spindle-timeline-"));
    const file = join(dir, "timeline.html");
    writeFileSync(file, timelineHtml(trace.events, { title: "bakery", axis: "sequence" }));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    page = await browser.newPage({ viewport: { width: 1300, height: 600 } });
    await page.goto(pathToFileURL(file).href);
  }, 15_000);

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("the run being drawn failed, in the oven", () => {
    expect(String(failure)).toBe("Error: oven overheated");
    expect(tasks.map(([id, name]) => `#${id} ${name}`)).toEqual(["#1 program", "#2 courier", "#3 baker", "#4 oven"]);
  });

  it("draws one lane per task, named", async () => {
    const names = await page.locator("svg text.name").allTextContents();
    expect(names).toEqual(tasks.map(([id, name]) => `#${id} ${name}`));
    expect(await page.locator("svg line.lane").count()).toBe(tasks.length);
  });

  it("marks the failing task with a visible ✗, on its own lane, with the error in its tooltip", async () => {
    const fails = page.locator("svg text.fail");
    // the oven fails, and so does main, which was joining it
    expect(await fails.count()).toBe(2);
    const marks = await fails.evaluateAll((nodes) =>
      nodes.map((n) => ({ mark: n.firstChild?.textContent, y: Number(n.getAttribute("y")), tip: n.querySelector("title")?.textContent })),
    );
    const ovenLaneY = await page.locator("svg text.name", { hasText: "oven" }).evaluate((n) => Number(n.getAttribute("y")));
    const oven = marks.find((m) => Math.abs(m.y - ovenLaneY) <= 2);
    expect(oven).toEqual({ mark: "✗", y: expect.any(Number), tip: "fail at t=5: Error: oven overheated" });
    const box = await fails.first().boundingBox();
    expect(box?.width).toBeGreaterThan(0);
    // the baker and the courier were cancelled when main failed
    expect(await page.locator("svg text.cancelled").allTextContents()).toEqual(["⊘cancelled at t=5", "⊘cancelled at t=5"]);
    expect(await page.locator("svg text.done").count()).toBe(0);
  });

  it("gives every span a tooltip saying what the task waited on", async () => {
    const tips = await page.locator("svg rect > title").allTextContents();
    expect(tips.length).toBe(await page.locator("svg rect").count());
    expect(tips).toEqual(expect.arrayContaining(["sleeping on sleep(10), t=0..5", "sleeping on sleep(5), t=0..5", "blocked on recv(orders), t=0..5"]));
    expect(tips.some((t) => t.startsWith('blocked on join(task#3 "baker")'))).toBe(true);
  });

  it("renders at a non-zero size, wider than its labels", async () => {
    const svg = await page.locator("svg").boundingBox();
    expect(svg).not.toBeNull();
    expect(svg?.width).toBeGreaterThan(1000);
    expect(svg?.height).toBeGreaterThanOrEqual(tasks.length * 26);
    // the lane names fit in the label column, left of the drawing area
    const widest = await page.locator("svg text.name").evaluateAll((nodes) => Math.max(...nodes.map((n) => (n as unknown as { getComputedTextLength(): number }).getComputedTextLength())));
    expect(widest).toBeGreaterThan(0);
    expect(widest).toBeLessThan(190);
  });

  it("draws an axis above and below the lanes, with round steps of the event sequence", async () => {
    const { top, bottom } = await axisLabels(page);
    expect(bottom).toEqual(top);
    const labels = top;
    const n = trace.events.length;
    const step = Number(labels[1]);
    expect([1, 2, 5, 10, 20]).toContain(step);
    labels.forEach((label, i) => expect(Number(label)).toBe(i * step));
    expect(Number(labels[labels.length - 1])).toBeLessThanOrEqual(n);
    expect(Number(labels[labels.length - 1])).toBeGreaterThan(n - step);
    // tick 0 is where the lanes begin: the first span's left edge
    const tick0 = await page.locator("svg .axis line.tick").first().evaluate((l) => Number(l.getAttribute("x1")));
    const leftmost = await page.locator("svg rect").evaluateAll((rects) => Math.min(...rects.map((r) => Number(r.getAttribute("x")))));
    expect(tick0).toBeCloseTo(leftmost, 0);
  });

  it("explains every colour and mark in a legend, with the colours the drawing uses", async () => {
    const keys = await page.locator(".legend li").evaluateAll((items) => items.map((li) => li.getAttribute("data-key")));
    expect(keys).toEqual(["sleeping", "blocked", "ready", "running", "done", "fail", "cancelled"]);
    const marks = await page.locator(".legend .mark").allTextContents();
    expect(marks).toEqual(["✓", "✗", "⊘"]);
    const swatch = (key: string): Promise<string> => page.locator(`.legend li[data-key="${key}"] .swatch`).evaluate((n) => getComputedStyle(n).backgroundColor);
    const fill = (tip: string): Promise<string> => page.locator("svg rect", { has: page.locator("title", { hasText: tip }) }).first().evaluate((n) => getComputedStyle(n).fill);
    expect(await swatch("sleeping")).toBe(await fill("sleeping on sleep(10)"));
    expect(await swatch("blocked")).toBe(await fill("blocked on recv(orders)"));
    for (const text of await page.locator(".legend li").allTextContents()) expect(text.length).toBeGreaterThan(8);
  });

  it("fits the window: as wide as the page, down to a width where its text stays readable", async () => {
    const fit = async (width: number): Promise<{ svg: number; scrolls: boolean; nameHeight: number }> => {
      await page.setViewportSize({ width, height: 600 });
      return page.evaluate(() => ({
        svg: (document.querySelector("svg") as SVGSVGElement).getBoundingClientRect().width,
        scrolls: document.documentElement.scrollWidth > window.innerWidth,
        nameHeight: (document.querySelector("svg text.name") as SVGTextElement).getBoundingClientRect().height,
      }));
    };
    try {
      const wide = await fit(1600);
      expect(wide.svg).toBeCloseTo(1600 - 32, 0);
      expect(wide.scrolls).toBe(false);
      const usual = await fit(1000);
      expect(usual.svg).toBeCloseTo(1000 - 32, 0);
      expect(usual.scrolls).toBe(false);
      // a phone's width: the drawing stops shrinking, and the page scrolls sideways instead
      const narrow = await fit(400);
      expect(narrow.scrolls).toBe(true);
      expect(narrow.svg).toBeGreaterThan(400);
      expect(narrow.nameHeight).toBeGreaterThanOrEqual(8);
    } finally {
      await page.setViewportSize({ width: 1300, height: 600 });
    }
  });

  it("labels a time axis in milliseconds", async () => {
    const timed = await browser.newPage({ viewport: { width: 1300, height: 600 } });
    try {
      await timed.setContent(timelineHtml(trace.events, { title: "bakery" }));
      const { top, bottom } = await axisLabels(timed);
      // 5 ms over 1000 units: at most 10 ticks, so a step of 0.5 ms
      expect(top).toEqual(["0 ms", "0.5 ms", "1 ms", "1.5 ms", "2 ms", "2.5 ms", "3 ms", "3.5 ms", "4 ms", "4.5 ms", "5 ms"]);
      expect(bottom).toEqual(top);
      expect(await timed.locator("svg .axis text.axis-title").textContent()).toBe("time (ms)");
    } finally {
      await timed.close();
    }
  });
});
