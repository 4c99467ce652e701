/**
 * Fails when a public export has no doc comment, or a public value (function,
 * class, constant) has no `@example`. Run by `npm run lint`, so CI enforces it.
 *
 * Why a script besides typedoc's validation (scripts/check-api-docs.mjs,
 * which requires a comment on every documented export and member): typedoc
 * cannot require examples; the rule here is the project's own ("every export
 * has a doc comment with a short example"), applied to values, where an
 * example says the most. Types and interfaces need a comment; an example is
 * welcome.
 */
import ts from "typescript";
import { resolve } from "node:path";

// The package's entry points (see the exports map in package.json).
const entries = ["index.ts", "promise.ts", "node.ts", "extend.ts", "eslint.ts"].map((f) => resolve(__dirname, "..", "src", f));
const program = ts.createProgram(entries, { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, strict: true, types: ["node"] });
const checker = program.getTypeChecker();

const problems: string[] = [];
const seen = new Set<ts.Symbol>();
for (const entry of entries) {
  const source = program.getSourceFile(entry);
  const moduleSymbol = source === undefined ? undefined : checker.getSymbolAtLocation(source);
  if (moduleSymbol === undefined) throw new Error(`cannot read the module ${entry}`);
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const declaration = symbol.declarations?.[0];
    if (declaration === undefined || seen.has(symbol)) continue;
    seen.add(symbol);
    const where = `${exported.name} (${declaration.getSourceFile().fileName.replace(/.*\/src\//, "src/")})`;
    const docs = ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
    const tags = symbol.getJsDocTags(checker).map((t) => t.name);
    const isValue = (symbol.flags & (ts.SymbolFlags.Function | ts.SymbolFlags.Class | ts.SymbolFlags.Variable)) !== 0;
    if (docs === "") problems.push(`${where}: no doc comment`);
    else if (isValue && !tags.includes("example")) problems.push(`${where}: no @example`);
  }
}

if (problems.length > 0) {
  console.error(`check-docs: ${problems.length} public export(s) lack documentation:\n  ${problems.join("\n  ")}`);
  process.exit(1);
}
console.log(`check-docs: all ${seen.size} public exports are documented (values with an @example)`);
