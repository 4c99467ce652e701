/**
 * The examples under examples/node/ print what examples/node/expected/
 * records (lines starting with "wall" have their numbers masked), and the
 * guides of this part (docs/node.md, docs/rosetta.md, docs/game-loop.md)
 * show exact copies of example files and regions, by the rule of
 * test/examples: every fenced block but `sh` follows an
 * `<!-- include: path[#region] -->` line. Re-record the outputs after an
 * intended change with:
 *   UPDATE_EXPECTED=1 npx jest test/node/examples
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { format } from "node:util";
import * as edges from "../../examples/node/edges.js";
import * as replications from "../../examples/node/replications.js";
import * as rosetta from "../../examples/node/rosetta.js";

const ROOT = join(__dirname, "..", "..");
const UPDATE = process.env["UPDATE_EXPECTED"] === "1";

async function capture(main: () => void | Promise<void>): Promise<string> {
  const lines: string[] = [];
  const spy = jest.spyOn(console, "log").mockImplementation((...parts: unknown[]) => void lines.push(format(...parts)));
  try {
    await main();
  } finally {
    spy.mockRestore();
  }
  return lines.map((l) => (l.startsWith("wall") ? l.replace(/\d+(?:[.,]\d+)*/g, "#") : l)).join("\n") + "\n";
}

const EXAMPLES: Record<string, () => void | Promise<void>> = {
  rosetta: () => rosetta.main(),
  edges: () => edges.main(),
  replications: () => replications.main(["--workers", "2"]),
};

describe("examples/node print their recorded output", () => {
  for (const [name, main] of Object.entries(EXAMPLES)) {
    test(
      name,
      async () => {
        const actual = await capture(main);
        const path = join(ROOT, "examples", "node", "expected", `${name}.txt`);
        if (UPDATE) {
          mkdirSync(dirname(path), { recursive: true });
          writeFileSync(path, actual);
        }
        expect(actual).toBe(readFileSync(path, "utf8"));
      },
      60_000,
    );
  }
});

/** The text an include marker names: a file, or one `// #region` of it, dedented, markers dropped. */
function included(spec: string): string {
  const [path, region] = spec.split("#") as [string, string | undefined];
  let lines = readFileSync(join(ROOT, path), "utf8").replace(/\n+$/, "").split("\n");
  if (region !== undefined) {
    const from = lines.findIndex((l) => l.trim() === `// #region ${region}`);
    const to = lines.findIndex((l, i) => i > from && l.trim() === `// #endregion ${region}`);
    if (from < 0 || to < 0) throw new Error(`${path} has no region "${region}"`);
    lines = lines.slice(from + 1, to);
  }
  lines = lines.filter((l) => !/^\s*\/\/ #(end)?region\b/.test(l));
  const indent = Math.min(...lines.filter((l) => l.trim() !== "").map((l) => /^ */.exec(l)?.[0].length ?? 0));
  return lines.map((l) => l.slice(indent)).join("\n");
}

describe("the guides show exact copies of the examples", () => {
  for (const doc of ["docs/node.md", "docs/rosetta.md", "docs/game-loop.md"]) {
    test(doc, () => {
      const text = readFileSync(join(ROOT, doc), "utf8");
      const problems: string[] = [];
      let blocks = 0;
      for (const m of text.matchAll(/(?:<!-- include: (\S+) -->\n+)?```(\S*)\n([\s\S]*?)\n```/g)) {
        blocks++;
        const [, spec, lang, body] = m as unknown as [string, string | undefined, string, string];
        if (lang === "sh") {
          for (const f of body.matchAll(/npx tsx (\S+)|node (\S+\.mjs)/g)) if (!existsSync(join(ROOT, (f[1] ?? f[2]) as string))) problems.push(`${doc}: no file ${f[1] ?? f[2]}`);
        } else if (spec === undefined) problems.push(`${doc}: a \`${lang}\` block without an include marker`);
        else if (included(spec) !== body) problems.push(`${doc}: the block from ${spec} differs`);
      }
      for (const m of text.replace(/```[\s\S]*?```/g, "").matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = (m[1] as string).split("#")[0] as string;
        if (target !== "" && !/^[a-z]+:/.test(target) && !existsSync(join(ROOT, dirname(doc), target))) problems.push(`${doc}: broken link ${m[1]} (${relative(ROOT, join(ROOT, dirname(doc), target))})`);
      }
      expect(problems).toEqual([]);
      expect(blocks).toBeGreaterThan(3);
    });
  }
});
