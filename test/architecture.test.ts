/**
 * The layering rule: primitives (src/sync, src/sim) use the kernel only
 * through its public low-level interface, src/kernel/api.ts, the same one a
 * user writing a primitive outside the package has. A primitive that needs
 * more is a sign the kernel's interface is missing something.
 */
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join } from "node:path";

const src = join(__dirname, "..", "src");

function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/^\s*(?:import|export)[^;]*?from\s+"([^"]+)"/gms)].map((m) => m[1] as string);
}

describe("layering", () => {
  for (const layer of ["sync", "sim"]) {
    const dir = join(src, layer);
    if (!existsSync(dir)) continue;
    const files = readdirSync(dir).filter((f) => f.endsWith(".ts"));
    it(`src/${layer} reaches the kernel only through kernel/api.ts (${files.length} files)`, () => {
      expect(files.length).toBeGreaterThan(0);
      const offending: string[] = [];
      let throughApi = 0;
      for (const f of files) {
        for (const spec of importsOf(join(dir, f))) {
          if (spec.endsWith("/kernel/api.js")) throughApi++;
          else if (spec.includes("/kernel/")) offending.push(`${layer}/${f} imports ${spec}`);
        }
      }
      expect(offending).toEqual([]);
      expect(throughApi).toBeGreaterThan(0); // the scan does see imports
    });
  }

  it("the kernel imports nothing from the layers above it", () => {
    const files = readdirSync(join(src, "kernel")).filter((f) => f.endsWith(".ts"));
    const offending = files.flatMap((f) =>
      importsOf(join(src, "kernel", f))
        .filter((spec) => !spec.startsWith("./"))
        .map((spec) => `kernel/${f} imports ${spec}`),
    );
    expect(offending).toEqual([]);
  });

  it("the library has no runtime dependencies", () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, "..", "package.json"), "utf8")) as { dependencies?: object };
    expect(pkg.dependencies ?? {}).toEqual({});
  });
});
