/**
 * Trajectories, side by side with SimPy: each of SimPy 4.1.2's six example
 * programs and its spindle port (examples/sim/) are run on the same
 * pre-drawn uniforms, and must tell the same story, event for event and time
 * for time.
 *
 * - fixtures/uniforms.json: 2,000 uniforms in [0, 1), consumed in order by
 *   every draw of a run (cycling when a run needs more, as the machine shop
 *   does), one stream per program like Python's module-level `random`;
 * - fixtures/<model>.simpy.txt: what SimPy's program printed, with Python's
 *   random functions replaced by ones that turn the uniforms into variates
 *   the way src/sim/variates.ts does (fixtures/README.md says how);
 * - fixtures/<model>.draws.json: the simulated time at which SimPy's run
 *   consumed each uniform (all of them, or the first 2,000 and a SHA-256 per
 *   block of 1,000).
 *
 * Here the port runs with `Random.prototype.next` replaced by the same list
 * (so nothing in the port changes: its own `yield* exponential(...)` and
 * friends draw from it), and both its printed log and its draw times must
 * equal SimPy's. Normalisation is limited to lines one side prints and the
 * other does not (listed per model); the gas station port words its lines
 * differently, so there both logs become (time, entity, event) traces.
 *
 * All six programs (and the gas station again with SIM_TIME = 5000) agree
 * line for line and draw for draw, the machine shop over all 67,403 draws.
 * (The carwash used to print two lines at t = 0 in another order: a request
 * granted by the call that made it went on at once, where SimPy processes
 * it at its place in the instant's queue. Events are processed at their
 * turn now; see src/sim/event.ts.)
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";

import { Random } from "../../../src/index.js";
import { activeScheduler } from "../../../src/extend.js";
import * as bankRenege from "../../../examples/sim/bank-renege.js";
import * as carwash from "../../../examples/sim/carwash.js";
import * as gasStation from "../../../examples/sim/gas-station-refuel.js";
import * as machineShop from "../../../examples/sim/machine-shop.js";
import * as movieRenege from "../../../examples/sim/movie-renege.js";
import * as processCommunication from "../../../examples/sim/process-communication.js";

const FIXTURES = join(__dirname, "fixtures");
const UNIFORMS: number[] = (JSON.parse(readFileSync(join(FIXTURES, "uniforms.json"), "utf8")) as { uniforms: number[] }).uniforms;

interface DrawsFixture {
  model: string;
  consumed: number;
  draws: [number | null, string][];
  blockSha256?: string[];
}

const BLOCK = 1000;

/** Runs `fn` with every Random drawing from the list, in order; returns its result and the time of each draw. */
function onTheList<T>(fn: () => T): { result: T; times: (number | null)[] } {
  const times: (number | null)[] = [];
  let pos = 0;
  const spy = jest.spyOn(Random.prototype, "next").mockImplementation(() => {
    times.push(activeScheduler()?.now ?? null);
    return UNIFORMS[pos++ % UNIFORMS.length] as number;
  });
  try {
    return { result: fn(), times };
  } finally {
    spy.mockRestore();
  }
}

/** A time as the 16 hex digits of its double (what the fixture's block hashes are made of). */
function bits(t: number | null): string {
  if (t === null) return "null";
  const b = Buffer.alloc(8);
  b.writeDoubleBE(t);
  return b.toString("hex");
}

function simpyLines(model: string): string[] {
  const text = readFileSync(join(FIXTURES, `${model}.simpy.txt`), "utf8");
  return text.replace(/\n$/, "").split("\n");
}

/** The first index where two lists differ, with both entries, or null. */
function firstDifference<T>(a: readonly T[], b: readonly T[]): string | null {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) return `#${i}: SimPy ${JSON.stringify(a[i])}, spindle ${JSON.stringify(b[i])}`;
  }
  return null;
}

/** The draw times must equal SimPy's: one by one where the fixture has them, block by block after. */
function expectSameDraws(model: string, times: readonly (number | null)[]): void {
  const fx = JSON.parse(readFileSync(join(FIXTURES, `${model}.draws.json`), "utf8")) as DrawsFixture;
  const simpyTimes = fx.draws.map(([t]) => t);
  expect(firstDifference(simpyTimes, times.slice(0, simpyTimes.length))).toBeNull();
  expect(times.length).toBe(fx.consumed);
  if (fx.blockSha256 !== undefined) {
    const ours: string[] = [];
    for (let i = 0; i < times.length; i += BLOCK) {
      ours.push(createHash("sha256").update(times.slice(i, i + BLOCK).map(bits).join("\n")).digest("hex"));
    }
    expect(firstDifference(fx.blockSha256, ours)).toBeNull();
  }
}

/** spindle's ports end with a line or two of monitoring, in parentheses, which SimPy has no equivalent of. */
const withoutMonitoring = (lines: string[]): string[] => lines.filter((l) => !l.startsWith("("));

/**
 * The gas station as (time, entity, event), from either side's wording.
 * SimPy 4.1.2: "<t> s: Car i arrived at gas station", "<t> s: Car i refueled
 * with <l>L", "<t> s: Calling tank truck", "<t> s: Tank truck arrived and
 * refuelled station with <l>L". The port (after SimPy 3's wording): "Car i
 * arriving at gas station at <t>", "Car i finished refueling in <d> seconds."
 * (the time is the arrival plus d), "Calling tank truck at <t>" (truncated:
 * the control process only wakes on multiples of 10), "Tank truck arriving at
 * time <t>" + "Tank truck refuelling <l> liters.". Times as toFixed(1).
 */
function gasTrace(lines: string[], side: "simpy" | "spindle"): string[] {
  const trace: string[] = [];
  const arrived = new Map<string, number>();
  let truckAt: number | null = null;
  for (const line of lines) {
    let m: RegExpMatchArray | null;
    if (line === "Gas Station refuelling" || line.startsWith("(")) continue;
    if (side === "simpy") {
      if ((m = /^ *([\d.]+) s: (Car \d+) arrived at gas station$/.exec(line))) trace.push(`${m[1]} ${m[2]} arrives`);
      else if ((m = /^ *([\d.]+) s: (Car \d+) refueled with [\d.]+L$/.exec(line))) trace.push(`${m[1]} ${m[2]} leaves, refuelled`);
      else if ((m = /^ *([\d.]+) s: Calling tank truck$/.exec(line))) trace.push(`${m[1]} truck called`);
      else if ((m = /^ *([\d.]+) s: Tank truck arrived and refuelled station with ([\d.]+)L$/.exec(line))) trace.push(`${m[1]} truck refills ${m[2]}`);
      else throw new Error(`gas station (SimPy): unexpected line ${JSON.stringify(line)}`);
    } else {
      if ((m = /^(Car \d+) arriving at gas station at ([\d.]+)$/.exec(line))) {
        arrived.set(m[1] as string, Number(m[2]));
        trace.push(`${m[2]} ${m[1]} arrives`);
      } else if ((m = /^(Car \d+) finished refueling in ([\d.]+) seconds\.$/.exec(line))) {
        trace.push(`${((arrived.get(m[1] as string) as number) + Number(m[2])).toFixed(1)} ${m[1]} leaves, refuelled`);
      } else if ((m = /^Calling tank truck at (\d+)$/.exec(line))) trace.push(`${Number(m[1]).toFixed(1)} truck called`);
      else if ((m = /^Tank truck arriving at time (\d+)$/.exec(line))) truckAt = Number(m[1]);
      else if ((m = /^Tank truck refuelling ([\d.]+) liters\.$/.exec(line))) trace.push(`${(truckAt as number).toFixed(1)} truck refills ${m[1]}`);
      else throw new Error(`gas station (spindle): unexpected line ${JSON.stringify(line)}`);
    }
  }
  return trace;
}

interface Case {
  model: string;
  run: () => string[];
  /** SimPy's printed lines, as compared. */
  simpy: (lines: string[]) => string[];
  /** The port's printed lines, as compared. */
  spindle: (lines: string[]) => string[];
}

const CASES: Case[] = [
  { model: "bank_renege", run: () => bankRenege.main(), simpy: (l) => l, spindle: withoutMonitoring },
  {
    model: "carwash",
    run: () => carwash.main(),
    simpy: (l) => l.filter((line) => !line.startsWith("Check out http://youtu.be/")), // a greeting the port leaves out
    spindle: (l) => l,
  },
  { model: "machine_shop", run: () => machineShop.main(), simpy: (l) => l, spindle: withoutMonitoring },
  {
    model: "gas_station_refuel",
    run: () => gasStation.main(undefined, 25), // SimPy 4.1.2 calls the truck below 25%, the port by default below 10%
    simpy: (l) => gasTrace(l, "simpy"),
    spindle: (l) => gasTrace(l, "spindle"),
  },
  {
    // SimPy's program with SIM_TIME = 5000 (the only change): the truck arrives, and cars wait for fuel.
    model: "gas_station_refuel_5000",
    run: () => gasStation.main(undefined, 25, 5000),
    simpy: (l) => gasTrace(l, "simpy"),
    spindle: (l) => gasTrace(l, "spindle"),
  },
  { model: "movie_renege", run: () => movieRenege.main(), simpy: (l) => l, spindle: (l) => l },
  { model: "process_communication", run: () => processCommunication.main(), simpy: (l) => l, spindle: (l) => l },
];

describe("SimPy's examples and their spindle ports, on the same random numbers", () => {
  test("the uniforms fixture is what its README says", () => {
    expect(UNIFORMS).toHaveLength(2000);
    let x = 20261206n;
    for (const u of UNIFORMS) {
      x = (x * 6364136223846793005n + 1442695040888963407n) % 2n ** 64n;
      expect(u).toBe(Number(x >> 32n) / 2 ** 32);
    }
  });

  for (const c of CASES) {
    const name = `${c.model}: the same log and the same draw times`;
    const body = (): void => {
      const { result, times } = onTheList(c.run);
      expect(firstDifference(c.simpy(simpyLines(c.model)), c.spindle(result))).toBeNull();
      expectSameDraws(c.model, times);
    };
    test(name, body, 60_000);
  }

  test("the comparison sees a change in the model: the port's own 10% threshold gives another gas station run", () => {
    const { result } = onTheList(() => gasStation.main(undefined, 10, 5000));
    expect(firstDifference(gasTrace(simpyLines("gas_station_refuel_5000"), "simpy"), gasTrace(result, "spindle"))).toBe(`#9: SimPy "700.0 truck called", spindle "712.5 Car 4 leaves, refuelled"`);
  });
});
