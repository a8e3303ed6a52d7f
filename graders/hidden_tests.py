"""The hidden-test call that nbgrader restores into every test cell at grading time.

The trusted grader (`graders.engine`) scores a submission *before* nbgrader
runs it, in its sandbox, from the submitted file. While nbgrader then executes
the notebook for its outputs, each hidden region only looks up that verdict in
the file named by `$DLS_VERDICTS` (read-only inside the grading kernel) and
shows it: no grading happens in the learner's kernel, so nothing a notebook
does there can change a score. The gradebook gets the same verdicts.

Outside grading (an instructor running a source notebook) there is no verdict
file, and the region says where the hidden tests run instead.
"""

from __future__ import annotations

import json
import os
from typing import Any

VERDICTS_ENV = "DLS_VERDICTS"


class HiddenTestFailure(AssertionError):
    """A failed hidden test, shown in feedback as one line without a traceback."""

    def _render_traceback_(self) -> list[str]:  # IPython uses this instead of a traceback
        return [f"\x1b[0;31mHidden tests\x1b[0m: {self}"]


def _verdicts() -> dict[str, Any] | None:
    path = os.environ.get(VERDICTS_ENV)
    if not path:
        return None
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return {}


def hidden_check(assignment_id: str, name: str, func: Any) -> None:
    """Show the trusted verdict of exercise `name`; raise `HiddenTestFailure` if it failed.

    `func` is the learner's function: referring to it makes the cell fail with a
    NameError, as a learner expects, when the function is not defined.
    """
    verdicts = _verdicts()
    if verdicts is None:
        print(f"{name}: the hidden tests run when the notebook is graded (`dls grade`).")
        return
    entry = (
        verdicts.get("exercises", {}).get(name)
        if verdicts.get("assignment") == assignment_id
        else None
    )
    if not isinstance(entry, dict):
        raise HiddenTestFailure(f"{name}: no verdict from the grader")
    message = str(entry.get("message", ""))
    if not entry.get("passed"):
        raise HiddenTestFailure(f"{name}: {message}")
    print(f"{name}: {message} (hidden tests).")
