"""The hidden-test call that nbgrader restores into every test cell at grading time.

`hidden_check` does not grade the function object living in the learner's
kernel (that kernel may have patched numpy, builtins or this very module).
It sends the *source* of the learner's graded cells to a fresh grading process
(`python -I -m graders grade-cells`), which runs them in the sandbox and
compares with the references that process alone loads. The authoritative
score is written afterwards by `dls autograde` from the submitted file, so a
kernel that fakes this check gains nothing.
"""

from __future__ import annotations

import json
import linecache
import os
import socket
import subprocess
import sys
from typing import Any

from graders.registry import get_assignment


class HiddenTestFailure(AssertionError):
    """A failed hidden test, shown in feedback as one line without a traceback."""

    def _render_traceback_(self) -> list[str]:  # IPython uses this instead of a traceback
        return [f"\x1b[0;31mHidden tests\x1b[0m: {self}"]


def cell_source(obj: Any) -> str | None:
    """Whole source of the notebook cell that defined a function or class."""
    code = getattr(obj, "__code__", None)
    if code is None:
        init = getattr(obj, "__init__", None)
        code = getattr(init, "__code__", None)
    if code is None:
        return None
    lines = linecache.getlines(code.co_filename)
    return "".join(lines) or None


def graded_sources(assignment_id: str, namespace: dict[str, Any]) -> dict[str, str]:
    """Sources of every graded function of the assignment defined in `namespace`."""
    sources = {}
    for name in get_assignment(assignment_id).exercise_names:
        source = cell_source(namespace[name]) if name in namespace else None
        if source:
            sources[name] = source
    return sources


def _ask_service(socket_path: str, request: dict[str, Any]) -> dict[str, Any]:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
        conn.settimeout(600)
        conn.connect(socket_path)
        conn.sendall(json.dumps(request).encode() + b"\n")
        with conn.makefile("rb") as answer:
            return json.loads(answer.readline())


def _ask_subprocess(request: dict[str, Any]) -> dict[str, Any]:
    command = [sys.executable, "-I", "-m", "graders", "grade-cells", request["assignment"]]
    command += [arg for name in request["only"] for arg in ("--only", name)]
    done = subprocess.run(
        command, input=json.dumps(request["sources"]), capture_output=True, text=True, timeout=600
    )
    return json.loads(done.stdout)


def hidden_check(assignment_id: str, name: str, func: Any) -> None:
    """Grade one exercise out of process; raise `HiddenTestFailure` if it fails.

    Under `dls autograde` the kernel cannot see the grader's files, so it asks the
    grading service named by `$DLS_GRADER_SOCKET`; elsewhere (e.g. an instructor
    running the source notebook) it starts a grading process itself.
    """
    namespace = dict(getattr(func, "__globals__", {}))
    namespace[name] = func
    request = {
        "assignment": assignment_id,
        "only": [name],
        "sources": graded_sources(assignment_id, namespace),
    }
    socket_path = os.environ.get("DLS_GRADER_SOCKET")
    try:
        report = _ask_service(socket_path, request) if socket_path else _ask_subprocess(request)
        result = next(e for e in report["exercises"] if e["name"] == name)
    except (OSError, subprocess.TimeoutExpired, ValueError, KeyError, StopIteration):
        raise HiddenTestFailure(f"{name}: the grader could not be reached") from None
    if not result["passed"]:
        raise HiddenTestFailure(f"{name}: {result['message']}")
    print(f"\u2705 {name}: {result['message']}.")
