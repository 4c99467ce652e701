/**
 * A chart of the gas station (examples/sim/gas-station-refuel.ts): the
 * reservoir's level, over a run four times as long as the example's, so
 * that the tank truck is called and refills it more than once.
 */
import { stepChartSvg } from "spindle";
import { simulate } from "../sim/gas-station-refuel.js";

// #region charts
/** The picture, as an SVG document by file name. */
export function gasStationCharts(): Record<string, string> {
  const until = 4000; // seconds
  const { fuelPump } = simulate(42, 10, until);
  const reservoir = stepChartSvg(fuelPump.levelLog(), { title: "Gas station: the reservoir (truck called below 10%)", xLabel: "time (s)", yLabel: "litres", until });
  return { "gas-station-reservoir.svg": reservoir };
}
// #endregion charts
