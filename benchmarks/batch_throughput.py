"""Submissions per minute for a whole class: serial, the local pool, batch `dls grade`.

Usage: .venv/bin/python benchmarks/batch_throughput.py [--size 200] [--workers 2] [ID...]

A class of `--size` submissions mixes the sample learners (reference, stubs,
mistakes; the malicious one too with `--malicious`) of the numpy assignments,
handed in under distinct learner names. In one run, on one throwaway course:

1. serial: `autograde(workers=1)`, nbgrader's own execution of each notebook one
   after another (the trusted grader adds its report first), as nbgrader's
   serial autograde does;
2. `dls autograde --workers N`: the same work on the local process pool;
3. batch `dls grade FOLDER --workers N`: trusted scores only (no nbgrader run).

Then the per-submission cost of one TensorFlow assignment in batch mode
(`--tf c2w3a1`): the first submission pays the TensorFlow import, later ones
do not. Numbers vary with the machine and its load: this prints, never asserts.
The serial and pool runs grade `--serial-size` submissions (default 20: nbgrader's
run dominates), batch grade grades all of them.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from graders import nbgrader_bridge as bridge
from graders.notebooks import dumps
from graders.registry import get_assignment
from graders.samples import sample_submission

NUMPY_IDS = ["c1w2a1", "c1w2a2", "c1w3a1", "c1w4a1"]


def class_of(ids: list[str], size: int, malicious: bool) -> list[tuple[str, str, str]]:
    """(assignment id, learner, notebook text) for `size` submissions, round robin."""
    kinds = ["reference", "stubs", "mistakes"] + (["malicious"] * malicious)
    texts = {}
    for aid in ids:
        assignment = get_assignment(aid)
        for kind in kinds:
            nb = sample_submission(assignment, kind, bridge.release_path(assignment))
            texts[(aid, kind)] = dumps(nb)
    keys = list(texts)
    return [(keys[i % len(keys)][0], f"s{i:04d}", texts[keys[i % len(keys)]]) for i in range(size)]


def per_minute(count: int, seconds: float) -> float:
    return 60 * count / seconds if seconds else float("nan")


def run_autograde(submissions, workers: int, execute: bool = True) -> float:
    for aid, student, text in submissions:
        bridge.submit(get_assignment(aid), student, text)
    started = time.perf_counter()
    by_id: dict[str, list[str]] = {}
    for aid, student, _ in submissions:
        by_id.setdefault(aid, []).append(student)
    tasks = [bridge.make_task(get_assignment(a), s) for a, ss in by_id.items() for s in ss]
    for outcome in bridge.run_tasks(tasks, workers, execute=execute):
        bridge.store_outcome(outcome)
    return time.perf_counter() - started


def run_batch_grade(submissions, workers: int, folder: Path) -> float:
    if folder.exists():
        shutil.rmtree(folder)
    for aid, student, text in submissions:
        path = folder / aid / f"{student}.ipynb"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    started = time.perf_counter()
    for aid in {aid for aid, _, _ in submissions}:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "graders",
                "grade",
                str(folder / aid),
                "--assignment",
                aid,
                "--workers",
                str(workers),
                "--json",
            ],
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            print(f"    (dls grade failed: {done.stderr[-300:]})")
    return time.perf_counter() - started


def tf_cost(aid: str, count: int, folder: Path) -> tuple[float, float]:
    """(seconds for the first submission, seconds per later one) of batch grading on 1 worker."""
    from graders.batch import trusted_task

    bridge.release([aid])
    submissions = class_of([aid], count, False)
    times = []
    for a, student, text in submissions:
        from graders.autograde import AutogradeTask

        started = time.perf_counter()
        trusted_task(AutogradeTask(a, student, text))
        times.append(time.perf_counter() - started)
    later = times[1:] or times
    return times[0], sum(later) / len(later)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=200)
    parser.add_argument("--serial-size", type=int, default=20)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--malicious", action="store_true")
    parser.add_argument("--tf", default="c2w3a1", help="TensorFlow assignment ('' to skip)")
    parser.add_argument("ids", nargs="*", default=NUMPY_IDS)
    args = parser.parse_args()
    course = Path(tempfile.mkdtemp(prefix="dls-throughput-"))
    os.environ["DLS_COURSE_DIR"] = str(course / "course")
    os.environ.pop("DLS_DB_URL", None)
    bridge.release(args.ids)
    everyone = class_of(args.ids, args.size, args.malicious)
    few = everyone[: args.serial_size]
    print(f"load average at start: {os.getloadavg()[0]:.1f}; cores: {os.cpu_count()}")
    rows = []
    serial = run_autograde(few, 1)
    rows.append(("nbgrader-style serial autograde", len(few), serial))
    pool = run_autograde([(a, s + "p", t) for a, s, t in few], args.workers)
    rows.append((f"dls autograde --workers {args.workers}", len(few), pool))
    batch = run_batch_grade(everyone, args.workers, course / "batch")
    rows.append((f"batch dls grade --workers {args.workers}", len(everyone), batch))
    base = per_minute(len(few), serial)
    print(f"{'mode':<36}{'submissions':>12}{'seconds':>9}{'per min':>9}{'x serial':>9}")
    for label, count, seconds in rows:
        rate = per_minute(count, seconds)
        print(f"{label:<36}{count:>12}{seconds:>9.1f}{rate:>9.1f}{rate / base:>9.2f}")
    if args.tf:
        first, later = tf_cost(args.tf, 4, course / "tf")
        print(
            f"{args.tf} batch mode, 1 worker: first submission {first:.1f} s "
            f"(TensorFlow import), each later one {later:.1f} s"
        )
    shutil.rmtree(course, ignore_errors=True)


if __name__ == "__main__":
    main()
