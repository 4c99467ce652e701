/**
 * A small set of listeners, stored the way the common cases want it: null
 * (none, the usual case), the one listener itself, or an array for two or
 * more. Most tasks and events never have a listener and most that have one
 * have exactly one, so neither pays for an array. A listener is never an
 * array itself.
 */
export type Listeners<L> = L | L[] | null;

/** `listeners` with `listener` added last; store the result back. */
export function addListener<L>(listeners: Listeners<L>, listener: L): Listeners<L> {
  if (listeners === null) return listener;
  if (Array.isArray(listeners)) {
    listeners.push(listener);
    return listeners;
  }
  return [listeners, listener];
}

/** `listeners` without (one occurrence of) `listener`; store the result back. Unknown listeners are ignored. */
export function removeListener<L>(listeners: Listeners<L>, listener: L): Listeners<L> {
  if (listeners === listener) return null;
  if (!Array.isArray(listeners)) return listeners;
  const index = listeners.indexOf(listener);
  if (index >= 0) listeners.splice(index, 1);
  return listeners.length === 0 ? null : listeners;
}
