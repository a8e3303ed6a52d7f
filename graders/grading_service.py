"""A local grading service for the hidden tests that run inside nbgrader's kernel.

During `dls autograde` the learner's notebook runs in a kernel that cannot see
the reference outputs, specs or source notebooks (see `grading_kernel`). Its
hidden-test cells therefore ask this service, which runs in the trusted `dls`
process, over a Unix socket whose path is in `$DLS_GRADER_SOCKET`. A request is
one line of JSON: {"assignment", "only", "sources"}; the answer is the report.
"""

from __future__ import annotations

import json
import os
import socketserver
import tempfile
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SOCKET_ENV = "DLS_GRADER_SOCKET"
MAX_REQUEST_BYTES = 16 * 2**20
# An honest notebook asks once per exercise; a kernel asking again and again is
# probing the grader as an oracle, so answers per exercise are capped per run.
MAX_ASKS_PER_EXERCISE = 3
# Folders of running services: sandboxed children must not reach their sockets.
ACTIVE_FOLDERS: set[str] = set()


class _Handler(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        from graders.engine import grade_sources

        try:
            line = self.rfile.readline(MAX_REQUEST_BYTES)
            request = json.loads(line)
            sources = {str(k): str(v) for k, v in dict(request["sources"]).items()}
            only = [str(n) for n in request.get("only") or []] or None
            if not self.server.allow(str(request["assignment"]), only or ["*"]):
                report = {"error": "too many grading requests for this exercise"}
            else:
                report = grade_sources(str(request["assignment"]), sources, only=only).to_dict()
        except Exception as exc:  # any bad request gets an answer; the service keeps running
            report = {"error": f"bad grading request ({type(exc).__name__})"}
        self.wfile.write(json.dumps(report).encode() + b"\n")


class _Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True

    def __init__(self, path: str) -> None:
        super().__init__(path, _Handler)
        self.asks: Counter[tuple[str, str]] = Counter()
        self.lock = threading.Lock()

    def allow(self, assignment: str, names: list[str]) -> bool:
        with self.lock:
            keys = [(assignment, n) for n in names]
            if any(self.asks[k] >= MAX_ASKS_PER_EXERCISE for k in keys):
                return False
            self.asks.update(keys)
            return True


@contextmanager
def grading_service() -> Iterator[Path]:
    """Serve grading requests on a fresh Unix socket while the block runs."""
    folder = Path(tempfile.mkdtemp(prefix="dls-grader-"))
    path = folder / "grader.sock"
    server = _Server(str(path))
    ACTIVE_FOLDERS.add(str(folder))
    os.chmod(folder, 0o755)
    os.chmod(path, 0o777)  # the kernel may run as another user inside its namespace
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield path
    finally:
        server.shutdown()
        server.server_close()
        path.unlink(missing_ok=True)
        folder.rmdir()
        ACTIVE_FOLDERS.discard(str(folder))
