"""`dls` answers bad input with one clear line and grades sample notebooks correctly."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from graders.engine import solution_sources
from graders.notebooks import dumps, read_notebook
from graders.registry import ASSIGNMENTS
from graders.samples import expected_scores, fill_graded_cells


def dls(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "graders", *args], capture_output=True, text=True, cwd=cwd
    )


def assert_one_line_error(done: subprocess.CompletedProcess, fragment: str) -> None:
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("dls: error:"), done.stderr
    assert fragment in lines[0]


def test_unknown_assignment_id(course_dir):
    assert_one_line_error(dls("release", "c9w9a9"), "unknown assignment id 'c9w9a9'")


def test_unknown_data_artefact():
    assert_one_line_error(dls("data", "build", "no_such_set"), "unknown artefact(s) no_such_set")


def test_file_that_is_not_a_notebook(tmp_path):
    path = tmp_path / "essay.txt"
    path.write_text("hello")
    assert_one_line_error(dls("grade", str(path)), "not a notebook")


def test_invalid_json(tmp_path):
    path = tmp_path / "broken.ipynb"
    path.write_text('{"cells": [')
    assert_one_line_error(dls("grade", str(path)), "not valid notebook JSON")


def test_notebook_from_another_assignment(tmp_path):
    path = tmp_path / "wrong.ipynb"
    path.write_text(ASSIGNMENTS["c1w2a2"].source_notebook.read_text())
    assert_one_line_error(dls("grade", str(path), "--assignment", "c1w2a1"), "belongs to c1w2a2")


def test_a_forged_assignment_id_in_the_metadata_is_never_echoed(tmp_path):
    nb = json.loads(ASSIGNMENTS["c1w3a1"].source_notebook.read_text())
    nb["metadata"]["dls"] = {"assignment": "\x1b[31mEVIL<script>alert(1)</script>"}
    path = tmp_path / "forged.ipynb"
    path.write_text(json.dumps(nb))
    done = dls("grade", str(path), "--assignment", "c1w2a1")
    assert_one_line_error(done, "belongs to c1w3a1")  # told by its graded cells instead
    assert "EVIL" not in done.stderr and "\x1b" not in done.stderr


def test_missing_gradebook(course_dir):
    assert_one_line_error(dls("export"), "no gradebook")
    assert_one_line_error(dls("feedback", "c1w2a1"), "no gradebook")


# One numpy and one TensorFlow assignment: every reference is graded in test_graders.
@pytest.mark.parametrize("aid", ["c1w2a1", "c2w3a1"])
def test_grade_json_of_a_reference_submission(aid, tmp_path):
    assignment = ASSIGNMENTS[aid]
    nb = read_notebook(assignment.source_notebook)
    path = tmp_path / assignment.notebook
    path.write_text(dumps(fill_graded_cells(nb, solution_sources(assignment))))
    done = dls("grade", str(path), "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["score"] == report["max_score"] == assignment.total_points
    points = {e["name"]: e["points"] for e in report["exercises"]}
    assert points == expected_scores(assignment, "reference")


def test_grade_without_metadata_guesses_the_assignment(tmp_path):
    assignment = ASSIGNMENTS["c1w2a1"]
    nb = read_notebook(assignment.source_notebook)
    nb.metadata = {}
    path = tmp_path / "copied_cells.ipynb"
    nbformat.write(nb, path)
    done = dls("grade", str(path))
    assert done.returncode == 0, done.stderr
    assert "c1w2a1" in done.stdout and "total 80/80" in done.stdout


def test_check_reports_a_missing_source_notebook_as_a_problem(monkeypatch, capsys):
    from graders import cli, registry

    ghost = registry.Assignment(
        id="c9w9a9",
        course="C9_Nowhere",
        folder="W9_A9_Ghost",
        notebook="Ghost.ipynb",
        title="Ghost",
        exercises=(registry.Exercise("nothing"),),
    )
    monkeypatch.setitem(registry.ASSIGNMENTS, "c9w9a9", ghost)
    monkeypatch.setattr("graders.manifest.check_manifest", lambda: [])
    assert cli.main(["check", "c9w9a9"]) == 1
    out = capsys.readouterr().out
    assert "c9w9a9: source notebook" in out and "is missing" in out


def test_new_writes_a_registry_entry_and_skeletons_that_follow_the_pattern(monkeypatch, tmp_path):
    import shutil

    from graders import registry, scaffold
    from graders.notebooks import normalize

    copy = tmp_path / "registry.py"
    shutil.copy(registry.__file__, copy)
    monkeypatch.setattr(scaffold, "REGISTRY", copy)
    monkeypatch.setattr(scaffold, "REPO_ROOT", tmp_path)
    scaffold.add_registry_entry("c5w9a9", "W9_A9_Toy", "A toy", ["first", "second"])
    # The edited table, loaded as if it lived in tmp_path/graders/registry.py.
    namespace = {"__file__": str(tmp_path / "graders" / "registry.py"), "__name__": "copy"}
    exec(compile(copy.read_text(), str(copy), "exec"), namespace)
    toy = namespace["ASSIGNMENTS"]["c5w9a9"]
    assert toy.notebook == "Toy.ipynb" and toy.exercise_names == ("first", "second")
    with pytest.raises(scaffold.ScaffoldError, match="looks like"):
        scaffold.add_registry_entry("toy", "W9_A9_Toy", "A toy", ["first"])
    written = scaffold.scaffold(toy)
    assert len(written) == 3 and all(p.is_relative_to(tmp_path) for p in written)
    normalize(read_notebook(written[0]), toy)  # raises if the skeleton breaks a convention
