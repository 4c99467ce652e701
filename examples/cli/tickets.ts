/**
 * docs/cli.md: a race that `spindle run` never shows and `spindle explore`
 * finds. The last ticket of a show is bought by two people at once; each
 * purchase reads the stock, then takes a ticket, with a round trip to the
 * database in between. Under the default FIFO order the second buyer always
 * reads after the first has taken the ticket, so every run passes; other
 * orders of the tasks ready at the same instant sell the ticket twice.
 *
 * Run: npx spindle explore examples/cli/tickets.ts --runs 100 --seed 1
 */
// #region program
import { named, sleep, spawn } from "spindle";
import type { Coroutine } from "spindle";

class Stock {
  constructor(private tickets: number) {}

  *read(): Coroutine<number> {
    yield* sleep(1); // a round trip to the database
    return this.tickets;
  }

  *take(): Coroutine<void> {
    yield* sleep(1);
    if (this.tickets === 0) throw new Error("sold a ticket that was no longer there");
    this.tickets--;
  }
}

/** Check, then act, with a round trip in between: the bug. */
function* buy(stock: Stock, arrivesAt: number): Coroutine<string> {
  if (arrivesAt > 0) yield* sleep(arrivesAt);
  if ((yield* stock.read()) === 0) return "sold out";
  yield* stock.take();
  return "bought";
}

export function* main(): Coroutine<string> {
  const stock = new Stock(1); // built inside main: every run starts afresh
  const ann = yield* spawn(named("ann", buy), stock, 0);
  const bob = yield* spawn(named("bob", buy), stock, 1);
  return `ann: ${yield* ann}, bob: ${yield* bob}`;
}
// #endregion program
