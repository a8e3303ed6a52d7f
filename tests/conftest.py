"""Shared fixtures: every test that touches nbgrader gets its own course directory."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


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
