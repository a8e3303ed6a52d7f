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
