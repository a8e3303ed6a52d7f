"""Run untrusted code in a box: the mechanism, and nothing about grading policy.

A `Sandbox` starts `graders.sandbox_child` (a zygote) inside a bubblewrap box:
an allow-list view of the machine (system libraries, the Python installation
and whatever the caller lists, all read-only; a private scratch tmpfs, a
private /dev and /dev/shm), new PID, network, IPC and UTS namespaces, no
capabilities, and, when started as root, a user id of its own so its process
limit counts for this sandbox alone. The zygote imports the caller's preamble
once; every `run` forks one process for one job, and the zygote wipes whatever
a job left behind before the next one. The caller (`graders.engine`) decides
what is shown, what runs and what the replies mean.

Isolation levels (`isolation_level()`):

- "bwrap": the box above (Linux with bubblewrap installed);
- "limits-only": no box, resource limits and a scratch folder only. Used only
  where asked for (`DLS_SANDBOX=limits-only`) or where Linux namespaces do not
  exist (macOS); `dls` says so on every run. On Linux without bubblewrap,
  grading refuses to start rather than run learner code unboxed.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from shared_utils import wire

# One reply frame at most; anything bigger is refused before it is decoded.
MAX_REPLY_BYTES = 64 * 2**20
SCRATCH = "/scratch"
_BWRAP_NAMESPACES = [
    "--unshare-ipc",
    "--unshare-pid",
    "--unshare-net",
    "--unshare-uts",
    "--unshare-cgroup-try",
]
# Sandbox users (as root): a fresh id per sandbox, far above real accounts.
_UID_BASE, _UID_SPAN = 0x4000_0000, 0x0100_0000


class SandboxUnavailable(RuntimeError):
    """The box cannot be built here; the message says what to install or set."""


@dataclass(frozen=True)
class Limits:
    """Resource limits of one job (a zygote's own import costs are not counted).

    `memory_bytes` is address space on top of what the zygote already maps.
    """

    memory_bytes: int = 2 * 2**30
    cpu_seconds: int = 30
    processes: int = 128
    file_bytes: int = 16 * 2**20
    scratch_bytes: int = 256 * 2**20


@dataclass(frozen=True)
class BoxSpec:
    """What a zygote starts with: its imports and what it may read.

    Attributes:
        preamble: source run once before any job (imports).
        imports: trusted modules imported after the preamble (probes, loaders).
        fixtures: name -> public-test module whose `FIXTURES[name]()` loads it, once.
        read_only: extra paths shown read-only at the same place.
        hidden: paths under `read_only` folders replaced by empty files or folders.
        limits: per-job resource limits.
    """

    preamble: str = ""
    imports: tuple[str, ...] = ()
    fixtures: tuple[tuple[str, str], ...] = ()
    read_only: tuple[str, ...] = ()
    hidden: tuple[str, ...] = ()
    limits: Limits = field(default_factory=Limits)


@dataclass(frozen=True)
class JobReply:
    """The raw bytes one job's process sent back (untrusted), or why there are none."""

    blob: bytes | None
    failure: str | None = None  # "timeout", "no-reply", "too-large", "sandbox-failed: ..."


# --------------------------------------------------------------------------- levels


@cache
def isolation_level() -> str:
    """'bwrap' where the box can be built, 'limits-only' where asked for or impossible.

    Raises:
        SandboxUnavailable: Linux without a working bubblewrap, unless
            `DLS_SANDBOX=limits-only` says to grade without a box.
    """
    if os.environ.get("DLS_SANDBOX") == "limits-only" or not sys.platform.startswith("linux"):
        return "limits-only"
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        raise SandboxUnavailable(
            "grading needs bubblewrap to box learner code: install it "
            "(`apt-get install bubblewrap`), or set DLS_SANDBOX=limits-only to grade "
            "your own notebooks without a box"
        )
    probe = subprocess.run(
        [bwrap, *_BWRAP_NAMESPACES, "--ro-bind", "/", "/", "--dev", "/dev", "--", "true"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    if probe.returncode != 0:
        raise SandboxUnavailable(
            f"bubblewrap cannot build a box here ({probe.stderr.strip()[:200]}); set "
            "DLS_SANDBOX=limits-only to grade your own notebooks without a box"
        )
    return "bwrap"


def python_paths() -> list[str]:
    """The Python installation: its base prefix, the virtualenv and site-packages folders.

    Not `sys.path` as a whole: it can hold the current folder (a course checkout).
    """
    import site

    roots = {sys.base_prefix, sys.prefix, *site.getsitepackages()}
    roots = {str(Path(p).resolve()) for p in roots if Path(p).exists()}
    return sorted(p for p in roots if not any(p != q and p.startswith(q + "/") for q in roots))


def _parents(path: str) -> list[str]:
    parts = Path(path).parts[1:-1]
    return ["/" + "/".join(parts[: i + 1]) for i in range(len(parts))]


def bwrap_command(
    box: BoxSpec,
    scratch_bytes: int,
    privileged: bool,
    writable: Sequence[str] = (),
    workdir: str = SCRATCH,
) -> list[str]:
    """The bubblewrap command line for `box` (an allow-list view of the machine).

    `writable` folders are shown read-write at the same place (a kernel's
    submission folder); `workdir` is where the command starts.
    """
    shown = sorted({*python_paths(), *(str(Path(p).resolve()) for p in box.read_only)})
    shown = [p for p in shown if Path(p).exists()]
    writable = [str(Path(p).resolve()) for p in writable]
    command = ["bwrap", *_BWRAP_NAMESPACES, "--die-with-parent", "--new-session"]
    folders = sorted({d for p in [*shown, *writable] for d in _parents(p)} - {"/usr"})
    for folder in folders:  # created by bwrap; readable by the sandbox user
        command += ["--perms", "0755", "--dir", folder]
    command += ["--ro-bind", "/usr", "/usr"]
    for link in ("lib", "lib64", "bin", "sbin"):
        target = os.readlink(f"/{link}") if os.path.islink(f"/{link}") else None
        if target:
            command += ["--symlink", target, f"/{link}"]
        elif os.path.isdir(f"/{link}"):
            command += ["--ro-bind", f"/{link}", f"/{link}"]
    for name in ("ld.so.cache", "localtime", "nsswitch.conf", "fonts"):
        if os.path.exists(f"/etc/{name}"):
            command += ["--ro-bind", f"/etc/{name}", f"/etc/{name}"]
    for path in shown:
        if not path.startswith("/usr/"):
            command += ["--ro-bind", path, path]
    for path in box.hidden:
        kind = "--dir" if Path(path).is_dir() else None
        command += ["--tmpfs", path] if kind else ["--ro-bind", "/dev/null", path]
    for path in writable:
        command += ["--bind", path, path]
    command += ["--proc", "/proc", "--dev", "/dev"]
    command += ["--perms", "1777", "--size", str(scratch_bytes), "--tmpfs", SCRATCH]
    command += ["--perms", "1777", "--size", str(64 * 2**20), "--tmpfs", "/dev/shm"]
    if "/tmp" not in folders:  # else /tmp holds a shown folder; TMPDIR is the scratch anyway
        command += ["--symlink", SCRATCH, "/tmp"]
    command += ["--chdir", workdir, "--cap-drop", "ALL"]
    if privileged:  # only to become the sandbox's own user, which drops them all
        command += ["--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]
    return command


def _child_env(scratch: str) -> dict[str, str]:
    # The oneDNN switches let an instructor reproduce another CPU's float32 kernels.
    keep = ("PATH", "LANG", "LC_ALL", "SYSTEMROOT", "TF_ENABLE_ONEDNN_OPTS", "ONEDNN_MAX_CPU_ISA")
    env = {k: v for k, v in os.environ.items() if k in keep}
    env.update(
        HOME=scratch,
        TMPDIR=scratch,
        MPLBACKEND="Agg",
        MPLCONFIGDIR=scratch,
        OMP_NUM_THREADS="1",
        OPENBLAS_NUM_THREADS="1",
        MKL_NUM_THREADS="1",
        TF_CPP_MIN_LOG_LEVEL="3",
        TF_NUM_INTEROP_THREADS="1",
        TF_NUM_INTRAOP_THREADS="1",
        PYTHONDONTWRITEBYTECODE="1",
        PYTHONHASHSEED="0",
    )
    return env


# --------------------------------------------------------------------------- the sandbox


class Sandbox:
    """A running zygote in its box; `run` sends it one job at a time.

    Not thread-safe: one job at a time per sandbox (use one sandbox per worker).
    """

    def __init__(self, box: BoxSpec, start_timeout_s: float = 300.0) -> None:
        self.box = box
        self.level = isolation_level()
        self._next_id = 0
        self._scratch = tempfile.mkdtemp(prefix="dls-sandbox-")
        os.chmod(self._scratch, 0o1777)
        self._start(start_timeout_s)

    def _start(self, timeout_s: float) -> None:
        boxed = self.level == "bwrap"
        privileged = boxed and os.geteuid() == 0
        scratch = SCRATCH if boxed else self._scratch
        prefix = (
            bwrap_command(self.box, self.box.limits.scratch_bytes, privileged) if boxed else []
        )
        read_fd, write_fd = os.pipe()
        argv = [*prefix, sys.executable, "-I", "-B", "-m", "graders.sandbox_child", str(write_fd)]
        if boxed:
            argv[len(prefix) : len(prefix)] = ["--"]
        self._process = subprocess.Popen(
            argv,
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            pass_fds=(write_fd,),
            env=_child_env(scratch),
            cwd=self._scratch,
            start_new_session=True,
        )
        os.close(write_fd)
        self._replies = os.fdopen(read_fd, "rb", buffering=0)
        setup = {
            "preamble": self.box.preamble,
            "imports": list(self.box.imports),
            "fixtures": dict(self.box.fixtures),
            "uid": _UID_BASE + secrets.randbelow(_UID_SPAN) if privileged else None,
            "limits": asdict(self.box.limits),
            "boxed": boxed,
            "scratch": scratch,
        }
        self._send(wire.dumps(setup))
        ready = self._receive_message(timeout_s)
        if not isinstance(ready, dict) or ready.get("ready") is not True:
            detail = ready.get("detail") if isinstance(ready, dict) else "no answer"
            self.close()
            raise SandboxUnavailable(f"the grading sandbox did not start ({detail})")

    # -- framing with a deadline; the zygote is trusted, the job bytes are not

    def _send(self, blob: bytes) -> None:
        from graders.sandbox_child import write_frame

        write_frame(self._process.stdin.fileno(), blob)

    def _read_exactly(self, size: int, timeout_s: float) -> bytes | None:
        result: list[bytes | None] = [None]

        def read() -> None:
            chunks, left = [], size
            while left:
                chunk = self._replies.read(left)
                if not chunk:
                    return
                chunks.append(chunk)
                left -= len(chunk)
            result[0] = b"".join(chunks)

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        reader.join(timeout_s)
        return result[0]

    def _receive_frame(self, timeout_s: float, limit: int) -> bytes | None:
        header = self._read_exactly(8, timeout_s)
        if header is None:
            return None
        size = int.from_bytes(header, "little")
        if size > limit:
            return None
        return self._read_exactly(size, timeout_s) if size else b""

    def _receive_message(self, timeout_s: float) -> Any:
        blob = self._receive_frame(timeout_s, 1 << 20)
        try:
            return wire.loads(blob) if blob is not None else None
        except wire.WireFormatError:
            return None

    @property
    def alive(self) -> bool:
        return self._process.poll() is None

    def run(self, job: dict[str, Any], timeout_s: float) -> JobReply:
        """Run one job (cells, function, harness, calls) in a fresh fork; return its raw reply."""
        if not self.alive:
            return JobReply(None, "sandbox-failed: the sandbox stopped")
        self._next_id += 1
        job = {**job, "id": self._next_id, "timeout_s": timeout_s}
        try:
            self._send(wire.dumps(job))
        except (BrokenPipeError, OSError):
            return JobReply(None, "sandbox-failed: the sandbox stopped")
        # The zygote enforces the job's time limit; this margin covers its clean-up.
        header = self._receive_message(timeout_s + 30)
        if not isinstance(header, dict) or header.get("id") != self._next_id:
            self.close()
            return JobReply(None, "sandbox-failed: no answer from the sandbox")
        failure = header.get("failure")
        if failure is not None:
            return JobReply(None, str(failure)[:40])
        blob = self._receive_frame(30, MAX_REPLY_BYTES)
        if blob is None:
            self.close()
            return JobReply(None, "sandbox-failed: no answer from the sandbox")
        return JobReply(blob)

    def close(self) -> None:
        """Stop the zygote and everything in its box."""
        try:
            self._process.stdin.close()
        except OSError:
            pass
        try:
            os.killpg(self._process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        self._replies.close()
        shutil.rmtree(self._scratch, ignore_errors=True)

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class SandboxPool:
    """Running sandboxes kept by their `BoxSpec`, so a batch pays each import once.

    A sandbox that stopped (a job killed its zygote) is replaced on next use.
    """

    def __init__(self) -> None:
        self._sandboxes: dict[BoxSpec, Sandbox] = {}

    def get(self, box: BoxSpec) -> Sandbox:
        sandbox = self._sandboxes.get(box)
        if sandbox is None or not sandbox.alive:
            if sandbox is not None:
                sandbox.close()
            sandbox = self._sandboxes[box] = Sandbox(box)
        return sandbox

    def close(self) -> None:
        for sandbox in self._sandboxes.values():
            sandbox.close()
        self._sandboxes.clear()

    def __enter__(self) -> SandboxPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def run_once(box: BoxSpec, jobs: Sequence[tuple[dict[str, Any], float]]) -> list[JobReply]:
    """Start a sandbox, run `jobs` (job, timeout) in it, stop it."""
    with Sandbox(box) as sandbox:
        return [sandbox.run(job, timeout) for job, timeout in jobs]
