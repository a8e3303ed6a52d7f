"""Per-exercise scores of the sample learners under an earlier grader and this one.

Usage: .venv/bin/python benchmarks/old_vs_new_scores.py --old TREE --old-python PY [ID...]

TREE and PY as for `benchmarks/grading_speed.py` (a worktree of an earlier commit
and a copy of .venv whose editable install points at it). Every sample learner of
each assignment (this tree's samples: reference, stubs, catalogued mistakes, the
malicious one) is graded by `dls grade --json` in both trees; the table prints
each exercise where the two disagree, then a summary. It prints, it never asserts.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from graders import nbgrader_bridge as bridge
from graders.notebooks import dumps
from graders.registry import REPO_ROOT, get_assignment
from graders.samples import STUDENTS, sample_submission

C1_C2 = ["c1w2a1", "c1w2a2", "c1w3a1", "c1w4a1", "c1w4a2", "c2w1a1", "c2w1a2", "c2w1a3",
         "c2w2a1", "c2w3a1", "c2w3a2"]  # fmt: skip


def scores(python: str, tree: Path, notebook: Path, aid: str) -> dict[str, float] | str:
    done = subprocess.run(
        [python, "-m", "graders", "grade", str(notebook), "--assignment", aid, "--json"],
        cwd=tree, capture_output=True, text=True,
    )  # fmt: skip
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        return f"no report: {done.stderr.strip().splitlines()[-1:]}"
    return {e["name"]: e["points"] for e in report["exercises"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--old", type=Path, required=True)
    parser.add_argument("--old-python", required=True)
    parser.add_argument("ids", nargs="*", default=C1_C2)
    args = parser.parse_args()
    os.environ["DLS_COURSE_DIR"] = tempfile.mkdtemp(prefix="dls-compare-")
    bridge.release(args.ids)
    compared = differing = 0
    for aid in args.ids:
        assignment = get_assignment(aid)
        for student in STUDENTS:
            nb = sample_submission(assignment, student, bridge.release_path(assignment))
            path = bridge.submit(assignment, student, dumps(nb))
            now = scores(sys.executable, REPO_ROOT, path, aid)
            before = scores(args.old_python, args.old, path, aid)
            if isinstance(now, str) or isinstance(before, str):
                print(f"{aid} {student}: now {now!r}, before {before!r}")
                differing += 1
                continue
            for name in now:
                compared += 1
                if now[name] != before.get(name):
                    differing += 1
                    print(f"{aid} {student} {name}: before {before.get(name)}, now {now[name]}")
        print(f"{aid}: done", flush=True)
    print(f"{compared} exercise scores compared, {differing} differ")


if __name__ == "__main__":
    main()
