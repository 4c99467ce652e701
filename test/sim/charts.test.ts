/**
 * The numbers behind the charts, against values computed independently:
 * tick choice, histogram bins, Student-t quantiles (published tables) and
 * replication summaries (by hand); what the SVG strings contain; the
 * opt-in log of waits; and the errors bad input gets.
 */
import { InvalidArgumentError, UsageError, sleep } from "../../src/index.js";
import {
  Resource,
  Simulation,
  WaitTally,
  startProcess,
  histogramBins,
  histogramSvg,
  replicationReport,
  replicationReportHtml,
  replicationReportSvg,
  stepChartSvg,
  studentTQuantile,
} from "../../src/sim/index.js";
import { incompleteBeta, lnGamma } from "../../src/sim/charts/student-t.js";
import { formatTick, niceAxis } from "../../src/sim/charts/ticks.js";
import { escapeXml } from "../../src/sim/charts/xml.js";

describe("nice axis ticks", () => {
  it("steps of 1, 2 or 5 times a power of ten, widened to whole steps", () => {
    expect(niceAxis(0, 9.3)).toEqual({ min: 0, max: 10, step: 2, ticks: [0, 2, 4, 6, 8, 10] });
    expect(niceAxis(0, 170)).toEqual({ min: 0, max: 200, step: 50, ticks: [0, 50, 100, 150, 200] });
    expect(niceAxis(0.8857, 0.9052, 4).ticks).toEqual([0.885, 0.89, 0.895, 0.9, 0.905, 0.91]);
    expect(niceAxis(-3, 7).ticks).toEqual([-4, -2, 0, 2, 4, 6, 8]);
    expect(niceAxis(1e6, 4e6).ticks).toEqual([1e6, 2e6, 3e6, 4e6]); // 3e6 / 5 rounds up to a step of 1e6
  });

  it("counts get whole-number steps; a constant gets an axis around it", () => {
    expect(niceAxis(0, 2, 5, true).ticks).toEqual([0, 1, 2]);
    expect(niceAxis(0, 2).ticks).toEqual([0, 0.5, 1, 1.5, 2]);
    expect(niceAxis(0, 0).ticks).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    const around = niceAxis(5, 5);
    expect(around.min).toBeLessThan(5);
    expect(around.max).toBeGreaterThan(5);
  });

  it("labels carry the decimals the step needs and no float noise", () => {
    expect(formatTick(0.30000000000000004, 0.1)).toBe("0.3");
    expect(formatTick(1500, 500)).toBe("1500");
    expect(formatTick(-0, 0.5)).toBe("0.0");
    expect(formatTick(0.895, 0.005)).toBe("0.895");
  });

  it("a range tiny beside its magnitude gets a few ticks that doubles can tell apart, covering it", () => {
    // 1e17 / 5 is past 2^53, where counting in steps of 1 no longer moves
    for (const [lo, hi] of [[1e17, 1e17 + 16], [1e17, 1e17 + 64], [-1e300, -1e300 * (1 - 1e-15)], [1.5, 1.5 + 4e-16]]) {
      const axis = niceAxis(lo as number, hi as number);
      expect(axis.ticks.length).toBeGreaterThanOrEqual(2);
      expect(axis.ticks.length).toBeLessThanOrEqual(1000);
      expect(axis.ticks.every((v, i) => i === 0 || v > (axis.ticks[i - 1] as number))).toBe(true);
      expect(axis.min).toBeLessThanOrEqual(lo as number);
      expect(axis.max).toBeGreaterThanOrEqual(hi as number);
      expect(axis.step).toBeGreaterThan(0);
    }
  });

  it("never more than 1000 ticks, whatever the target", () => {
    expect(niceAxis(0, 1, 1e9).ticks.length).toBeLessThanOrEqual(1001);
  });

  it("tiny magnitudes get labels in exponent form rather than an error or zeros", () => {
    const axis = niceAxis(1e-120, 3e-120);
    const labels = axis.ticks.map((v) => formatTick(v, axis.step));
    expect(labels).toContain("1e-120");
    expect(labels).toContain("3e-120");
    expect(formatTick(1.5e-30, 1e-31)).toBe("1.5e-30");
    expect(formatTick(0, 1e-31)).toBe("0");
  });
});

describe("Student's t quantiles", () => {
  it("match published values", () => {
    expect(studentTQuantile(0.975, 9)).toBeCloseTo(2.262157, 6);
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(12.7062, 4);
    expect(studentTQuantile(0.975, 2)).toBeCloseTo(4.302653, 6);
    expect(studentTQuantile(0.975, 5)).toBeCloseTo(2.570582, 6);
    expect(studentTQuantile(0.975, 30)).toBeCloseTo(2.042272, 6);
    expect(studentTQuantile(0.995, 4)).toBeCloseTo(4.604095, 6);
    expect(studentTQuantile(0.95, 20)).toBeCloseTo(1.724718, 6);
    expect(studentTQuantile(0.975, 1e6)).toBeCloseTo(1.959964, 5); // large n: the normal quantile
  });

  it("df = 2 has a closed form, t = (2p - 1) / sqrt(2p(1 - p)), which it agrees with to 1e-12", () => {
    for (const p of [0.6, 0.9, 0.975, 0.999]) expect(Math.abs(studentTQuantile(p, 2) - (2 * p - 1) / Math.sqrt(2 * p * (1 - p)))).toBeLessThan(1e-12);
  });

  it("is symmetric about 0", () => {
    expect(studentTQuantile(0.5, 7)).toBe(0);
    expect(studentTQuantile(0.025, 9)).toBeCloseTo(-2.262157, 6);
  });

  it("rests on an incomplete beta function and ln Γ that match closed forms", () => {
    expect(lnGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 14);
    expect(lnGamma(10)).toBeCloseTo(Math.log(362880), 12);
    for (const x of [0.01, 0.3, 0.7, 0.99]) {
      expect(incompleteBeta(x, 1, 0.5)).toBeCloseTo(1 - Math.sqrt(1 - x), 14); // I_x(1, b) = 1 - (1-x)^b
      expect(incompleteBeta(x, 2, 1)).toBeCloseTo(x * x, 14); // I_x(a, 1) = x^a
    }
  });

  it("stays accurate to 1e-9 for any number of degrees of freedom, up to 1e16", () => {
    // The normal quantile and its Cornish–Fisher corrections, whose next term is below 1e-15 from df = 1e4 on.
    const z = 1.959963984540054;
    const expansion = (df: number): number =>
      z +
      (z ** 3 + z) / (4 * df) +
      (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df ** 2) +
      (3 * z ** 7 + 19 * z ** 5 + 17 * z ** 3 - 15 * z) / (384 * df ** 3) +
      (79 * z ** 9 + 776 * z ** 7 + 1482 * z ** 5 - 1920 * z ** 3 - 945 * z) / (92160 * df ** 4);
    for (const df of [1e4, 3e4, 1e5, 1e6, 1e8, 1e10, 1e12, 1e14, 1e16]) {
      expect(Math.abs(studentTQuantile(0.975, df) - expansion(df))).toBeLessThan(1e-9);
      expect(Math.abs(studentTQuantile(0.025, df) + expansion(df))).toBeLessThan(1e-9);
    }
  });

  it("is accurate to 1e-12 (relatively) near the median and far in the tail, where t's two variables hand over", () => {
    // Reference values computed to 30 digits from the incomplete beta function.
    for (const [p, df, t] of [
      [0.6, 999, 0.2534145833303673],
      [0.51, 50, 0.025194638118957533],
      [0.995, 20000, 2.5760751530172548],
      [0.999999999999, 1000, 7.1242321273824425],
      [0.999999999999, 1e5, 7.035374828293038],
      [0.999999, 1e8, 4.753424589210225],
    ] as const) {
      expect(Math.abs(studentTQuantile(p, df) / t - 1)).toBeLessThan(1e-12);
    }
  });

  it("refuses a probability outside (0, 1) or degrees of freedom that are not positive", () => {
    for (const [p, df] of [[0, 5], [1, 5], [NaN, 5], [0.975, 0], [0.975, -1], [0.975, NaN], [0.975, Infinity]] as const) {
      expect(() => studentTQuantile(p, df)).toThrow(InvalidArgumentError);
    }
  });
});

describe("histogram bins", () => {
  const oneToHundred = Array.from({ length: 100 }, (_, i) => i + 1);

  it("Freedman–Diaconis: width 2·IQR·n^(-1/3)", () => {
    // quartiles of 1..100 (linear interpolation): 25.75 and 75.25; width 2·49.5/100^(1/3) = 21.33; range 99 → 5 bins
    const h = histogramBins(oneToHundred);
    expect(h.rule).toBe("freedman-diaconis");
    expect(h.counts).toHaveLength(5);
    expect(h.edges[0]).toBe(1);
    expect(h.edges[5]).toBe(100);
    expect(h.edges[1]).toBeCloseTo(1 + 99 / 5, 12);
    expect(h.counts).toEqual([20, 20, 20, 20, 20]);
  });

  it("Sturges when asked, or when the interquartile range is 0", () => {
    expect(histogramBins(oneToHundred, { bins: "sturges" }).counts).toHaveLength(8); // ceil(log2 100) + 1
    const mostlyZero = [...new Array<number>(90).fill(0), 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const h = histogramBins(mostlyZero);
    expect(h.rule).toBe("sturges");
    expect(h.counts).toHaveLength(8);
    expect(h.counts[0]).toBe(90 + 1); // 0s and the 1 (bin width 10/8)
  });

  it("a given number of bins; the largest value falls in the last bin; every value is counted once", () => {
    const h = histogramBins([1, 2, 2, 3], { bins: 2 });
    expect(h).toEqual({ edges: [1, 2, 3], counts: [1, 3], rule: "given" });
    const values = Array.from({ length: 1000 }, (_, i) => Math.sin(i) * 50);
    expect(histogramBins(values, { bins: 17 }).counts.reduce((a, b) => a + b, 0)).toBe(1000);
  });

  it("all values equal: one bin of width 1 around them", () => {
    expect(histogramBins([4, 4, 4])).toEqual({ edges: [3.5, 4.5], counts: [3], rule: "sturges" });
  });

  it("all values equal at a magnitude where 1 is below the spacing of doubles: still a bin of positive width around them", () => {
    for (const v of [1e17, -3e200, 1.7e308]) {
      const { edges, counts } = histogramBins([v, v]);
      expect(counts).toEqual([2]);
      expect(edges[1] as number).toBeGreaterThan(edges[0] as number);
      expect(edges[0] as number).toBeLessThanOrEqual(v);
      expect(edges[1] as number).toBeGreaterThanOrEqual(v);
      expect(edges.every(Number.isFinite)).toBe(true);
    }
    const svg = histogramSvg([1e17, 1e17]);
    expect(svg).not.toMatch(/NaN|Infinity/);
    expect(Number(/class="bar"[^>]* width="([^"]*)"/.exec(svg)?.[1])).toBeGreaterThan(0);
  });

  it("refuses a range too wide for a double, saying so", () => {
    expect(() => histogramBins([-1e308, 0, 1e308])).toThrow(InvalidArgumentError);
    expect(() => histogramBins([-1e308, 0, 1e308])).toThrow(/too wide/);
  });

  it("refuses no values, values that are not finite numbers, and bad numbers of bins", () => {
    expect(() => histogramBins([])).toThrow(/no values to bin/);
    expect(() => histogramBins([1, NaN])).toThrow(/value 1 is NaN/);
    expect(() => histogramBins([1, Infinity])).toThrow(InvalidArgumentError);
    for (const bins of [-1, 0, 2.5, 20_000, NaN]) expect(() => histogramBins([1, 2], { bins })).toThrow(/whole number of bins/);
    expect(() => histogramBins([1, 2], { bins: "scott" as "sturges" })).toThrow(InvalidArgumentError);
    expect(() => histogramSvg([])).toThrow(InvalidArgumentError);
  });
});

describe("replication report", () => {
  it("mean, sample sd and the t interval, per metric", () => {
    const results = Array.from({ length: 10 }, (_, i) => ({ wait: i + 1, busy: 0.5 }));
    const report = replicationReport(results);
    expect(report.replications).toBe(10);
    expect(report.confidence).toBe(0.95);
    const [wait, busy] = report.metrics;
    // 1..10: mean 5.5, variance 82.5/9, sd 3.0276504; half-width 2.2621572·sd/√10 = 2.1658506
    expect(wait?.metric).toBe("wait");
    expect(wait?.n).toBe(10);
    expect(wait?.mean).toBeCloseTo(5.5, 12);
    expect(wait?.sd).toBeCloseTo(3.0276504, 6);
    expect(wait?.halfWidth).toBeCloseTo(2.1658506, 6);
    expect(wait?.low).toBeCloseTo(5.5 - 2.1658506, 6);
    expect(wait?.high).toBeCloseTo(5.5 + 2.1658506, 6);
    expect(busy).toEqual({ metric: "busy", n: 10, mean: 0.5, sd: 0, halfWidth: 0, low: 0.5, high: 0.5 });
  });

  it("two replications use t(0.975, 1) = 12.706; another confidence level, its own quantile", () => {
    const [m] = replicationReport([{ x: 1 }, { x: 3 }]).metrics;
    expect(m?.halfWidth).toBeCloseTo((12.7062047 * Math.SQRT2) / Math.SQRT2, 5); // sd √2, n 2
    const [m99] = replicationReport([{ x: 1 }, { x: 2 }, { x: 3 }, { x: 4 }, { x: 5 }], { confidence: 0.99 }).metrics;
    expect(m99?.halfWidth).toBeCloseTo((4.604095 * Math.sqrt(2.5)) / Math.sqrt(5), 5);
  });

  it("takes records typed by an interface, as replications return them", () => {
    interface Outcome {
      meanWait: number;
      utilisation: number;
    }
    const outcomes: Outcome[] = [
      { meanWait: 1, utilisation: 0.5 },
      { meanWait: 3, utilisation: 0.7 },
    ];
    expect(replicationReport(outcomes).metrics.map((m) => m.metric)).toEqual(["meanWait", "utilisation"]);
  });

  it("a metric missing from some records is summarised over the others", () => {
    const report = replicationReport([{ a: 1, b: 10 }, { a: 2 }, { a: 3, b: 14 }]);
    expect(report.metrics.map((m) => [m.metric, m.n, m.mean])).toEqual([
      ["a", 3, 2],
      ["b", 2, 12],
    ]);
  });

  it("refuses too few records, values that are not finite numbers, and bad confidence levels", () => {
    expect(() => replicationReport([])).toThrow(/at least 2/);
    expect(() => replicationReport([{ a: 1 }])).toThrow(/at least 2/);
    expect(() => replicationReport([{ a: 1 }, { a: NaN }])).toThrow(/replication 1 reports a = NaN/);
    expect(() => replicationReport([{ a: 1, b: 2 }, { a: 2 }])).toThrow(/only 1 replication reports b/);
    expect(() => replicationReport([{}, {}])).toThrow(InvalidArgumentError);
    expect(() => replicationReport([{ a: 1 }, null as unknown as Record<string, number>])).toThrow(InvalidArgumentError);
    expect(() => replicationReport([{ a: 1 }, { a: "2" as unknown as number }])).toThrow(/replication 1 reports a = 2/);
    for (const confidence of [0, 1, 95, NaN]) expect(() => replicationReport([{ a: 1 }, { a: 2 }], { confidence })).toThrow(/strictly between 0 and 1/);
  });

  it("draws one error bar per metric and states the number of replications", () => {
    const report = replicationReport(Array.from({ length: 12 }, (_, i) => ({ "wait <min>": 1 + (i % 3), "util & more": 0.7 + i / 100 })));
    const svg = replicationReportSvg(report, { title: "Bank <10>" });
    expect(svg.match(/class="error-bar"/g)).toHaveLength(2);
    expect(svg.match(/class="mean"/g)).toHaveLength(2);
    expect(svg).toContain("12 replications; mean and 95% confidence interval");
    expect(svg).toContain("wait &lt;min&gt;");
    expect(svg).toContain("util &amp; more");
    expect(svg).toContain("Bank &lt;10&gt;");
    const html = replicationReportHtml(report, { title: "Bank <10>" });
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html.match(/<tr><th scope="row">/g)).toHaveLength(2);
    expect(html).toContain("<h1>Bank &lt;10&gt;</h1>");
    expect(html).toContain("12 replications; 95% confidence intervals");
    expect(() => replicationReportSvg({ replications: 2, confidence: 0.95, metrics: [] })).toThrow(InvalidArgumentError);
  });
});

describe("step chart", () => {
  const log: [number, number][] = [
    [0, 0],
    [2, 3],
    [5, 1],
    [7.5, 4],
  ];

  it("draws the steps: a horizontal run per value, a jump at each change, the last value held until `until`", () => {
    const svg = stepChartSvg(log, { until: 10, title: "t", xLabel: "time", yLabel: "level" });
    // plot area: x 68..620 for t 0..10 (55.2 px per unit), y 274..36 for 0..4 (59.5 px per unit)
    expect(svg).toContain('d="M68,274H178.4V95.5H344V214.5H482V36H620"');
    expect([...svg.matchAll(/class="tick-label x-tick-label"[^>]*>([^<]*)</g)].map((m) => m[1])).toEqual(["0", "2", "4", "6", "8", "10"]);
    expect([...svg.matchAll(/class="tick-label y-tick-label"[^>]*>([^<]*)</g)].map((m) => m[1])).toEqual(["0", "1", "2", "3", "4"]);
    expect(svg).toContain('class="axis x-axis"');
    expect(svg).toContain('class="axis-title x-title"');
    expect(svg).not.toContain("legend-entry"); // one series: no legend
  });

  it("several series get a colour each and a legend; the same input gives the same string", () => {
    const series = [
      { name: "busy", log },
      { name: "queue", log: [[1, 2], [9, 0]] as [number, number][] },
    ];
    const svg = stepChartSvg(series);
    expect(svg.match(/class="series"/g)).toHaveLength(2);
    expect(svg.match(/class="legend-entry"/g)).toHaveLength(2);
    expect(stepChartSvg(series)).toBe(svg);
  });

  it("escapes every text for XML", () => {
    const svg = stepChartSvg([{ name: `<script>alert("x")</script>`, log }, { name: "a & b", log }], { title: "Q's <&>", xLabel: "t < 5", yLabel: '"y"' });
    expect(svg).not.toContain("<script");
    expect(svg).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(svg).toContain("Q&#39;s &lt;&amp;&gt;");
    expect(svg).toContain("t &lt; 5");
    expect(svg).toContain("&quot;y&quot;");
    expect(escapeXml(`&<>"'`)).toBe("&amp;&lt;&gt;&quot;&#39;");
  });

  it("replaces characters XML forbids (control characters, lone surrogates) so that the SVG stays well-formed", () => {
    // eslint-disable-next-line no-control-regex -- the control characters are what this test looks for
    const forbidden = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
    expect(escapeXml("a\u0000b\u0001c\u001Fd\uD800e\uDC00f\uFFFF")).toBe("a\uFFFDb\uFFFDc\uFFFDd\uFFFDe\uFFFDf\uFFFD");
    expect(escapeXml("tab\tlf\ncr\r 😀 é")).toBe("tab\tlf\ncr\r 😀 é"); // allowed, and a surrogate pair is kept
    const step = stepChartSvg([{ name: "queue\u0001A", log }, { name: "b\uD83D", log }], { title: "t\u0007", xLabel: "x\u0000", yLabel: "y\uDE00" });
    expect(step).not.toMatch(forbidden);
    expect(step).toContain("queue\uFFFDA");
    const report = replicationReportSvg(replicationReport([{ "w\u0000": 1 }, { "w\u0000": 2 }]));
    expect(report).not.toMatch(forbidden);
    expect(replicationReportHtml(replicationReport([{ "w\u0000": 1 }, { "w\u0000": 2 }]))).not.toMatch(forbidden);
  });

  it("refuses texts that are not strings, naming the option", () => {
    expect(() => stepChartSvg(log, { title: 42 as unknown as string })).toThrow(InvalidArgumentError);
    expect(() => stepChartSvg(log, { title: 42 as unknown as string })).toThrow(/title/);
    expect(() => stepChartSvg(log, { xLabel: {} as unknown as string })).toThrow(/xLabel/);
    expect(() => stepChartSvg(log, { yLabel: null as unknown as string })).toThrow(/yLabel/);
    expect(() => stepChartSvg([{ name: 7 as unknown as string, log }, { name: "b", log }])).toThrow(/name of series 0/);
    expect(() => histogramSvg([1, 2], { title: 1 as unknown as string })).toThrow(/title/);
    const report = { confidence: 0.95, replications: 2, metrics: [{ metric: 5 as unknown as string, mean: 1, low: 0, high: 2, sd: 1, halfWidth: 1, n: 2 }] };
    expect(() => replicationReportSvg(report)).toThrow(InvalidArgumentError);
    expect(() => replicationReportSvg(report)).toThrow(/metric/);
    expect(() => replicationReportHtml(report)).toThrow(InvalidArgumentError);
    expect(() => replicationReportSvg(replicationReport([{ a: 1 }, { a: 2 }]), { title: 3 as unknown as string })).toThrow(/title/);
  });

  it("refuses an empty log, numbers that are not finite, time going back, and `until` before the last change", () => {
    expect(() => stepChartSvg([])).toThrow(/nothing to draw/);
    expect(() => stepChartSvg([{ name: "q", log: [] }])).toThrow(/log of series "q" is empty/);
    expect(() => stepChartSvg([[0, NaN]])).toThrow(/value of point 0 .* is NaN/);
    expect(() => stepChartSvg([[0, 1], [NaN, 2]])).toThrow(/time of point 1/);
    expect(() => stepChartSvg([[0, 1], [3, 2], [2, 0]])).toThrow(/goes back in time at point 2/);
    expect(() => stepChartSvg(log, { until: 7 })).toThrow(/before the last change/);
    expect(() => stepChartSvg(log, { width: 10 })).toThrow(InvalidArgumentError);
  });
});

describe("histogram chart", () => {
  it("one bar per bin, its count in data-count, heights proportional to the counts", () => {
    const svg = histogramSvg([1, 2, 2, 3, 3, 3, 4, 4, 4, 4], { bins: 4, title: "waits" });
    const bars = [...svg.matchAll(/class="bar" data-count="(\d+)" x="[^"]*" y="[^"]*" width="[^"]*" height="([^"]*)"/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(bars.map(([count]) => count)).toEqual([1, 2, 3, 4]);
    const perCount = (bars[0] as number[])[1] as number;
    for (const [count, height] of bars) expect(height).toBeCloseTo((count as number) * perCount, 1);
    expect(svg).toContain(">count</text>"); // the default y title
  });
});

describe("the opt-in log of waits", () => {
  it("WaitTally keeps no log by default, and every wait when asked; remove() drops the latest of that duration", () => {
    expect(new WaitTally().log).toBeNull();
    const waits = new WaitTally(true);
    waits.add(2);
    waits.add(0);
    waits.add(2);
    waits.remove(2);
    waits.add(5);
    expect(waits.log).toEqual([2, 0, 5]);
    waits.reset(); // a new window keeps the history, as TimeWeighted's log does
    expect(waits.log).toEqual([2, 0, 5]);
    expect(waits.summary().count).toBe(0);
  });

  it("a resource created with { log: true } gives its waits; without, waitLog() says how to get them", () => {
    const sim = new Simulation();
    const counter = new Resource(1, { log: true, sim });
    const plain = new Resource(1, { sim });
    sim.process(function* () {
      for (const hold of [4, 2, 1]) {
        yield* startProcess(function* () {
          yield* counter.use(sleep(hold));
        });
        yield* sleep(1);
      }
    });
    sim.run();
    expect(counter.waitLog()).toEqual([0, 3, 4]); // requests at 0, 1, 2; grants at 0, 4, 6
    expect(() => plain.waitLog()).toThrow(UsageError);
    expect(() => plain.waitLog()).toThrow(/create it with \{ log: true \}/);
  });
});
