"""Runs interop items (pairs and one-shot programs) in parallel and prints one verdict line per run."""

import time
from concurrent.futures import ThreadPoolExecutor

from .interop import Failure, OneShot, check_one_shot, check_pair

WORKERS = 4  # runs at once: enough to overlap the seeds' sleeps, few enough for a 2-core machine


def covered(pairs, one_shots, binary):
    """The subcommands of `binary` (e.g. "seed-examples") that some pair or one-shot runs."""
    programs = [p.server for p in pairs] + [p.client for p in pairs] + [s.program for s in one_shots]
    return {program.swift[1] for program in programs if program.swift[0] == binary}


def run(pairs, one_shots, binaries, names=()):
    """Checks every pair and one-shot (or those whose name contains one of `names`); returns the
    number of failed runs."""
    items = [item for item in list(pairs) + list(one_shots) if not names or any(n in item.name for n in names)]
    start = time.monotonic()

    def check(item):
        try:
            return item, (check_one_shot if isinstance(item, OneShot) else check_pair)(item, binaries)
        except Failure as failure:
            return item, [("reference", [str(failure)])]

    failures = runs = 0
    with ThreadPoolExecutor(WORKERS) as pool:
        for item, results in pool.map(check, items):
            for label, found in results:
                runs += 1
                failures += bool(found)
                print("%s %s: %s" % ("ok  " if not found else "FAIL", item.name, label))
                for difference in found:
                    print("     " + difference.replace("\n", "\n     "))
    print("interop: %d pairs (each against the Python reference), %d one-shot programs, %d runs in %.1f s: %s" % (
        len([i for i in items if not isinstance(i, OneShot)]), len([i for i in items if isinstance(i, OneShot)]),
        runs, time.monotonic() - start, "all match" if not failures else "%d differ" % failures))
    return failures
