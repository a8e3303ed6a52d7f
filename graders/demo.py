"""`dls demo` (the README's first command): the whole instructor loop on sample learners.

Releases every assignment, hands in the four sample submissions of
`graders.samples`, autogrades them on a local pool, writes feedback HTML, a CSV
export and the class report, prints the grade table, and checks that each
sample learner got exactly the exercise scores it must get. Re-running is safe:
the same gradebook rows are updated.

Every submission gets its trusted scores. nbgrader's run of the whole notebook
(its outputs, and so the feedback pages) costs about four times as much: 116
notebooks take 24 min on 2 cores, the trusted scores 5 min. So by default the
demo runs nbgrader for the `FEEDBACK_IDS` only (one numpy, one TensorFlow
assignment); `dls demo --feedback all` runs it for every assignment.
"""

from __future__ import annotations

import os
import time

from graders.course import course_dir
from graders.nbgrader_bridge import (
    autograde,
    export_csv,
    feedback,
    grade_table,
    print_grade_table,
    release,
    release_path,
    submit,
)
from graders.notebooks import dumps
from graders.registry import get_assignment
from graders.samples import STUDENTS, expected_scores, sample_submission


def _step(text: str) -> float:
    print(f"==> {text}", flush=True)
    return time.perf_counter()


# The assignments whose sample submissions nbgrader also runs by default (feedback pages).
FEEDBACK_IDS = ("c1w2a2", "c2w3a1")


def default_workers() -> int:
    return max(1, os.cpu_count() or 1)


def run_demo(
    ids: list[str], workers: int | None = None, feedback_ids: list[str] | None = None
) -> int:
    """Run the demo for the given assignment ids; 0 when every score is as expected.

    `feedback_ids`: the assignments nbgrader runs for outputs and feedback pages
    (default: those of `FEEDBACK_IDS` among `ids`); the others get trusted scores only.
    """
    started = _step(f"releasing {', '.join(ids)} into {course_dir()}")
    release(ids)
    for aid in ids:
        assignment = get_assignment(aid)
        for student in STUDENTS:
            submission = sample_submission(assignment, student, release_path(assignment))
            submit(assignment, student, dumps(submission))
    workers = workers or default_workers()
    executed = [aid for aid in ids if aid in (feedback_ids or FEEDBACK_IDS)]
    scored = [aid for aid in ids if aid not in executed]
    outcomes = []
    if executed:
        count = len(executed) * len(STUDENTS)
        _step(f"autograding {count} submissions of {', '.join(executed)} through nbgrader")
        outcomes += autograde(executed, list(STUDENTS), workers=workers)
    if scored:
        count = len(scored) * len(STUDENTS)
        _step(f"trusted scores of the {count} other submissions (`--feedback all`: nbgrader too)")
        outcomes += autograde(scored, list(STUDENTS), workers=workers, execute=False)
    surprises = []
    for outcome in outcomes:
        assignment = get_assignment(outcome.assignment_id)
        want = expected_scores(assignment, outcome.student)
        got = {e["name"]: e["points"] for e in (outcome.report or {}).get("exercises", [])}
        if got != want:
            surprises.append(
                f"{outcome.assignment_id}/{outcome.student}: got {got}, expected {want}"
            )
    _step("writing feedback HTML (hidden tests removed)")
    pages = feedback(ids)
    csv_path = export_csv(course_dir() / "grades.csv")
    print(
        f"    {len(pages)} feedback pages under {course_dir() / 'feedback'}; CSV export {csv_path}"
    )
    _step("grade table (from the nbgrader gradebook)")
    print_grade_table([row for row in grade_table() if row["assignment"] in ids])
    from graders.report import write_report

    report = write_report(ids, course_dir() / "class_report.html")
    print(f"    class report (score distributions, pass rates, frequent mistakes): {report}")
    print(f"\ndemo finished in {time.perf_counter() - started:.0f} s")
    if surprises:
        print("UNEXPECTED SCORES:")
        for line in surprises:
            print(f"  {line}")
        return 1
    print("every sample learner got exactly the expected score for every exercise")
    return 0
