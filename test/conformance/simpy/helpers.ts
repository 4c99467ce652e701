/**
 * Shared pieces of the ports of SimPy 4.1.2's test suite (see
 * docs/simulation.md, "Conformance with SimPy's test suite").
 */
import { DeadlockError } from "../../../src/index.js";
import type { Simulation } from "../../../src/sim/index.js";

/**
 * SimPy's `env.run()` with no argument: runs until nothing is left. SimPy
 * returns quietly when processes are still blocked at the end; spindle's
 * `run()` reports them with DeadlockError, on purpose (see "Where spindle
 * differs from SimPy"). The scenarios that end with blocked processes use
 * this to keep SimPy's ending; every other error still propagates.
 */
export function runToEnd(sim: Simulation): void {
  try {
    sim.run();
  } catch (error) {
    if (!(error instanceof DeadlockError)) throw error;
  }
}
