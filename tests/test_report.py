"""`dls report`: a self-contained page with scores, pass rates and the class's mistakes.

The gradebook is filled through the client's own writer (`store_outcome`) with
made-up outcomes, and the autograded notebooks carry the public tests' hint
lines, so the page is checked without grading anything.
"""

from __future__ import annotations

import re
import subprocess
import sys

import nbformat
import pytest

from graders import nbgrader_bridge as bridge
from graders.autograde import AutogradeOutcome
from graders.engine import exercise_spec
from graders.notebooks import dumps, read_notebook
from graders.registry import ASSIGNMENTS

pytestmark = pytest.mark.slow  # releases an assignment and writes a gradebook
ASSIGNMENT = ASSIGNMENTS["c1w2a1"]


def _report(failed: dict[str, str | None]) -> dict:
    """A trusted report in which the exercises of `failed` scored 0."""
    exercises = [
        {
            "name": e.name,
            "points": 0 if e.name in failed else e.points,
            "max_points": e.points,
            "passed": e.name not in failed,
            "message": "made up",
        }
        for e in ASSIGNMENT.exercises
    ]
    score = sum(x["points"] for x in exercises)
    return {"assignment": ASSIGNMENT.id, "score": score, "max_score": 80, "exercises": exercises}


def _graded_notebook(release, failed: dict[str, str | None]) -> str:
    """The release with each failed exercise's public test printing its hint line."""
    nb = nbformat.from_dict(release)
    for cell in nb.cells:
        name = str(cell.get("id", "")).removeprefix("test_")
        if cell.get("id", "").startswith("test_") and name in failed:
            text = "1 public case failed\n" + (f"hint: {failed[name]}\n" if failed[name] else "")
            cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=text)]
    return dumps(nb)


def test_report_counts_scores_pass_rates_and_named_mistakes(course_dir, tmp_path):
    bridge.release([ASSIGNMENT.id])
    release = read_notebook(bridge.release_path(ASSIGNMENT))
    mistakes = exercise_spec(ASSIGNMENT.id, "L1").mistakes
    mean_hint = mistakes["mean_instead_of_sum"].hint
    sigmoid_hint = exercise_spec(ASSIGNMENT.id, "sigmoid").mistakes["tanh_instead"].hint
    # 10 learners: 3 forget the sum in L1, 1 uses tanh, 1 fails L1 with no known mistake,
    # 1 was graded trusted-only (no notebook), the rest get full marks.
    plan: dict[str, dict[str, str | None]] = {
        **{f"mean_{i}": {"L1": mean_hint} for i in range(3)},
        "tanh": {"sigmoid": sigmoid_hint},
        "unknown": {"L1": None},
        "trusted_only": {"L1": None},
        **{f"full_{i}": {} for i in range(4)},
    }
    for student, failed in plan.items():
        bridge.submit(ASSIGNMENT, student, dumps(release))
        notebook = None if student == "trusted_only" else _graded_notebook(release, failed)
        bridge.store_outcome(
            AutogradeOutcome(ASSIGNMENT.id, student, _report(failed), notebook, True)
        )
    out = tmp_path / "report.html"
    done = subprocess.run(
        [sys.executable, "-m", "graders", "report", "--output", str(out)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    page = out.read_text()
    assert "http://" not in page and "https://" not in page  # nothing to fetch
    assert len(re.findall(r'src="data:image/png;base64,[A-Za-z0-9+/=]{1000,}"', page)) == 1
    assert "10 submissions" in page and "4 with full marks" in page
    rows = re.findall(r"<tr><td>(\d+) % \((\d+) of 10\)</td><td><code>(\w+)</code></td>", page)
    assert rows == [("30", "3", "L1"), ("10", "1", "sigmoid")]
    assert "mean instead of sum" in page and "tanh instead" in page
    assert "1 submissions were graded without nbgrader" in page
