"""The M/M/1 model of bench/mm1-models.ts in SimPy, written the idiomatic way.

Run by bench/mm1-side-by-side.ts (npm run bench:mm1) in a fresh python3
process, with the folder that contains the `simpy` package on PYTHONPATH
(the SIMPY_SRC environment variable). Prints one JSON line:

    {"runs": [{"seconds": ..., "customers": ..., "meanWait": ..., "utilisation": ...}, ...],
     "warmups": [...same...], "python": "3.11.7", "simpy": "4.1.2" or null, "simpyFile": ".../simpy/__init__.py"}

Each run builds the model afresh (same seed) and times env.run() alone,
after a full collection (gc.collect()), as the Node rows do.
"""

import argparse
import gc
import json
import platform
import random
import time

import simpy

LAMBDA = 0.9
MU = 1.0
SEED = 1


class Stats:
    """What the run reports: the waits (arrival to grant) and the busy time."""

    def __init__(self):
        self.served = 0
        self.wait_sum = 0.0
        self.busy = 0.0


def customer(env, server, rng, stats):
    arrive = env.now
    with server.request() as req:
        yield req
        stats.served += 1
        stats.wait_sum += env.now - arrive
        service = rng.expovariate(MU)
        stats.busy += service
        yield env.timeout(service)


def source(env, n, server, rng, stats):
    for _ in range(n):
        env.process(customer(env, server, rng, stats))
        yield env.timeout(rng.expovariate(LAMBDA))


def run(customers):
    rng = random.Random(SEED)
    env = simpy.Environment()
    server = simpy.Resource(env, capacity=1)
    stats = Stats()
    env.process(source(env, customers, server, rng, stats))
    gc.collect()
    start = time.perf_counter()
    env.run()
    seconds = time.perf_counter() - start
    return {
        "seconds": seconds,
        "customers": stats.served,
        "meanWait": stats.wait_sum / stats.served,
        "utilisation": stats.busy / env.now,
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--warmups", type=int, default=1)
    args = parser.parse_args()
    warmups = [run(args.customers) for _ in range(args.warmups)]
    runs = [run(args.customers) for _ in range(args.runs)]
    print(
        json.dumps(
            {
                "runs": runs,
                "warmups": warmups,
                "python": f"{platform.python_implementation()} {platform.python_version()}",
                "simpy": getattr(simpy, "__version__", None),
                "simpyFile": simpy.__file__,
            }
        )
    )


if __name__ == "__main__":
    main()
