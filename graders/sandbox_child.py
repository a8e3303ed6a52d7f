"""Inside the sandbox: a zygote that imports once and forks one process per job.

`graders.sandbox` starts this module (`python -I -m graders.sandbox_child`)
inside its box. Protocol, one framed blob per message (8-byte little-endian
length, then `shared_utils.wire` bytes):

1. stdin → setup: {"preamble", "imports", "fixtures" (name -> the public-test
   module whose `FIXTURES` loads it), "uid", "limits", "boxed", "scratch"}. The
   zygote drops to `uid` when it may (then it holds no capability at all; it
   refuses to go on if any remains), runs the preamble (the notebook's imports:
   numpy, TensorFlow...) and loads the fixtures, once. It never runs learner code.
   It answers {"ready": true} or {"ready": false, "detail"} on the reply FD.
2. stdin → job: {"id", "cells", "function", "harness", "calls", "timeout_s"}. The
   zygote forks; the fork applies the job's limits, runs the cells and calls the
   function on every case (`shared_utils.testing.call_case`), and writes its
   outputs to a pipe of its own. The zygote reads at most `MAX_REPLY_BYTES` of it,
   then kills every process of the sandbox's user but itself and empties every
   writable folder, so nothing one job leaves behind reaches the next. It
   forwards {"id", "failure"} and then the fork's bytes, which the *parent*
   decodes and validates: the fork runs learner code and may write anything.

Everything a job prints goes to /dev/null. The zygote is not dumpable, so a job
cannot trace it or read its memory.
"""

from __future__ import annotations

import ctypes
import linecache
import os
import resource
import select
import shutil
import signal
import struct
import sys
import time
import traceback
from typing import Any

from shared_utils import wire
from shared_utils.testing import Case, call_case

MAX_REPLY_BYTES = 64 * 2**20
WRITABLE = ("/scratch", "/dev/shm")
PR_SET_DUMPABLE, PR_SET_NO_NEW_PRIVS = 4, 38

_reply_fd = 1


# --------------------------------------------------------------------------- framing


def read_frame(stream: Any, limit: int = wire.MAX_BLOB_BYTES) -> bytes | None:
    header = stream.read(8)
    if len(header) != 8:
        return None
    (size,) = struct.unpack("<Q", header)
    if size > limit:
        return None
    blob = stream.read(size)
    return blob if len(blob) == size else None


def write_frame(fd: int, blob: bytes) -> None:
    view = memoryview(struct.pack("<Q", len(blob)) + blob)
    while view:
        view = view[os.write(fd, view) :]


def _send(message: dict[str, Any], extra: bytes | None = None) -> None:
    write_frame(_reply_fd, wire.dumps(message))
    if extra is not None:
        write_frame(_reply_fd, extra)


# --------------------------------------------------------------------------- privileges


def _capabilities_left() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("CapEff:"):
                return int(line.split()[1], 16)
    return 0


def drop_privileges(uid: int | None) -> None:
    """Become `uid` (when given and allowed), forbid new privileges; fail if a capability stays."""
    libc = ctypes.CDLL(None, use_errno=True)
    if uid is not None and os.getuid() == 0:
        os.setgroups([])
        os.setresgid(uid, uid, uid)
        os.setresuid(uid, uid, uid)
    libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
    libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
    if sys.platform.startswith("linux") and _capabilities_left():
        raise PermissionError("capabilities remain after dropping privileges")


# --------------------------------------------------------------------------- the zygote


def _load(reference: str) -> Any:
    """`module:attribute` (attribute may be dotted) of a trusted module."""
    import importlib

    module_name, _, attribute = reference.partition(":")
    value: Any = importlib.import_module(module_name)
    for part in attribute.split(".") if attribute else []:
        value = getattr(value, part)
    return value


def setup(request: dict[str, Any]) -> dict[str, Any]:
    """Drop privileges, run the preamble, import trusted modules, load fixtures."""
    drop_privileges(request.get("uid"))
    namespace: dict[str, Any] = {"__name__": "__main__"}
    exec(compile(request.get("preamble", ""), "<preamble>", "exec"), namespace)
    for module in request.get("imports", []):
        __import__(module)
    fixtures = {
        name: __import__(module, fromlist=["FIXTURES"]).FIXTURES[name]()
        for name, module in request.get("fixtures", {}).items()
    }
    return {
        "namespace": namespace,
        "fixtures": fixtures,
        "limits": request.get("limits", {}),
        "boxed": bool(request.get("boxed")),
        "scratch": request.get("scratch", "/scratch"),
    }


def _vm_size() -> int:
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _apply_limits(limits: dict[str, Any]) -> None:
    def cap(which: int, value: int) -> None:
        try:
            _soft, hard = resource.getrlimit(which)
            value = value if hard == resource.RLIM_INFINITY else min(value, hard)
            resource.setrlimit(which, (value, value))
        except (ValueError, OSError):
            pass  # e.g. macOS refuses RLIMIT_AS; the wall-clock limit still applies

    cap(resource.RLIMIT_CORE, 0)
    cap(resource.RLIMIT_AS, _vm_size() + int(limits.get("memory_bytes", 2 * 2**30)))
    cap(resource.RLIMIT_CPU, int(limits.get("cpu_seconds", 30)))
    cap(resource.RLIMIT_FSIZE, int(limits.get("file_bytes", 16 * 2**20)))
    cap(resource.RLIMIT_NOFILE, 256)
    if "processes" in limits:
        cap(resource.RLIMIT_NPROC, int(limits["processes"]))


def _error_info(exc: BaseException, cell_names: dict[str, str]) -> dict[str, Any]:
    """Exception type and the line in the learner's own cell: never the message.

    A message could carry hidden inputs (a learner can raise `str(args)`), so
    only the type name and a line number leave the sandbox.
    """
    line = cell = None
    for frame, lineno in traceback.walk_tb(exc.__traceback__):
        if frame.f_code.co_filename in cell_names:
            line, cell = lineno, cell_names[frame.f_code.co_filename]
    return {"error": type(exc).__name__, "line": line, "cell": cell}


def run_job(state: dict[str, Any], job: dict[str, Any]) -> dict[str, Any]:
    """Execute the cells, then call the function on every case; return outputs."""
    namespace = state["namespace"]  # this process's copy: nothing goes back to the zygote
    harness = _load(job["harness"]) if job.get("harness") else None
    cell_names: dict[str, str] = {}
    cell_errors: dict[str, Any] = {}
    for cell_name, source in job["cells"]:
        filename = f"<cell {cell_name}>"
        cell_names[filename] = cell_name
        # As IPython does for notebook cells, so `inspect.getsource` (TensorFlow's
        # autograph uses it) finds the source and code behaves as in the notebook.
        linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
        try:
            exec(compile(source, filename, "exec"), namespace)
        except BaseException as exc:  # noqa: B036 - learner code may raise anything
            cell_errors[cell_name] = _error_info(exc, cell_names)
    function = namespace.get(job["function"])
    if not callable(function):
        return {"status": "missing", "cell_errors": cell_errors, "results": []}
    results = []
    for call in job["calls"]:
        case = Case(
            "",
            args=tuple(call["args"]),
            kwargs=dict(call["kwargs"]),
            np_seed=call["np_seed"],
            inputs_unchanged=call["inputs_unchanged"],
        )
        outcome = call_case(function, case, harness=harness, fixtures=state["fixtures"])
        if outcome.error is not None:
            results.append(_error_info(outcome.error, cell_names))
        else:
            entry: dict[str, Any] = {"output": outcome.output}
            if outcome.args_after is not None:
                entry["args_after"] = outcome.args_after
            results.append(entry)
    return {"status": "ok", "cell_errors": cell_errors, "results": results}


def _in_fork(state: dict[str, Any], job: dict[str, Any], write_fd: int) -> None:
    """The forked job process: limits, a private working folder, run, reply, exit."""
    try:
        # The zygote's own pipes (jobs in, answers out) must not be reachable: a job
        # could otherwise read the next job or write answers for it.
        devnull = os.open(os.devnull, os.O_RDWR)
        os.dup2(devnull, 0)
        os.close(_reply_fd)
        os.setsid()
        workdir = os.path.join(state["scratch"], f"job-{job['id']}")
        os.makedirs(workdir, mode=0o700, exist_ok=True)
        os.chdir(workdir)
        os.environ.update(HOME=workdir, TMPDIR=workdir)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        _apply_limits({**state["limits"], **job.get("limits", {})})
        reply = run_job(state, job)
    except BaseException as exc:  # noqa: B036
        reply = {"status": "crashed", "detail": type(exc).__name__}
    try:
        blob = wire.dumps(reply)
    except BaseException:  # noqa: B036 - e.g. an output too odd to encode
        blob = wire.dumps({"status": "crashed", "detail": "unencodable"})
    try:
        write_frame(write_fd, blob)
    finally:
        os._exit(0)


def _collect(read_fd: int, pid: int, timeout_s: float) -> tuple[bytes | None, str | None]:
    """The fork's reply frame, or why there is none ('timeout', 'no-reply', 'too-large')."""
    deadline = time.monotonic() + timeout_s
    data = bytearray()
    expected: int | None = None
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return None, "timeout"
        ready, _, _ = select.select([read_fd], [], [], min(remaining, 1.0))
        if not ready:
            done, _status = os.waitpid(pid, os.WNOHANG)
            if done and not data:
                # Exited without writing (os._exit, a crash, the memory limit); give
                # buffered bytes a last chance.
                ready, _, _ = select.select([read_fd], [], [], 0.2)
                if not ready:
                    return None, "no-reply"
            continue
        chunk = os.read(read_fd, 1 << 20)
        if not chunk:
            return (bytes(data[8:]), None) if expected == len(data) - 8 else (None, "no-reply")
        data += chunk
        if expected is None and len(data) >= 8:
            (expected,) = struct.unpack("<Q", bytes(data[:8]))
            if expected > MAX_REPLY_BYTES:
                return None, "too-large"
        if expected is not None and len(data) - 8 >= expected:
            return bytes(data[8 : 8 + expected]), None


def _reset_box(state: dict[str, Any], pid: int) -> None:
    """Kill what the job left running and empty the writable folders.

    In the box (its own PID namespace, its own user) that is every process we
    may signal but ourselves; without one, only the job's process group.
    """
    try:
        if state["boxed"]:
            os.kill(-1, signal.SIGKILL)  # every process we may signal, except ourselves
        else:
            os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    while True:
        try:
            if os.waitpid(-1, os.WNOHANG) == (0, 0):
                break
        except ChildProcessError:
            break
    if state["boxed"]:
        _wait_until_alone()
    for folder in WRITABLE if state["boxed"] else (state["scratch"],):
        if not os.path.isdir(folder):
            continue
        for entry in os.listdir(folder):
            path = os.path.join(folder, entry)
            _make_removable(path)
            if os.path.isdir(path) and not os.path.islink(path):
                shutil.rmtree(path, ignore_errors=True)
            else:
                try:
                    os.unlink(path)
                except OSError:
                    pass


def _wait_until_alone(limit_s: float = 2.0) -> None:
    """Wait (briefly) until the killed processes are gone from the box's /proc."""
    deadline = time.monotonic() + limit_s
    me = os.getpid()
    while time.monotonic() < deadline:
        try:
            while os.waitpid(-1, os.WNOHANG) != (0, 0):  # reap our own killed children
                pass
        except ChildProcessError:
            pass
        others = [p for p in os.listdir("/proc") if p.isdigit() and int(p) not in (1, me)]
        if not others:
            return
        time.sleep(0.01)


def _make_removable(path: str) -> None:
    """Give back owner permissions a job may have taken away from its own folders."""
    for root, dirs, _files in os.walk(path):
        for name in dirs:
            try:
                os.chmod(os.path.join(root, name), 0o700)
            except OSError:
                pass
    try:
        os.chmod(path, 0o700)
    except OSError:
        pass


def serve(state: dict[str, Any], stream: Any) -> None:
    """Answer jobs until stdin closes."""
    while True:
        blob = read_frame(stream)
        if blob is None:
            return
        job = wire.loads(blob)
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read_fd)
            _in_fork(state, job, write_fd)
        os.close(write_fd)
        reply, failure = _collect(read_fd, pid, float(job.get("timeout_s", 10)))
        os.close(read_fd)
        _reset_box(state, pid)
        _send({"id": job["id"], "failure": failure}, reply if failure is None else None)


def main() -> None:
    global _reply_fd
    _reply_fd = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    stdin = sys.stdin.buffer
    blob = read_frame(stdin)
    try:
        state = setup(wire.loads(blob or b""))
    except BaseException as exc:  # noqa: B036 - the preamble or a fixture failed
        _send({"ready": False, "detail": f"{type(exc).__name__}: {exc}"[:500]})
        return
    _send({"ready": True})
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    serve(state, stdin)


if __name__ == "__main__":
    main()
