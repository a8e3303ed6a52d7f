"""A real Dask cluster on loopback grades a class; a worker killed mid-batch loses nothing.

The scheduler and two workers are started with the ordinary `dask scheduler` /
`dask worker` commands. Submissions are graded trusted-only (`execute=False`):
the gradebook holds the trusted scores either way, and nbgrader's run of each
notebook would multiply the test's time without testing the cluster more.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from graders import nbgrader_bridge as bridge
from graders.autograde import AutogradeTask
from graders.batch import trusted_task
from graders.engine import exercise_spec, solution_sources, strip_solution_markers
from graders.notebooks import dumps, read_notebook
from graders.registry import ASSIGNMENTS
from graders.samples import fill_graded_cells

pytestmark = pytest.mark.slow
ASSIGNMENT = ASSIGNMENTS["c1w2a1"]
CLASS_SIZE = 20
DASK = Path(sys.executable).parent / "dask"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def class_notebooks(release: Path, variants: int = 5) -> dict[str, str]:
    """Distinct submissions: the reference, the stubs, and one catalogued mistake each."""
    nb = read_notebook(release)
    solutions = {n: strip_solution_markers(s) for n, s in solution_sources(ASSIGNMENT).items()}
    texts = {"reference": dumps(fill_graded_cells(nb, solutions)), "stubs": dumps(nb)}
    for name in ASSIGNMENT.exercise_names:
        if len(texts) >= variants:
            break
        mistake = next(iter(exercise_spec(ASSIGNMENT.id, name).mistakes.values()))
        wrong = {**solutions, name: mistake.apply(solutions[name], name)}
        texts[f"wrong_{name}"] = dumps(fill_graded_cells(nb, wrong))
    return texts


class Cluster:
    """`dask scheduler` and `dask worker` processes, each in its own process group."""

    def __init__(self, root: Path, workers: int = 2) -> None:
        self.address = f"tcp://127.0.0.1:{free_port()}"
        port = self.address.rsplit(":", 1)[1]
        env = {**os.environ, "DASK_DISTRIBUTED__WORKER__DAEMON": "False"}
        self.logs = root / "dask-logs"
        self.logs.mkdir(parents=True)
        self.scheduler = self._start(
            "scheduler",
            [str(DASK), "scheduler", "--host", "127.0.0.1", "--port", port, "--no-dashboard"],
            env,
        )
        self.workers = [
            self._start(
                f"worker{i}",
                [
                    str(DASK),
                    "worker",
                    self.address,
                    "--nthreads",
                    "1",
                    "--no-dashboard",
                    "--name",
                    f"w{i}",
                    "--local-directory",
                    str(root / f"w{i}"),
                ],
                env,
            )
            for i in range(workers)
        ]

    def _start(self, name: str, argv: list[str], env: dict) -> subprocess.Popen:
        log = open(self.logs / f"{name}.log", "w")  # noqa: SIM115 - closed with the process
        return subprocess.Popen(
            ["nice", "-n", "10", *argv],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )

    def wait_for_workers(self, count: int, timeout_s: float = 120) -> None:
        from distributed import Client

        with Client(self.address, timeout=timeout_s, set_as_default=False) as client:
            client.wait_for_workers(count, timeout=timeout_s)

    @staticmethod
    def kill(process: subprocess.Popen) -> None:
        """SIGKILL the whole process group (the nanny and its worker)."""
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait(timeout=30)

    def close(self) -> None:
        for process in [*self.workers, self.scheduler]:
            if process.poll() is None:
                self.kill(process)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    root = tmp_path_factory.mktemp("dask")
    started = Cluster(root)
    try:
        started.wait_for_workers(2)
        yield started
    finally:
        started.close()


def test_a_task_that_kills_its_worker_twice_is_reported_failed_not_retried(cluster):
    from graders.cluster import run_on_cluster

    def kill_on_worker(task: AutogradeTask, execute: bool = True):
        """Kills whichever worker process runs it (stands for a lethal submission).

        A local function: Dask sends it by value, the workers cannot import tests.
        """
        if task.student == "lethal":
            os._exit(1)
        return trusted_task(task)

    tasks = [AutogradeTask(ASSIGNMENT.id, "lethal", "{}"), AutogradeTask(ASSIGNMENT.id, "x", "")]
    outcomes = {o.student: o for o in run_on_cluster(tasks, cluster.address, func=kill_on_worker)}
    assert outcomes["lethal"].report is None
    assert "stopped its grading worker 2 times" in outcomes["lethal"].problem
    assert outcomes["x"].problem.startswith("could not be graded")  # empty: reported, not lost
    cluster.wait_for_workers(2)  # the nannies restarted both workers


def test_a_class_graded_on_the_cluster_equals_each_submission_graded_alone(cluster, course_dir):
    bridge.release([ASSIGNMENT.id])
    texts = class_notebooks(bridge.release_path(ASSIGNMENT))
    alone = {
        kind: trusted_task(AutogradeTask(ASSIGNMENT.id, kind, text)).report
        for kind, text in texts.items()
    }
    kinds = list(texts)
    students = {f"learner_{i:02d}": kinds[i % len(kinds)] for i in range(CLASS_SIZE)}
    for student, kind in students.items():
        bridge.submit(ASSIGNMENT, student, texts[kind])

    # Kill the first worker (its whole process group) once a few grades are in.
    marks = course_dir / "autograded"

    def killer() -> None:
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            if len(list(marks.glob(f"*/{ASSIGNMENT.id}/{bridge.GRADED_MARK}"))) >= 3:
                Cluster.kill(cluster.workers[0])
                return
            time.sleep(0.2)

    thread = threading.Thread(target=killer, daemon=True)
    thread.start()
    outcomes = bridge.autograde(
        [ASSIGNMENT.id], list(students), scheduler=cluster.address, execute=False, quiet=True
    )
    thread.join(timeout=1)
    assert cluster.workers[0].poll() is not None, "the worker was not killed mid-batch"

    assert sorted(o.student for o in outcomes) == sorted(students)  # each graded once
    for outcome in outcomes:
        assert outcome.report == alone[students[outcome.student]], outcome.student
    rows = {r["student"]: r["score"] for r in bridge.grade_table()}
    assert rows == {s: alone[k]["score"] for s, k in students.items()}
    assert len(set(rows.values())) > 2  # a class with different scores, not all alike

    # Re-running skips what is graded; --force grades it again.
    summary: list[str] = []
    again = bridge.autograde(
        [ASSIGNMENT.id],
        scheduler=cluster.address,
        execute=False,
        quiet=True,
        force=False,
        summary=summary,
    )
    assert again == [] and f"{CLASS_SIZE} already graded" in summary[-1]
