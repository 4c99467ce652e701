/**
 * The examples under examples/node/ print what examples/node/expected/
 * records (lines starting with "wall" have their numbers masked). The guides
 * that show them (docs/node.md, docs/rosetta.md, docs/game-loop.md) are
 * checked with the others by test/examples. Re-record the outputs after an
 * intended change with:
 *   UPDATE_EXPECTED=1 npx jest test/node/examples
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { format } from "node:util";
import * as edges from "../../examples/node/edges.js";
import * as replications from "../../examples/node/replications.js";
import * as rosetta from "../../examples/node/rosetta.js";
import * as sweepShards from "../../examples/node/sweep-shards.js";

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
  "sweep-shards": () => sweepShards.main(),
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
