"""nbconvert preprocessor used when nbgrader writes feedback HTML.

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
