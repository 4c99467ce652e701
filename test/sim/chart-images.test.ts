/**
 * The charts in docs/images/ are generated (npm run charts, i.e.
 * scripts/render-charts.ts) and committed: they must be exactly what the
 * code in examples/charts/ draws now, so they cannot go stale.
 *
 * After an intended change: npm run charts, and review the pictures.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { allCharts } from "../../examples/charts/all.js";

const IMAGES = join(__dirname, "..", "..", "docs", "images");

describe("the committed charts are what the examples draw now", () => {
  const charts = allCharts();

  it("every SVG in docs/images is one of them", () => {
    const committed = readdirSync(IMAGES).filter((f) => f.endsWith(".svg"));
    expect(committed.sort()).toEqual(Object.keys(charts).sort());
  });

  for (const [file, svg] of Object.entries(charts)) {
    it(file, () => {
      const path = join(IMAGES, file);
      expect(existsSync(path)).toBe(true);
      // toBe on the whole text would print both documents; compare, then say what to do.
      const same = readFileSync(path, "utf8") === svg;
      if (!same) throw new Error(`docs/images/${file} is stale: run npm run charts and commit the result`);
      expect(same).toBe(true);
    });
  }
});
