/**
 * Carwash: a port of SimPy's carwash example.
 *
 * Covers: waiting for other processes, Resource.
 *
 * A carwash has a few washing machines. Cars arrive at random; a car that
 * finds a machine free is washed at once (the wash is a process of its own,
 * which the car waits for), otherwise it waits for a machine.
 *
 * Run it: `npx tsx examples/sim/carwash.ts [seed]` (default 42).
 * The numbers differ from SimPy's recorded output: spindle's seeded
 * generator (sfc32) is not Python's, so the draws differ; the model is the same.
 */
import { now, sleep, spawn } from "spindle";
import type { Coroutine } from "spindle";
import { Resource, Simulation, startProcess, uniformInt } from "spindle";

const RANDOM_SEED = 42;
const NUM_MACHINES = 2; // washing machines
const WASH_TIME = 5; // minutes per wash
const T_INTER = 7; // a new car every ~7 minutes
const SIM_TIME = 20; // minutes simulated

/** A carwash: `machines` machines, each wash taking `washTime`. */
class Carwash {
  readonly machine: Resource;
  constructor(
    private readonly out: string[],
    machines: number,
    readonly washTime: number,
  ) {
    this.machine = new Resource(machines, { name: "machines", log: true }); // the log is for charts; it changes nothing in the run
  }

  /** The washing process: takes `washTime`, and removes a random share of the dirt. */
  *wash(car: string): Coroutine<void> {
    yield* sleep(this.washTime);
    const removed = yield* uniformInt(50, 99);
    this.out.push(`Carwash removed ${removed}% of ${car}'s dirt.`);
  }
}

/** A car arrives, waits for a machine, has itself washed (waiting for the wash process) and leaves. */
function* car(out: string[], name: string, cw: Carwash): Coroutine<void> {
  out.push(`${name} arrives at the carwash at ${(yield* now()).toFixed(2)}.`);
  yield* cw.machine.use(function* () {
    out.push(`${name} enters the carwash at ${(yield* now()).toFixed(2)}.`);
    const washing = yield* spawn(function* () {
      yield* cw.wash(name);
    });
    yield* washing; // wait for the wash process to finish
    out.push(`${name} leaves the carwash at ${(yield* now()).toFixed(2)}.`);
  });
}

/** Creates the carwash and 4 cars, then a car every T_INTER ± 2 minutes; `built` is given the carwash. */
function* setup(out: string[], machines: number, washTime: number, tInter: number, built: (carwash: Carwash) => void): Coroutine<void> {
  const carwash = new Carwash(out, machines, washTime);
  built(carwash);
  let i = 0;
  for (; i < 4; i++) yield* startProcess(car, out, `Car ${i}`, carwash);
  for (;;) {
    yield* sleep(yield* uniformInt(tInter - 2, tInter + 2));
    yield* startProcess(car, out, `Car ${i++}`, carwash);
  }
}

/** The carwash after a run: what it printed, its machines (logged, for charts) and how long it ran. */
export interface CarwashRun {
  out: string[];
  machines: Resource;
  until: number;
}

/** Builds the carwash and runs it for `simTime` minutes. */
export function simulate(seed = RANDOM_SEED, simTime = SIM_TIME): CarwashRun {
  const out = ["Carwash"];
  const sim = new Simulation({ seed });
  const built: Carwash[] = [];
  sim.process(setup, out, NUM_MACHINES, WASH_TIME, T_INTER, (carwash: Carwash) => built.push(carwash));
  sim.runUntil(simTime);
  const carwash = built[0];
  if (carwash === undefined) throw new Error("the carwash was never built");
  return { out, machines: carwash.machine, until: simTime };
}

export function main(seed = RANDOM_SEED): string[] {
  return simulate(seed).out;
}

if (require.main === module) for (const line of main(process.argv[2] === undefined ? RANDOM_SEED : Number(process.argv[2]))) console.log(line);
