/**
 * Characters that XML does not allow anywhere in a document, not even as
 * entities: the control characters other than tab, line feed and carriage
 * return, U+FFFE and U+FFFF, and half of a surrogate pair. A user's string
 * (a task name, a chart title) can hold them; written as they are, they
 * make an SVG or XHTML file that no parser will open.
 *
 * And the escaping every SVG and HTML writer uses (the simulation charts,
 * the trace timeline): text from the user must show as itself, never break
 * the document or inject markup into it.
 */

// A whole surrogate pair is matched first, so that it is kept; what else matches is forbidden. (No lookbehind: older browsers reject it.)
// eslint-disable-next-line no-control-regex -- matching the control characters is the point
const PAIR_OR_NOT_XML = /[\uD800-\uDBFF][\uDC00-\uDFFF]|[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/g;

/** `text` with each character XML forbids replaced by U+FFFD, the replacement character, so the reader still sees that something was there. */
export function replaceNonXmlCharacters(text: string): string {
  return text.replace(PAIR_OR_NOT_XML, (match) => (match.length === 2 ? match : "\uFFFD"));
}

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/**
 * `text` with the five XML special characters replaced by entities, and the
 * characters XML forbids by U+FFFD; safe in element content and in quoted
 * attributes.
 */
export function escapeXml(text: string): string {
  return replaceNonXmlCharacters(text).replace(/[&<>"']/g, (c) => ENTITIES[c] as string);
}
