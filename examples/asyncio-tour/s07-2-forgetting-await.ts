/**
 * asyncio tour §7.2, "Forgetting await": `greet()` without `yield*`.
 * As in Python, calling a generator function only creates the coroutine; its
 * body never runs, and what is printed is the generator object, not the
 * greeting. Unlike Python, which warns "coroutine 'greet' was never awaited"
 * (on stderr, when the object is collected), spindle says nothing, even in
 * debug mode: the scheduler never sees a generator that was not yielded to it.
 * TypeScript does not object either (a Coroutine<string> is a valid value).
 * (Writing `yield greet()` instead, with one star missing, is caught: see
 * examples/docs/invalid-yield.ts.)
 */
import { run } from "spindle";
import type { Coroutine } from "spindle";

function* greet(): Coroutine<string> {
  return "Hello, World!";
}

function* app(): Coroutine<void> {
  const greeting = greet(); // Forgot yield*
  console.log(greeting); // This prints a generator object, not the greeting.
}

export function main(): void {
  run(app, { debug: (w) => console.log(`[debug ${w.kind}] ${w.message}`) }); // prints no warning
}

if (require.main === module) main();
