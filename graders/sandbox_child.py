"""The sandboxed side of grading: runs learner cells and sends back outputs only.

Started by `graders.sandbox` as `python -I -m graders.sandbox_child FD`, usually
as PID 1 of fresh mount, network and PID namespaces. Before any learner code
runs it:

1. reads the whole request from stdin (cells, function name, call arguments);
2. hides answer-bearing folders (source notebooks, reference outputs, the
   course directory, git history) behind empty read-only tmpfs mounts, gives
   itself a private writable scratch tmpfs, and makes every other mount
   read-only (best effort per mount);
3. drops privileges: to `nobody` when started by real root, otherwise drops
   every capability, so none of the mounts can be undone;
4. applies resource limits (address space, CPU seconds, processes, files).

The result goes back through the inherited pipe FD as one length-prefixed
blob of `graders.serialize` (no pickle); everything the learner code prints
goes to /dev/null. The parent alone holds the reference outputs and decides.
"""

from __future__ import annotations

import copy
import ctypes
import importlib
import linecache
import os
import resource
import struct
import sys
import traceback
from typing import Any

import numpy as np

from graders import serialize

MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_BIND, MS_REC = 32, 4096, 16384
MS_NOATIME, MS_NODIRATIME, MS_RELATIME = 1024, 2048, 1 << 21
MNT_DETACH = 2
NOBODY = 65534
_FLAG_BY_OPTION = {
    "nosuid": MS_NOSUID,
    "nodev": MS_NODEV,
    "noexec": MS_NOEXEC,
    "noatime": MS_NOATIME,
    "nodiratime": MS_NODIRATIME,
    "relatime": MS_RELATIME,
}

_libc = ctypes.CDLL(None, use_errno=True)


def _mount(
    source: str | None, target: str, fstype: str | None, flags: int, data: str | None
) -> None:
    def enc(text: str | None) -> bytes | None:
        return text.encode() if text is not None else None

    if _libc.mount(enc(source), enc(target), enc(fstype), flags, enc(data)) != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"mount {target}: {os.strerror(errno)}")


def _umount(target: str) -> None:
    _libc.umount2(target.encode(), MNT_DETACH)


def _mount_points() -> list[tuple[str, int]]:
    """(mount point, per-mount flags to preserve) from /proc/self/mountinfo."""
    points = []
    with open("/proc/self/mountinfo") as fh:
        for line in fh:
            fields = line.split()
            target = fields[4].encode().decode("unicode_escape")
            flags = 0
            for option in fields[5].split(","):
                flags |= _FLAG_BY_OPTION.get(option, 0)
            points.append((target, flags))
    return points


def _within(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip("/") + "/")


def _isolate(hide: list[str], scratch: str, drop_to_nobody: bool) -> None:
    hide_folders(hide)
    _mount("tmpfs", scratch, "tmpfs", MS_NOSUID | MS_NODEV, "size=256m,mode=1777")
    if drop_to_nobody:
        # `nobody` cannot traverse a 0700 /root, where pyenv-style installs live: hide
        # /root (keys, history) but bind the interpreter's own folders back.
        interpreter = {sys.base_prefix, sys.prefix, *sys.path}
        cover_keeping("/root", [p for p in interpreter if p and _within(p, "/root")], scratch)
    writable = ("/proc", "/dev", "/sys", scratch)
    for target, flags in _mount_points():
        if any(_within(target, w) for w in writable) or target in hide:
            continue
        try:
            _mount(None, target, None, MS_REMOUNT | MS_BIND | MS_RDONLY | flags, None)
        except OSError:
            pass  # best effort: a mount we may not touch stays as it was
    if drop_to_nobody:
        os.setgroups([])
        os.setgid(NOBODY)
        os.setuid(NOBODY)
    drop_capabilities()


def hide_folders(hide: list[str]) -> None:
    """Cover each existing folder with an empty read-only tmpfs."""
    for folder in hide:
        if os.path.isdir(folder):
            _mount("tmpfs", folder, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV, "size=4k,mode=0755")


def cover_keeping(folder: str, keep: list[str], holding_root: str) -> None:
    """Cover `folder` with an empty tmpfs, then bind the `keep` paths inside it back.

    `holding_root` is a writable folder outside `folder` used while swapping.
    """
    if not os.path.isdir(folder):
        return
    keep = sorted({p for p in keep if os.path.isdir(p) and _within(p, folder)})
    keep = [p for p in keep if not any(_within(p, q) and p != q for q in keep)]
    holding = []
    for index, path in enumerate(keep):
        hold = os.path.join(holding_root, f".hold{index}")
        os.makedirs(hold)
        _mount(path, hold, None, MS_BIND | MS_REC, None)
        holding.append((path, hold))
    _mount("tmpfs", folder, "tmpfs", MS_NOSUID | MS_NODEV, "size=1m,mode=0755")
    for path, hold in holding:
        os.makedirs(path, exist_ok=True)
        _mount(hold, path, None, MS_BIND | MS_REC, None)
        _umount(hold)
        os.rmdir(hold)


def drop_capabilities() -> None:
    """Clear every capability set and forbid gaining new privileges."""
    PR_SET_NO_NEW_PRIVS, PR_CAPBSET_DROP = 38, 24
    _libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
    for cap in range(64):
        _libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0)
    header = struct.pack("Ii", 0x20080522, 0)
    data = bytes(24)
    _libc.capset(ctypes.c_char_p(header), ctypes.c_char_p(data))


def _apply_limits(limits: dict[str, Any]) -> None:
    def cap(which: int, value: int) -> None:
        try:
            soft, hard = resource.getrlimit(which)
            value = value if hard == resource.RLIM_INFINITY else min(value, hard)
            resource.setrlimit(which, (value, value))
        except (ValueError, OSError):
            pass  # e.g. macOS refuses RLIMIT_AS; the wall-clock limit still applies

    cap(resource.RLIMIT_CORE, 0)
    cap(resource.RLIMIT_AS, int(limits["memory_bytes"]))
    cap(resource.RLIMIT_CPU, int(limits["cpu_seconds"]))
    cap(resource.RLIMIT_FSIZE, 16 * 2**20)
    cap(resource.RLIMIT_NOFILE, 256)
    cap(resource.RLIMIT_NPROC, int(limits["processes"]))


def _error_info(exc: BaseException, cell_names: dict[str, str]) -> dict[str, Any]:
    """Exception type and the line in the learner's own cell: never the message.

    A message could carry hidden inputs (a learner can raise `str(args)`), so
    only the type name and a line number leave the sandbox.
    """
    line = None
    cell = None
    for frame, lineno in traceback.walk_tb(exc.__traceback__):
        filename = frame.f_code.co_filename
        if filename in cell_names:
            line, cell = lineno, cell_names[filename]
    return {"error": type(exc).__name__, "line": line, "cell": cell}


def _load_harness(reference: str | None) -> Any:
    """The spec's `module:function` that calls the learner's function, or None."""
    if not reference:
        return None
    module_name, _, attribute = reference.partition(":")
    return getattr(importlib.import_module(module_name), attribute)


def run_request(request: dict[str, Any]) -> dict[str, Any]:
    """Execute the cells, then call the function on every case; return outputs."""
    namespace: dict[str, Any] = {"__name__": "__main__"}
    exec(compile(request["preamble"], "<preamble>", "exec"), namespace)
    # Resolved before any learner code runs (the learner cannot redefine the name).
    harness = _load_harness(request.get("harness"))
    cell_names: dict[str, str] = {}
    cell_errors: dict[str, Any] = {}
    for cell_name, source in request["cells"]:
        filename = f"<cell {cell_name}>"
        cell_names[filename] = cell_name
        # As IPython does for notebook cells: `inspect.getsource` (used by TensorFlow's
        # autograph to convert traced functions) then finds the cell's source, so
        # learner code behaves here as it does in the notebook.
        linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
        try:
            exec(compile(source, filename, "exec"), namespace)
        except BaseException as exc:  # noqa: B036 - learner code may raise anything
            cell_errors[cell_name] = _error_info(exc, cell_names)
    function = namespace.get(request["function"])
    if not callable(function):
        return {"status": "missing", "cell_errors": cell_errors, "results": []}
    results = []
    for call in request["calls"]:
        args = copy.deepcopy(call["args"])
        kwargs = copy.deepcopy(call["kwargs"])
        if call["np_seed"] is not None:
            np.random.seed(call["np_seed"])
        try:
            if harness is None:
                output = function(*args, **kwargs)
            else:
                output = harness(function, *args, **kwargs)
            entry: dict[str, Any] = {"output": output}
            if call["inputs_unchanged"]:
                entry["args_after"] = [args, kwargs]
        except BaseException as exc:  # noqa: B036
            entry = _error_info(exc, cell_names)
        results.append(entry)
    return {"status": "ok", "cell_errors": cell_errors, "results": results}


def main() -> None:
    result_fd = int(sys.argv[1])
    request = serialize.loads(sys.stdin.buffer.read())
    sandbox = request["sandbox"]
    try:
        if sandbox["isolate"]:
            _isolate(sandbox["hide"], sandbox["scratch"], sandbox["drop_to_nobody"])
        os.chdir(sandbox["scratch"])
        os.environ.update(HOME=sandbox["scratch"], TMPDIR=sandbox["scratch"])
        _apply_limits(sandbox["limits"])
    except Exception as exc:
        reply = {"status": "sandbox-failed", "detail": f"{type(exc).__name__}: {exc}"}
    else:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        try:
            reply = run_request(request)
        except BaseException as exc:  # noqa: B036 - e.g. the preamble failed
            reply = {"status": "crashed", "detail": type(exc).__name__}
    blob = serialize.dumps(reply)
    os.write(result_fd, struct.pack("<Q", len(blob)))
    view = memoryview(blob)
    while view:
        written = os.write(result_fd, view)
        view = view[written:]
    os._exit(0)


if __name__ == "__main__":
    main()
