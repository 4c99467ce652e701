/**
 * Escaping for text placed in SVG and HTML: titles, labels and metric names
 * come from the user, and a `<` or `&` in one must show as itself rather
 * than break the document (or inject markup into it).
 */

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** `text` with the five XML special characters replaced by entities; safe in element content and in quoted attributes. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] as string);
}

/** A coordinate with two decimals at most, so the documents stay small and print the same everywhere. */
export function coord(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  return String(Object.is(rounded, -0) ? 0 : rounded);
}
