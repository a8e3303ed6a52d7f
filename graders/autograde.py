"""Autograding one submission: the task a worker runs, wherever it runs.

A task carries the submitted notebook's text; the outcome carries the trusted
report and the notebook as nbgrader executed it. Workers share no files with
the client: `Worker` keeps, per process, a sandbox pool (the grader's imports
paid once per worker) and a scratch nbgrader course in which it generates each
assignment once. Only the client writes the real gradebook and course folder
(`graders.nbgrader_bridge`).

Per submission, the worker

1. grades the submitted file with the trusted engine (sandboxed; the verdict);
2. lets nbgrader execute the notebook in the boxed `dls-grading` kernel, with
   the verdicts readable by the hidden-test regions (a lookup: no grading
   happens in the learner's kernel); test cells get their exercise's time
   limit, so a looping function costs that limit, not nbgrader's default;
3. returns both. Whatever goes wrong with one submission becomes its outcome
   ("could not be graded: ..."); it never stops the batch.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import traceback
import warnings
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from graders.registry import get_assignment

UNEXECUTED_NOTE = (
    "**This notebook could not be run during grading**: its code stopped or broke the "
    "kernel. The scores come from the grader, which ran each graded function separately."
)
TIMED_OUT_NOTE = (
    "**This notebook was not run during grading**: a graded function did not finish "
    "within its time limit (see its score). The scores come from the grader, which ran "
    "each graded function separately."
)
LESSON_CELL_TIMEOUT_S = 120


@dataclass(frozen=True)
class AutogradeTask:
    """One submission to autograde (plain data: it may travel to another machine)."""

    assignment_id: str
    student: str
    notebook: str  # the submitted .ipynb text
    timestamp: str = ""


@dataclass
class AutogradeOutcome:
    """What grading one submission gave; `report` is None when it could not be graded."""

    assignment_id: str
    student: str
    report: dict[str, Any] | None
    autograded: str | None  # the notebook as nbgrader ran it (or an annotated copy)
    executed: bool
    problem: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def failed(cls, assignment_id: str, student: str, problem: str) -> AutogradeOutcome:
        """An outcome without scores; `problem` tells the instructor why."""
        return cls(assignment_id, student, None, None, False, problem)

    @classmethod
    def internal_error(cls, task: AutogradeTask, exc: BaseException) -> AutogradeOutcome:
        """The outcome of a task whose grading raised `exc` (the batch goes on)."""
        detail = traceback.format_exception_only(type(exc), exc)[-1].strip()[:200]
        problem = f"could not be graded: internal error ({detail})"
        return cls.failed(task.assignment_id, task.student, problem)


class Worker:
    """Per-process grading state: sandboxes and a scratch nbgrader course."""

    def __init__(self) -> None:
        from graders.grading_kernel import ROOT_MARKER, install_kernelspec
        from graders.sandbox import SandboxPool

        install_kernelspec()
        self.pool = SandboxPool()
        self.root = Path(tempfile.mkdtemp(prefix="dls-worker-"))
        (self.root / ROOT_MARKER).write_text("folders of one grading worker\n")
        self._generated: set[str] = set()

    def close(self) -> None:
        self.pool.close()
        shutil.rmtree(self.root, ignore_errors=True)

    def run(self, task: AutogradeTask) -> AutogradeOutcome:
        """Grade one submission; every failure becomes part of the outcome."""
        try:
            return self._run(task)
        except Exception as exc:  # the batch goes on whatever one submission does
            return AutogradeOutcome.internal_error(task, exc)

    def _run(self, task: AutogradeTask) -> AutogradeOutcome:
        from graders.engine import GradingError, grade_submission

        assignment = get_assignment(task.assignment_id)
        folder = self.root / "submitted" / task.student / assignment.id
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        path = folder / assignment.notebook
        path.write_text(task.notebook, encoding="utf-8")
        (folder / "timestamp.txt").write_text((task.timestamp or "") + "\n")
        try:
            report = grade_submission(path, assignment.id, pool=self.pool)
        except GradingError as exc:
            return AutogradeOutcome.failed(
                assignment.id, task.student, f"could not be graded: {exc}"
            )
        if any(r.timed_out for r in report.results):
            # nbgrader's run would wait on the same endless loop in a test cell (and
            # then give up on the notebook): the exercise's limit is all it costs.
            autograded, executed = unexecuted_copy(task.notebook, TIMED_OUT_NOTE), False
        else:
            autograded, executed = self._execute(task, report)
        return AutogradeOutcome(
            assignment.id, task.student, report.to_dict(), autograded, executed
        )

    # -- nbgrader's run, for the outputs and the feedback

    def _generate(self, assignment_id: str) -> None:
        """nbgrader generate_assignment into the scratch course (once per assignment)."""
        from graders.course import CourseError, nbgrader_api, sync_source

        if assignment_id in self._generated:
            return
        sync_source(get_assignment(assignment_id), self.root)
        result = nbgrader_api(self.root).generate_assignment(assignment_id, force=True)
        if not result["success"]:
            raise CourseError(f"nbgrader could not generate {assignment_id}")
        self._generated.add(assignment_id)

    def _execute(self, task: AutogradeTask, report: Any) -> tuple[str, bool]:
        """Run the notebook through nbgrader's autograde; (notebook text, whether it ran)."""
        from graders.course import nbgrader_api, nbgrader_config

        assignment = get_assignment(task.assignment_id)
        self._generate(assignment.id)
        verdicts = self.root / "verdicts" / f"{task.student}-{assignment.id}.json"
        verdicts.parent.mkdir(exist_ok=True)
        verdicts.write_text(json.dumps(report.verdicts()))
        os.chmod(verdicts, 0o644)
        target = self.root / "autograded" / task.student / assignment.id / assignment.notebook
        shutil.rmtree(target.parent, ignore_errors=True)
        from graders.grading_kernel import KERNEL_ROOT_ENV

        keys = ("DLS_VERDICTS", "JUPYTER_RUNTIME_DIR", KERNEL_ROOT_ENV)
        saved = {key: os.environ.get(key) for key in keys}
        runtime = self.root / "runtime" / f"{task.student}-{assignment.id}"
        runtime.mkdir(parents=True, exist_ok=True)
        os.environ.update(
            {
                "DLS_VERDICTS": str(verdicts),
                "JUPYTER_RUNTIME_DIR": str(runtime),
                KERNEL_ROOT_ENV: str(self.root),
            }
        )
        # jupyter_client writes the kernel's connection file with tempfile.mkstemp:
        # put it (and the kernel's sockets) in this submission's runtime folder.
        saved_tempdir, tempfile.tempdir = tempfile.tempdir, str(runtime)
        try:
            config = nbgrader_config(self.root)
            config.Execute.timeout_func = cell_timeout(assignment.id)
            config.Execute.timeout = LESSON_CELL_TIMEOUT_S
            # The boxed kernel has no network: it talks to nbgrader over Unix sockets.
            config.KernelManager.transport = "ipc"
            # Absolute socket path: the default ("kernel-ipc") is relative to the cwd,
            # which differs between nbgrader and the kernel.
            config.KernelManager.ip = str(runtime / "kernel")
            api = nbgrader_api(self.root, config=config)
            with warnings.catch_warnings():
                # nbgrader's own SQLAlchemy use warns on every new submission.
                warnings.simplefilter("ignore", category=Warning)
                result = api.autograde(assignment.id, task.student, force=True, create=True)
        finally:
            tempfile.tempdir = saved_tempdir
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
            shutil.rmtree(runtime, ignore_errors=True)
        if result["success"] and target.exists():
            return target.read_text(encoding="utf-8"), True
        return unexecuted_copy(task.notebook), False


def cell_timeout(assignment_id: str) -> Any:
    """Per-cell time limits: a test cell gets its exercise's limit, lesson cells more."""
    from graders.engine import exercise_spec

    def timeout(cell: Any) -> int:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", "")
        if grade_id.startswith("test_"):
            try:
                return int(exercise_spec(assignment_id, grade_id[5:]).timeout_s) + 5
            except Exception:
                return LESSON_CELL_TIMEOUT_S
        return LESSON_CELL_TIMEOUT_S

    return timeout


def unexecuted_copy(notebook_text: str, note: str = UNEXECUTED_NOTE) -> str:
    """The submission without outputs, `note` on top: for a notebook nbgrader did not run."""
    import nbformat

    nb = nbformat.reads(notebook_text, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    nb.cells.insert(0, nbformat.v4.new_markdown_cell(note))
    return nbformat.writes(nb)


# --------------------------------------------------------------------------- process pools

_worker: Worker | None = None  # one per worker process (set by `start_worker`)


def start_worker() -> None:
    """Initializer of a worker process: its grading state lives as long as the process."""
    global _worker
    import atexit

    _worker = Worker()
    atexit.register(_worker.close)


def run_task(task: AutogradeTask) -> AutogradeOutcome:
    """Entry point of a worker process (local pool or Dask)."""
    if _worker is None:
        start_worker()
    assert _worker is not None
    return _worker.run(task)
