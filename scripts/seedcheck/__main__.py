"""`python3 -m seedcheck EXECUTABLE BINARY [NAME ...]`: the interop suite for one executable
(`seed-examples` or `socketserver-examples`, built at BINARY), or for the runs whose name contains a
NAME. Exits 1 when a run differs from its reference or a listed program is in no run."""

import os
import subprocess
import sys

from . import seed_scenarios, socketserver_scenarios, suite

SCENARIOS = {seed_scenarios.SEED: seed_scenarios, socketserver_scenarios.EXAMPLES: socketserver_scenarios}


def main(executable, binary, names):
    scenarios = SCENARIOS[executable]
    listed = subprocess.run([binary, "list"], check=True, capture_output=True, text=True).stdout.split()
    covered = suite.covered(scenarios.PAIRS, scenarios.ONE_SHOTS, executable)
    uncovered = sorted(set(listed) - covered - getattr(scenarios, "WITHOUT_SEED", set()))
    for name in uncovered:
        print("FAIL %s: listed by %s, but in no pair or one-shot here" % (name, executable))
    failures = suite.run(scenarios.PAIRS, scenarios.ONE_SHOTS, {executable: binary}, names)
    return 1 if failures or uncovered else 0


sys.exit(main(sys.argv[1], os.path.abspath(sys.argv[2]), sys.argv[3:]))
