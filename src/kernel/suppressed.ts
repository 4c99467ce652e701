/**
 * Several failures, one error: when a task (or `all`, `race`, `timeout`)
 * collects more than one failure, the first reaches the caller as the same
 * object, so `catch (e) { if (e instanceof OverdraftError) ... }` keeps
 * working, and the later ones are attached to it as *suppressed* (as
 * Kotlin's and Java's suppressed exceptions), never dropped.
 *
 * They are kept beside the error, in a WeakMap, not on it: the user's error
 * object is not changed, and the list goes when the error does. A first
 * failure that is not an object (`throw "boom"`) cannot carry anything; it
 * is then wrapped in an AggregateError of all of them, first first.
 */
import { describeValue } from "./errors.js";

const attached = new WeakMap<object, unknown[]>();

/** At most this many are kept per error: one error object thrown again and again must not grow without bound. */
const MAX_SUPPRESSED = 64;

/**
 * The failures that happened after `error` in the same task or operation,
 * attached to it because only one error can be thrown; in order. Empty for
 * an error that has none, or for anything that is not an object.
 *
 * @example
 * ```ts
 * try { run(main); } catch (e) {
 *   console.error(e);
 *   for (const later of suppressedErrors(e)) console.error("  and then:", later);
 * }
 * ```
 *
 * @category Errors
 */
export function suppressedErrors(error: unknown): readonly unknown[] {
  if (typeof error !== "object" || error === null) return [];
  return attached.get(error) ?? [];
}

/**
 * @internal Gives the error to throw for `first` followed by `later`:
 * `first` itself, with `later` attached as suppressed (skipping `first`
 * and duplicates), or, when `first` is not an object, an AggregateError of
 * them all.
 */
export function withSuppressed(first: unknown, later: readonly unknown[], what: string): unknown {
  const others = later.filter((e) => e !== first);
  if (others.length === 0) return first;
  if (typeof first !== "object" || first === null) {
    const all = [first, ...others];
    return new AggregateError(all, `${what} failed with ${all.length} errors: ${all.map(messageOf).join("; ")}`);
  }
  let list = attached.get(first);
  if (list === undefined) attached.set(first, (list = []));
  for (const e of others) {
    if (list.length >= MAX_SUPPRESSED) break;
    if (!list.includes(e)) list.push(e);
  }
  return first;
}

function messageOf(error: unknown): string {
  try {
    return error instanceof Error ? String(error.message) : describeValue(error);
  } catch {
    return "(an error whose message could not be read)";
  }
}
