"""The nbgrader preprocessors of this course: skipping demo cells, one-line tracebacks."""

from __future__ import annotations

import nbformat

from graders.preprocessors import SKIP_TAG, ShortenTracebacks, SkipTaggedCells


def grade_meta(**flags) -> dict:
    return {"nbgrader": {"grade": False, "solution": False, **flags}}


def test_tagged_demo_cells_are_blanked_at_grading():
    cell = nbformat.v4.new_code_cell("train_for_an_hour()", metadata={"tags": [SKIP_TAG]})
    out, _ = SkipTaggedCells().preprocess_cell(cell, {}, 0)
    assert "train_for_an_hour" not in out.source


def test_graded_and_test_cells_are_never_skipped_even_if_tagged():
    for flags in ({"solution": True}, {"grade": True, "points": 10}):
        cell = nbformat.v4.new_code_cell(
            "keep_me()", metadata={"tags": [SKIP_TAG], **grade_meta(**flags)}
        )
        out, _ = SkipTaggedCells().preprocess_cell(cell, {}, 0)
        assert out.source == "keep_me()"


def test_untagged_cells_run_as_written():
    cell = nbformat.v4.new_code_cell("print(1)")
    assert SkipTaggedCells().preprocess_cell(cell, {}, 0)[0].source == "print(1)"


def test_tracebacks_in_grade_cells_shrink_to_their_last_line():
    error = nbformat.v4.new_output(
        "error",
        ename="AssertionError",
        evalue="sigmoid: wrong values",
        traceback=["----> 2 ### BEGIN HIDDEN TESTS", "hidden_check(...)", "AssertionError: ..."],
    )
    cell = nbformat.v4.new_code_cell(
        "public_tests.test_sigmoid(sigmoid)", metadata=grade_meta(grade=True)
    )
    cell.outputs = [error]
    out, _ = ShortenTracebacks().preprocess_cell(cell, {}, 0)
    assert out.outputs[0].traceback == ["AssertionError: sigmoid: wrong values"]


def test_tracebacks_elsewhere_are_left_for_the_learner():
    error = nbformat.v4.new_output("error", ename="NameError", evalue="x", traceback=["a", "b"])
    cell = nbformat.v4.new_code_cell("x")
    cell.outputs = [error]
    assert ShortenTracebacks().preprocess_cell(cell, {}, 0)[0].outputs[0].traceback == ["a", "b"]
