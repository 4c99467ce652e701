/**
 * docs/game-loop.md: the HUD's frame time. The page measures the work of
 * each frame (`game.tick`, which is the host's `advance`) with
 * performance.now() and keeps the last few measurements here: their mean and
 * their maximum, since a game developer looks for the spikes as much as for
 * the average. No DOM, so the tests use it in Node too.
 */
import { InvalidArgumentError } from "spindle";

/** The last `size` frame times, in milliseconds, in a ring: adding one allocates nothing. */
export class FrameTimes {
  private readonly times: Float64Array;
  private next = 0;
  private filled = 0;

  constructor(readonly size = 60) {
    if (!Number.isInteger(size) || size < 1) throw new InvalidArgumentError(`FrameTimes(${String(size)}): the window must be a whole number of frames >= 1`);
    this.times = new Float64Array(size);
  }

  /** Records one frame's time; the oldest one leaves once the window is full. */
  add(ms: number): void {
    this.times[this.next] = ms;
    this.next = (this.next + 1) % this.size;
    if (this.filled < this.size) this.filled++;
  }

  /** How many frames the window holds (up to `size`). */
  get length(): number {
    return this.filled;
  }

  /** The mean frame time over the window, in ms (0 before the first frame). */
  get average(): number {
    let sum = 0;
    for (let i = 0; i < this.filled; i++) sum += this.times[i] as number;
    return this.filled === 0 ? 0 : sum / this.filled;
  }

  /** The longest frame time in the window, in ms (0 before the first frame). */
  get max(): number {
    let max = 0;
    for (let i = 0; i < this.filled; i++) max = Math.max(max, this.times[i] as number);
    return max;
  }
}
