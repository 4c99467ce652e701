/**
 * The programs under examples/rosetta/ (shown in docs/rosetta.md) print what
 * examples/expected/rosetta/ records. The docs' code blocks themselves are
 * checked with the other guides by examples.test.ts. Re-record after an
 * intended change with:
 *   UPDATE_EXPECTED=1 npx jest test/examples
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { format } from "node:util";

const ROOT = join(__dirname, "..", "..");
const UPDATE = process.env["UPDATE_EXPECTED"] === "1";

/**
 * Every example in examples/rosetta/, by its file name without ".ts". Each is
 * a whole program that runs when loaded (as in ESM and CommonJS alike), so
 * loading it, here, inside capture(), runs it once.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- import() needs jest's ESM mode */
const EXAMPLES: Record<string, () => void> = {
  "js-csp": () => void require("../../examples/rosetta/js-csp.js"),
  "redux-saga": () => void require("../../examples/rosetta/redux-saga.js"),
  unity: () => void require("../../examples/rosetta/unity.js"),
};
/* eslint-enable @typescript-eslint/no-require-imports */

function capture(main: () => void): string {
  const lines: string[] = [];
  const spy = jest.spyOn(console, "log").mockImplementation((...parts: unknown[]) => void lines.push(format(...parts)));
  try {
    main();
  } finally {
    spy.mockRestore();
  }
  return lines.join("\n") + "\n";
}

describe("examples/rosetta print their recorded output", () => {
  test("every example in examples/rosetta/ is listed here", () => {
    const found = readdirSync(join(ROOT, "examples", "rosetta"))
      .filter((f) => f.endsWith(".ts"))
      .map((f) => f.slice(0, -".ts".length));
    expect(found.sort()).toEqual(Object.keys(EXAMPLES).sort());
  });

  for (const [name, main] of Object.entries(EXAMPLES)) {
    test(name, () => {
      const actual = capture(main);
      const path = join(ROOT, "examples", "expected", "rosetta", `${name}.txt`);
      if (UPDATE) {
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, actual);
      }
      expect(actual).toBe(readFileSync(path, "utf8"));
    });
  }
});
