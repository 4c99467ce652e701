/**
 * docs/debugging.md: finding a race with schedule exploration, replaying it,
 * and looking at it.
 *
 * A joint bank account, shared by a cash machine and an online shop. Each
 * withdrawal reads the balance, checks it, then debits: a check-then-act
 * across a round trip to the database. When both run at once, both checks
 * can see the old balance, and the second debit trips the database's
 * `balance >= 0` constraint. Under the default FIFO order the online payment
 * always reads after the cash machine has debited, so `run()` passes for
 * every seed; `explore()` tries other orders of the tasks that are ready at
 * the same instant and finds the one that fails.
 *
 * Run: npx tsx examples/debugging/race.ts [output folder]
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { explore, replay, run, sleep, spawn, taskOfError, timelineHtml, toChromeTrace } from "spindle";
import type { Coroutine, ExploreOptions, ReplayResult } from "spindle";

// #region account
/** The account as its database sees it: every call is a round trip. */
class Account {
  constructor(private balance: number) {}

  *read(): Coroutine<number> {
    yield* sleep(2); // network + query
    return this.balance;
  }

  *debit(amount: number): Coroutine<void> {
    yield* sleep(2);
    if (this.balance - amount < 0) {
      throw new Error(`debit of ${amount} refused: the balance would be ${this.balance - amount} (constraint balance >= 0)`);
    }
    this.balance -= amount;
  }
}
// #endregion account

// #region race
/** Check, then act, with a yield in between: the bug. */
function* withdraw(account: Account, amount: number): Coroutine<boolean> {
  const balance = yield* account.read();
  if (balance < amount) return false; // declined
  yield* account.debit(amount); // the balance may have changed since the read
  return true;
}

function* cashMachine(account: Account): Coroutine<boolean> {
  return yield* withdraw(account, 80);
}

function* onlinePayment(account: Account): Coroutine<boolean> {
  yield* sleep(2); // the shop's request arrives a moment later
  return yield* withdraw(account, 80);
}

/** The program under test: a fresh account, two withdrawals at once. */
export function* jointAccount(): Coroutine<string> {
  const account = new Account(100);
  const cash = yield* spawn(cashMachine, account);
  const online = yield* spawn(onlinePayment, account);
  const paid = [yield* cash, yield* online];
  return `approved: ${paid.filter((ok) => ok).length} of 2`;
}
// #endregion race

// #region fixed
/** The database checks and debits in one step (an UPDATE ... WHERE balance >= amount). */
class SafeAccount {
  constructor(private balance: number) {}

  *withdraw(amount: number): Coroutine<boolean> {
    yield* sleep(2);
    if (this.balance < amount) return false; // check and act in the same step
    this.balance -= amount;
    return true;
  }
}

export function* jointAccountFixed(): Coroutine<string> {
  const account = new SafeAccount(100);
  const cash = yield* spawn(function* cashMachine() {
    return yield* account.withdraw(80);
  });
  const online = yield* spawn(function* onlinePayment() {
    yield* sleep(2);
    return yield* account.withdraw(80);
  });
  const paid = [yield* cash, yield* online];
  return `approved: ${paid.filter((ok) => ok).length} of 2`;
}
// #endregion fixed

/** How the race is searched for: 100 random schedules from base seed 1. */
export const exploration: ExploreOptions = { runs: 100, seed: 1 };

/** Explores, and replays the first failing schedule (with its trace). */
export function findAndReplay(): { seed: number; run: number; replayed: ReplayResult<string> } {
  const found = explore(jointAccount, exploration);
  if (found.ok) throw new Error(`no failing schedule in ${found.runs} runs`);
  return { seed: found.seed, run: found.run, replayed: replay(jointAccount, found.seed) };
}

/** Runs the whole story and gives the lines it prints; writes the trace files to `outDir`. */
export function main(outDir: string = mkdtempSync(join(tmpdir(), "spindle-race-"))): string[] {
  const lines: string[] = [];
  const print = (...parts: unknown[]): void => {
    lines.push(...parts.map(String).join(" ").split("\n"));
  };

  // #region fifo
  // Under FIFO the program passes, whatever the seed: it draws no random
  // numbers, so every seed gives the same schedule.
  const outcomes = new Set<string>();
  for (let seed = 0; seed < 100; seed++) outcomes.add(run(jointAccount, { seed }));
  print("run() with seeds 0..99:", [...outcomes].join(", "));
  // #endregion fifo

  // #region explore
  const found = explore(jointAccount, { runs: 100, seed: 1 });
  if (!found.ok) {
    print(`explore (random): run ${found.run} failed, seed ${found.seed}`);
    print("  error:", messageOf(found.error));
    print("  thrown in:", taskOfError(found.error));
  }
  const pct = explore(jointAccount, { runs: 100, seed: 1, strategy: "pct", depth: 2 });
  if (!pct.ok) print(`explore (pct, depth 2): run ${pct.run} failed, seed ${pct.seed}`);
  // #endregion explore
  if (found.ok) throw new Error("exploration found nothing");

  // #region replay
  const again = replay(jointAccount, found.seed);
  const same = !again.ok && messageOf(again.error) === messageOf(found.error);
  print(`replay(jointAccount, ${found.seed}):`, same ? "fails again, with the same error" : "did not reproduce");
  print("the end of its trace:");
  for (const line of again.trace.toText().split("\n").slice(-15)) print("  " + line);

  writeFileSync(join(outDir, "race.trace.json"), JSON.stringify(toChromeTrace(again.trace.events)));
  writeFileSync(join(outDir, "race.timeline.html"), timelineHtml(again.trace.events, { title: `jointAccount, seed ${found.seed}`, axis: "sequence" }));
  // #endregion replay
  print(`wrote race.trace.json (open in ui.perfetto.dev) and race.timeline.html to ${outDir}`);

  // #region fixed-explore
  const fixed = explore(jointAccountFixed, { runs: 1000, seed: 1 });
  print("fixed version, 1000 random schedules:", fixed.ok ? "no failure" : `fails with seed ${fixed.seed}`);
  const fixedPct = explore(jointAccountFixed, { runs: 1000, seed: 1, strategy: "pct", depth: 3 });
  print("fixed version, 1000 PCT schedules:", fixedPct.ok ? "no failure" : `fails with seed ${fixedPct.seed}`);
  // #endregion fixed-explore
  return lines;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

if (require.main === module) for (const line of main(process.argv[2])) console.log(line);
