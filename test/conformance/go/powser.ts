/**
 * The power-series program shared by the ports of Go 1.19's
 * test/chan/powser1.go and powser2.go (after Doug McIlroy's "Squinting at
 * Power Series"): a power series is a demand channel, a pair of channels on
 * which a consumer asks for the next coefficient (`req`) and gets it
 * (`dat`); every operator is a task that serves one series by demanding
 * coefficients from others. A denominator of 0 marks the end of a series.
 *
 * The two Go files differ only in how a coefficient travels: powser1 sends
 * rational values, powser2 sends them through an interface (pointers). The
 * port takes the representation as a parameter `mk`: plain frozen records
 * for powser1, instances of a class with methods for powser2.
 *
 * Go's goroutines outlive the goroutine that starts them; spindle's tasks
 * are children of their spawner. So every operator task is started into one
 * task group owned by the test (`go`), as Go's goroutines all belong to the
 * program, and the group is cancelled once the checks are done, as Go's
 * main returning ends the program.
 */
import { isCancellation, scope, select } from "../../../src/index.js";
import type { Channel, Coroutine, SelectOptions, Task } from "../../../src/index.js";
import type { Instruction } from "../../../src/extend.js";
import { channel } from "../../../src/index.js";
import { recvOn, sendOn } from "./helpers.js";

/** What both representations of a rational share. */
export interface RatLike {
  readonly num: bigint;
  readonly den: bigint;
}

/** Starts a task in the program's task group. */
export type Go = (body: () => Coroutine<void>) => Instruction<Task<void>>;

/** A demand channel: a request for the next coefficient, and the coefficient. */
interface Dch<R> {
  req: Channel<number>;
  dat: Channel<R>;
}
/** Two demand channels served from one series (the output of a split). */
type Dch2<R> = [Dch<R>, Dch<R>];

function* take<T>(ch: Channel<T>): Coroutine<T> {
  const v = yield* ch.recv();
  if (typeof v === "symbol") throw new Error("a power-series channel was closed");
  return v;
}

/** Runs `main` with a `go` that starts tasks in a group cancelled when main returns. */
export function* program<T>(main: (go: Go) => Coroutine<T>): Coroutine<T> {
  const box: { result?: T; done: boolean } = { done: false };
  try {
    yield* scope(function* (group) {
      box.result = yield* main((body) => group.spawn(body));
      box.done = true;
      group.cancel();
    });
  } catch (e) {
    if (!(box.done && isCancellation(e))) throw e;
  }
  return box.result as T;
}

/** The power-series operators, over rationals built by `mk`. */
export function powerSeries<R extends RatLike>(mk: (num: bigint, den: bigint) => R, go: Go, options: SelectOptions) {
  let seqno = 0;

  // Rational arithmetic, with Go's int64 semantics (truncating division) on bigints.
  const gcd = (u: bigint, v: bigint): bigint => (u < 0n ? gcd(-u, v) : u === 0n ? v : gcd(v % u, u));
  const i2tor = (u: bigint, v: bigint): R => {
    const g = gcd(u, v);
    return v > 0n ? mk(u / g, v / g) : mk(-u / g, -v / g);
  };
  const itor = (u: bigint): R => i2tor(u, 1n);
  const zero = itor(0n);
  const one = itor(1n);
  const finis = i2tor(1n, 0n);
  const end = (u: R): number => (u.den === 0n ? 1 : 0);
  const add = (u: R, v: R): R => {
    const g = gcd(u.den, v.den);
    return i2tor(u.num * (v.den / g) + v.num * (u.den / g), u.den * (v.den / g));
  };
  const mul = (u: R, v: R): R => {
    const g1 = gcd(u.num, v.den);
    const g2 = gcd(u.den, v.num);
    return mk((u.num / g1) * (v.num / g2), (u.den / g2) * (v.den / g1));
  };
  const neg = (u: R): R => i2tor(-u.num, u.den);

  const mkdch = (): Dch<R> => ({ req: channel<number>(), dat: channel<R>() });
  const mkdch2 = (): Dch2<R> => [mkdch(), mkdch()];

  /**
   * One generation of a split: serves one coefficient of `input` to both
   * outputs, whichever asks first, and hands over to the next generation.
   * After `wait` fires, this generation serves either output and renames
   * the one it serves out[0].
   */
  function* dosplit(input: Dch<R>, out: Dch2<R>, wait: Channel<number>): Coroutine<void> {
    let both = false;
    const first = yield* select([out[0].req.recv(), wait.recv()], options);
    if (first.index === 1) {
      both = true;
      const which = yield* select([out[0].req.recv(), out[1].req.recv()], options);
      if (which.index === 1) [out[0], out[1]] = [out[1], out[0]];
    }
    seqno++;
    yield* input.req.send(seqno);
    const release = channel<number>();
    yield* go(() => dosplit(input, out, release));
    const dat = yield* take(input.dat);
    yield* out[0].dat.send(dat);
    if (!both) yield* wait.recv();
    yield* out[1].req.recv();
    yield* out[1].dat.send(dat);
    yield* release.send(0);
  }

  function* split(input: Dch<R>, out: Dch2<R>): Coroutine<void> {
    const release = channel<number>();
    yield* go(() => dosplit(input, out, release));
    yield* release.send(0);
  }

  function* put(dat: R, out: Dch<R>): Coroutine<void> {
    yield* out.req.recv();
    yield* out.dat.send(dat);
  }

  function* get(input: Dch<R>): Coroutine<R> {
    seqno++;
    yield* input.req.send(seqno);
    return yield* take(input.dat);
  }

  /** One coefficient from each of two series, asking both at once (disabled cases: Go's nil channels). */
  function* get2(in0: Dch<R>, in1: Dch<R>): Coroutine<[R, R]> {
    const inputs = [in0, in1];
    const req: (Channel<number> | null)[] = [in0.req, in1.req];
    const dat: (Channel<R> | null)[] = [null, null];
    const out: R[] = [zero, zero];
    for (let n = 4; n > 0; n--) {
      seqno++;
      const r = yield* select([sendOn(req[0] ?? null, seqno), sendOn(req[1] ?? null, seqno), recvOn(dat[0] ?? null), recvOn(dat[1] ?? null)], options);
      if (r.index < 2) {
        dat[r.index] = (inputs[r.index] as Dch<R>).dat;
        req[r.index] = null;
      } else {
        out[r.index - 2] = r.value as R;
        dat[r.index - 2] = null;
      }
    }
    return [out[0] as R, out[1] as R];
  }

  function* copy(input: Dch<R>, out: Dch<R>): Coroutine<void> {
    for (;;) {
      yield* out.req.recv();
      yield* out.dat.send(yield* get(input));
    }
  }

  function* Split(U: Dch<R>): Coroutine<Dch2<R>> {
    const UU = mkdch2();
    yield* go(() => split(U, UU));
    return UU;
  }

  function* Add(U: Dch<R>, V: Dch<R>): Coroutine<Dch<R>> {
    const Z = mkdch();
    yield* go(function* () {
      for (;;) {
        yield* Z.req.recv();
        const [u, v] = yield* get2(U, V);
        switch (end(u) + 2 * end(v)) {
          case 0:
            yield* Z.dat.send(add(u, v));
            break;
          case 1:
            yield* Z.dat.send(v);
            yield* copy(V, Z);
            break;
          case 2:
            yield* Z.dat.send(u);
            yield* copy(U, Z);
            break;
          case 3:
            yield* Z.dat.send(finis);
        }
      }
    });
    return Z;
  }

  function* Cmul(c: R, U: Dch<R>): Coroutine<Dch<R>> {
    const Z = mkdch();
    yield* go(function* () {
      for (let done = false; !done; ) {
        yield* Z.req.recv();
        const u = yield* get(U);
        if (end(u) !== 0) done = true;
        else yield* Z.dat.send(mul(c, u));
      }
      yield* Z.dat.send(finis);
    });
    return Z;
  }

  function* Sub(U: Dch<R>, V: Dch<R>): Coroutine<Dch<R>> {
    return yield* Add(U, yield* Cmul(neg(one), V));
  }

  function* Rep(c: R): Coroutine<Dch<R>> {
    const Z = mkdch();
    yield* go(function* () {
      for (;;) yield* put(c, Z);
    });
    return Z;
  }

  /** (u + x UU)(v + x VV) = uv + x (u VV + v UU) + x² UU VV */
  function* Mul(U: Dch<R>, V: Dch<R>): Coroutine<Dch<R>> {
    const Z = mkdch();
    yield* go(function* () {
      yield* Z.req.recv();
      const [u, v] = yield* get2(U, V);
      if (end(u) !== 0 || end(v) !== 0) {
        yield* Z.dat.send(finis);
        return;
      }
      yield* Z.dat.send(mul(u, v));
      const UU = yield* Split(U);
      const VV = yield* Split(V);
      const W = yield* Add(yield* Cmul(u, VV[0]), yield* Cmul(v, UU[0]));
      yield* Z.req.recv();
      yield* Z.dat.send(yield* get(W));
      yield* copy(yield* Add(W, yield* Mul(UU[1], VV[1])), Z);
    });
    return Z;
  }

  function* Diff(U: Dch<R>): Coroutine<Dch<R>> {
    const Z = mkdch();
    yield* go(function* () {
      yield* Z.req.recv();
      let u = yield* get(U);
      if (end(u) === 0) {
        for (let i = 1n, done = false; !done; i++) {
          u = yield* get(U);
          if (end(u) !== 0) done = true;
          else {
            yield* Z.dat.send(mul(itor(i), u));
            yield* Z.req.recv();
          }
        }
      }
      yield* Z.dat.send(finis);
    });
    return Z;
  }

  function* Integ(c: R, U: Dch<R>): Coroutine<Dch<R>> {
    const Z = mkdch();
    yield* go(function* () {
      yield* put(c, Z);
      for (let i = 1n, done = false; !done; i++) {
        yield* Z.req.recv();
        const u = yield* get(U);
        if (end(u) !== 0) done = true;
        yield* Z.dat.send(mul(i2tor(1n, i), u));
      }
      yield* Z.dat.send(finis);
    });
    return Z;
  }

  /** exp(U) for U without constant term: Z = 1 + ∫ Z·U′, with Z fed back through a split. */
  function* Exp(U: Dch<R>): Coroutine<Dch<R>> {
    const ZZ = mkdch2();
    yield* split(yield* Integ(one, yield* Mul(ZZ[0], yield* Diff(U))), ZZ);
    return ZZ[1];
  }

  /** U(c xⁿ): coefficient i times cⁱ, followed by n-1 zeros. */
  function* MonSubst(U: Dch<R>, c0: R, n: number): Coroutine<Dch<R>> {
    const Z = mkdch();
    yield* go(function* () {
      let c = one;
      for (;;) {
        yield* Z.req.recv();
        const u = yield* get(U);
        yield* Z.dat.send(mul(u, c));
        c = mul(c, c0);
        if (end(u) !== 0) {
          yield* Z.dat.send(finis);
          return;
        }
        for (let i = 1; i < n; i++) {
          yield* Z.req.recv();
          yield* Z.dat.send(zero);
        }
      }
    });
    return Z;
  }

  return { i2tor, itor, zero, one, neg, get, Add, Cmul, Sub, Rep, Mul, Diff, Integ, Exp, MonSubst };
}

/**
 * Go's main (the checking branch), shared by both ports: reads the first
 * coefficients of several series and gives every mismatch.
 */
export function* checkAll<R extends RatLike>(mk: (num: bigint, den: bigint) => R, eq: (a: R, b: R) => boolean, options: SelectOptions): Coroutine<string[]> {
  return yield* program(function* (go) {
    const ps = powerSeries(mk, go, options);
    const { i2tor, itor, zero, one, neg } = ps;
    const N = 10;
    const bad: string[] = [];
    const show = (r: R): string => (r.den === 1n ? `${r.num}` : `${r.num}/${r.den}`);
    function* check(U: Dch<R>, c: R, count: number, what: string): Coroutine<void> {
      for (let i = 0; i < count; i++) {
        const r = yield* ps.get(U);
        if (!eq(r, c)) bad.push(`${what}: got ${show(r)}, should get ${show(c)}`);
      }
    }
    function* checka(U: Dch<R>, a: R[], what: string): Coroutine<void> {
      for (let i = 0; i < N; i++) yield* check(U, a[i] as R, 1, `${what}[${i}]`);
    }
    const Ones = yield* ps.Rep(one);
    const Twos = yield* ps.Rep(itor(2n));

    yield* check(Ones, one, 5, "Ones");
    yield* check(yield* ps.Add(Ones, Ones), itor(2n), 0, "Add Ones Ones");
    yield* check(yield* ps.Add(Ones, Twos), itor(3n), 0, "Add Ones Twos");
    yield* checka(
      yield* ps.Diff(Ones),
      Array.from({ length: N }, (_, i) => itor(BigInt(i + 1))),
      "Diff",
    ); // 1 2 3 4 5 ...
    yield* checka(
      yield* ps.Integ(zero, Ones),
      Array.from({ length: N }, (_, i) => (i === 0 ? zero : i2tor(1n, BigInt(i)))),
      "Integ",
    ); // 0 1 1/2 1/3 ...
    yield* check(yield* ps.Cmul(neg(one), Twos), itor(-2n), 10, "CMul");
    yield* check(yield* ps.Sub(Ones, Twos), itor(-1n), 0, "Sub Ones Twos");
    yield* checka(
      yield* ps.Mul(Ones, Ones),
      Array.from({ length: N }, (_, i) => itor(BigInt(i + 1))),
      "Mul",
    ); // 1 2 3 4 5 ...
    const e: [bigint, bigint][] = [
      [1n, 1n],
      [1n, 1n],
      [3n, 2n],
      [13n, 6n],
      [73n, 24n],
      [167n, 40n],
      [4051n, 720n],
      [37633n, 5040n],
      [43817n, 4480n],
      [4596553n, 362880n],
    ];
    yield* checka(
      yield* ps.Exp(Ones),
      e.map(([n, d]) => i2tor(n, d)),
      "Exp",
    ); // 1 1 3/2 13/6 73/24 ...
    // arctan = ∫ 1/(1+x²): 0, 1, 0, -1/3, 0, 1/5, ...
    const atan: R[] = [];
    for (let i = 0, c = 1n; i < N; i++) {
      if (i % 2 === 0) atan.push(zero);
      else {
        atan.push(i2tor(c, BigInt(i)));
        c = -c;
      }
    }
    yield* checka(yield* ps.Integ(zero, yield* ps.MonSubst(Ones, neg(one), 2)), atan, "ATan");
    return bad;
  });
}
