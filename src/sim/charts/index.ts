/** Charts of simulation results as SVG strings: no dependencies, no DOM, the same in Node and browsers. */
export type { ChartOptions } from "./frame.js";
export { stepChartSvg } from "./step-chart.js";
export type { StepLog, StepSeries, StepChartOptions } from "./step-chart.js";
export { histogramBins } from "./histogram-bins.js";
export type { Histogram, BinOptions } from "./histogram-bins.js";
export { histogramSvg } from "./histogram.js";
export type { HistogramOptions } from "./histogram.js";
export { studentTQuantile } from "./student-t.js";
export { replicationReport } from "./replication-report.js";
export type { ReplicationReport, MetricSummary, ReplicationReportOptions } from "./replication-report.js";
export { replicationReportSvg, replicationReportHtml } from "./report-chart.js";
export type { ReportChartOptions } from "./report-chart.js";
