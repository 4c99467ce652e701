/**
 * docs/game-loop.md: what the page's inspector shows for a selected entity,
 * read from the scheduler without changing anything (so it is not an input,
 * and not recorded): the entity's brain as `dump()` prints it (its state,
 * what it waits on, for how long), its parent (the entity's supervisor), and
 * the entity's whole subtree of tasks: the brain and the children of its
 * current `race`. No DOM, so the tests use it in Node too.
 */
import type { Task } from "spindle";
import type { Entity, Game } from "./game.js";

export interface Inspection {
  readonly id: number;
  readonly kind: Entity["kind"];
  readonly mode: Entity["mode"];
  readonly x: number;
  readonly y: number;
  /** The brain's line of `scheduler.dump()` (the supervisor's before the first frame, when there is no brain yet). */
  readonly task: string;
  /** What that task waits on (`race(…)`, `nextFrame()`), or its state if it is not blocked. */
  readonly waitingOn: string;
  /** The task's parent's label, and what the parent waits on. */
  readonly parent: string;
  /** The entity's lines of `dump()`: its supervisor, then the tasks under it, indented. */
  readonly tree: readonly string[];
}

/** What the inspector shows for entity `id`; undefined if there is no such entity (now). */
export function inspect(game: Game, id: number): Inspection | undefined {
  const e = game.entities.get(id);
  if (e === undefined || e.task === null) return undefined;
  const task: Task<void> = e.brain ?? e.task;
  const tree = subtree(game.host.scheduler.dump(), e.task.label);
  const line = tree.find((l) => l.trimStart().startsWith(`${task.label} `)) ?? `${task.label} ${task.state}`;
  const parent = task.parent === null ? "none: a root task, spawned by the host" : `${task.parent.label}${task.parent.waitingOn === undefined ? "" : ` on ${task.parent.waitingOn}`}`;
  return { id, kind: e.kind, mode: e.mode, x: e.x, y: e.y, task: line.trim(), waitingOn: task.waitingOn ?? task.state, parent, tree };
}

/**
 * The lines of a dump from the one for `label` through its descendants
 * (the lines indented deeper that follow it), with the times rounded to
 * the millisecond for reading.
 */
function subtree(dump: string, label: string): string[] {
  const lines = dump.split("\n");
  const start = lines.findIndex((l) => l.trimStart().startsWith(`${label} `));
  if (start < 0) return [];
  const depth = indent(lines[start] as string);
  const out = [lines[start] as string];
  for (let i = start + 1; i < lines.length && indent(lines[i] as string) > depth; i++) out.push(lines[i] as string);
  return out.map((l) => l.slice(depth).replace(/ for (\d+(?:\.\d+)?)ms/, (_, ms: string) => ` for ${Math.round(Number(ms))}ms`));
}

function indent(line: string): number {
  return line.length - line.trimStart().length;
}
