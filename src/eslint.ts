/**
 * spindle/eslint: a lint rule for the commonest mistake with operations,
 * creating one and never yielding it. `sleep(100);` or `spawn(child);` on a
 * line of its own does nothing (an operation runs only when a task yields
 * it), and `child();` only creates a generator: the same mistake as an
 * un-awaited coroutine in asyncio or a floating promise.
 *
 * The rule needs type information (typescript-eslint's parser with
 * `projectService` or `project`), because what a call returns decides it:
 * it reports an expression statement whose value is a spindle instruction
 * (`sleep()`, `spawn()`, a channel's `send()`...) or a generator object.
 * It leaves alone what acts when it is made and may be dropped on purpose:
 * a Task (`host.spawn(main);`) and a simulation event or operation
 * (`store.put(item);` in setup code). `void op;` silences it for one line.
 *
 * No runtime dependency: the rule uses the type checker that
 * typescript-eslint hands it, and declares the little of ESLint's and
 * TypeScript's shapes that it reads.
 *
 * @example
 * ```ts
 * // eslint.config.mjs
 * import spindle from "spindle/eslint";
 * export default [
 *   // ...typescript-eslint's config, with parserOptions.projectService: true
 *   { plugins: { spindle }, rules: { "spindle/no-floating-operation": "error" } },
 * ];
 * ```
 *
 * @module spindle/eslint
 */

/** The parts of a TypeScript type the rule asks about. */
interface TypeLike {
  getProperty(name: string): unknown;
  isUnion?(): boolean;
  types?: TypeLike[];
}

/** The parts of typescript-eslint's parser services the rule uses. */
interface ParserServices {
  program?: { getTypeChecker(): { getTypeAtLocation(node: unknown): TypeLike } } | null;
  esTreeNodeToTSNodeMap?: { get(node: unknown): unknown };
}

/** An ESTree node, as far as the rule reads it. */
interface NodeLike {
  type: string;
  expression?: NodeLike;
  callee?: NodeLike;
  name?: string;
  property?: NodeLike;
}

/** The rule context, as far as the rule reads it. */
interface ContextLike {
  sourceCode?: { parserServices?: ParserServices; getText(node: unknown): string };
  report(descriptor: { node: unknown; messageId: string; data: Record<string, string> }): void;
}

/** What kind of forgotten operation a type is, or null. */
function kindOf(type: TypeLike): "instruction" | "generator" | null {
  if (type.isUnion?.() === true && type.types !== undefined) {
    for (const t of type.types) {
      const kind = kindOf(t);
      if (kind !== null) return kind;
    }
    return null;
  }
  const has = (name: string): boolean => type.getProperty(name) !== undefined;
  if (has("tryNow") && has("park") && has("describe")) {
    // A Task (it was started: dropping its handle is fine) or a simulation
    // event or operation (it acted when it was made) is not a mistake.
    if (has("interrupt") || has("defuse")) return null;
    return "instruction";
  }
  if (has("next") && has("throw") && has("return")) return "generator"; // a Generator (an iterator has no required throw)
  return null;
}

const MESSAGES = {
  /** For a spindle operation that is never yielded. */
  instruction: "`{{text}}` is an operation: it does nothing unless a task yields it. Write `yield* {{text}}` (or pass it to all/race/select/timeout); `void` it if dropping it is meant.",
  /** For a generator object (a `function*` called without `yield*`). */
  generator: "`{{text}}` only creates a generator: its body does not run. Write `yield* {{text}}` to run it in this task, or `yield* spawn(...)` to run it beside; `void` it if dropping it is meant.",
  /** Reported once per file when the parser gives no type information. */
  noTypes: "spindle/no-floating-operation needs type information: configure typescript-eslint's parser with parserOptions.projectService (or project).",
};

/**
 * The rule: `spindle/no-floating-operation`. See the file header.
 *
 * @example
 * ```ts
 * import { noFloatingOperation } from "spindle/eslint";
 * const plugin = { rules: { "no-floating-operation": noFloatingOperation } };
 * ```
 */
export const noFloatingOperation = {
  /** What ESLint reads about the rule. */
  meta: {
    /** A "problem": the code does not do what it says. */
    type: "problem" as const,
    /** The rule's documentation, for editors and `eslint --format`. */
    docs: {
      /** One line on what the rule reports. */
      description: "An operation or a generator created and never yielded does nothing.",
    },
    /** The messages it reports, by id. */
    messages: MESSAGES,
    /** The rule takes no options. */
    schema: [],
  },
  /** Called by ESLint for each file: returns the visitor that checks expression statements. */
  create(context: ContextLike): Record<string, (node: NodeLike) => void> {
    const services = context.sourceCode?.parserServices;
    const program = services?.program ?? null;
    const map = services?.esTreeNodeToTSNodeMap;
    let warned = false;
    return {
      ExpressionStatement(node: NodeLike): void {
        const expr = node.expression;
        if (expr === undefined || (expr.type !== "CallExpression" && expr.type !== "NewExpression")) return;
        if (program === null || map === undefined) {
          if (!warned) context.report({ node, messageId: "noTypes", data: {} });
          warned = true;
          return;
        }
        const kind = kindOf(program.getTypeChecker().getTypeAtLocation(map.get(expr)));
        if (kind === null) return;
        const text = context.sourceCode?.getText(expr) ?? "this";
        context.report({ node: expr, messageId: kind, data: { text: text.length > 60 ? `${text.slice(0, 57)}...` : text } });
      },
    };
  },
};

/**
 * The ESLint plugin: `{ rules: { "no-floating-operation": ... } }`.
 *
 * @example
 * ```ts
 * import spindle from "spindle/eslint";
 * export default [{ plugins: { spindle }, rules: { "spindle/no-floating-operation": "error" } }];
 * ```
 */
const plugin = {
  /** The plugin's rules, by name. */
  rules: {
    /** See {@link noFloatingOperation}. */
    "no-floating-operation": noFloatingOperation,
  },
};
export default plugin;
