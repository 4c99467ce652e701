/**
 * Escaping for text placed in SVG and HTML: titles, labels and metric names
 * come from the user, and a `<` or `&` in one must show as itself rather
 * than break the document (or inject markup into it).
 */
import { InvalidArgumentError, describeValue } from "../../kernel/api.js";
import { replaceNonXmlCharacters } from "../../xml-characters.js";

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/**
 * `text` with the five XML special characters replaced by entities, and the
 * characters XML forbids by U+FFFD; safe in element content and in quoted
 * attributes.
 */
export function escapeXml(text: string): string {
  return replaceNonXmlCharacters(text).replace(/[&<>"']/g, (c) => ENTITIES[c] as string);
}

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
