"""nbgrader's formgrader, made to agree with the trusted grader (a Jupyter server extension).

The formgrader's Autograde button (the lightning icon on "Manage Submissions")
runs plain nbgrader autograde: the learner's notebook in a kernel, without the
trusted report, so every hidden-test region fails and the gradebook gets wrong
scores. Enabled on the instructor's server (`jupyter_config/instructor`), this
extension makes that button do what `dls autograde ID --student S` does: the
trusted, sandboxed grading first, then nbgrader's run for outputs and feedback,
and only the trusted scores into the gradebook. The reply names the command and
the score, so the instructor sees where the score came from.

It also makes the submission view render math offline: nbconvert's template
loads MathJax from a CDN (raw `$...$` offline, and the page's own script stops
at `MathJax is not defined`); `jupyter_config/instructor/templates/mathjax.html.j2`
loads the MathJax 2 that jupyter-server-mathjax serves instead.

Load it with `--ServerApp.jpserver_extensions graders.formgrader=True` (the
instructor settings do). It changes nothing else of the formgrader.
"""

from __future__ import annotations

import asyncio
import json
import os
import threading
from pathlib import Path
from typing import Any

from graders.registry import REPO_ROOT

TEMPLATES = REPO_ROOT / "jupyter_config" / "instructor" / "templates"
_LOCK = threading.Lock()  # one grading at a time: the gradebook has one writer


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": "graders.formgrader"}]


def trusted_autograde(root: str, url: str, assignment_id: str, student: str) -> dict[str, Any]:
    """Grade one submission as `dls autograde` does; nbgrader's reply format (success, log).

    The grading runs in a fresh process: nbgrader's run of the notebook drives its
    own event loop, which a thread of the Jupyter server cannot, and the server's
    environment stays as it was.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    from graders.course import BridgeError

    command = f"dls autograde {assignment_id} --student {student}"
    with _LOCK, ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        try:
            outcome = pool.submit(_autograde_one, root, url, assignment_id, student).result()
        except (BridgeError, KeyError, ValueError) as exc:
            return {"success": False, "log": f"trusted grading ({command})", "error": str(exc)}
        except BrokenProcessPool:
            error = "the grading process stopped; run the command in a terminal to see why"
            return {"success": False, "log": f"trusted grading ({command})", "error": error}
    if outcome.report is None:
        return {
            "success": False,
            "log": f"trusted grading ({command})",
            "error": outcome.problem,
        }
    report = outcome.report
    lines = [
        f"Graded by the trusted grader, exactly as `{command}` does: "
        f"{report['score']:g} / {report['max_score']:g} points.",
        *(
            f"  {e['name']}: {e['points']:g} / {e['max_points']:g}  {_short(e['message'])}"
            for e in report["exercises"]
        ),
    ]
    if not outcome.executed:
        lines.append("nbgrader could not run the notebook; the scores come from the grader.")
    return {"success": True, "log": "\n".join(lines), "error": ""}


def _autograde_one(root: str, url: str, assignment_id: str, student: str) -> Any:
    """In the grading process: the course this formgrader serves, then `dls autograde`."""
    from graders.nbgrader_bridge import autograde
    from graders.registry import get_assignment

    # The formgrader serves one course: the trusted grader writes where it reads.
    os.environ["DLS_COURSE_DIR"] = str(Path(root).resolve())
    os.environ["DLS_DB_URL"] = url
    get_assignment(assignment_id)
    (outcome,) = autograde([assignment_id], [student], workers=1, quiet=True)
    return outcome


def _short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


def _install() -> None:
    """Route the formgrader's Autograde requests to `trusted_autograde`."""
    from nbgrader.server_extensions.formgrader import apihandlers
    from tornado import web

    handler = apihandlers.AutogradeHandler
    if getattr(handler, "_dls_trusted", False):
        return

    @web.authenticated
    @apihandlers.check_xsrf
    @apihandlers.check_notebook_dir
    async def post(self: Any, assignment_id: str, student_id: str) -> None:
        root, url = self.coursedir.root, self.coursedir.db_url
        result = await asyncio.to_thread(trusted_autograde, root, url, assignment_id, student_id)
        self.write(json.dumps(result))

    handler.post = post
    handler._dls_trusted = True


def _offline_mathjax(serverapp: Any) -> None:
    """Put our templates first for the formgrader's exporter (it exists once all loaded)."""
    from jinja2 import FileSystemLoader

    exporter = serverapp.web_app.settings.get("nbgrader_exporter")
    if exporter is None:
        serverapp.log.warning("graders.formgrader: no formgrader loaded; math stays raw")
        return
    exporter.extra_loaders = [FileSystemLoader(str(TEMPLATES)), *exporter.extra_loaders]


def _load_jupyter_server_extension(serverapp: Any) -> None:
    from tornado.ioloop import IOLoop

    _install()
    # Extensions load in name order: nbgrader's formgrader comes after this module.
    IOLoop.current().add_callback(_offline_mathjax, serverapp)
    serverapp.log.info("graders.formgrader: the formgrader's Autograde runs the trusted grader")
