// The cost of the trace hooks: 100 tasks x 3,000 `yield yieldNow()` switches,
// with no tracer (the default), a tracer that does nothing, and a TraceRecorder.
// Best of 7 rounds, alternating. Run after `npm run build`: node bench/trace-cost.js
const s = require("../dist/cjs/index.js");
const N = 300000;
const Y = s.yieldNow();
function work(tracer) {
  const opts = tracer ? { tracer } : {};
  s.run(function* () { const ts = []; for (let t = 0; t < 100; t++) ts.push(yield* s.spawn(function* () { for (let i = 0; i < N / 100; i++) yield Y; })); for (const t of ts) yield* t; }, opts);
}
const noop = { spawned() {}, stepStarted() {}, stepEnded() {}, woken() {}, cancelRequested() {}, finished() {} };
const cases = [["off", () => work(null)], ["no-op tracer", () => work(noop)], ["TraceRecorder", () => work(new s.TraceRecorder())]];
const best = {};
for (let round = 0; round < 7; round++) for (const [name, f] of cases) { const a = process.hrtime.bigint(); f(); const ms = Number(process.hrtime.bigint() - a) / 1e6; best[name] = Math.min(best[name] ?? Infinity, ms); }
for (const [name] of cases) console.log(name.padEnd(14), (N / best[name] / 1e3).toFixed(2), "M switches/s", (best[name] / best.off).toFixed(2) + "x the time of off");
