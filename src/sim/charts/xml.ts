/**
 * Helpers for the charts' SVG: the shared escaping (xml-characters.ts) for
 * titles, labels and metric names, which come from the user; a check that
 * they are strings; coordinates.
 */
import { InvalidArgumentError, describeValue } from "../../kernel/api.js";
import { escapeXml } from "../../xml-characters.js";

export { escapeXml };

/** Throws InvalidArgumentError unless `value` is a string; `where` names the option (`what` the function) for the message. */
export function requireText(what: string, where: string, value: unknown): string {
  if (typeof value !== "string") throw new InvalidArgumentError(`${what}: ${where} is ${describeValue(value)}; give a string`);
  return value;
}

/** A coordinate with two decimals at most, so the documents stay small and print the same everywhere. */
export function coord(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  return String(Object.is(rounded, -0) ? 0 : rounded);
}
