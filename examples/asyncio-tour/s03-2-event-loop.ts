/**
 * asyncio tour §3.2, "Event Loop": print, sleep one second, print.
 * `asyncio.run(main())` is `run(main)`: spindle has no event loop to await; the
 * virtual host jumps its clock to the next timer, so the second takes no real time.
 */
import { run, sleep } from "spindle";
import type { Coroutine } from "spindle";

function* app(): Coroutine<void> {
  console.log("Hello");
  yield* sleep(1_000);
  console.log("World");
}

export function main(): void {
  run(app);
}

if (require.main === module) main();
