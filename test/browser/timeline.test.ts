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
});
