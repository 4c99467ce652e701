/**
 * Charts of the carwash (examples/sim/carwash.ts) run for two hours
 * instead of the example's 20 minutes: its machines over time, and the
 * cars' waits for one.
 */
import { histogramSvg, stepChartSvg } from "spindle";
import { simulate } from "../sim/carwash.js";

// #region charts
/** The two pictures, as SVG documents by file name. */
export function carwashCharts(): Record<string, string> {
  const { machines, until } = simulate(42, 120);
  const busy = stepChartSvg(
    [
      { name: "machines washing", log: machines.levelLog() },
      { name: "cars waiting", log: machines.queueLog() },
    ],
    { title: "Carwash: two machines over two hours", xLabel: "time (min)", yLabel: "cars", until },
  );
  const waits = histogramSvg(machines.waitLog(), { title: "Carwash: each car's wait for a machine", xLabel: "wait (min)", yLabel: "cars" });
  return { "carwash-machines.svg": busy, "carwash-waits.svg": waits };
}
// #endregion charts
