#!/bin/bash
# docs/node.md, "Replications on a cluster": a sweep of 1000 replications as
# a Slurm job array of 8 shards. spindle reads SLURM_ARRAY_TASK_ID and
# SLURM_ARRAY_TASK_MIN/_COUNT, so the array may start at 0 or 1. Submit it
# (after mkdir -p logs: Slurm does not create the folder of --output), then
# the merge, to run once every shard has succeeded:
#   jobid=$(sbatch --parsable slurm-sweep.sh)
#   sbatch --dependency=afterok:$jobid --wrap "npx spindle merge results/shard-*.jsonl --out results/merged.jsonl"
#SBATCH --job-name=bank-sweep
#SBATCH --array=1-8
#SBATCH --cpus-per-task=1
#SBATCH --time=01:00:00
#SBATCH --output=logs/bank-sweep-%a.log
set -euo pipefail
mkdir -p results
npx spindle sweep dist/queue-model.js --seeds 1..1000 --input @bank-input.json \
  --out "results/shard-${SLURM_ARRAY_TASK_ID}.jsonl"
