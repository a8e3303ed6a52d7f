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
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from graders.autograde import AutogradeOutcome, AutogradeTask
from graders.course import course_dir, db_url, nbgrader_api
from graders.registry import Assignment, get_assignment


class BridgeError(RuntimeError):
    """An nbgrader step failed or its inputs are missing; the message is one line."""


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


def sync_source(assignment: Assignment, root: Path | None = None) -> Path:
    """Copy the assignment's source folder into the course's `source/<id>/`."""
    if not assignment.source_notebook.exists():
        raise BridgeError(
            f"{assignment.id}: source notebook {assignment.source_notebook} is missing"
        )
    target = (root or course_dir()) / "source" / assignment.id
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(
        assignment.source_dir,
        target,
        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"),
    )
    return target


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


def submit(assignment: Assignment, student: str, notebook_text: str) -> Path:
    """Place a submission where nbgrader looks for it (with a timestamp)."""
    path = submitted_path(assignment, student)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(notebook_text, encoding="utf-8")
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f UTC")
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


def run_tasks(tasks: list[AutogradeTask], workers: int = 1) -> Iterator[AutogradeOutcome]:
    """Outcomes of `tasks`, as they finish: in this process, or on a local process pool."""
    if workers <= 1 or len(tasks) <= 1:
        from graders.autograde import Worker

        worker = Worker()
        try:
            for task in tasks:
                yield worker.run(task)
        finally:
            worker.close()
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    from graders.autograde import run_task, start_worker

    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=start_worker) as pool:
        futures = {pool.submit(run_task, task): task for task in tasks}
        for future in as_completed(futures):
            task = futures[future]
            try:
                yield future.result()
            except BrokenProcessPool:
                yield AutogradeOutcome(
                    task.assignment_id,
                    task.student,
                    None,
                    None,
                    False,
                    "could not be graded: the grading worker stopped",
                )


def autograde(
    ids: Iterable[str],
    students: Iterable[str] | None = None,
    *,
    workers: int = 1,
    quiet: bool = False,
) -> list[AutogradeOutcome]:
    """Autograde submissions: trusted scores into the gradebook, nbgrader's run for feedback."""
    require_gradebook()
    tasks = []
    for assignment in map(get_assignment, ids):
        chosen = list(students) if students else students_with_submissions(assignment)
        tasks += [make_task(assignment, student) for student in chosen]
    outcomes = []
    started = time.perf_counter()
    for outcome in run_tasks(tasks, workers):
        store_outcome(outcome)
        outcomes.append(outcome)
        if not quiet:
            print(f"    [{len(outcomes)}/{len(tasks)}] {_summary(outcome)}", flush=True)
    if not quiet and tasks:
        elapsed = time.perf_counter() - started
        print(f"    graded {len(tasks)} submission(s) in {elapsed:.1f} s", flush=True)
    return outcomes


def _summary(outcome: AutogradeOutcome) -> str:
    who = f"{outcome.assignment_id} {outcome.student}"
    if outcome.report is None:
        return f"{who}: {outcome.problem}"
    ran = "" if outcome.executed else " (nbgrader could not run the notebook)"
    return f"{who}: {outcome.report['score']:g}/{outcome.report['max_score']}{ran}"


def store_outcome(outcome: AutogradeOutcome) -> None:
    """Write one outcome into the course folder and the gradebook (the client's job only)."""
    from nbgrader.api import Gradebook, MissingEntry

    assignment = get_assignment(outcome.assignment_id)
    target = autograded_path(assignment, outcome.student)
    if outcome.autograded is not None:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(outcome.autograded, encoding="utf-8")
        stamp = submitted_path(assignment, outcome.student).parent / "timestamp.txt"
        if stamp.exists():
            shutil.copy2(stamp, target.parent / "timestamp.txt")
    notebook = Path(assignment.notebook).stem
    results = {}
    if outcome.report is not None:
        results = {e["name"]: e for e in outcome.report["exercises"]}
    with Gradebook(db_url()) as gb:
        gb.update_or_create_student(outcome.student)
        try:
            gb.find_submission(assignment.id, outcome.student)
        except MissingEntry:
            gb.add_submission(assignment.id, outcome.student)
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
