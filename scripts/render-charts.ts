/**
 * Writes the charts of docs/simulation.md to docs/images/: SVG files drawn
 * by the models in examples/charts/. Deterministic (seeded runs, pure string
 * output), so test/sim/chart-images.test.ts can check that the committed
 * pictures are what the code draws now.
 *
 * Run: npm run charts
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { allCharts } from "../examples/charts/all.js";

const out = resolve(__dirname, "..", "docs", "images");
mkdirSync(out, { recursive: true });
for (const [file, svg] of Object.entries(allCharts())) {
  writeFileSync(join(out, file), svg);
  console.log(`wrote docs/images/${file} (${svg.length} bytes)`);
}
