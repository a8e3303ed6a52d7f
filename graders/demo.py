"""`dls demo` (the README's first command): the whole instructor loop on sample learners.

Releases every assignment, hands in the four sample submissions of
`graders.samples`, autogrades them through nbgrader with the trusted scores,
writes feedback HTML and a CSV export, prints the grade table, and checks that
each sample learner got exactly the exercise scores it must get. Re-running is
safe: nbgrader updates the same gradebook rows (`--force`).
"""

from __future__ import annotations

import time

from graders.course import course_dir
from graders.nbgrader_bridge import (
    autograde,
    export_csv,
    feedback,
    grade_table,
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


def run_demo(ids: list[str]) -> int:
    """Run the demo for the given assignment ids; 0 when every score is as expected."""
    started = _step(f"releasing {', '.join(ids)} into {course_dir()}")
    release(ids)
    surprises = []
    for aid in ids:
        assignment = get_assignment(aid)
        for student in STUDENTS:
            submission = sample_submission(assignment, student, release_path(assignment))
            submit(assignment, student, dumps(submission))
        for student in STUDENTS:
            tick = _step(f"autograding {aid} for '{student}' (nbgrader + sandboxed grader)")
            (result,) = autograde([aid], [student])
            got = {r.name: r.points for r in result.report.results}
            want = expected_scores(assignment, student)
            seconds = time.perf_counter() - tick
            ran = "" if result.executed else " (nbgrader could not run it)"
            print(f"    {result.report.score:g}/{result.report.max_score} in {seconds:.1f} s{ran}")
            if got != want:
                surprises.append(f"{aid}/{student}: got {got}, expected {want}")
    _step("writing feedback HTML (hidden tests removed)")
    pages = feedback(ids)
    csv_path = export_csv(course_dir() / "grades.csv")
    print(
        f"    {len(pages)} feedback pages under {course_dir() / 'feedback'}; CSV export {csv_path}"
    )
    _step("grade table (from the nbgrader gradebook)")
    from graders.cli import print_grade_table

    print_grade_table([row for row in grade_table() if row["assignment"] in ids])
    print(f"\ndemo finished in {time.perf_counter() - started:.0f} s")
    if surprises:
        print("UNEXPECTED SCORES:")
        for line in surprises:
            print(f"  {line}")
        return 1
    print("every sample learner got exactly the expected score for every exercise")
    return 0
