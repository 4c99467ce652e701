/**
 * Port of Go 1.19's test/chan/select5.go. The Go file generates a program
 * with one function per combination of choices (plain operation or select;
 * a default before or after the case; dummy cases on a channel nobody uses
 * and on a nil channel; several ways to store the received value; order of
 * evaluation of the case operands) and runs it. The port enumerates the same
 * choices at run time (a small odometer over the decisions a template
 * makes) and runs each combination, in both select modes.
 *
 * Every combination does one real send or receive on `c` (buffered, so one
 * task suffices) and checks the value. A select with a default is
 * `trySelect`, one without is `select`; a nil channel is a `null` case. The
 * order checks mirror Go's rule: a select evaluates every case's channel
 * and value in source order when it starts, and stores the received value
 * only once a case is chosen; a plain receive evaluates its target first.
 */
import { channel, run, select, trySelect } from "../../../src/index.js";
import type { Channel, Coroutine, SelectCase, SelectOptions } from "../../../src/index.js";
import { MODES, recvOn, sendOn } from "./helpers.js";

/** Walks every path through a function of choices: each run returns the next combination. */
class Odometer {
  private readonly picks: { i: number; n: number }[] = [];
  private at = -1;
  private hadDefault = false;

  /** Starts the next combination; false once all were visited. */
  next(): boolean {
    this.hadDefault = false;
    if (this.at < 0) {
      this.at = 0;
      return true;
    }
    let k = this.picks.length - 1;
    while (k >= 0 && (this.picks[k] as { i: number; n: number }).i === (this.picks[k] as { i: number; n: number }).n - 1) k--;
    if (k < 0) return false;
    (this.picks[k] as { i: number; n: number }).i++;
    this.picks.length = k + 1;
    this.at = 0;
    return true;
  }

  choose(n: number): number {
    if (this.at >= this.picks.length) this.picks.push({ i: 0, n });
    const pick = this.picks[this.at++] as { i: number; n: number };
    if (pick.n !== n) throw new Error("inconsistent choices");
    return pick.i;
  }

  maybe(): boolean {
    return this.choose(2) === 0;
  }

  /** A default case here, unless the select already has one. */
  maybeDefault(): boolean {
    if (this.hadDefault) return false;
    this.hadDefault = this.maybe();
    return this.hadDefault;
  }
}

/** The state one generated Go function works on. */
interface Env {
  c: Channel<number>;
  dummy: Channel<number>;
  nilch: Channel<number> | null;
  n: number;
  order: number;
  failures: string[];
  options: SelectOptions;
}

function checkOrder(env: Env, o: number): void {
  if (o <= env.order) env.failures.push(`order ${o} came after ${env.order}`);
  env.order = o;
}
/** Go's fc: evaluates a channel operand, checking its place in the order. */
const fc = <T>(env: Env, ch: T, o: number): T => (checkOrder(env, o), ch);
/** Go's fn: evaluates a value operand, checking its place in the order. */
const fn = (env: Env, v: number, o: number): number => (checkOrder(env, o), v);

/** Selects, blocking or not: the default case makes it trySelect. */
function* selectWith(env: Env, cases: SelectCase[], hasDefault: boolean): Coroutine<{ index: number; value: unknown } | null> {
  if (hasDefault) return trySelect(cases, env.options);
  return (yield* select(cases, env.options)) as { index: number; value: unknown };
}

/** The dummy cases: on a channel nobody uses and on a nil channel; none may fire. */
function dummies(env: Env, o: Odometer, ordered: number | null): SelectCase[] {
  const k = ordered ?? 0;
  const at = (d: number): number => (ordered === null ? 0 : k + d);
  const cases: SelectCase[] = [];
  if (o.maybe()) cases.push(ordered === null ? env.dummy.send(1) : fc(env, env.dummy, at(0)).send(fn(env, 1, at(1))));
  if (o.maybe()) cases.push(ordered === null ? env.dummy.recv() : fc(env, env.dummy, at(2)).recv());
  if (o.maybe()) cases.push(ordered === null ? sendOn(env.nilch, 1) : sendOn(fc(env, env.nilch, at(3)), fn(env, 1, at(4))));
  if (o.maybe()) cases.push(ordered === null ? recvOn(env.nilch) : recvOn(fc(env, env.nilch, at(5))));
  return cases;
}

function* recvTemplate(env: Env, o: Odometer): Coroutine<void> {
  yield* env.c.send(env.n);
  let x: number;
  if (o.maybe()) {
    x = (yield* env.c.recv()) as number;
  } else {
    const defaultBefore = o.maybeDefault();
    // Where the value goes: a local, a field, a fresh const, an unknown, a map entry.
    const how = o.maybe() ? 0 : o.maybe() ? 1 : o.maybe() ? 2 : o.maybe() ? 3 : 4;
    const defaultAfter = o.maybeDefault();
    const cases: SelectCase[] = [env.c.recv(), ...dummies(env, o, null)];
    const r = yield* selectWith(env, cases, defaultBefore || defaultAfter);
    if (r === null) return void env.failures.push("nonblock");
    if (r.index !== 0) return void env.failures.push(`dummy case ${r.index} fired`);
    const box = { x: -1 };
    const m = new Map<number, number>();
    if (how === 0) x = r.value as number;
    else if (how === 1) {
      box.x = r.value as number;
      x = box.x;
    } else if (how === 2) {
      const y = r.value as number;
      x = y;
    } else if (how === 3) {
      const i: unknown = r.value;
      x = i as number;
    } else {
      m.set(13, r.value as number);
      x = m.get(13) as number;
    }
  }
  if (x !== env.n) env.failures.push(`have ${x} want ${env.n}`);
  env.n++;
}

function* recvOrderTemplate(env: Env, o: Odometer): Coroutine<void> {
  env.order = 0;
  yield* env.c.send(env.n);
  let x: number;
  const box = { x: -1 };
  const target = (ord: number): { x: number } => (checkOrder(env, ord), box);
  const m: Record<number, number> = {};
  // A plain receive into a target, a plain receive into a map entry, or a select.
  const form = o.maybe() ? "target" : o.maybe() ? "map" : "select";
  if (form === "target") {
    // Outside a select the target is evaluated first, left to right.
    target(1).x = (yield* fc(env, env.c, 2).recv()) as number;
    x = box.x;
  } else if (form === "map") {
    m[fn(env, 13, 1)] = (yield* fc(env, env.c, 2).recv()) as number;
    x = m[13] as number;
  } else {
    const defaultBefore = o.maybeDefault();
    const how = o.maybe() ? 0 : o.maybe() ? 1 : o.maybe() ? 2 : 3;
    const defaultAfter = o.maybeDefault();
    // Inside a select, every operand is evaluated when it starts (orders 1..7); the target only after a case is chosen (100).
    const cases: SelectCase[] = [fc(env, env.c, 1).recv(), ...dummies(env, o, 2)];
    const r = yield* selectWith(env, cases, defaultBefore || defaultAfter);
    if (r === null) return void env.failures.push("nonblock");
    if (r.index !== 0) return void env.failures.push(`dummy case ${r.index} fired`);
    if (how === 0) {
      target(100).x = r.value as number;
      x = box.x;
    } else if (how === 1) {
      const y = r.value as number;
      x = y;
    } else if (how === 2) {
      const i: unknown = r.value;
      x = i as number;
    } else {
      m[fn(env, 13, 100)] = r.value as number;
      x = m[13] as number;
    }
  }
  if (x !== env.n) env.failures.push(`have ${x} want ${env.n}`);
  env.n++;
}

function* sendTemplate(env: Env, o: Odometer, ordered: boolean): Coroutine<void> {
  env.order = 0;
  if (o.maybe()) {
    if (ordered) yield* fc(env, env.c, 1).send(fn(env, env.n, 2));
    else yield* env.c.send(env.n);
  } else {
    const defaultBefore = o.maybeDefault();
    const main = ordered ? fc(env, env.c, 1).send(fn(env, env.n, 2)) : env.c.send(env.n);
    const defaultAfter = o.maybeDefault();
    const cases: SelectCase[] = [main, ...dummies(env, o, ordered ? 3 : null)];
    const r = yield* selectWith(env, cases, defaultBefore || defaultAfter);
    if (r === null) return void env.failures.push("nonblock");
    if (r.index !== 0) return void env.failures.push(`dummy case ${r.index} fired`);
  }
  const x = yield* env.c.recv();
  if (x !== env.n) env.failures.push(`have ${String(x)} want ${env.n}`);
  env.n++;
}

function* nonblockTemplate(env: Env, o: Odometer): Coroutine<void> {
  let x = env.n;
  const defaultBefore = o.maybeDefault();
  const cases: SelectCase[] = [];
  if (o.maybe()) cases.push(env.dummy.send(1));
  if (o.maybe()) cases.push(sendOn(env.nilch, 1));
  // Go receives from the dummy and the nil channel in three forms each: the
  // value discarded, stored in x, stored through a nil pointer (which must
  // not even be computed). A select case has one form here, and x changes
  // only if a case fires; the three choices are kept, so as to enumerate
  // the same combinations.
  for (let form = 0; form < 3; form++) if (o.maybe()) cases.push(env.dummy.recv());
  for (let form = 0; form < 3; form++) if (o.maybe()) cases.push(recvOn(env.nilch));
  const mustDefault = !defaultBefore; // Go's MustDefault: a default at the end unless there was one
  if (!(defaultBefore || mustDefault)) throw new Error("unreachable: every nonblock select has a default");
  const r = trySelect(cases, env.options);
  if (r !== null) {
    env.failures.push(`case ${r.index} fired`);
    x = r.value as number;
  }
  if (x !== env.n) env.failures.push(`have ${x} want ${env.n}`);
  env.n++;
}

describe("test/chan/select5.go", () => {
  const templates: [string, (env: Env, o: Odometer) => Coroutine<void>][] = [
    ["recv", recvTemplate],
    ["send", (env, o) => sendTemplate(env, o, false)],
    ["recvOrder", recvOrderTemplate],
    ["sendOrder", (env, o) => sendTemplate(env, o, true)],
    ["nonblock", nonblockTemplate],
  ];

  describe.each(MODES)("$mode mode", ({ options }) => {
    it.each(templates.map(([name, t]) => ({ name, t })))("main: $name cases", ({ t }) => {
      const failures: string[] = [];
      const combinations = run(function* () {
        const env: Env = { c: channel<number>(1), dummy: channel<number>(), nilch: null, n: 1, order: 0, failures, options };
        const o = new Odometer();
        let count = 0;
        while (o.next()) {
          const before = failures.length;
          yield* t(env, o);
          if (failures.length > before) failures.push(`(in combination ${count})`);
          count++;
        }
        return count;
      });
      expect(failures).toEqual([]);
      expect(combinations).toBeGreaterThan(1);
    });
  });
});
