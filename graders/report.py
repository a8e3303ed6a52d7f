"""`dls report [ID...]`: one self-contained HTML page on how the class did.

From the gradebook: the score distribution of every assignment and the pass
rate of every exercise. From the autograded notebooks: which catalogued
mistakes the class made most. The public test after each graded function
names the catalogued mistake whose output the learner's matches on a public
case (`hint: ...`, from the hints file `dls refs` writes); the report counts
those lines in the test cells of *failed* exercises and names each mistake by
its key in the spec. Submissions graded trusted-only (no autograded notebook)
count in the scores and pass rates but cannot name a mistake. The figures are
matplotlib PNGs inlined as base64: the page needs no network and no other file.
"""

from __future__ import annotations

import base64
import html
import io
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from graders.registry import get_assignment


@dataclass
class AssignmentStats:
    """What the report shows of one assignment."""

    assignment_id: str
    title: str
    max_score: float
    scores: list[float] = field(default_factory=list)  # one per submission
    passed: Counter = field(default_factory=Counter)  # exercise -> submissions at full points
    mistakes: Counter = field(default_factory=Counter)  # (exercise, key, hint) -> submissions
    with_notebook: int = 0  # submissions whose autograded notebook could be read


def _hint_keys(assignment_id: str) -> dict[str, dict[str, str]]:
    """exercise -> {hint text: mistake key} from the hidden spec."""
    from graders.engine import spec_exercises

    return {
        name: {m.hint: key for key, m in spec.mistakes.items() if m.hint}
        for name, spec in spec_exercises(assignment_id).items()
    }


def _cell_text(cell: Any) -> str:
    parts = []
    for output in cell.get("outputs", []):
        if "text" in output:
            parts.append(output["text"])
        parts.append(str(output.get("data", {}).get("text/plain", "")))
        parts.append(str(output.get("evalue", "")))
    return "".join(parts)


def matched_mistakes(notebook: Any, failed: set[str], hints: dict[str, dict[str, str]]):
    """(exercise, mistake key, hint) for each failed exercise whose public test named one."""
    found = []
    for cell in notebook.cells:
        name = str(cell.get("id", "")).removeprefix("test_")
        if (
            cell.cell_type != "code"
            or name not in failed
            or not cell.get("id", "").startswith("test_")
        ):
            continue
        text = _cell_text(cell)
        for hint, key in hints.get(name, {}).items():
            if f"hint: {hint}" in text:
                found.append((name, key, hint))
                break
    return found


def collect_stats(ids: list[str]) -> list[AssignmentStats]:
    """Scores, pass rates and matched mistakes of the given assignments, from the gradebook."""
    from nbgrader.api import Gradebook, MissingEntry

    from graders.course import db_url
    from graders.nbgrader_bridge import autograded_path, require_gradebook
    from graders.notebooks import NotebookError, read_notebook

    require_gradebook()
    stats = []
    with Gradebook(db_url()) as gb:
        for aid in ids:
            assignment = get_assignment(aid)
            entry = AssignmentStats(aid, assignment.title, assignment.total_points)
            try:
                submissions = gb.assignment_submissions(aid)
            except MissingEntry:
                submissions = []
            hints = _hint_keys(aid)
            notebook = Path(assignment.notebook).stem
            for submission in submissions:
                student = submission.student.id
                entry.scores.append(float(submission.score))
                failed = set()
                for exercise in assignment.exercises:
                    try:
                        grade = gb.find_grade(f"test_{exercise.name}", notebook, aid, student)
                    except MissingEntry:
                        failed.add(exercise.name)
                        continue
                    if (grade.score or 0) >= exercise.points:
                        entry.passed[exercise.name] += 1
                    else:
                        failed.add(exercise.name)
                path = autograded_path(assignment, student)
                if not path.exists():
                    continue
                try:
                    nb = read_notebook(path)
                except NotebookError:
                    continue
                entry.with_notebook += 1
                for found in matched_mistakes(nb, failed, hints):
                    entry.mistakes[found] += 1
            stats.append(entry)
    return stats


def _figure_png(fig: Any) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=90, bbox_inches="tight")
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _figures(entry: AssignmentStats) -> str:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = [e.name for e in get_assignment(entry.assignment_id).exercises]
    n = len(entry.scores)
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, max(3.0, 0.35 * len(names) + 1)))
    percent = [100 * s / entry.max_score if entry.max_score else 0 for s in entry.scores]
    left.hist(percent, bins=[i * 10 for i in range(11)], color="#4c72b0", edgecolor="white")
    left.set_xlabel("score (% of the maximum)")
    left.set_ylabel("submissions")
    left.set_title(f"score distribution ({n} submissions)")
    left.yaxis.get_major_locator().set_params(integer=True)
    rates = [100 * entry.passed[name] / n if n else 0 for name in names]
    right.barh(names[::-1], rates[::-1], color="#55a868")
    right.set_xlim(0, 100)
    right.set_xlabel("% of submissions with full points")
    right.set_title("pass rate per exercise")
    for y, rate in enumerate(rates[::-1]):
        right.text(min(rate + 1, 88), y, f"{rate:.0f} %", va="center", fontsize=8)
    png = _figure_png(fig)
    plt.close(fig)
    alt = f"score distribution and pass rates of {entry.assignment_id}"
    return f'<img alt="{alt}" src="data:image/png;base64,{png}">'


def render(stats: list[AssignmentStats], top: int = 10) -> str:
    """The HTML page (a string; no external resources)."""
    e = html.escape
    parts = [
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Class report</title>",
        "<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#222}"
        "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px;"
        "text-align:left}img{max-width:100%}.muted{color:#777}</style></head><body>",
        "<h1>Class report</h1>",
        f"<p class='muted'>Written {datetime.now(UTC):%Y-%m-%d %H:%M} UTC from the gradebook "
        "and the autograded notebooks.</p>",
    ]
    for entry in stats:
        n = len(entry.scores)
        parts.append(f"<h2>{e(entry.assignment_id)}: {e(entry.title)}</h2>")
        if not n:
            parts.append("<p>No graded submissions yet.</p>")
            continue
        mean = sum(entry.scores) / n
        full = sum(s >= entry.max_score for s in entry.scores)
        parts.append(
            f"<p>{n} submissions; mean {mean:.1f} / {entry.max_score:g}; "
            f"{full} with full marks.</p>"
        )
        parts.append(_figures(entry))
        parts.append(
            "<p class='muted'>Left: how many submissions reached each score band. Right: the "
            "share of submissions with full points on each exercise; the short bars are where "
            "the class needs help.</p>"
        )
        parts.append("<h3>Most frequent catalogued mistakes</h3>")
        if not entry.mistakes:
            parts.append(
                "<p>No failed exercise matched a catalogued mistake"
                + (
                    f" ({n - entry.with_notebook} submissions were graded without nbgrader's "
                    "run, so their public tests were not seen)"
                    if entry.with_notebook < n
                    else ""
                )
                + ".</p>"
            )
            continue
        parts.append(
            "<table><tr><th>share of the class</th><th>exercise</th><th>mistake</th>"
            "<th>what the learner is told</th></tr>"
        )
        for (exercise, key, hint), count in entry.mistakes.most_common(top):
            parts.append(
                f"<tr><td>{100 * count / n:.0f} % ({count} of {n})</td><td><code>"
                f"{e(exercise)}</code></td><td>{e(key.replace('_', ' '))}</td>"
                f"<td>{e(hint)}</td></tr>"
            )
        parts.append("</table>")
        if entry.with_notebook < n:
            parts.append(
                f"<p class='muted'>{n - entry.with_notebook} submissions were graded "
                "without nbgrader's run: they count in the scores, not in this table.</p>"
            )
    parts.append("</body></html>")
    return "\n".join(parts)


def write_report(ids: list[str], path: str | Path) -> Path:
    """Collect the statistics of `ids` and write the page to `path`."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(collect_stats(ids)), encoding="utf-8")
    return path
