/**
 * docs/simulation.md, checked like the other guides (test/examples does the
 * same for the guides it lists): every code block is preceded by
 * `<!-- include: <path>[#<region>] -->` and is an exact copy of that file or
 * of its `// #region <name>` … `// #endregion <name>` part, so every snippet
 * is type-checked and run by the examples' test; every `npx tsx <file>`
 * names a file that exists; relative links point at files that exist.
 *
 * After an intended change: UPDATE_EXPECTED=1 npx jest test/sim/docs
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

const ROOT = join(__dirname, "..", "..");
const DOC = "docs/simulation.md";
const UPDATE = process.env["UPDATE_EXPECTED"] === "1";

const read = (path: string): string => readFileSync(join(ROOT, path), "utf8");

/** A whole file, or one region of it, dedented, without region markers. */
function included(spec: string): string {
  const [path, region] = spec.split("#") as [string, string | undefined];
  let lines = read(path).replace(/\n+$/, "").split("\n");
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

describe(DOC, () => {
  it("every code block is an included example region or output, or a command that exists", () => {
    const lines = read(DOC).split("\n");
    const problems: string[] = [];
    const rewrites: [number, number, string[]][] = [];
    for (let i = 0; i < lines.length; i++) {
      const open = /^```(\S*)\s*$/.exec(lines[i] as string);
      if (open === null) continue;
      let end = i + 1;
      while (end < lines.length && lines[end] !== "```") end++;
      const body = lines.slice(i + 1, end).join("\n");
      let before = i - 1;
      while (before >= 0 && (lines[before] as string).trim() === "") before--;
      const marker = before >= 0 ? /^<!-- include: (\S+) -->$/.exec(lines[before] as string) : null;
      if (open[1] === "sh") {
        for (const m of body.matchAll(/npx tsx (\S+)/g)) if (!existsSync(join(ROOT, m[1] as string))) problems.push(`line ${i + 1}: no file ${m[1]}`);
      } else if (marker === null) {
        problems.push(`line ${i + 1}: a \`${open[1]}\` block without an include marker`);
      } else {
        const expected = included(marker[1] as string);
        if (body !== expected) {
          if (UPDATE) rewrites.push([i + 1, end, expected.split("\n")]);
          else problems.push(`line ${i + 1}: differs from ${marker[1]}; run UPDATE_EXPECTED=1 npx jest test/sim/docs`);
        }
      }
      i = end;
    }
    if (UPDATE && rewrites.length > 0) {
      for (const [from, to, text] of rewrites.reverse()) lines.splice(from, to - from, ...text);
      writeFileSync(join(ROOT, DOC), lines.join("\n"));
    }
    expect(problems).toEqual([]);
  });

  it("relative links point at files that exist", () => {
    const text = read(DOC).replace(/```[\s\S]*?```/g, "");
    const broken = [...text.matchAll(/\]\(([^)\s]+)\)/g)]
      .map((m) => (m[1] as string).split("#")[0] as string)
      .filter((target) => target !== "" && !/^[a-z]+:/.test(target) && !existsSync(join(ROOT, dirname(DOC), target)));
    expect(broken).toEqual([]);
  });
});
