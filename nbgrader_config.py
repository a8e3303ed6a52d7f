"""Course-wide nbgrader settings (read by `dls` and by plain `nbgrader` run here).

The course directory (releases, submissions, gradebook) lives outside the
source folders: `_course/` by default, or `$DLS_COURSE_DIR`; the gradebook is
SQLite inside it unless `$DLS_DB_URL` names another database.
"""

import os
from pathlib import Path

c = get_config()  # noqa: F821 - provided by traitlets when nbgrader loads this file

_root = Path(os.environ.get("DLS_COURSE_DIR", Path(__file__).resolve().parent / "_course"))
c.CourseDirectory.course_id = "dls"
c.CourseDirectory.root = str(_root.resolve())
c.CourseDirectory.db_url = os.environ.get(
    "DLS_DB_URL", f"sqlite:///{_root.resolve() / 'gradebook.db'}"
)

# The release replaces each solution region with this stub.
c.ClearSolutions.code_stub = {
    "python": "# YOUR CODE STARTS HERE\nraise NotImplementedError()\n# YOUR CODE ENDS HERE"
}
# Learners delete or reorder cells; put the graded and test cells back from the source.
c.OverwriteCells.add_missing_cells = True

# Grading runs every cell in a kernel with resource limits (graders/grading_kernel.py).
c.Execute.kernel_name = "dls-grading"
c.Execute.timeout = 30

# Demo cells tagged `skip-when-grading` (long training, sweeps) do not run at autograde.
c.Autograde.sanitize_preprocessors = [
    "nbgrader.preprocessors.ClearOutput",
    "nbgrader.preprocessors.DeduplicateIds",
    "nbgrader.preprocessors.OverwriteKernelspec",
    "nbgrader.preprocessors.OverwriteCells",
    "nbgrader.preprocessors.CheckCellMetadata",
    "graders.preprocessors.SkipTaggedCells",
]

# What nbgrader stores of its run is shown in browsers (the formgrader, on the
# instructor's origin, and the feedback page): a learner's outputs are made safe first.
c.Autograde.autograde_preprocessors = [
    "nbgrader.preprocessors.Execute",
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "graders.preprocessors.SanitizeLearnerOutputs",
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]

# Feedback pages open offline: math as MathML, no scripts from a CDN.
c.GenerateFeedback.exporter_class = "graders.feedback_html.OfflineHTMLExporter"
# Feedback must not show the hidden tests (nbgrader shows them by default).
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
    "nbgrader.preprocessors.ClearHiddenTests",
    "graders.preprocessors.ShortenTracebacks",
]
