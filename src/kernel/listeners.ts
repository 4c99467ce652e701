/**
 * A small set of listeners, stored the way the common cases want it: null
 * (none, the usual case), the one listener itself, or an array for two or
 * more. Most tasks and events never have a listener and most that have one
 * have exactly one, so neither pays for an array. A listener is never an
 * array itself.
 *
 * A large set (80,000 tasks joining one task) must not make each removal
 * cost O(n): past {@link LARGE} listeners the array becomes a
 * {@link ListenerArray}, which finds a listener through a map of positions
 * and leaves a tombstone in its slot (O(1)); the tombstones are compacted
 * away once they are half the slots (amortised O(1)), keeping the others in
 * the order they were added. Read the array form with `for...of`, which
 * skips the tombstones; that is how the kernel notifies, in add order.
 */
export type Listeners<L> = L | L[] | null;

/** Arrays reaching this length become a {@link ListenerArray}. */
const LARGE = 32;

/** What a removed listener's slot holds until the next compaction. */
const TOMBSTONE: unique symbol = Symbol("spindle.removed-listener");

/**
 * @internal A large set of listeners: an array whose removed slots hold a
 * tombstone, with each listener's position in a map. Iterating it (for...of)
 * gives the live listeners in add order.
 */
class ListenerArray<L> extends Array<L> {
  /** The position of each listener; a listener added twice is in `duplicates` instead. */
  private positions = new Map<L, number>();
  /** Listeners present more than once: removed by a scan (rare). */
  private duplicates: Set<L> | null = null;
  /** Live (not removed) listeners. */
  live = 0;

  static copyOf<L>(listeners: L[]): ListenerArray<L> {
    const set = new ListenerArray<L>();
    for (const listener of listeners) set.add(listener);
    return set;
  }

  add(listener: L): void {
    if (this.positions.has(listener) || this.duplicates?.has(listener) === true) {
      (this.duplicates ??= new Set()).add(listener);
      this.positions.delete(listener);
    } else {
      this.positions.set(listener, this.length);
    }
    this.push(listener);
    this.live++;
  }

  /** Removes one occurrence of `listener`, leaving a tombstone; returns whether it was there. */
  remove(listener: L): boolean {
    let index = this.positions.get(listener) ?? -1;
    if (index >= 0) this.positions.delete(listener);
    else if (this.duplicates?.has(listener) === true) index = this.indexOf(listener);
    if (index < 0) return false;
    (this as unknown as unknown[])[index] = TOMBSTONE;
    this.live--;
    if (this.live * 2 < this.length) this.compact();
    return true;
  }

  /** Drops the tombstones, keeping the order, and renumbers the positions. */
  private compact(): void {
    const slots = this as unknown as unknown[];
    const positions = this.positions;
    let kept = 0;
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i];
      if (slot === TOMBSTONE) continue;
      if (positions.has(slot as L)) positions.set(slot as L, kept);
      slots[kept++] = slot;
    }
    slots.length = kept;
  }

  override *[Symbol.iterator](): ArrayIterator<L> {
    const slots = this as unknown as unknown[];
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i];
      if (slot !== TOMBSTONE) yield slot as L;
    }
    return undefined;
  }
}

/** `listeners` with `listener` added last; store the result back. */
export function addListener<L>(listeners: Listeners<L>, listener: L): Listeners<L> {
  if (listeners === null) return listener;
  if (Array.isArray(listeners)) {
    if (listeners instanceof ListenerArray) {
      (listeners as ListenerArray<L>).add(listener);
      return listeners;
    }
    listeners.push(listener);
    return listeners.length >= LARGE ? ListenerArray.copyOf(listeners) : listeners;
  }
  return [listeners, listener];
}

/** `listeners` without (one occurrence of) `listener`; store the result back. Unknown listeners are ignored. */
export function removeListener<L>(listeners: Listeners<L>, listener: L): Listeners<L> {
  if (listeners === listener) return null;
  if (!Array.isArray(listeners)) return listeners;
  if (listeners instanceof ListenerArray) {
    const large = listeners as ListenerArray<L>;
    large.remove(listener);
    return large.live === 0 ? null : large;
  }
  const index = listeners.indexOf(listener);
  if (index >= 0) listeners.splice(index, 1);
  return listeners.length === 0 ? null : listeners;
}
