"""The nbgrader preprocessors of this course: skipping demo cells, one-line tracebacks,
safe outputs."""

from __future__ import annotations

import nbformat

from graders.preprocessors import (
    SKIP_TAG,
    SanitizeLearnerOutputs,
    ShortenTracebacks,
    SkipTaggedCells,
    safe_output_data,
)
from graders.registry import REPO_ROOT


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


HOSTILE_OUTPUTS = {
    "text/html": '<b>ok</b><script>steal()</script><img src="x" onerror="steal()">'
    '<a href="javascript:steal()">link</a><table><tr><td>1</td></tr></table>',
    "application/javascript": "steal()",
    "text/markdown": "<script>steal()</script>",
    "image/svg+xml": '<svg xmlns="http://www.w3.org/2000/svg"><script>steal()</script></svg>',
    "text/plain": "<IPython.core.display.HTML object>",
}


def test_a_learners_outputs_keep_nothing_a_browser_would_run():
    cell = nbformat.v4.new_code_cell("display(HTML(...))")
    cell.outputs = [nbformat.v4.new_output("display_data", data=dict(HOSTILE_OUTPUTS))]
    nb = nbformat.v4.new_notebook(cells=[cell])
    nb, _ = SanitizeLearnerOutputs().preprocess(nb, {})
    data = nb.cells[0].outputs[0]["data"]
    assert set(data) == {"text/html", "text/plain"}
    page = data["text/html"]
    assert "<script" not in page and "onerror" not in page and "javascript:" not in page
    assert "<b>ok</b>" in page and "<td>1</td>" in page  # what is only layout stays
    assert '<img src="data:image/svg+xml;base64,' in page  # an image runs no script
    assert data["text/plain"] == HOSTILE_OUTPUTS["text/plain"]


def test_an_audio_player_and_a_plot_survive_sanitising():
    import numpy as np
    from IPython.display import Audio

    player = Audio(np.zeros(80), rate=8000)._repr_html_()
    data = safe_output_data({"text/html": player, "image/png": "iVBOR"})
    assert "<audio controls" in data["text/html"]
    assert 'src="data:audio/wav;base64,' in data["text/html"]
    assert data["image/png"] == "iVBOR"


def test_autograde_sanitises_after_running_and_before_saving_grades():
    from traitlets.config import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(REPO_ROOT)).load_config()
    steps = [str(p) for p in config.Autograde.autograde_preprocessors]
    position = steps.index("graders.preprocessors.SanitizeLearnerOutputs")
    assert steps.index("nbgrader.preprocessors.Execute") < position
    assert position < steps.index("nbgrader.preprocessors.SaveAutoGrades")
