"""The nbgrader course directory: where releases, submissions and the gradebook live.

It sits outside the source tree's content (default `_course/` at the repository
root, gitignored) and can be moved with `$DLS_COURSE_DIR` or `--course-dir`.
"""

from __future__ import annotations

import os
from pathlib import Path

from graders.registry import REPO_ROOT


def course_dir() -> Path:
    """Root of the nbgrader course directory."""
    return Path(os.environ.get("DLS_COURSE_DIR", REPO_ROOT / "_course")).resolve()


def default_db_url() -> str:
    """SQLite gradebook inside the course directory."""
    return f"sqlite:///{course_dir() / 'gradebook.db'}"
