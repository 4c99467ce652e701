/**
 * docs/debugging.md: reading a DeadlockError, and `scheduler.dump()` of a
 * run in progress.
 *
 * Two transfers between the same two accounts, each locking the account it
 * takes money from and then the one it pays into: opposite orders. Each gets
 * its first lock, then waits forever for the other's. On the virtual clock
 * `run()` sees that nothing can wake them and throws DeadlockError; a
 * server or a game (realtime or frame host) would just stop making progress,
 * and `scheduler.dump()` is how to see where everybody is.
 *
 * Run: npx tsx examples/debugging/deadlock.ts
 */
import { DeadlockError, VirtualHost, mutex, run, sleep, spawn } from "spindle";
import type { Coroutine, Mutex } from "spindle";

// #region transfer
interface Account {
  name: string;
  balance: number;
  lock: Mutex;
}

function account(name: string, balance: number): Account {
  return { name, balance, lock: mutex({ name }) };
}

/** Locks `from`, then `to`: the order depends on the direction of the transfer. */
function* transfer(from: Account, to: Account, amount: number): Coroutine<void> {
  yield* from.lock.lock();
  try {
    yield* sleep(1); // check the balance
    yield* to.lock.lock();
    try {
      from.balance -= amount;
      to.balance += amount;
    } finally {
      to.lock.unlock();
    }
  } finally {
    from.lock.unlock();
  }
}

function* settle(): Coroutine<void> {
  const alice = account("alice", 100);
  const bob = account("bob", 100);
  const one = yield* spawn(transfer, alice, bob, 30); // locks alice, then bob
  const two = yield* spawn(transfer, bob, alice, 10); // locks bob, then alice
  yield* one;
  yield* two;
}
// #endregion transfer

export function main(): string[] {
  const lines: string[] = [];
  const print = (...parts: unknown[]): void => {
    lines.push(...parts.map(String).join(" ").split("\n"));
  };

  // #region report
  try {
    run(settle);
  } catch (error) {
    if (!(error instanceof DeadlockError)) throw error;
    print(error.message);
    // The structured report, for tools: follow "held by" from waiter to holder.
    const holderOf = (label: string): string | undefined =>
      /held by (.*)$/.exec(error.blocked.find((t) => t.label === label)?.waitingOn ?? "")?.[1];
    const cycle: string[] = [];
    let at = error.blocked.find((t) => holderOf(t.label) !== undefined)?.label;
    while (at !== undefined && !cycle.includes(at)) {
      cycle.push(at);
      at = holderOf(at);
    }
    print("lock cycle:", [...cycle, at].join(" -> "));
  }
  // #endregion report

  print("");

  // #region dump
  const host = new VirtualHost();
  host.spawn(settle);
  host.runUntil(250); // a quarter of a second into the run: stuck, but not over
  print(host.scheduler.dump());
  // #endregion dump
  return lines;
}

if (require.main === module) for (const line of main()) console.log(line);
