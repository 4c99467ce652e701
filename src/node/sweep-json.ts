/**
 * The canonical JSON of a sweep's files: one text for one value, so that a
 * merge of shard files and a run on one machine give the same bytes.
 *
 * - Every object's keys are sorted, so the text does not depend on the order
 *   in which a model happened to build its result.
 * - Numbers are written by JSON.stringify, the shortest text that parses
 *   back to the same double, so values survive the round trip exactly. The
 *   four numbers JSON has no text for (NaN, Infinity, -Infinity and -0, which
 *   JSON.stringify would turn into null or 0) are written as
 *   `{"$number":"NaN"}` and read back as the number. So that no object of
 *   the caller's reads back as a number, an object whose only key is
 *   `$number` is refused: the merge would give another value than the run
 *   on one machine, with the same bytes.
 * - A property whose value is undefined is left out, as JSON.stringify does;
 *   anything else JSON cannot carry faithfully (a bigint, a Date, a Map, a
 *   class instance, a function) is refused with the path to it, rather than
 *   written as something that reads back differently.
 */
import { InvalidArgumentError } from "../kernel/errors.js";

const SPECIAL_KEY = "$number";

function specialNumber(n: number): string | null {
  if (Number.isNaN(n)) return "NaN";
  if (n === Infinity) return "Infinity";
  if (n === -Infinity) return "-Infinity";
  if (Object.is(n, -0)) return "-0";
  return null;
}

/**
 * An object literal's kind of object: its prototype is null or an
 * Object.prototype, whose own prototype is null. Compared by shape, not by
 * identity: a result that crossed from a worker thread may have been built
 * in another realm, with another Object.prototype.
 */
function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

function refuse(value: unknown, path: string, what: string): never {
  const kind = typeof value === "object" && value !== null ? (value.constructor?.name ?? "object") : typeof value;
  throw notPlainData(what, path, kind);
}

/**
 * The error for a value of kind `kind` (a class's name, or a typeof) at
 * `path` that JSON lines cannot carry: also made for a result found so in a
 * worker thread, where it was still what it was before structured clone.
 */
export function notPlainData(what: string, path: string, kind: string): InvalidArgumentError {
  return new InvalidArgumentError(`${what}: the value at ${path === "" ? "the top" : path} is a ${kind}, which JSON lines cannot carry exactly; give plain data (objects, arrays, strings, numbers, booleans, null)`);
}

function write(value: unknown, path: string, what: string, out: string[]): void {
  if (value === null) {
    out.push("null");
  } else if (typeof value === "number") {
    const special = specialNumber(value);
    out.push(special === null ? JSON.stringify(value) : `{"${SPECIAL_KEY}":"${special}"}`);
  } else if (typeof value === "string" || typeof value === "boolean") {
    out.push(JSON.stringify(value));
  } else if (Array.isArray(value)) {
    out.push("[");
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out.push(",");
      const item: unknown = value[i];
      if (item === undefined) refuse(item, `${path}[${i}]`, what);
      write(item, `${path}[${i}]`, what, out);
    }
    out.push("]");
  } else if (typeof value === "object" && isPlainObject(value)) {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record)
      .filter((key) => record[key] !== undefined)
      .sort();
    if (keys.length === 1 && keys[0] === SPECIAL_KEY) {
      throw new InvalidArgumentError(
        `${what}: the value at ${path === "" ? "the top" : path} is an object whose only key is "${SPECIAL_KEY}", which these files keep for the numbers JSON has no text for (NaN, Infinity, -0), so it would read back as something else; rename the key or add another`,
      );
    }
    out.push("{");
    let first = true;
    for (const key of keys) {
      const item = record[key];
      if (!first) out.push(",");
      first = false;
      out.push(JSON.stringify(key), ":");
      write(item, `${path}.${key}`, what, out);
    }
    out.push("}");
  } else {
    refuse(value, path, what);
  }
}

/**
 * The canonical JSON text of `value` (sorted keys, exact numbers); `what`
 * names the value in the error for data JSON cannot carry.
 */
export function canonicalJson(value: unknown, what = "a value"): string {
  const out: string[] = [];
  write(value, "", what, out);
  return out.join("");
}

/** Parses a text written by {@link canonicalJson}, giving back the special numbers. */
export function parseCanonicalJson(text: string): unknown {
  return JSON.parse(text, (_key, value: unknown) => {
    if (typeof value === "object" && value !== null && !Array.isArray(value)) {
      const keys = Object.keys(value);
      const special = (value as Record<string, unknown>)[SPECIAL_KEY];
      if (keys.length === 1 && typeof special === "string") {
        const n = special === "NaN" ? NaN : special === "Infinity" ? Infinity : special === "-Infinity" ? -Infinity : special === "-0" ? -0 : undefined;
        if (n !== undefined) return n;
      }
    }
    return value;
  });
}
