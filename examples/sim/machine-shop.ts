/**
 * Machine shop: a port of SimPy's machine_shop example.
 *
 * Covers: interrupts, PreemptiveResource.
 *
 * A workshop has identical machines that make parts, and a stream of jobs
 * that keeps them busy. Each machine breaks down now and then; one
 * repairman fixes them. He also has less important jobs of his own, which a
 * broken machine preempts; he resumes them once the repair is done. The
 * shop works around the clock.
 *
 * Run it: `npx tsx examples/sim/machine-shop.ts [seed]` (default 42).
 * The part counts differ from SimPy's recorded output: spindle's seeded
 * generator (sfc32) is not Python's; the model is the same.
 */
import { Interrupt, now, sleep } from "spindle";
import type { Coroutine, Task } from "spindle";
import { PreemptiveResource, Preempted, Simulation, exponential, normal } from "spindle";

const RANDOM_SEED = 42;
const PT_MEAN = 10.0; // mean time to make a part, minutes
const PT_SIGMA = 2.0; // its standard deviation
const MTTF = 300.0; // mean time to failure, minutes
const REPAIR_TIME = 30.0; // minutes per repair
const JOB_DURATION = 30.0; // the repairman's other jobs, minutes
const NUM_MACHINES = 10;
const WEEKS = 4;
const SIM_TIME = WEEKS * 7 * 24 * 60; // minutes

// #region machine
/** A machine makes parts, breaks down now and then, and waits for the repairman. */
class Machine {
  partsMade = 0;
  broken = false;
  readonly process: Task<void>;

  constructor(
    sim: Simulation,
    readonly name: string,
    repairman: PreemptiveResource,
  ) {
    this.process = sim.process(() => this.working(repairman));
    sim.process(() => this.breakMachine());
  }

  /** Makes parts for ever; a breakdown interrupts the part, which is finished after the repair. */
  *working(repairman: PreemptiveResource): Coroutine<void> {
    for (;;) {
      let doneIn = yield* normal(PT_MEAN, PT_SIGMA);
      while (doneIn > 0) {
        const start = yield* now();
        try {
          yield* sleep(doneIn);
          doneIn = 0;
        } catch (e) {
          if (!(e instanceof Interrupt)) throw e;
          this.broken = true;
          doneIn -= (yield* now()) - start; // work left on this part
          // Priority 1 preempts the repairman's other jobs (priority 2).
          yield* repairman.use(sleep(REPAIR_TIME), { priority: 1 });
          this.broken = false;
        }
      }
      this.partsMade++;
    }
  }

  /** Breaks the machine every now and then (only while it works). */
  *breakMachine(): Coroutine<void> {
    for (;;) {
      yield* sleep(yield* exponential(MTTF));
      if (!this.broken) this.process.interrupt("breakdown");
    }
  }
}
// #endregion machine

// #region other-jobs
/** The repairman's own, unimportant jobs: preempted by repairs, resumed afterwards. */
function* otherJobs(repairman: PreemptiveResource): Coroutine<void> {
  for (;;) {
    let doneIn = JOB_DURATION;
    while (doneIn > 0) {
      const req = repairman.request({ priority: 2 });
      yield* req;
      try {
        yield* sleep(doneIn);
        doneIn = 0;
      } catch (e) {
        if (!(e instanceof Interrupt) || !(e.cause instanceof Preempted)) throw e;
        // A broken machine took the repairman: keep the work done since he started.
        doneIn -= (yield* now()) - e.cause.usageSince;
      } finally {
        repairman.release(req); // a preempted request holds nothing: this does nothing then
      }
    }
  }
}
// #endregion other-jobs

export function main(seed = RANDOM_SEED): string[] {
  const out = ["Machine shop"];
  const sim = new Simulation({ seed });
  const repairman = new PreemptiveResource(1, { name: "repairman", sim });
  const machines = Array.from({ length: NUM_MACHINES }, (_, i) => new Machine(sim, `Machine ${i}`, repairman));
  sim.process(otherJobs, repairman);

  sim.runUntil(SIM_TIME);

  out.push(`Machine shop results after ${WEEKS} weeks`);
  for (const machine of machines) out.push(`${machine.name} made ${machine.partsMade} parts.`);
  const s = repairman.stats();
  out.push(`(repairman busy ${(100 * s.utilisation).toFixed(1)}% of the time; his other jobs were preempted ${s.preempted} times)`);
  return out;
}

if (require.main === module) for (const line of main(process.argv[2] === undefined ? RANDOM_SEED : Number(process.argv[2]))) console.log(line);
