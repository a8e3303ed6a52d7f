"""`dls collect`: notebooks from a platform download become nbgrader submissions."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile

import pytest

from graders import nbgrader_bridge as bridge
from graders.collect import collect
from graders.engine import solution_sources
from graders.notebooks import dumps, read_notebook
from graders.registry import ASSIGNMENTS
from graders.samples import fill_graded_cells

ASSIGNMENT = ASSIGNMENTS["c1w2a1"]
NOTEBOOK = json.dumps({"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


def test_a_platform_zip_is_collected_and_bad_files_are_refused_one_by_one(course_dir, tmp_path):
    archive = tmp_path / "download.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("alice_Python_Basics.ipynb", NOTEBOOK)
        z.writestr("folder/bob.ipynb", NOTEBOOK)
        z.writestr("carol_first.ipynb", NOTEBOOK)
        z.writestr("carol_second.ipynb", NOTEBOOK)  # two notebooks for one learner
        z.writestr("dave_notes.pdf", b"%PDF-1.4")
        z.writestr("erin.ipynb", "")
        z.writestr("frank.ipynb", "{not json")
        z.writestr("__MACOSX/._alice_Python_Basics.ipynb", b"\0")
        z.writestr(".hidden.ipynb", NOTEBOOK)
    done = collect(archive, ASSIGNMENT.id)
    assert [s for s, _ in done.imported] == ["alice", "bob"]
    assert bridge.students_with_submissions(ASSIGNMENT) == ["alice", "bob"]
    assert bridge.submitted_path(ASSIGNMENT, "alice").read_text() == NOTEBOOK
    assert (bridge.submitted_path(ASSIGNMENT, "bob").parent / "timestamp.txt").exists()
    refused = dict(done.refused)
    assert set(refused) == {
        "carol_first.ipynb",
        "carol_second.ipynb",
        "dave_notes.pdf",
        "erin.ipynb",
        "frank.ipynb",
    }
    assert "learner carol has 2 notebooks" in refused["carol_first.ipynb"]
    assert "not a notebook" in refused["dave_notes.pdf"]
    assert refused["erin.ipynb"] == "an empty file"
    assert "not valid notebook JSON" in refused["frank.ipynb"]


def test_collect_from_a_folder_with_a_custom_pattern_on_the_command_line(course_dir, tmp_path):
    folder = tmp_path / "moodle"
    folder.mkdir()
    (folder / "Alice Smith_1042_assignsubmission_file_Basics.ipynb").write_text(NOTEBOOK)
    (folder / "Bob Jones_2077_assignsubmission_file_Basics.ipynb").write_text(NOTEBOOK)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "graders",
            "collect",
            str(folder),
            ASSIGNMENT.id,
            "--pattern",
            r"_(?P<student_id>\d+)_assignsubmission",
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "2 submission(s) collected, 0 file(s) refused" in done.stdout
    assert bridge.students_with_submissions(ASSIGNMENT) == ["1042", "2077"]


def test_collect_of_a_missing_source_is_one_line_error(course_dir, tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "graders", "collect", str(tmp_path / "nope.zip"), "c1w2a1"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2 and done.stderr.startswith("dls: error:")
    assert "does not exist" in done.stderr


@pytest.mark.slow
def test_a_collected_class_with_malformed_files_is_graded_and_each_problem_reported(
    course_dir, tmp_path
):
    """0-byte file, corrupt JSON, duplicate learner: refused at collect; another
    assignment's notebook: reported by the batch; the honest learners are graded."""
    bridge.release([ASSIGNMENT.id])
    release = read_notebook(bridge.release_path(ASSIGNMENT))
    honest = dumps(fill_graded_cells(release, solution_sources(ASSIGNMENT)))
    other = ASSIGNMENTS["c1w2a2"]
    foreign = dumps(fill_graded_cells(read_notebook(other.source_notebook), {}))
    archive = tmp_path / "class.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("ann_basics.ipynb", honest)
        z.writestr("empty_basics.ipynb", "")
        z.writestr("corrupt_basics.ipynb", "{not json")
        z.writestr("twice_a.ipynb", honest)
        z.writestr("twice_b.ipynb", honest)
        z.writestr("wrong_basics.ipynb", foreign)
        z.writestr("zoe_basics.ipynb", honest)
    done = collect(archive, ASSIGNMENT.id)
    assert [s for s, _ in done.imported] == ["ann", "wrong", "zoe"]
    assert len(done.refused) == 4
    summary: list[str] = []
    outcomes = bridge.autograde(
        [ASSIGNMENT.id], workers=2, execute=False, quiet=True, summary=summary
    )
    scores = {o.student: (o.report or {}).get("score") for o in outcomes}
    assert scores == {"ann": 80, "wrong": None, "zoe": 80}
    assert any(line.startswith("c1w2a1 wrong: could not be graded") for line in summary)
    assert "belongs to c1w2a2" in next(o.problem for o in outcomes if o.student == "wrong")
    assert summary[-1] == "graded 2 submission(s), 1 could not be graded"
