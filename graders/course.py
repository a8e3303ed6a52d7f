"""The nbgrader course directory, gradebook URL and configuration: computed here only.

The course directory (releases, submissions, autograded copies, feedback and
the SQLite gradebook) sits outside the source tree's content: `_course/` at the
repository root by default (gitignored), or `$DLS_COURSE_DIR` / `--course-dir`.
The gradebook is SQLite inside it unless `$DLS_DB_URL` / `--db-url` names
another database (e.g. PostgreSQL).
"""

from __future__ import annotations

import os
import shutil
import sys
from functools import cache
from pathlib import Path
from typing import Any

from graders.registry import REPO_ROOT, Assignment

CONFIG_FILE = REPO_ROOT / "nbgrader_config.py"


def course_dir() -> Path:
    """Root of the nbgrader course directory."""
    return Path(os.environ.get("DLS_COURSE_DIR", REPO_ROOT / "_course")).resolve()


def db_url(root: Path | None = None) -> str:
    """The gradebook: `$DLS_DB_URL`, else SQLite in the course directory."""
    explicit = os.environ.get("DLS_DB_URL")
    if explicit and root is None:
        return explicit
    return f"sqlite:///{(root or course_dir()) / 'gradebook.db'}"


def nbgrader_config(root: Path | None = None, url: str | None = None) -> Any:
    """The course's nbgrader settings (`nbgrader_config.py`) for a course root and gradebook."""
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader(CONFIG_FILE.name, path=str(CONFIG_FILE.parent)).load_config()
    config.CourseDirectory.root = str((root or course_dir()).resolve())
    config.CourseDirectory.db_url = url or db_url(root)
    return config


def _alembic_head() -> str:
    """The gradebook schema's alembic revision, read in this process (a few ms)."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from nbgrader.dbutil import ALEMBIC_DIR

    config = Config()
    config.set_main_option("script_location", ALEMBIC_DIR)
    return ScriptDirectory.from_config(config).get_current_head()


def _fast_gradebook_creation() -> None:
    """nbgrader stamps a new gradebook by running `alembic heads` as a subprocess.

    That subprocess imports nbgrader again (3-4 s of CPU, 13 s on a busy machine) for
    every new gradebook: each grading worker's scratch course pays it. The same
    revision read in this process gives the same stamp. The environment's `bin` also
    goes on PATH, for anything else of nbgrader's that runs `alembic`.
    """
    import nbgrader.api

    nbgrader.api.get_alembic_version = cache(_alembic_head)
    bin_dir = str(Path(sys.executable).parent)
    if bin_dir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")


def nbgrader_api(root: Path | None = None, url: str | None = None, config: Any = None) -> Any:
    """nbgrader's own Python API on a course root (release, autograde, feedback, export).

    `config` (from `nbgrader_config`, perhaps changed) replaces the course's settings.
    """
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    _fast_gradebook_creation()
    config = config if config is not None else nbgrader_config(root, url)
    return NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)


class CourseError(RuntimeError):
    """A course-folder step failed or its inputs are missing; the message is one line."""


class BridgeError(CourseError):
    """An nbgrader step failed or its inputs are missing; the message is one line."""


def sync_source(assignment: Assignment, root: Path | None = None) -> Path:
    """Copy the assignment's source folder into the course's `source/<id>/`."""
    if not assignment.source_notebook.exists():
        raise CourseError(
            f"{assignment.id}: source notebook {assignment.source_notebook} is missing"
        )
    target = (root or course_dir()) / "source" / assignment.id
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(
        assignment.source_dir,
        target,
        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"),
    )
    return target
