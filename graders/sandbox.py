"""Launch a sandboxed child (`graders.sandbox_child`) and collect its reply.

Isolation levels, strongest available first:

- "namespaces": `unshare` gives the child new mount, network and PID namespaces
  (as real root directly; otherwise through an unprivileged user namespace).
  The child hides answer-bearing folders, cannot reach the network, and every
  process it starts dies with it.
- "limits-only": where namespaces are unavailable (macOS, locked-down
  containers) the child still gets resource limits, a scratch directory and
  its own session, and `dls` says so on every run.
"""

from __future__ import annotations

import os
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from graders import serialize
from graders.registry import ASSIGNMENTS, REPO_ROOT

DEFAULT_LIMITS = {"memory_bytes": 3 * 2**30, "cpu_seconds": 60, "processes": 64}
_UNSHARE_FLAGS = ["--mount", "--net", "--pid", "--fork", "--mount-proc", "--kill-child"]


@dataclass(frozen=True)
class SandboxReply:
    """What came back: the child's reply tree, or why there is none."""

    reply: dict[str, Any] | None
    failure: str | None = None  # "timeout", "no-reply", "bad-reply", "sandbox-failed"


def namespace_prefix(pid: bool = True) -> list[str]:
    """`unshare` command prefix: mount (+ network and PID) namespaces.

    As real root no user namespace is needed (and the child can then drop to
    `nobody`); otherwise an unprivileged user namespace maps us to root inside.
    """
    unshare = shutil.which("unshare") or "unshare"
    flags = _UNSHARE_FLAGS if pid else ["--mount"]
    if os.geteuid() == 0:
        return [unshare, *flags]
    return [unshare, "--user", "--map-root-user", *flags]


def _unshare_command() -> list[str] | None:
    if shutil.which("unshare") is None or not sys.platform.startswith("linux"):
        return None
    return namespace_prefix()


@cache
def isolation_level() -> str:
    """'namespaces' if this machine lets us build the full sandbox, else 'limits-only'."""
    if os.environ.get("DLS_SANDBOX") == "limits-only":
        return "limits-only"
    command = _unshare_command()
    if command is None:
        return "limits-only"
    try:
        probe = subprocess.run([*command, "true"], capture_output=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return "limits-only"
    return "namespaces" if probe.returncode == 0 else "limits-only"


def hidden_paths() -> list[str]:
    """Folders a learner's code must never read: they contain or reveal answers."""
    from graders.course import course_dir
    from graders.grading_service import ACTIVE_FOLDERS

    folders = {REPO_ROOT / a.course for a in ASSIGNMENTS.values()}
    folders |= {REPO_ROOT / "graders" / "refs", REPO_ROOT / "graders" / "specs"}
    folders |= {REPO_ROOT / "tests", REPO_ROOT / ".git", course_dir()}
    folders.add(Path(__file__).resolve().parent / "refs")
    folders |= {Path(p) for p in ACTIVE_FOLDERS}
    return sorted(str(p.resolve()) for p in folders if p.exists())


def _child_env(scratch: str) -> dict[str, str]:
    keep = ("PATH", "LANG", "LC_ALL", "SYSTEMROOT")
    env = {k: v for k, v in os.environ.items() if k in keep}
    env.update(
        HOME=scratch,
        TMPDIR=scratch,
        MPLBACKEND="Agg",
        OMP_NUM_THREADS="1",
        OPENBLAS_NUM_THREADS="1",
        MKL_NUM_THREADS="1",
        TF_CPP_MIN_LOG_LEVEL="3",
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


def run_child(
    request: dict[str, Any],
    *,
    timeout_s: float,
    limits: dict[str, int] | None = None,
    isolate: bool = True,
) -> SandboxReply:
    """Run one request in a fresh sandboxed child and return its reply.

    Args:
        request: preamble, cells, function and calls (see `sandbox_child.run_request`).
        timeout_s: wall-clock limit; the child and everything it started is killed after it.
        limits: resource limits (defaults: `DEFAULT_LIMITS`).
        isolate: use namespaces where available; False only for tests that show
            what an attack would achieve without them.
    """
    level = isolation_level() if isolate else "limits-only"
    scratch = tempfile.mkdtemp(prefix="dls-sandbox-")
    os.chmod(scratch, 0o1777)
    limits = {**DEFAULT_LIMITS, **(limits or {})}
    limits["cpu_seconds"] = max(int(limits["cpu_seconds"]), int(timeout_s) + 1)
    sandbox = {
        "isolate": level == "namespaces",
        "hide": hidden_paths() if level == "namespaces" else [],
        "scratch": scratch,
        "drop_to_nobody": level == "namespaces" and os.geteuid() == 0,
        "limits": limits,
    }
    payload = serialize.dumps({**request, "sandbox": sandbox})
    prefix = _unshare_command() if level == "namespaces" else []
    read_fd, write_fd = os.pipe()
    try:
        process = subprocess.Popen(
            [*prefix, sys.executable, "-I", "-m", "graders.sandbox_child", str(write_fd)],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            pass_fds=(write_fd,),
            env=_child_env(scratch),
            cwd=scratch,
            start_new_session=True,
        )
    finally:
        os.close(write_fd)
    chunks: list[bytes] = []
    reader = threading.Thread(target=_read_frame, args=(read_fd, chunks), daemon=True)
    reader.start()
    try:
        process.stdin.write(payload)
        process.stdin.close()
    except BrokenPipeError:
        pass
    try:
        process.wait(timeout=timeout_s)
        timed_out = False
    except subprocess.TimeoutExpired:
        timed_out = True
    _kill_group(process)
    reader.join(timeout=2)
    shutil.rmtree(scratch, ignore_errors=True)
    if timed_out:
        return SandboxReply(None, "timeout")
    if not chunks:
        return SandboxReply(None, "no-reply")
    try:
        reply = serialize.loads(chunks[0])
    except serialize.WireFormatError:
        return SandboxReply(None, "bad-reply")
    if not isinstance(reply, dict) or "status" not in reply:
        return SandboxReply(None, "bad-reply")
    if reply["status"] == "sandbox-failed":
        return SandboxReply(None, f"sandbox-failed: {reply.get('detail')}")
    return SandboxReply(reply)


def _read_frame(fd: int, out: list[bytes]) -> None:
    """Read one length-prefixed blob from the pipe, then stop (extra bytes are ignored)."""
    try:
        with os.fdopen(fd, "rb") as pipe:
            header = pipe.read(8)
            if len(header) != 8:
                return
            (size,) = struct.unpack("<Q", header)
            if size > serialize.MAX_BLOB_BYTES:
                return
            blob = pipe.read(size)
            if len(blob) == size:
                out.append(blob)
    except OSError:
        pass


def _kill_group(process: subprocess.Popen) -> None:
    """Kill the child's whole session; in namespace mode the PID namespace dies with it."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        pass
