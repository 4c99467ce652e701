/**
 * The SimPy example ports under examples/sim/, checked: each `main(seed)`
 * returns the lines it prints, and they must equal the recorded output in
 * examples/sim/expected/<name>.txt (same seed ⇒ same run, byte for byte).
 *
 * After an intended change, re-record and review the diff:
 *   UPDATE_EXPECTED=1 npx jest test/sim/examples
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import * as bankRenege from "../../examples/sim/bank-renege.js";
import * as carwash from "../../examples/sim/carwash.js";
import * as gasStation from "../../examples/sim/gas-station-refuel.js";
import * as machineShop from "../../examples/sim/machine-shop.js";
import * as movieRenege from "../../examples/sim/movie-renege.js";
import * as processCommunication from "../../examples/sim/process-communication.js";
import * as replications from "../../examples/sim/replications.js";

const DIR = join(__dirname, "..", "..", "examples", "sim");
const UPDATE = process.env["UPDATE_EXPECTED"] === "1";

const EXAMPLES: Record<string, (seed?: number) => string[]> = {
  "bank-renege": bankRenege.main,
  carwash: carwash.main,
  "gas-station-refuel": gasStation.main,
  "machine-shop": machineShop.main,
  "movie-renege": movieRenege.main,
  "process-communication": processCommunication.main,
  replications: replications.main,
};

/** The ports of SimPy's examples, which must say why their numbers differ from SimPy's. */
const PORTS = ["bank-renege", "carwash", "gas-station-refuel", "machine-shop", "movie-renege", "process-communication"];

describe("examples/sim print their recorded output", () => {
  test("every example in examples/sim is listed here", () => {
    const found = readdirSync(DIR)
      .filter((f) => f.endsWith(".ts"))
      .map((f) => f.slice(0, -3))
      .sort();
    expect(found).toEqual(Object.keys(EXAMPLES).sort());
  });

  for (const [name, main] of Object.entries(EXAMPLES)) {
    test(name, () => {
      const actual = main().join("\n") + "\n";
      const path = join(DIR, "expected", `${name}.txt`);
      if (UPDATE) {
        mkdirSync(join(DIR, "expected"), { recursive: true });
        writeFileSync(path, actual);
      }
      expect(actual).toBe(readFileSync(path, "utf8"));
    }, 30_000);
  }

  test("the same seed replays, another seed gives another run", () => {
    expect(bankRenege.main(7)).toEqual(bankRenege.main(7));
    expect(bankRenege.main(7)).not.toEqual(bankRenege.main(8));
  });

  test("each port runs standalone and says why its numbers differ from SimPy's", () => {
    for (const name of PORTS) {
      const source = readFileSync(join(DIR, `${name}.ts`), "utf8");
      expect(source).toMatch(/a port of SimPy's \w+ example/);
      expect(source).toMatch(/not Python's/);
      expect(source).toContain("if (require.main === module)");
    }
  });
});
