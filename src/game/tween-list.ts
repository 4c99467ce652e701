/**
 * The running tweens of one FrameHost, which the frame's end updates: a
 * table with one column per field (struct of arrays), not a list of tween
 * objects.
 *
 * Why columns: a frame's pass reads every running tween's start, duration,
 * from and to. Kept in the tween objects, those are four doubles behind four
 * pointers (V8 boxes a double field in a heap number of its own), in objects
 * made one by one as tweens restart, so scattered over the heap: measured,
 * 5,000 tweens restarting at random took 66-110 ns each per pass, against
 * 12 ns for tweens made all at once and never restarted. In Float64Arrays
 * the pass walks memory in order. The tween objects are touched only at a
 * tween's start and end.
 *
 * Why a new tween takes the row of the first tween that ended: the order of
 * the rows is the order in which the pass reaches each tween's `apply`
 * closure and the object it sets, scattered over the heap. Appended at the
 * end, the tweens of a game whose entities restart tweens at random times
 * end up in random order, and the pass missed the cache at every row:
 * measured, 51 ns a tween, against 22 ns with the same rows in the order of
 * their tasks. Taking the row of the tween that just ended (usually the
 * same task's previous tween) keeps the order the entities were made in.
 *
 * Invariants:
 * - a tween is in the table exactly while it runs: its `slot` is its row,
 *   and `owners[row]` is the tween; a removed row is a hole (owner null),
 *   listed in `freeRows`, oldest first;
 * - a new tween takes the oldest hole, or a new row at the end;
 * - holes are closed, keeping the order, once they are a quarter of the
 *   rows (or all of them), so a pass skips at most a third as many holes as
 *   it has tweens, and the table never outgrows 4/3 of the tweens running;
 * - the pass updates the tweens present when it starts, in the order of
 *   their rows (deterministic: it depends only on the order of the starts
 *   and ends); rows filled meanwhile wait for the next pass;
 * - the columns only grow (doubling), so a frame in the steady state
 *   allocates nothing.
 */
import type { LocalClock } from "../kernel/local-clock.js";
import type { Easing } from "./easing.js";

/** What the table asks of a tween: its row, and what to do when its `apply` throws. */
export interface TweenRow {
  /** Its row in the table, or -1 when not in it (the table keeps it). */
  slot: number;
  /** `apply` threw `error` at a frame's end: the tween is over (it has left the table), and the error is its task's. */
  fail(error: unknown): void;
}

const INITIAL_ROWS = 16;

/** @internal The running tweens (see the file header). */
export class TweenList {
  private owners: (TweenRow | null)[] = [];
  private start = new Float64Array(INITIAL_ROWS);
  private duration = new Float64Array(INITIAL_ROWS);
  private from = new Float64Array(INITIAL_ROWS);
  private to = new Float64Array(INITIAL_ROWS);
  private ease: Easing[] = [];
  private apply: ((value: number) => void)[] = [];
  /** The clock each tween reads (its time group's), or null for the host's. */
  private clock: (LocalClock | null)[] = [];
  private live = 0;
  /**
   * The holes, oldest first: `freeRows[freeHead..freeTail)`. A typed array
   * with indices, not an array emptied with `length = 0`: V8 frees an
   * emptied array's storage, and the next hole would allocate it again.
   */
  private freeRows = new Int32Array(INITIAL_ROWS);
  private freeHead = 0;
  private freeTail = 0;
  /** True during a pass: a tween added then takes a new row, after those the pass visits. */
  private passing = false;

  /** Tweens running. */
  get length(): number {
    return this.live;
  }

  /** Rows in use, holes included: the frame's end runs the pass (and so closes the holes in time) whenever it is not 0. */
  get slots(): number {
    return this.owners.length;
  }

  /** Adds a running tween, started at `start` on `clock` (null: the host's). */
  add(owner: TweenRow, start: number, duration: number, from: number, to: number, ease: Easing, apply: (value: number) => void, clock: LocalClock | null): void {
    let row: number;
    if (this.freeHead < this.freeTail && !this.passing) {
      row = this.freeRows[this.freeHead++] as number;
      if (this.freeHead === this.freeTail) this.freeHead = this.freeTail = 0;
      this.owners[row] = owner;
      this.ease[row] = ease;
      this.apply[row] = apply;
      this.clock[row] = clock;
    } else {
      row = this.owners.length;
      if (row === this.start.length) this.grow();
      this.owners.push(owner);
      this.ease.push(ease);
      this.apply.push(apply);
      this.clock.push(clock);
    }
    owner.slot = row;
    this.start[row] = start;
    this.duration[row] = duration;
    this.from[row] = from;
    this.to[row] = to;
    this.live++;
  }

  /** How a running tween describes itself (for dump() and reports): its values are in its row. */
  describeRow(row: number): string {
    return `tween(${this.from[row] as number} → ${this.to[row] as number}, ${this.duration[row] as number} ms)`;
  }

  /** Takes a tween out (ended, failed or cancelled); its row becomes a hole. */
  remove(owner: TweenRow): void {
    const row = owner.slot;
    if (row < 0) return;
    this.owners[row] = null;
    owner.slot = -1;
    this.live--;
    this.pushFree(row);
  }

  /** Lists a hole, last. */
  private pushFree(row: number): void {
    if (this.freeTail === this.freeRows.length) {
      // Full: slide the live part down, or double when it fills the array.
      const used = this.freeTail - this.freeHead;
      const rows = used * 2 > this.freeRows.length ? new Int32Array(this.freeRows.length * 2) : this.freeRows;
      rows.set(this.freeRows.subarray(this.freeHead, this.freeTail));
      this.freeRows = rows;
      this.freeHead = 0;
      this.freeTail = used;
    }
    this.freeRows[this.freeTail++] = row;
  }

  /**
   * The frame's end: applies each tween's value at its clock's time (the
   * host's, `hostNow`, when it has no clock of its own), in the order of the
   * rows, and closes the holes when they are many. A tween whose `apply`
   * throws is told (and leaves).
   */
  run(hostNow: number): void {
    const owners = this.owners;
    const count = owners.length;
    const { start, duration, from, to, ease, apply, clock } = this;
    this.passing = true;
    try {
      for (let i = 0; i < count; i++) {
        const owner = owners[i] as TweenRow | null;
        if (owner === null) continue;
        const c = clock[i] as LocalClock | null;
        const t = ((c === null ? hostNow : c.now) - (start[i] as number)) / (duration[i] as number);
        const a = from[i] as number;
        const b = to[i] as number;
        try {
          // From t = 1 on, exactly the end value (an easing need not land on 1 by arithmetic).
          (apply[i] as (value: number) => void)(t >= 1 ? b : a + (b - a) * (ease[i] as Easing)(t));
        } catch (error) {
          owner.fail(error);
        }
      }
    } finally {
      this.passing = false;
    }
    // Holes cost a test each; closing them moves every row after the first.
    // So they are closed once they are a quarter of the rows, or all of
    // them: a row moves about once per quarter of the table's turnover.
    const holes = owners.length - this.live;
    if (holes > 0 && (holes * 4 >= owners.length || this.live === 0)) this.compact();
  }

  /** Closes the holes, keeping the rows in order. */
  private compact(): void {
    const owners = this.owners;
    let kept = 0;
    for (let i = 0; i < owners.length; i++) {
      if (owners[i] === null) continue;
      if (kept !== i) this.move(i, kept);
      kept++;
    }
    owners.length = kept;
    this.ease.length = kept;
    this.apply.length = kept;
    this.clock.length = kept;
    this.freeHead = this.freeTail = 0;
  }

  /** Moves row `fromRow` to row `toRow` (< fromRow), every column. */
  private move(fromRow: number, toRow: number): void {
    const owner = this.owners[fromRow] as TweenRow;
    this.owners[toRow] = owner;
    owner.slot = toRow;
    this.start[toRow] = this.start[fromRow] as number;
    this.duration[toRow] = this.duration[fromRow] as number;
    this.from[toRow] = this.from[fromRow] as number;
    this.to[toRow] = this.to[fromRow] as number;
    this.ease[toRow] = this.ease[fromRow] as Easing;
    this.apply[toRow] = this.apply[fromRow] as (value: number) => void;
    this.clock[toRow] = this.clock[fromRow] as LocalClock | null;
  }

  /** Doubles the numeric columns (the arrays grow by themselves). */
  private grow(): void {
    const size = this.start.length * 2;
    this.start = copyInto(this.start, size);
    this.duration = copyInto(this.duration, size);
    this.from = copyInto(this.from, size);
    this.to = copyInto(this.to, size);
  }
}

function copyInto(column: Float64Array, size: number): Float64Array<ArrayBuffer> {
  const bigger = new Float64Array(size);
  bigger.set(column);
  return bigger;
}
