"""nbconvert preprocessors used by nbgrader: autograde speed-up and clean feedback.

A traceback prints the lines around the failing call, and in a test cell those
lines include the hidden-test region (already removed from the cell's source by
`ClearHiddenTests`). In grade cells only the error's last line is kept: its
type and message, which is what the learner needs.
"""

from __future__ import annotations

from typing import Any

from nbconvert.preprocessors import Preprocessor
from nbformat import NotebookNode
from traitlets import Bool


class ShortenTracebacks(Preprocessor):
    """Replace each traceback in a grade cell by its one-line summary."""

    enabled = Bool(True, help="on by default (nbconvert preprocessors are off unless enabled)")

    def preprocess_cell(
        self, cell: NotebookNode, resources: dict[str, Any], index: int
    ) -> tuple[NotebookNode, dict[str, Any]]:
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade"):
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    output["traceback"] = [f"{output.get('ename')}: {output.get('evalue')}"]
        return cell, resources


SKIP_TAG = "skip-when-grading"


class SkipTaggedCells(Preprocessor):
    """At autograde time, blank out demo cells tagged `skip-when-grading`.

    Long training runs and sweeps teach but are not graded; re-running them for
    every submission only costs time. Graded and test cells are never skipped,
    whatever their tags say.
    """

    enabled = Bool(True, help="on by default (nbconvert preprocessors are off unless enabled)")

    def preprocess_cell(
        self, cell: NotebookNode, resources: dict[str, Any], index: int
    ) -> tuple[NotebookNode, dict[str, Any]]:
        nbgrader = cell.get("metadata", {}).get("nbgrader", {})
        tagged = SKIP_TAG in cell.get("metadata", {}).get("tags", [])
        if cell.get("cell_type") == "code" and tagged and not nbgrader.get("grade"):
            if not nbgrader.get("solution"):
                cell["source"] = "# (this demonstration cell is skipped during grading)"
        return cell, resources


# What a learner's HTML output may keep: text layout, tables (pandas), images, and
# the audio players of IPython.display.Audio.
_HTML_TAGS = frozenset(
    "a abbr audio b blockquote br code div em h1 h2 h3 h4 h5 h6 hr i img li ol p pre s "
    "small source span strong sub sup table tbody td tfoot th thead tr tt u ul".split()
)
_HTML_ATTRIBUTES = {
    "*": ["class", "title", "align", "colspan", "rowspan"],
    "a": ["href"],
    "img": ["src", "alt", "width", "height"],
    "audio": ["controls"],
    "source": ["src", "type"],
}
_SCRIPTED_TYPES = ("application/javascript", "text/markdown", "text/latex")


class SanitizeLearnerOutputs(Preprocessor):
    """Make the outputs of a learner's notebook safe to show in a browser.

    At autograde nbgrader stores the notebook it ran; the formgrader shows it on
    the instructor's Jupyter origin and the feedback page is made from it. An
    output is learner text: JavaScript (and markdown or LaTeX, which may carry raw
    HTML) is dropped for its plain-text form, HTML keeps an allow-list of tags and
    attributes (no scripts, event handlers or `javascript:` links), and SVG is shown
    as an image, where browsers run none of its scripts.
    """

    enabled = Bool(True, help="on by default (nbconvert preprocessors are off unless enabled)")

    def preprocess_cell(
        self, cell: NotebookNode, resources: dict[str, Any], index: int
    ) -> tuple[NotebookNode, dict[str, Any]]:
        for output in cell.get("outputs", []):
            data = output.get("data")
            if data is not None:
                output["data"] = safe_output_data(dict(data))
        return cell, resources


def safe_output_data(data: dict[str, Any]) -> dict[str, Any]:
    """An output's mime bundle with nothing a browser would run (see SanitizeLearnerOutputs)."""
    import base64

    import bleach

    for key in _SCRIPTED_TYPES:
        data.pop(key, None)
    html = _text(data.pop("text/html", ""))
    svg = _text(data.pop("image/svg+xml", ""))
    if svg:
        encoded = base64.b64encode(svg.encode()).decode()
        html += f'<img src="data:image/svg+xml;base64,{encoded}" alt="figure">'
    if html:
        data["text/html"] = bleach.clean(
            html,
            tags=_HTML_TAGS,
            attributes=_HTML_ATTRIBUTES,
            protocols=["http", "https", "data"],
            strip=True,
            strip_comments=True,
        )
    data.setdefault("text/plain", "")
    return data


def _text(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value or "")
