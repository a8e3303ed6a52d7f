"""Seconds per submission: `dls grade` and `dls autograde`, as an instructor runs them.

Usage: .venv/bin/python benchmarks/grading_speed.py [--old TREE --old-python PY] [ID...]

`dls grade` is a fresh process per sample submission (start-up and imports
included); `dls autograde` is one batch over the sample class (one worker), so a
worker's set-up is shared as it is when an instructor grades a class. Both are
divided by the number of submissions; the course directory is a throwaway one.
With `--old TREE --old-python PY` the same commands run from an earlier tree too,
for a before/after table: TREE is e.g. `git worktree add /tmp/old <commit>`, PY the
python of a copy of .venv whose editable install points at TREE (`cp -a .venv
/tmp/oldvenv` and replace this checkout's path in its `__editable__*` files): sandbox
children import `graders` from the installation, not from the working folder.
Numbers vary with the machine and its load: this prints, it never asserts.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from graders import nbgrader_bridge as bridge
from graders.notebooks import dumps
from graders.registry import REPO_ROOT, get_assignment
from graders.samples import STUDENTS, sample_submission

DEFAULT_IDS = ["c1w2a2", "c2w3a1"]


def timed(command: list[str], tree: Path, course: str, python: str = sys.executable) -> float:
    env = {**os.environ, "DLS_COURSE_DIR": course}
    started = time.perf_counter()
    done = subprocess.run(
        [python, "-m", "graders", *command], cwd=tree, env=env, capture_output=True
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        print(f"    ({' '.join(command)} failed in {tree}: {done.stderr.decode()[-200:]})")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--old", type=Path, help="an earlier tree to compare with")
    parser.add_argument(
        "--old-python",
        default=sys.executable,
        help="the earlier tree's interpreter: a copy of .venv whose editable install points "
        "at that tree (its sandbox children import `graders` from the installation)",
    )
    parser.add_argument("ids", nargs="*", default=DEFAULT_IDS)
    args = parser.parse_args()
    trees = {"now": REPO_ROOT, **({"before": args.old.resolve()} if args.old else {})}
    pythons = {"now": sys.executable, "before": args.old_python}
    course = tempfile.mkdtemp(prefix="dls-bench-")
    os.environ["DLS_COURSE_DIR"] = course
    bridge.release(args.ids)
    for label, tree in trees.items():
        if label != "now":
            timed(["release", *args.ids], tree, course, pythons[label])
    print(f"load average at start: {os.getloadavg()[0]:.1f}")
    print(f"{'tree':<8}{'assignment':<12}{'dls grade s/sub':>17}{'dls autograde s/sub':>21}")
    for aid in args.ids:
        assignment = get_assignment(aid)
        paths = []
        for student in STUDENTS:
            notebook = sample_submission(assignment, student, bridge.release_path(assignment))
            paths.append(bridge.submit(assignment, student, dumps(notebook)))
        for label, tree in trees.items():
            python = pythons[label]
            grade = sum(timed(["grade", str(p), "--json"], tree, course, python) for p in paths)
            # One batch, as an instructor runs it: per-worker set-up is shared.
            # (one worker: the earlier tree had no pool; the comparison is per process)
            workers = ["--workers", "1"] if label == "now" else []
            batch = timed(["autograde", aid, *workers], tree, course, python)
            count = len(paths)
            print(f"{label:<8}{aid:<12}{grade / count:>17.1f}{batch / count:>21.1f}")
    print(f"load average at end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
