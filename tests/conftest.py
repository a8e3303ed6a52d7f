"""Shared fixtures: every test that touches nbgrader gets its own course directory."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Notebook kernels started by the tests share two cores with pytest-xdist workers;
# single-threaded BLAS keeps them from oversubscribing the machine.
for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")


@pytest.fixture()
def course_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh nbgrader course directory (and SQLite gradebook) for one test."""
    root = tmp_path / "course"
    monkeypatch.setenv("DLS_COURSE_DIR", str(root))
    monkeypatch.delenv("DLS_DB_URL", raising=False)
    return root


def pytest_report_header(config: pytest.Config) -> str:
    from graders.sandbox import isolation_level

    return f"grader sandbox isolation: {isolation_level()} (uid {os.getuid()})"


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under `--dist loadgroup`, keep each test file on one worker unless it says otherwise.

    Files with module-scoped fixtures (a demo course, a trained model) then build
    them once; `tests/test_graders.py` groups by assignment instead.
    """
    for item in items:
        if item.get_closest_marker("xdist_group") is None:
            item.add_marker(pytest.mark.xdist_group(item.module.__name__))
