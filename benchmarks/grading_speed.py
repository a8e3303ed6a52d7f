"""Time the trusted grader (`dls grade` path) against nbgrader autograde, per submission.

Usage: .venv/bin/python benchmarks/grading_speed.py [ID...]

Uses a throwaway course directory; prints seconds per submission and the
ratio. Numbers vary with the machine: this prints, it never asserts.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time

from graders import nbgrader_bridge as bridge
from graders.engine import grade_notebook
from graders.notebooks import dumps
from graders.registry import ASSIGNMENTS, get_assignment
from graders.samples import STUDENTS, sample_submission


def main(ids: list[str]) -> None:
    os.environ["DLS_COURSE_DIR"] = tempfile.mkdtemp(prefix="dls-bench-")
    bridge.release(ids)
    print(f"{'assignment':<12}{'student':<12}{'dls grade s':>12}{'autograde s':>13}{'ratio':>8}")
    for aid in ids:
        assignment = get_assignment(aid)
        for student in STUDENTS:
            notebook = sample_submission(assignment, student, bridge.release_path(assignment))
            path = bridge.submit(assignment, student, dumps(notebook))
            started = time.perf_counter()
            grade_notebook(path, aid)
            trusted = time.perf_counter() - started
            started = time.perf_counter()
            bridge.autograde([aid], [student])
            full = time.perf_counter() - started
            print(f"{aid:<12}{student:<12}{trusted:>12.2f}{full:>13.2f}{full / trusted:>7.1f}x")


if __name__ == "__main__":
    main(sys.argv[1:] or sorted(ASSIGNMENTS))
