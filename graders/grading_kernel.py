"""The kernel nbgrader runs submissions in: an IPython kernel inside the grading box.

nbgrader executes a learner's whole notebook, and all of it is learner code.
The `dls-grading` kernelspec therefore starts this module, which starts the
kernel inside a bubblewrap box like the grader's sandbox (`graders.sandbox`):
the Python installation, `shared_utils`, the data files and the hidden-test
module read-only; the submission's own folder and the kernel's connection
folder writable; a private /tmp, /dev and /dev/shm; no network (the kernel
talks to nbgrader over Unix sockets, `transport = "ipc"`); its own PID
namespace (it can neither see nor signal the grader or other kernels, and
every process it starts dies with it); a user id of its own and no
capabilities; CPU, memory and file-size limits.

    outside:  python -m graders.grading_kernel -f CONNECTION_FILE
    inside:   python -m graders.grading_kernel --inside box:UID -f CONNECTION_FILE
"""

from __future__ import annotations

import json
import os
import resource
import secrets
import subprocess
import sys
from pathlib import Path

from graders.registry import REPO_ROOT
from graders.sandbox import (
    _UID_BASE,
    _UID_SPAN,
    BoxSpec,
    Limits,
    bwrap_command,
    isolation_level,
)

KERNEL_NAME = "dls-grading"
MEMORY_BYTES = 6 * 2**30
CPU_SECONDS = 900  # the whole notebook; nbgrader's per-cell timeouts come first
WALL_SECONDS = 1200  # the whole notebook, however its cells spend their time
# Processes and threads of the kernel's own user (TensorFlow starts a few dozen
# threads on a large machine); a fork bomb stops here. Set only where the kernel
# has a user of its own: the count is per user.
KERNEL_PROCESSES = 512
MAX_FILE_BYTES = 256 * 2**20
INSIDE_FLAG = "--inside"
# The grading worker's folder: the only place whose folders the kernel may own.
KERNEL_ROOT_ENV = "DLS_KERNEL_ROOT"
ROOT_MARKER = ".dls-grading-worker"
# What the kernel may read besides the Python installation: learner-side code,
# data, and the one grader module the hidden-test regions import.
KERNEL_READ_ONLY = (
    "shared_utils",
    "datasets",
    "graders/__init__.py",
    "graders/hidden_tests.py",
    "graders/grading_kernel.py",
    "graders/registry.py",
    "graders/sandbox.py",
    "graders/sandbox_child.py",
)
# Two cores shared by several kernels: multi-threaded BLAS oversubscribes them.
SINGLE_THREADED = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def install_kernelspec() -> Path:
    """Write the `dls-grading` kernelspec into this environment (idempotent)."""
    folder = Path(sys.prefix) / "share" / "jupyter" / "kernels" / KERNEL_NAME
    folder.mkdir(parents=True, exist_ok=True)
    spec = {
        "argv": [sys.executable, "-m", "graders.grading_kernel", "-f", "{connection_file}"],
        "display_name": "DLS grading (boxed)",
        "language": "python",
        "interrupt_mode": "message",  # signals do not cross into the box
        "metadata": {"debugger": False},
    }
    text = json.dumps(spec, indent=1) + "\n"
    path = folder / "kernel.json"
    if not path.exists() or path.read_text() != text:
        path.write_text(text)
    return folder


def kernel_box_command(connection_file: str, workdir: str) -> list[str]:
    """The bwrap command that runs the kernel: an allow-list view, two writable folders."""
    shown = [str(REPO_ROOT / p) for p in KERNEL_READ_ONLY]
    verdicts = os.environ.get("DLS_VERDICTS")
    if verdicts:
        shown.append(verdicts)
    box = BoxSpec(read_only=tuple(shown), limits=Limits(scratch_bytes=512 * 2**20))
    runtime = str(Path(connection_file).resolve().parent)
    return bwrap_command(
        box,
        box.limits.scratch_bytes,
        privileged=os.geteuid() == 0,
        writable=sorted({runtime, workdir}),
        workdir=workdir,
    )


class KernelRefused(SystemExit):
    """The kernel would write outside the folder its grading worker prepared."""


def grading_folders(connection_file: str, workdir: str) -> tuple[Path, Path]:
    """The kernel's two writable folders, checked to lie inside `$DLS_KERNEL_ROOT`.

    The worker that runs nbgrader prepares that root (and marks it with
    `ROOT_MARKER`); anything else (a connection file in /tmp, a working folder in
    a checkout) is refused rather than handed to the sandbox user.
    """
    root_text = os.environ.get(KERNEL_ROOT_ENV, "")
    root = Path(root_text).resolve() if root_text else None
    runtime = Path(connection_file).resolve().parent
    work = Path(workdir).resolve()
    if root is None or not (root / ROOT_MARKER).is_file():
        raise KernelRefused("dls-grading kernel: no grading worker folder ($DLS_KERNEL_ROOT)")
    for folder in (runtime, work):
        if folder == root or root not in folder.parents:
            raise KernelRefused(f"dls-grading kernel: {folder} is outside {root}")
    return runtime, work


def launch_outside(argv: list[str]) -> None:
    """Run the kernel inside its box (or, without bubblewrap, with limits only)."""
    workdir = os.getcwd()
    connection_file = argv[argv.index("-f") + 1]
    python = [sys.executable, "-I", "-B", "-m", "graders.grading_kernel"]
    if isolation_level() != "bwrap":
        os.execv(sys.executable, [*python, INSIDE_FLAG, "limits-only", *argv])
    runtime, work = grading_folders(connection_file, workdir)
    uid = _UID_BASE + secrets.randbelow(_UID_SPAN) if os.geteuid() == 0 else None
    if uid is not None:
        # The kernel's own user must create its sockets and write into its folder:
        # those two folders and the connection file change owner, nothing else.
        for path in (runtime, work, Path(connection_file).resolve()):
            os.chown(path, uid, uid)
    command = kernel_box_command(connection_file, workdir)
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "LANG", "LC_ALL", "DLS_VERDICTS")}
    env.update(
        SINGLE_THREADED,
        HOME="/scratch",
        TMPDIR="/scratch",
        MPLCONFIGDIR="/scratch",
        TF_CPP_MIN_LOG_LEVEL="3",
        PYTHONDONTWRITEBYTECODE="1",
    )
    inside = [*python, INSIDE_FLAG, f"box:{uid if uid is not None else '-'}", *argv]
    # Not exec: this process stays to end the box at the notebook's wall-clock limit.
    # Whoever kills this process kills the box too (bwrap --die-with-parent).
    # stdout only carries ipykernel's banner; errors go to stderr.
    box = subprocess.Popen([*command, "--", *inside], env=env, stdout=subprocess.DEVNULL)
    try:
        sys.exit(box.wait(timeout=WALL_SECONDS))
    except subprocess.TimeoutExpired:
        box.kill()
        sys.exit(137)


def run_inside(argv: list[str]) -> None:
    """Inside the box: become the kernel's own user, set limits, start IPython."""
    from graders.sandbox_child import drop_privileges

    level = argv.pop(0)  # "box:UID", "box:-" (already unprivileged) or "limits-only"
    os.environ.update(SINGLE_THREADED)
    limits = [
        (resource.RLIMIT_AS, MEMORY_BYTES),
        (resource.RLIMIT_CPU, CPU_SECONDS),
        (resource.RLIMIT_FSIZE, MAX_FILE_BYTES),
        (resource.RLIMIT_CORE, 0),
    ]
    if level.startswith("box:"):
        uid = level.removeprefix("box:")
        drop_privileges(None if uid == "-" else int(uid))
        if uid != "-":
            limits.append((resource.RLIMIT_NPROC, KERNEL_PROCESSES))
    for which, value in limits:
        try:
            resource.setrlimit(which, (value, value))
        except (ValueError, OSError):
            pass  # not every OS supports every limit (macOS refuses RLIMIT_AS)
    from ipykernel import kernelapp

    sys.argv = [sys.argv[0], *argv]
    kernelapp.launch_new_instance()


def main() -> None:
    argv = sys.argv[1:]
    if argv and argv[0] == INSIDE_FLAG:
        run_inside(argv[1:])
    else:
        launch_outside(argv)


if __name__ == "__main__":
    main()
