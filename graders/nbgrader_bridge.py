"""Drive nbgrader (release, autograde, feedback, export) and write trusted scores.

nbgrader runs each submission top to bottom in a limited kernel and produces
the autograded notebook and feedback; then `apply_trusted_scores` grades the
*submitted file* with the sandboxed engine and writes those scores into the
gradebook through nbgrader's own API, so formgrader, feedback and exports all
show them, whatever the learner's code did inside the kernel.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from graders.course import course_dir, default_db_url
from graders.engine import GradeReport, grade_notebook
from graders.grading_kernel import install_kernelspec
from graders.grading_service import SOCKET_ENV, grading_service
from graders.registry import REPO_ROOT, Assignment, get_assignment


class BridgeError(RuntimeError):
    """An nbgrader step failed or its inputs are missing; the message is one line."""


def db_url() -> str:
    return os.environ.get("DLS_DB_URL") or default_db_url()


def require_gradebook() -> None:
    """Fail with a clear message when the SQLite gradebook does not exist yet."""
    url = db_url()
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
        raise BridgeError(
            f"no gradebook at {url.removeprefix('sqlite:///')}; run `dls release` and "
            "`dls autograde` first"
        )


def _env() -> dict[str, str]:
    env = dict(os.environ)
    bin_dir = str(Path(sys.executable).parent)
    env["PATH"] = bin_dir + os.pathsep + env.get("PATH", "")  # nbgrader needs alembic on PATH
    env["DLS_COURSE_DIR"] = str(course_dir())
    env["DLS_DB_URL"] = db_url()
    return env


def run_nbgrader(*args: str, extra_env: dict[str, str] | None = None) -> str:
    """Run one nbgrader command with the course config; return its log, raise on failure."""
    done = subprocess.run(
        [sys.executable, "-m", "nbgrader", *args],
        cwd=REPO_ROOT,
        env={**_env(), **(extra_env or {})},
        capture_output=True,
        text=True,
    )
    log = done.stdout + done.stderr
    if done.returncode != 0:
        errors = [
            line.split("ERROR]", 1)[-1].strip()
            for line in log.splitlines()
            if "ERROR]" in line and "see the the above traceback" not in line
        ]
        detail = errors[0] if errors else (log.strip().splitlines() or ["no output"])[-1]
        raise BridgeError(f"nbgrader {args[0]} failed: {detail}")
    return log


def sync_source(assignment: Assignment) -> Path:
    """Copy the assignment's source folder into the course's `source/<id>/`."""
    if not assignment.source_notebook.exists():
        missing = assignment.source_notebook
        raise BridgeError(f"{assignment.id}: source notebook {missing} is missing")
    target = course_dir() / "source" / assignment.id
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


def release(ids: Iterable[str]) -> list[Path]:
    """nbgrader generate_assignment for each id; returns the student notebooks."""
    paths = []
    for assignment in map(get_assignment, ids):
        sync_source(assignment)
        run_nbgrader("generate_assignment", assignment.id, "--force")
        paths.append(release_path(assignment))
    return paths


def submitted_path(assignment: Assignment, student: str) -> Path:
    return course_dir() / "submitted" / student / assignment.id / assignment.notebook


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


@dataclass
class AutogradeResult:
    assignment_id: str
    student: str
    report: GradeReport
    executed: bool = True  # False when nbgrader could not run the notebook


def autograde(ids: Iterable[str], students: Iterable[str] | None = None) -> list[AutogradeResult]:
    """nbgrader autograde, then the trusted scores written over the kernel's verdicts."""
    install_kernelspec()
    results = []
    with grading_service() as socket_path:
        for assignment in map(get_assignment, ids):
            chosen = list(students) if students else students_with_submissions(assignment)
            for student in chosen:
                if not submitted_path(assignment, student).exists():
                    raise BridgeError(f"no submission of {assignment.id} by {student}")
                try:
                    run_nbgrader(
                        "autograde",
                        assignment.id,
                        "--force",
                        "--student",
                        student,
                        extra_env={SOCKET_ENV: str(socket_path)},
                    )
                    executed = True
                except BridgeError as exc:
                    # The submission broke its kernel (e.g. patched builtins, exited):
                    # nbgrader gives up on it, but grading must go on for everyone.
                    print(f"    note: {exc}; scoring {student} without nbgrader's run")
                    record_unexecuted(assignment, student)
                    executed = False
                report = apply_trusted_scores(assignment, student)
                results.append(AutogradeResult(assignment.id, student, report, executed))
    return results


UNEXECUTED_NOTE = (
    "**This notebook could not be run during grading**: its code stopped or broke the "
    "kernel. The scores below come from the grader, which ran each graded function "
    "separately."
)


def record_unexecuted(assignment: Assignment, student: str) -> Path:
    """Gradebook rows and an unexecuted autograded copy for a notebook nbgrader could not run."""
    import nbformat
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(db_url()) as gb:
        gb.update_or_create_student(student)
        try:
            gb.find_submission(assignment.id, student)
        except MissingEntry:
            gb.add_submission(assignment.id, student)
    submitted = submitted_path(assignment, student)
    target = course_dir() / "autograded" / student / assignment.id
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    nb = nbformat.read(submitted, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    nb.cells.insert(0, nbformat.v4.new_markdown_cell(UNEXECUTED_NOTE))
    nbformat.write(nb, target / assignment.notebook)
    shutil.copy2(submitted.parent / "timestamp.txt", target / "timestamp.txt")
    return target / assignment.notebook


def apply_trusted_scores(assignment: Assignment, student: str) -> GradeReport:
    """Grade the submitted file in the sandbox and store the scores in the gradebook."""
    from nbgrader.api import Gradebook, MissingEntry

    report = grade_notebook(submitted_path(assignment, student), assignment.id)
    notebook = Path(assignment.notebook).stem
    with Gradebook(db_url()) as gb:
        for result in report.results:
            try:
                grade = gb.find_grade(f"test_{result.name}", notebook, assignment.id, student)
                grade.auto_score = float(result.points)
                grade.manual_score = None
                comment = gb.find_comment(result.name, notebook, assignment.id, student)
                comment.auto_comment = f"Hidden tests: {result.message}."
            except MissingEntry as exc:
                raise BridgeError(
                    f"gradebook has no entry for {assignment.id}/{student}/{result.name}"
                ) from exc
        gb.db.commit()
    return report


def feedback(ids: Iterable[str]) -> list[Path]:
    """nbgrader generate_feedback; returns the HTML files written."""
    require_gradebook()
    paths: list[Path] = []
    for assignment in map(get_assignment, ids):
        try:
            run_nbgrader("generate_feedback", assignment.id, "--force")
        except BridgeError:
            # One unusual notebook must not cost everyone their feedback: go one by one.
            for student in students_with_submissions(assignment):
                try:
                    run_nbgrader(
                        "generate_feedback", assignment.id, "--force", "--student", student
                    )
                except BridgeError as exc:
                    print(f"    note: no feedback for {student} on {assignment.id}: {exc}")
        root = course_dir() / "feedback"
        paths += sorted(root.glob(f"*/{assignment.id}/*.html"))
    return paths


def export_csv(path: Path) -> Path:
    """nbgrader's CSV export of the whole gradebook."""
    require_gradebook()
    run_nbgrader("export", f"--CsvExportPlugin.to={path.resolve()}")
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
