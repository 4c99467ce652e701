/**
 * asyncio tour §6.2, "aiomysql": a pool, a connection, a cursor, one row.
 * The database becomes a simulated service: every step sleeps a fixed latency
 * and the query returns a canned row. `async with` becomes a helper that runs a
 * body and releases the resource in `finally` (which also runs on cancellation).
 */
import { run, sleep } from "spindle";
import type { Coroutine } from "spindle";

type Row = readonly string[];

class Cursor {
  private rows: Row[] = [];
  *execute(_sql: string): Coroutine<void> {
    yield* sleep(5);
    this.rows = [["hello from some_table"]];
  }
  *fetchone(): Coroutine<Row | null> {
    yield* sleep(1);
    return this.rows.shift() ?? null;
  }
}

class Connection {
  *withCursor<T>(body: (cursor: Cursor) => Coroutine<T>): Coroutine<T> {
    const cursor = new Cursor();
    try {
      return yield* body(cursor);
    } finally {
      // the cursor is closed here
    }
  }
}

class Pool {
  *withConnection<T>(body: (conn: Connection) => Coroutine<T>): Coroutine<T> {
    yield* sleep(2); // acquire
    try {
      return yield* body(new Connection());
    } finally {
      // released to the pool here
    }
  }
  close(): void {}
  *waitClosed(): Coroutine<void> {
    yield* sleep(1);
  }
}

function* createPool(_options: { host: string; port: number; user: string; password: string; db: string }): Coroutine<Pool> {
  yield* sleep(10);
  return new Pool();
}

/** Python's repr of a one-column row: ('value',). */
function pyTuple(row: Row | null): string {
  if (row === null) return "None";
  return `(${row.map((v) => `'${v}'`).join(", ")}${row.length === 1 ? "," : ""})`;
}

function* app(): Coroutine<void> {
  const pool = yield* createPool({ host: "127.0.0.1", port: 3306, user: "user", password: "password", db: "testdb" });
  yield* pool.withConnection((conn) =>
    conn.withCursor(function* (cur) {
      yield* cur.execute("SELECT some_column FROM some_table;");
      console.log(pyTuple(yield* cur.fetchone()));
    }),
  );
  pool.close();
  yield* pool.waitClosed();
}

export function main(): void {
  run(app);
}

if (require.main === module) main();
