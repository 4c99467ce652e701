/**
 * Fails when a public export has no doc comment, or a public value (function,
 * class, constant) has no `@example`. Run by `npm run lint`, so CI enforces it.
 *
 * Why a script and not typedoc's validation: typedoc can require comments but
 * not examples; the rule here is the project's own ("every export has a doc
 * comment with a short example"), applied to values, where an example says
 * the most. Types and interfaces need a comment; an example is welcome.
 */
import ts from "typescript";
import { resolve } from "node:path";

const entry = resolve(__dirname, "..", "src", "index.ts");
const program = ts.createProgram([entry], { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, strict: true, types: [] });
const checker = program.getTypeChecker();
const source = program.getSourceFile(entry);
if (source === undefined) throw new Error(`cannot read ${entry}`);
const moduleSymbol = checker.getSymbolAtLocation(source);
if (moduleSymbol === undefined) throw new Error("src/index.ts is not a module");

const problems: string[] = [];
let checked = 0;
for (const exported of checker.getExportsOfModule(moduleSymbol)) {
  const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
  const declaration = symbol.declarations?.[0];
  if (declaration === undefined) continue;
  checked++;
  const where = `${exported.name} (${declaration.getSourceFile().fileName.replace(/.*\/src\//, "src/")})`;
  const docs = ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
  const tags = symbol.getJsDocTags(checker).map((t) => t.name);
  const isValue = (symbol.flags & (ts.SymbolFlags.Function | ts.SymbolFlags.Class | ts.SymbolFlags.Variable)) !== 0;
  if (docs === "") problems.push(`${where}: no doc comment`);
  else if (isValue && !tags.includes("example")) problems.push(`${where}: no @example`);
}

if (problems.length > 0) {
  console.error(`check-docs: ${problems.length} public export(s) lack documentation:\n  ${problems.join("\n  ")}`);
  process.exit(1);
}
console.log(`check-docs: all ${checked} public exports are documented (values with an @example)`);
