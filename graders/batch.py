"""Batches of submissions: progress, summaries, and the trusted-only task.

`dls autograde` and the batch form of `dls grade` run many `AutogradeTask`s on
the local process pool or on a Dask cluster (`graders.cluster`). This module
holds what both need:

- `trusted_task`: a worker entry point that computes only the trusted report
  (no nbgrader execution, so no feedback notebook). The gradebook scores are
  the same as with `graders.autograde.run_task`: they come from that report.
- `BatchProgress`: a tqdm bar (done, failed, ETA) and the end-of-batch summary
  with a one-line reason for every submission that could not be graded.
- `grade_files`: grade notebook files (a folder of them) in parallel.
"""

from __future__ import annotations

import hashlib
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from graders.autograde import AutogradeOutcome, AutogradeTask

_pool: Any = None  # one sandbox pool per worker process (trusted-only tasks)


def _sandbox_pool() -> Any:
    global _pool
    if _pool is None:
        import atexit

        from graders.sandbox import SandboxPool

        _pool = SandboxPool()
        atexit.register(_pool.close)
    return _pool


def trusted_task(task: AutogradeTask) -> AutogradeOutcome:
    """Grade one submission with the trusted engine only (a worker entry point)."""
    from graders.engine import GradingError, grade_submission
    from graders.registry import get_assignment

    try:
        assignment = get_assignment(task.assignment_id)
        with tempfile.TemporaryDirectory(prefix="dls-trusted-") as folder:
            path = Path(folder) / assignment.notebook
            path.write_text(task.notebook, encoding="utf-8")
            report = grade_submission(path, assignment.id, pool=_sandbox_pool())
    except GradingError as exc:
        problem = f"could not be graded: {exc}".replace(str(path) + ": ", "")
        return AutogradeOutcome.failed(task.assignment_id, task.student, problem)
    except Exception as exc:  # the batch goes on whatever one submission does
        return AutogradeOutcome.internal_error(task, exc)
    return AutogradeOutcome(task.assignment_id, task.student, report.to_dict(), None, False)


def notebook_digest(text: str) -> str:
    """sha256 of a submission's text (what "already graded" is checked against)."""
    return hashlib.sha256(text.encode("utf-8", errors="replace")).hexdigest()


class BatchProgress:
    """Progress bar while a batch runs; a summary of every submission at the end."""

    def __init__(self, total: int, *, quiet: bool = False, unit: str = "submission") -> None:
        self.total = total
        self.quiet = quiet
        self.graded: list[AutogradeOutcome] = []
        self.failed: list[AutogradeOutcome] = []
        self.bar = None
        if not quiet and total:
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit=unit, file=sys.stderr, dynamic_ncols=True)

    def update(self, outcome: AutogradeOutcome) -> None:
        (self.graded if outcome.report is not None else self.failed).append(outcome)
        if self.bar is not None:
            self.bar.set_postfix(graded=len(self.graded), failed=len(self.failed), refresh=False)
            self.bar.update(1)

    def close(self, skipped: Iterable[str] = (), notes: Iterable[str] = ()) -> list[str]:
        """Close the bar; the summary lines (also printed unless quiet).

        `notes`: one line each for graded submissions worth a word (e.g. not executed).
        """
        if self.bar is not None:
            self.bar.close()
        lines = [f"{o.assignment_id} {o.student}: {o.problem}" for o in self.failed]
        lines += list(notes)
        skipped = list(skipped)
        lines.append(
            f"graded {len(self.graded)} submission(s), {len(self.failed)} could not be graded"
            + (f", {len(skipped)} already graded (skipped; --force regrades)" if skipped else "")
        )
        if not self.quiet:
            for line in lines:
                print(line, flush=True)
        return lines


def tasks_for_files(
    paths: Iterable[Path], assignment_id: str | None
) -> tuple[list[AutogradeTask], list[AutogradeOutcome]]:
    """Tasks for notebook files; files that cannot even be read become failed outcomes.

    The assignment of each file is `assignment_id`, or guessed from its graded cells.
    """
    from graders.engine import GradingError, submission_sources

    tasks, failed = [], []
    for path in paths:
        student = str(path)
        try:
            aid = assignment_id or submission_sources(path)[0]
            text = path.read_bytes().decode("utf-8", errors="replace")
        except (GradingError, OSError) as exc:
            reason = str(exc).replace(f"{path}: ", "")
            problem = f"could not be graded: {reason}"
            failed.append(AutogradeOutcome.failed(assignment_id or "-", student, problem))
            continue
        tasks.append(AutogradeTask(aid, student, text))
    return tasks, failed


def notebook_files(targets: Iterable[str | Path]) -> list[Path]:
    """Notebook files named or found (recursively) in the named folders, sorted."""
    found: list[Path] = []
    for target in map(Path, targets):
        if target.is_dir():
            found += [
                p for p in sorted(target.rglob("*.ipynb")) if ".ipynb_checkpoints" not in p.parts
            ]
        else:
            found.append(target)
    return found
