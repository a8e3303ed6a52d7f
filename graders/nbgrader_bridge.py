"""Drive nbgrader through its Python API and keep the gradebook trusted.

Release, feedback and export call nbgrader in this process (`NbGraderAPI`,
which reports success, error and log). Autograding runs each submission as a
task (`graders.autograde`): the trusted grader's report first, then nbgrader's
execution of the notebook in the boxed kernel for its outputs. Tasks run on a
local process pool (or one worker in this process); this process alone writes
the course folder and the gradebook, one outcome at a time, so the SQLite
gradebook never sees two writers. Only the trusted report's scores reach the
gradebook; nothing the notebook's kernel printed counts.
"""

from __future__ import annotations

import shutil
import sys
import time
import warnings
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from graders.autograde import AutogradeOutcome, AutogradeTask
from graders.course import (
    BridgeError,
    course_dir,
    db_url,
    nbgrader_api,
    sync_source,
)
from graders.registry import Assignment, get_assignment


def require_gradebook() -> None:
    """Fail with a clear message when the SQLite gradebook does not exist yet."""
    url = db_url()
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
        raise BridgeError(
            f"no gradebook at {url.removeprefix('sqlite:///')}; run `dls release` and "
            "`dls autograde` first"
        )


def _check(result: dict, step: str) -> None:
    if not result.get("success"):
        lines = (result.get("error") or result.get("log") or "no output").strip().splitlines()
        raise BridgeError(f"nbgrader {step} failed: {lines[-1] if lines else 'no output'}")


# --------------------------------------------------------------------------- paths


def release_path(assignment: Assignment) -> Path:
    return course_dir() / "release" / assignment.id / assignment.notebook


def submitted_path(assignment: Assignment, student: str) -> Path:
    return course_dir() / "submitted" / student / assignment.id / assignment.notebook


def autograded_path(assignment: Assignment, student: str) -> Path:
    return course_dir() / "autograded" / student / assignment.id / assignment.notebook


# --------------------------------------------------------------------------- release


def release(ids: Iterable[str]) -> list[Path]:
    """nbgrader generate_assignment for each id; returns the student notebooks."""
    paths = []
    api = nbgrader_api()
    for assignment in map(get_assignment, ids):
        sync_source(assignment)
        _check(api.generate_assignment(assignment.id, force=True), "generate_assignment")
        paths.append(release_path(assignment))
    return paths


def submit(
    assignment: Assignment,
    student: str,
    notebook_text: str,
    submitted_at: datetime | None = None,
) -> Path:
    """Place a submission where nbgrader looks for it, stamped `submitted_at` (default: now)."""
    path = submitted_path(assignment, student)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(notebook_text, encoding="utf-8")
    stamp = (submitted_at or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M:%S.%f UTC")
    (path.parent / "timestamp.txt").write_text(stamp + "\n")
    return path


def students_with_submissions(assignment: Assignment) -> list[str]:
    root = course_dir() / "submitted"
    if not root.exists():
        return []
    return sorted(
        p.name for p in root.iterdir() if (p / assignment.id / assignment.notebook).exists()
    )


# --------------------------------------------------------------------------- autograde


def make_task(assignment: Assignment, student: str) -> AutogradeTask:
    path = submitted_path(assignment, student)
    if not path.exists():
        raise BridgeError(f"no submission of {assignment.id} by {student}")
    stamp_file = path.parent / "timestamp.txt"
    stamp = stamp_file.read_text().strip() if stamp_file.exists() else ""
    notebook = path.read_bytes().decode("utf-8", errors="replace")
    return AutogradeTask(assignment.id, student, notebook, stamp)


def run_tasks(
    tasks: list[AutogradeTask],
    workers: int = 1,
    *,
    scheduler: str | None = None,
    execute: bool = True,
) -> Iterator[AutogradeOutcome]:
    """Outcomes of `tasks`, as they finish: in this process, on a local process pool,
    or on the Dask cluster at `scheduler`.

    `execute=False` computes only the trusted reports (the gradebook scores), without
    nbgrader's run of the notebook (so no feedback notebook).
    """
    if scheduler:
        from graders.cluster import run_on_cluster

        yield from run_on_cluster(tasks, scheduler, execute=execute)
        return
    from graders.autograde import run_task
    from graders.batch import trusted_task

    func = run_task if execute else trusted_task
    if workers <= 1 or len(tasks) <= 1:
        if execute:
            from graders.autograde import Worker

            worker = Worker()
            try:
                for task in tasks:
                    yield worker.run(task)
            finally:
                worker.close()
        else:
            for task in tasks:
                yield trusted_task(task)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    from graders.autograde import start_worker

    context = multiprocessing.get_context("spawn")
    initializer = start_worker if execute else None
    with ProcessPoolExecutor(workers, mp_context=context, initializer=initializer) as pool:
        futures = {pool.submit(func, task): task for task in tasks}
        for future in as_completed(futures):
            task = futures[future]
            try:
                yield future.result()
            except BrokenProcessPool:
                problem = "could not be graded: the grading worker stopped"
                yield AutogradeOutcome.failed(task.assignment_id, task.student, problem)


def autograde(
    ids: Iterable[str],
    students: Iterable[str] | None = None,
    *,
    workers: int = 1,
    quiet: bool = False,
    force: bool = True,
    execute: bool = True,
    scheduler: str | None = None,
    summary: list[str] | None = None,
) -> list[AutogradeOutcome]:
    """Autograde submissions: trusted scores into the gradebook, nbgrader's run for feedback.

    With `force=False`, submissions already graded unchanged are skipped (the summary
    says how many). Progress is a tqdm bar; `summary` (a list) receives the summary
    lines, one per submission that could not be graded and a total.
    """
    from graders.batch import BatchProgress

    require_gradebook()
    tasks, skipped = [], []
    for assignment in map(get_assignment, ids):
        chosen = list(students) if students else students_with_submissions(assignment)
        for student in chosen:
            task = make_task(assignment, student)
            if not force and already_graded(task):
                skipped.append(f"{assignment.id} {student}")
                continue
            tasks.append(task)
    outcomes = []
    started = time.perf_counter()
    progress = BatchProgress(len(tasks), quiet=quiet)
    try:
        for outcome in run_tasks(tasks, workers, scheduler=scheduler, execute=execute):
            store_outcome(outcome, _digest_of(tasks, outcome))
            outcomes.append(outcome)
            progress.update(outcome)
    finally:
        unexecuted = [_summary(o) for o in outcomes if execute and o.report and not o.executed]
        lines = progress.close(skipped, unexecuted)
    if summary is not None:
        summary += lines
    if not quiet and tasks:
        elapsed = time.perf_counter() - started
        print(f"    graded {len(tasks)} submission(s) in {elapsed:.1f} s", flush=True)
    return outcomes


GRADED_MARK = ".dls-graded.json"  # beside the autograded copy: what was graded, and how


def _mark_path(assignment: Assignment, student: str) -> Path:
    return autograded_path(assignment, student).parent / GRADED_MARK


def _digest_of(tasks: list[AutogradeTask], outcome: AutogradeOutcome) -> str:
    from graders.batch import notebook_digest

    for task in tasks:
        if (task.assignment_id, task.student) == (outcome.assignment_id, outcome.student):
            return notebook_digest(task.notebook)
    return ""


def already_graded(task: AutogradeTask) -> bool:
    """Whether this very submission (same text) was graded before and is in the gradebook."""
    import json

    from graders.batch import notebook_digest

    mark = _mark_path(get_assignment(task.assignment_id), task.student)
    try:
        stored = json.loads(mark.read_text())
    except (OSError, ValueError):
        return False
    return stored.get("sha256") == notebook_digest(task.notebook) and stored.get("graded", False)


def _summary(outcome: AutogradeOutcome) -> str:
    who = f"{outcome.assignment_id} {outcome.student}"
    if outcome.report is None:
        return f"{who}: {outcome.problem}"
    ran = "" if outcome.executed else " (nbgrader could not run the notebook)"
    return f"{who}: {outcome.report['score']:g}/{outcome.report['max_score']}{ran}"


def store_outcome(outcome: AutogradeOutcome, digest: str = "") -> None:
    """Write one outcome into the course folder and the gradebook (the client's job only).

    `digest` (the submission's sha256) marks the submission as graded, for `force=False`.
    """
    import json

    from nbgrader.api import Gradebook, MissingEntry
    from sqlalchemy.exc import SAWarning

    assignment = get_assignment(outcome.assignment_id)
    target = autograded_path(assignment, outcome.student)
    mark = _mark_path(assignment, outcome.student)
    mark.unlink(missing_ok=True)
    if outcome.autograded is not None:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(outcome.autograded, encoding="utf-8")
        stamp = submitted_path(assignment, outcome.student).parent / "timestamp.txt"
        if stamp.exists():
            shutil.copy2(stamp, target.parent / "timestamp.txt")
    else:  # scores without nbgrader's run: an earlier run's outputs and page are stale
        target.unlink(missing_ok=True)
        page = course_dir() / "feedback" / outcome.student / assignment.id / target.name
        page.with_suffix(".html").unlink(missing_ok=True)
    notebook = Path(assignment.notebook).stem
    results = {}
    if outcome.report is not None:
        results = {e["name"]: e for e in outcome.report["exercises"]}
    from nbgrader.utils import parse_utc

    stamp_file = submitted_path(assignment, outcome.student).parent / "timestamp.txt"
    stamp_text = stamp_file.read_text().strip() if stamp_file.exists() else ""
    with Gradebook(db_url()) as gb, warnings.catch_warnings():
        # nbgrader's add_submission makes SQLAlchemy warn on every new submission.
        warnings.simplefilter("ignore", category=SAWarning)
        try:
            gb.find_student(outcome.student)
        except MissingEntry:
            # the formgrader shows "last, first" ("None, None" without names)
            gb.add_student(outcome.student, last_name=outcome.student, first_name="")
        try:
            submission = gb.find_submission(assignment.id, outcome.student)
        except MissingEntry:
            submission = gb.add_submission(assignment.id, outcome.student)
        # The formgrader counts a submission as autograded only when this timestamp
        # equals submitted/<student>/<id>/timestamp.txt.
        submission.timestamp = parse_utc(stamp_text) if stamp_text else None
        for exercise in assignment.exercises:
            entry = results.get(exercise.name)
            try:
                grade = gb.find_grade(
                    f"test_{exercise.name}", notebook, assignment.id, outcome.student
                )
                comment = gb.find_comment(exercise.name, notebook, assignment.id, outcome.student)
            except MissingEntry as exc:
                raise BridgeError(
                    f"gradebook has no entry for {assignment.id}/{outcome.student}/"
                    f"{exercise.name} (release the assignment again)"
                ) from exc
            grade.auto_score = float(entry["points"]) if entry else 0.0
            grade.manual_score = None
            grade.needs_manual_grade = False
            message = entry["message"] if entry else outcome.problem
            comment.auto_comment = f"Hidden tests: {message}."
        gb.db.commit()
    if digest:
        mark.parent.mkdir(parents=True, exist_ok=True)
        mark.write_text(
            json.dumps(
                {
                    "sha256": digest,
                    "graded": outcome.report is not None,
                    "executed": outcome.executed,
                    "score": outcome.report["score"] if outcome.report else None,
                    "problem": outcome.problem,
                }
            )
        )


# --------------------------------------------------------------------------- feedback, export


def feedback(ids: Iterable[str]) -> list[Path]:
    """nbgrader generate_feedback; returns the HTML files written."""
    require_gradebook()
    api = nbgrader_api()
    paths: list[Path] = []
    for assignment in map(get_assignment, ids):
        for student in students_with_submissions(assignment):
            if not autograded_path(assignment, student).exists():
                continue
            result = api.generate_feedback(assignment.id, student, force=True)
            if not result["success"]:
                print(f"    note: no feedback for {student} on {assignment.id}", file=sys.stderr)
        root = course_dir() / "feedback"
        paths += sorted(root.glob(f"*/{assignment.id}/*.html"))
    return paths


def export_csv(path: Path) -> Path:
    """nbgrader's CSV export of the whole gradebook."""
    from nbgrader.api import Gradebook
    from nbgrader.plugins import CsvExportPlugin

    require_gradebook()
    plugin = CsvExportPlugin(to=str(path.resolve()))
    with Gradebook(db_url()) as gb:
        plugin.export(gb)
    return path


def grade_table() -> list[dict[str, object]]:
    """One row per (assignment, student) with score and maximum, from the gradebook."""
    from nbgrader.api import Gradebook

    require_gradebook()
    rows = []
    with Gradebook(db_url()) as gb:
        for assignment in gb.assignments:
            for submission in gb.assignment_submissions(assignment.name):
                rows.append(
                    {
                        "assignment": assignment.name,
                        "student": submission.student.id,
                        "score": submission.score,
                        "max_score": submission.max_score,
                    }
                )
    return sorted(rows, key=lambda r: (r["assignment"], r["student"]))


def print_grade_table(rows: list[dict[str, object]]) -> None:
    """The gradebook as a text table: one line per assignment and learner."""
    print(f"{'assignment':<12}{'student':<12}{'score':>8}{'max':>6}{'percent':>9}")
    for row in rows:
        score, top = float(row["score"]), float(row["max_score"])
        percent = 100 * score / top if top else 0.0
        print(f"{row['assignment']:<12}{row['student']:<12}{score:>8g}{top:>6g}{percent:>8.0f}%")
