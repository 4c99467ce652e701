/**
 * Every chart of the simulation guide, by file name under docs/images/.
 * scripts/render-charts.ts writes them; a test checks that the committed
 * files are what this gives now.
 */
import { carwashCharts } from "./carwash.js";
import { gasStationCharts } from "./gas-station.js";
import { mm1Charts } from "./mm1.js";

export function allCharts(): Record<string, string> {
  return { ...mm1Charts(), ...gasStationCharts(), ...carwashCharts() };
}
