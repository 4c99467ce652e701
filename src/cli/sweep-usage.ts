/**
 * The help text of `spindle sweep` and `spindle merge`, on its own so that
 * the general help (src/cli/args.ts) and the commands' parser
 * (src/cli/sweep-args.ts) share it without importing each other.
 */

/** `spindle sweep --help`. */
export const SWEEP_USAGE: readonly string[] = [
  "spindle sweep <module> --seeds SEEDS [--input JSON|@FILE | --points JSON|@FILE] [--export NAME] [--shard i/n | --shards N] [--workers N] [--out FILE.jsonl]",
  "  Runs the module's work(input, seed) once per seed (and per parameter point), or this job's",
  "  shard of them, and writes one JSON line per replication, in order, to --out or stdout.",
  "  --seeds SEEDS       the seeds: a range 1..1000, a list 3,5,8, or both (1..10,20)",
  "  --input JSON|@FILE  the input of every replication, as JSON text or @file.json (default null)",
  "  --points JSON|@FILE a parameter sweep: a JSON array of inputs; every seed runs at each point",
  "  --export NAME       the function to call (default work, else the default export)",
  "  --shard i/n         run shard i of n (numbered from 0); without it the shard comes from",
  "                      JOB_COMPLETION_INDEX (Kubernetes) or SLURM_ARRAY_TASK_ID (Slurm), else all",
  "  --shards N          the number of shards, when the environment gives only the index",
  "  --workers N         run on N worker threads (a JavaScript module only; default: this thread)",
  "  --out FILE.jsonl    write the lines there (complete files only: FILE.jsonl.partial until done)",
];

/** `spindle merge --help`. */
export const MERGE_USAGE: readonly string[] = [
  "spindle merge <files...> [--out FILE.jsonl]",
  "  Checks that the shard files hold every replication of one sweep exactly once, and writes",
  "  them in order: byte for byte the file that one machine writes for the whole sweep.",
];
