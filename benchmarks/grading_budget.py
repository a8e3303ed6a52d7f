"""`dls grade` of one submission against its budget: one TensorFlow import plus 5 s.

Usage: .venv/bin/python benchmarks/grading_budget.py [--rounds N] [ID...]

For each assignment (all of them by default) and each round: a fresh
`python -c "import tensorflow"`, then `dls grade` of the assignment's source
notebook (the reference solutions), each a new process as an instructor runs it.
Prints the medians and what grading costs beyond the import. The import is timed
right before each grade so that both see the same disk cache. Numbers vary with
the machine and its load: this prints, it never asserts.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

from graders.registry import ASSIGNMENTS

BUDGET_BEYOND_IMPORT_S = 5.0


def seconds(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, capture_output=True, check=False)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("ids", nargs="*", default=sorted(ASSIGNMENTS))
    args = parser.parse_args()
    print(f"load average at start: {os.getloadavg()[0]:.1f}")
    print(f"{'assignment':<12}{'import s':>10}{'grade s':>10}{'beyond s':>10}  budget")
    for aid in args.ids:
        notebook = str(ASSIGNMENTS[aid].source_notebook)
        imports, grades = [], []
        for _ in range(args.rounds):
            imports.append(seconds([sys.executable, "-c", "import tensorflow"]))
            grades.append(seconds([sys.executable, "-m", "graders", "grade", notebook, "--json"]))
        imported, graded = statistics.median(imports), statistics.median(grades)
        beyond = graded - imported
        verdict = "within" if beyond <= BUDGET_BEYOND_IMPORT_S else "OVER"
        print(f"{aid:<12}{imported:>10.1f}{graded:>10.1f}{beyond:>10.1f}  {verdict}")
    print(f"load average at end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
