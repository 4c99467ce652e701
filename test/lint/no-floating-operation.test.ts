/**
 * spindle/eslint's no-floating-operation, run by ESLint with
 * typescript-eslint's typed parser over a fixture whose reported lines are
 * marked with "report".
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ESLint } from "eslint";
import tseslint from "typescript-eslint";
import spindle from "../../src/eslint.js";

const FIXTURES = join(__dirname, "fixtures");

async function lint(file: string, typed: boolean): Promise<ESLint.LintResult> {
  const eslint = new ESLint({
    cwd: FIXTURES,
    overrideConfigFile: true,
    overrideConfig: [
      {
        files: ["**/*.ts"],
        languageOptions: {
          parser: tseslint.parser,
          parserOptions: typed ? { project: join(FIXTURES, "tsconfig.json"), tsconfigRootDir: FIXTURES } : {},
        },
        plugins: { spindle: spindle as unknown as ESLint.Plugin },
        rules: { "spindle/no-floating-operation": "error" },
      },
    ],
  });
  const [result] = await eslint.lintFiles([join(FIXTURES, file)]);
  return result as ESLint.LintResult;
}

describe("spindle/no-floating-operation", () => {
  it("reports exactly the operations and generators created and never yielded", async () => {
    const result = await lint("floating.ts", true);
    const source = readFileSync(join(FIXTURES, "floating.ts"), "utf8").split("\n");
    const expected = source.flatMap((line, i) => (/\/\/ report: (\w+)/.test(line) ? [i + 1] : []));
    expect(result.messages.map((m) => m.line)).toEqual(expected);
    expect(result.messages.map((m) => m.ruleId)).toEqual(expected.map(() => "spindle/no-floating-operation"));
    expect(result.messages[0]?.message).toBe("`sleep(100)` is an operation: it does nothing unless a task yields it. Write `yield* sleep(100)` (or pass it to all/race/select/timeout); `void` it if dropping it is meant.");
    expect(result.messages[3]?.message).toMatch(/^`child\(\)` only creates a generator: its body does not run/);
  }, 60_000);

  it("without type information it says what it needs, once", async () => {
    const result = await lint("floating.ts", false);
    expect(result.messages.map((m) => m.message)).toEqual([
      "spindle/no-floating-operation needs type information: configure typescript-eslint's parser with parserOptions.projectService (or project).",
    ]);
  }, 60_000);
});
