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


SHARED_SCOPES = {"module", "class", "package"}


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under `--dist loadgroup`: keep what shares state on one worker, long work first.

    A file whose tests share a module-scoped fixture (a demo course, a trained
    model) stays on one worker, which builds it once; `tests/test_graders.py`
    groups by assignment instead (its per-assignment caches); other tests go
    wherever a worker is free. Groups with a slow test are scheduled first, so
    that the two workers end on short tests rather than one on a long group.
    """
    for item in items:
        if item.get_closest_marker("xdist_group") is None and _shares_fixtures(item):
            item.add_marker(pytest.mark.xdist_group(item.module.__name__))
    slow_groups = {_group(item) for item in items if item.get_closest_marker("slow")}
    items.sort(key=lambda item: _group(item) not in slow_groups)  # stable: groups stay whole


def _shares_fixtures(item: pytest.Item) -> bool:
    definitions = getattr(item, "_fixtureinfo", None)
    if definitions is None:
        return False
    return any(chain[-1].scope in SHARED_SCOPES for chain in definitions.name2fixturedefs.values())


def _group(item: pytest.Item) -> str:
    marker = item.get_closest_marker("xdist_group")
    return str(marker.args[0]) if marker and marker.args else item.nodeid
