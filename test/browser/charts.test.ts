/**
 * The simulation charts in a real browser: headless Chromium (the system's,
 * via playwright-core; never a downloaded one) opens each SVG document, we
 * take a screenshot (under .bench-results/charts/, outside the repository's
 * tracked files) and check through the DOM what is actually drawn: axes,
 * tick labels, where the series lies, the bars' heights, the error bars.
 *
 * Without /usr/bin/chromium the suite is skipped, except on CI (CI set),
 * where it fails and says how to install it.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import type { Browser, Page } from "playwright-core";
import { histogramBins, histogramSvg, replicationReport, replicationReportHtml, replicationReportSvg, stepChartSvg } from "../../src/index.js";
import { mm1 } from "../../examples/charts/mm1.js";

import { CHROMIUM, CHROMIUM_ARGS as ARGS } from "../../scripts/chromium.js";
const maybe = existsSync(CHROMIUM) || process.env["CI"] ? describe : describe.skip;

const SHOTS = join(__dirname, "..", "..", ".bench-results", "charts");

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

maybe("simulation charts in headless Chromium", () => {
  let browser: Browser;
  let page: Page;
  let dir: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`no Chromium at ${CHROMIUM}: on CI the browser tests must run; apt-get install chromium (or set CHROMIUM_PATH)`);
    }
    dir = mkdtempSync(join(tmpdir(), "spindle-charts-"));
    mkdirSync(SHOTS, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    page = await browser.newPage({ viewport: { width: 900, height: 500 } });
  }, 15_000);

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Writes `text` to a file, opens it, screenshots it; fails on any page error. */
  async function open(file: string, text: string): Promise<void> {
    const errors: string[] = [];
    const onError = (e: Error): void => void errors.push(String(e));
    page.on("pageerror", onError);
    const path = join(dir, file);
    writeFileSync(path, text);
    await page.goto(pathToFileURL(path).href);
    const shot = join(SHOTS, `${file.replace(".", "-")}.png`); // report.svg and report.html both get one
    await page.screenshot({ path: shot });
    page.off("pageerror", onError);
    expect(errors).toEqual([]);
    expect(statSync(shot).size).toBeGreaterThan(1000);
  }

  /**
   * The geometry the browser computed for an element (getBBox: without the
   * stroke, whose joins would widen a path's box), after checking that it
   * is rendered on the page at all.
   */
  async function box(selector: string, index = 0, scope: Page | ReturnType<Page["locator"]> = page): Promise<Box> {
    const element = scope.locator(selector).nth(index);
    const rendered = await element.boundingBox();
    if (rendered === null) throw new Error(`${selector} #${index} is not rendered`);
    return element.evaluate((el) => {
      const b = (el as unknown as { getBBox(): Box }).getBBox();
      return { x: b.x, y: b.y, width: b.width, height: b.height };
    });
  }

  /** Each tick of an axis: its label's text and where its tick mark is (x for the x axis, y for the y axis). */
  async function ticks(axis: "x" | "y", scope: Page | ReturnType<Page["locator"]> = page): Promise<{ text: string; at: number }[]> {
    const labels = await scope.locator(`.${axis}-tick-label`).allTextContents();
    const out: { text: string; at: number }[] = [];
    for (let i = 0; i < labels.length; i++) {
      const b = await box(`line.${axis}-tick`, i, scope);
      out.push({ text: labels[i] as string, at: axis === "x" ? b.x + b.width / 2 : b.y + b.height / 2 });
    }
    return out;
  }

  it("a step chart: axes, tick labels, and the series spanning the plot area from its first time to `until`", async () => {
    const log: [number, number][] = [
      [0, 0],
      [2, 3],
      [5, 1],
      [7.5, 4],
    ];
    await open("step.svg", stepChartSvg(log, { until: 10, title: "level", xLabel: "time", yLabel: "customers" }));
    expect(await page.locator(".x-axis").count()).toBe(1);
    expect(await page.locator(".y-axis").count()).toBe(1);
    expect((await ticks("x")).map((t) => t.text)).toEqual(["0", "2", "4", "6", "8", "10"]);
    expect((await ticks("y")).map((t) => t.text)).toEqual(["0", "1", "2", "3", "4"]);
    expect(await page.locator(".title").textContent()).toBe("level");
    expect(await page.locator(".x-title").textContent()).toBe("time");
    // The data run from t = 0 to 10 and from 0 to 4, exactly the axes' ranges: the path fills the plot area.
    const plot = await box(".plot-area");
    const path = await box("path.series");
    expect(Math.abs(path.x - plot.x)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(path.x + path.width - (plot.x + plot.width))).toBeLessThanOrEqual(0.5);
    expect(Math.abs(path.y - plot.y)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(path.y + path.height - (plot.y + plot.height))).toBeLessThanOrEqual(0.5);
  });

  it("the M/M/1 chart: each series runs from t = 0 to the end of the run, on the x axis' scale", async () => {
    const { server, end } = mm1(7, 150);
    await open("mm1-queue.svg", stepChartSvg([{ name: "in service", log: server.levelLog() }, { name: "waiting", log: server.queueLog() }], { until: end }));
    const axis = await ticks("x");
    const first = axis[0] as { text: string; at: number };
    const last = axis[axis.length - 1] as { text: string; at: number };
    const pxPerUnit = (last.at - first.at) / (Number(last.text) - Number(first.text));
    expect(Number(first.text)).toBe(0);
    expect(await page.locator(".legend-entry").allTextContents()).toEqual(["in service", "waiting"]);
    for (let i = 0; i < 2; i++) {
      const path = await box("path.series", i);
      expect(Math.abs(path.x - first.at)).toBeLessThanOrEqual(0.5);
      expect(Math.abs(path.x + path.width - (first.at + end * pxPerUnit))).toBeLessThanOrEqual(0.5);
    }
  });

  it("a histogram: one bar per bin, heights proportional to the counts, on the y axis' scale", async () => {
    const { server } = mm1(7, 2000);
    const waits = server.waitLog();
    const { counts } = histogramBins(waits);
    await open("histogram.svg", histogramSvg(waits, { title: "waits", xLabel: "wait" }));
    const bars = page.locator("rect.bar");
    expect(await bars.count()).toBe(counts.length);
    const y = await ticks("y");
    const zero = (y[0] as { at: number }).at;
    const top = y[y.length - 1] as { text: string; at: number };
    const pxPerCount = (zero - top.at) / Number(top.text);
    for (let i = 0; i < counts.length; i++) {
      const count = counts[i] as number;
      expect(Number(await bars.nth(i).getAttribute("data-count"))).toBe(count);
      if (count === 0) continue;
      const b = await box("rect.bar", i);
      expect(Math.abs(b.height - count * pxPerCount)).toBeLessThanOrEqual(0.5);
      expect(Math.abs(b.y + b.height - zero)).toBeLessThanOrEqual(0.5); // standing on 0
    }
  });

  const results = Array.from({ length: 8 }, (_, i) => {
    const s = mm1(200 + i, 3000).server.stats();
    return { "mean wait": s.wait.mean, utilisation: s.utilisation };
  });
  const report = replicationReport(results);

  it("a replication report: an error bar per metric from its low to its high end, the mean between, on the row's axis", async () => {
    await open("report.svg", replicationReportSvg(report, { title: "M/M/1" }));
    expect(await page.locator(".subtitle").textContent()).toContain("8 replications");
    const rows = page.locator("g.metric");
    expect(await rows.count()).toBe(2);
    for (let r = 0; r < 2; r++) {
      const m = report.metrics[r] as (typeof report.metrics)[number];
      const row = rows.nth(r);
      expect(await row.locator(".metric-name").textContent()).toBe(m.metric);
      const axis = await ticks("x", row);
      expect(axis.length).toBeGreaterThanOrEqual(2);
      const first = axis[0] as { text: string; at: number };
      const last = axis[axis.length - 1] as { text: string; at: number };
      const toPx = (v: number): number => first.at + ((v - Number(first.text)) / (Number(last.text) - Number(first.text))) * (last.at - first.at);
      const bar = await box(".error-bar", 0, row);
      const dot = await box(".mean", 0, row);
      expect(Math.abs(bar.x - toPx(m.low))).toBeLessThanOrEqual(0.5);
      expect(Math.abs(bar.x + bar.width - toPx(m.high))).toBeLessThanOrEqual(0.5);
      expect(Math.abs(dot.x + dot.width / 2 - toPx(m.mean))).toBeLessThanOrEqual(0.5);
      expect(await row.locator(".cap").count()).toBe(2);
      expect(bar.width).toBeGreaterThan(10);
    }
  });

  it("the report's HTML page: the chart, a table row per metric, the number of replications", async () => {
    await open("report.html", replicationReportHtml(report, { title: "M/M/1 <report>" }));
    expect(await page.locator("h1").textContent()).toBe("M/M/1 <report>");
    expect(await page.locator("p.replications").textContent()).toContain("8 replications");
    expect(await page.locator("tbody tr").count()).toBe(2);
    expect(await page.locator("tbody th").allTextContents()).toEqual(["mean wait", "utilisation"]);
    expect(await page.locator("svg .error-bar").count()).toBe(2);
  });
});
