/**
 * Renders the picture in docs/debugging.md: the timeline of the failing
 * schedule that exploration finds in examples/debugging/race.ts.
 *
 * Writes docs/images/race-timeline.html (timelineHtml, sequence axis) and
 * docs/images/race-timeline.png, a screenshot of that page in headless
 * Chromium driven by playwright-core. Uses the system's Chromium
 * (/usr/bin/chromium, or $CHROMIUM_PATH); it never downloads a browser.
 *
 * Run: npx tsx scripts/render-timeline.ts
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { findAndReplay } from "../examples/debugging/race.js";
import { timelineHtml } from "../src/index.js";

import { CHROMIUM, CHROMIUM_ARGS as ARGS } from "./chromium.js";

async function render(): Promise<void> {
  const out = resolve(__dirname, "..", "docs", "images");
  mkdirSync(out, { recursive: true });
  const { seed, replayed } = findAndReplay();
  if (replayed.ok) throw new Error(`seed ${seed} did not fail on replay`);
  const html = timelineHtml(replayed.trace.events, { title: `jointAccount: the failing schedule (seed ${seed})`, axis: "sequence", width: 900 });
  const htmlPath = join(out, "race-timeline.html");
  writeFileSync(htmlPath, html);

  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 400 }, deviceScaleFactor: 2 });
    await page.goto(pathToFileURL(htmlPath).href);
    const pngPath = join(out, "race-timeline.png");
    // The body holds the title, the key and the SVG: crop to it, keeping its margin.
    const box = await page.locator("body").boundingBox();
    if (box === null) throw new Error("the timeline page has no body box");
    await page.screenshot({ path: pngPath, clip: { x: 0, y: 0, width: Math.ceil(box.x * 2 + box.width), height: Math.ceil(box.y * 2 + box.height) } });
    console.log(`wrote ${htmlPath}\nwrote ${pngPath}`);
  } finally {
    await browser.close();
  }
}

render().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
