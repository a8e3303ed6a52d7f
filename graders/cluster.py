"""Grading on a Dask distributed cluster (`--scheduler tcp://HOST:8786` or `$DLS_SCHEDULER`).

Workers are started with the ordinary command on machines that have this
package installed (no shared filesystem needed):

    dask scheduler --port 8786
    dask worker tcp://HOST:8786 --nworkers 2 --nthreads 1

A task carries the submission's text and returns the outcome (the trusted
report and, unless trusted-only, the notebook as nbgrader ran it); only the
client writes the gradebook and the course folder. When a worker dies, the
scheduler runs its tasks again on another worker; a task that was running on
`KILLS_BEFORE_FAILED` workers when they died is reported as failed (Dask's
`KilledWorker`), not retried forever. Each worker process grades one
submission at a time whatever its `--nthreads` (a lock: the grading state of a
process is not thread-safe).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator

from graders.autograde import AutogradeOutcome, AutogradeTask
from graders.course import BridgeError

SCHEDULER_ENV = "DLS_SCHEDULER"
KILLS_BEFORE_FAILED = 2  # a submission that kills its worker twice is not retried again
_lock = threading.Lock()


class ClusterError(BridgeError):
    """The scheduler cannot be reached or refused the batch (one line)."""


def scheduler_address(explicit: str | None = None) -> str | None:
    """`--scheduler`, else `$DLS_SCHEDULER`, else None (the local pool)."""
    return explicit or os.environ.get(SCHEDULER_ENV) or None


def grade_on_worker(task: AutogradeTask, execute: bool = True) -> AutogradeOutcome:
    """What a Dask worker runs: one submission at a time per worker process."""
    from graders.autograde import run_task
    from graders.batch import trusted_task

    with _lock:
        return run_task(task) if execute else trusted_task(task)


def _allow_failures(dask_scheduler=None, count: int = KILLS_BEFORE_FAILED - 1) -> int:
    """Runs on the scheduler: how many worker deaths a task may be part of, plus one."""
    dask_scheduler.allowed_failures = count
    return count


def run_on_cluster(
    tasks: list[AutogradeTask],
    scheduler: str,
    *,
    execute: bool = True,
    func: Callable[..., AutogradeOutcome] | None = None,
    timeout_s: float = 30,
) -> Iterator[AutogradeOutcome]:
    """Outcomes of `tasks` graded on the cluster at `scheduler`, as they finish."""
    try:
        from distributed import Client, as_completed
        from distributed.scheduler import KilledWorker
    except ImportError as exc:  # pragma: no cover - dask is in the lock file
        raise ClusterError(f"Dask is not installed ({exc}); pip install distributed") from None
    try:
        client = Client(scheduler, timeout=timeout_s, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise ClusterError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
    try:
        client.run_on_scheduler(_allow_failures)
        func = func or grade_on_worker
        futures = {}
        for index, task in enumerate(tasks):
            key = f"dls-{task.assignment_id}-{index}-{task.student}"[:200]
            future = client.submit(func, task, execute, key=key, pure=False, retries=0)
            futures[future] = task
        for future in as_completed(list(futures), loop=client.loop):
            task = futures[future]
            try:
                yield future.result()
            except KilledWorker:
                kills = f"{KILLS_BEFORE_FAILED} times"
                problem = f"could not be graded: it stopped its grading worker {kills}"
                yield AutogradeOutcome.failed(task.assignment_id, task.student, problem)
            except Exception as exc:  # a task that raised: reported, the batch goes on
                yield AutogradeOutcome.internal_error(task, exc)
    finally:
        client.close()
