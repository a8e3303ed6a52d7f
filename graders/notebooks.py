"""Reading, normalising and taking apart course notebooks.

Conventions (the normaliser enforces them, so authors only write code and prose):

- A graded cell starts with `# GRADED FUNCTION: <name>`; its solution sits between
  `### BEGIN SOLUTION` and `### END SOLUTION`.
- The code cell holding `### BEGIN HIDDEN TESTS` after it is its test cell: public
  tests first, then the hidden region, which the normaliser fills with the one
  canonical call into the grader engine.
- nbgrader metadata (grade ids, points from the registry, locks) and cell ids are
  derived, never hand-written; outputs and execution counts are removed.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graders.registry import ASSIGNMENTS, Assignment

if TYPE_CHECKING:  # nbformat costs over a second to import; load it only when used
    import nbformat

HEADER_RE = re.compile(r"^\s*#+\s*GRADED\s+FUNCTION\s*:?\s*([A-Za-z_]\w*)", re.IGNORECASE)
HIDDEN_BEGIN = "### BEGIN HIDDEN TESTS"
HIDDEN_END = "### END HIDDEN TESTS"
HIDDEN_RE = re.compile(re.escape(HIDDEN_BEGIN) + r".*?" + re.escape(HIDDEN_END), re.DOTALL)
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
ID_RE = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")


class NotebookError(ValueError):
    """A file that cannot be used as a course notebook; the message is one line."""


def read_notebook(path: str | Path) -> nbformat.NotebookNode:
    """Read a notebook file, turning every kind of bad input into one clear error."""
    import nbformat

    path = Path(path)
    if not path.exists():
        raise NotebookError(f"{path}: no such file")
    if path.suffix != ".ipynb":
        raise NotebookError(f"{path}: not a notebook (expected a .ipynb file)")
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise NotebookError(
            f"{path}: not valid notebook JSON ({exc.__class__.__name__})"
        ) from None
    if not isinstance(raw, dict) or "cells" not in raw or "nbformat" not in raw:
        raise NotebookError(f"{path}: JSON but not a Jupyter notebook (no cells/nbformat)")
    try:
        return nbformat.reads(json.dumps(raw), as_version=4)
    except Exception as exc:  # nbformat raises several unrelated types
        raise NotebookError(
            f"{path}: not a readable notebook ({exc.__class__.__name__})"
        ) from None


def graded_name(source: str) -> str | None:
    """The exercise name in a cell's `# GRADED FUNCTION:` header, if it has one."""
    for line in source.splitlines():
        if line.strip():
            match = HEADER_RE.match(line)
            return match.group(1) if match else None
    return None


def _defines(source: str, name: str) -> bool:
    return re.search(rf"^(def|class)\s+{re.escape(name)}\b", source, re.MULTILINE) is not None


def extract_graded_cells(nb: nbformat.NotebookNode, names: tuple[str, ...]) -> dict[str, str]:
    """Map each exercise name to the source of the cell that defines it.

    Learners move cells, add cells, empty cells and retype headers, so the cell
    that counts is, in this order: the last cell with the function's header that
    defines it; else the last cell that defines it (header or not); else the last
    cell with its header (which then defines something else: grading says the
    function is not defined). The header is matched loosely (any number of #,
    optional colon, any spacing, any case). Names not found are simply absent.
    """
    headed_and_defining: dict[str, str] = {}
    defining: dict[str, str] = {}
    headed: dict[str, str] = {}
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        header = graded_name(cell.source)
        for name in names:
            if _defines(cell.source, name):
                defining[name] = cell.source
                if header == name:
                    headed_and_defining[name] = cell.source
        if header in names:
            headed[header] = cell.source
    found = {}
    for name in names:
        for choice in (headed_and_defining, defining, headed):
            if name in choice:
                found[name] = choice[name]
                break
    return found


def notebook_assignment(nb: nbformat.NotebookNode) -> str | None:
    """Assignment id stored in the notebook's metadata, if it names a known assignment.

    The metadata is the learner's to edit: anything else in it is ignored, never echoed.
    """
    stored = nb.metadata.get("dls", {}).get("assignment")
    return stored if isinstance(stored, str) and stored in ASSIGNMENTS else None


def guess_assignment(nb: nbformat.NotebookNode) -> str | None:
    """Assignment id from metadata, else the one whose graded headers match best."""
    stored = notebook_assignment(nb)
    if stored:
        return stored
    headers = {graded_name(c.source) for c in nb.cells if c.cell_type == "code"} - {None}
    scores = {aid: len(headers & set(a.exercise_names)) for aid, a in ASSIGNMENTS.items()}
    best = max(scores, key=lambda aid: scores[aid], default=None)
    return best if best and scores[best] else None


# --------------------------------------------------------------------------- normalising


def canonical_hidden_region(assignment_id: str, name: str) -> str:
    """The hidden-test region every test cell carries (restored by nbgrader at grading)."""
    return (
        f"{HIDDEN_BEGIN}\n"
        "from graders.hidden_tests import hidden_check\n\n"
        f'hidden_check("{assignment_id}", "{name}", {name})\n'
        f"{HIDDEN_END}"
    )


def _stable_id(index: int, source: str, taken: set[str]) -> str:
    digest = hashlib.sha1(f"{index}:{source}".encode()).hexdigest()[:8]
    candidate = f"cell-{digest}"
    while candidate in taken:
        digest = hashlib.sha1(candidate.encode()).hexdigest()[:8]
        candidate = f"cell-{digest}"
    return candidate


def normalize(nb: nbformat.NotebookNode, assignment: Assignment) -> nbformat.NotebookNode:
    """Return the canonical form of a source notebook (see the module docstring).

    Raises:
        NotebookError: when graded or test cells do not follow the conventions.
    """
    import nbformat

    nb = nbformat.from_dict(json.loads(json.dumps(nb)))
    nb.metadata = {
        "dls": {"assignment": assignment.id},
        "kernelspec": dict(KERNELSPEC),
        "language_info": {"name": "python"},
    }
    nb.nbformat, nb.nbformat_minor = 4, 5
    current: str | None = None
    graded_seen: list[str] = []
    taken: set[str] = set()
    for index, cell in enumerate(nb.cells):
        keep = {k: v for k, v in cell.get("metadata", {}).items() if k == "tags" and v}
        cell.metadata = keep
        cell.source = cell.source.rstrip() if isinstance(cell.source, str) else cell.source
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
            name = graded_name(cell.source)
            if name is not None:
                _check_graded_cell(cell.source, name, assignment)
                current = name
                graded_seen.append(name)
                cell.metadata["nbgrader"] = _nbgrader_meta(name, solution=True)
                cell.id = name
            elif HIDDEN_BEGIN in cell.source:
                if current is None:
                    raise NotebookError(
                        f"{assignment.id}: a hidden-test cell precedes every graded cell"
                    )
                cell.source = HIDDEN_RE.sub(
                    lambda _m, c=current: canonical_hidden_region(assignment.id, c), cell.source
                )
                points = assignment.exercise(current).points
                cell.metadata["nbgrader"] = _nbgrader_meta(f"test_{current}", points=points)
                cell.id = f"test_{current}"
                current = None
        elif "attachments" in cell and not cell.attachments:
            del cell["attachments"]
        if not ID_RE.match(cell.get("id", "")) or cell.id in taken:
            cell.id = _stable_id(index, cell.source, taken)
        taken.add(cell.id)
    if tuple(graded_seen) != assignment.exercise_names:
        raise NotebookError(
            f"{assignment.id}: graded cells {graded_seen} do not match the registry "
            f"{list(assignment.exercise_names)} (same names, same order)"
        )
    return nb


def _check_graded_cell(source: str, name: str, assignment: Assignment) -> None:
    if name not in assignment.exercise_names:
        raise NotebookError(f"{assignment.id}: graded cell {name!r} is not in the registry")
    if "### BEGIN SOLUTION" not in source or "### END SOLUTION" not in source:
        raise NotebookError(f"{assignment.id}: graded cell {name!r} has no solution region")
    if not _defines(source, name):
        raise NotebookError(f"{assignment.id}: graded cell {name!r} does not define {name}")


def _nbgrader_meta(grade_id: str, *, solution: bool = False, points: int = 0) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "grade": not solution,
        "grade_id": grade_id,
        "locked": not solution,
        "schema_version": 3,
        "solution": solution,
        "task": False,
    }
    if not solution:
        meta["points"] = points
    return meta


def dumps(nb: nbformat.NotebookNode) -> str:
    """Canonical JSON text of a notebook (sorted keys, one-space indent, final newline)."""
    import nbformat

    return nbformat.writes(nb, version=4).rstrip("\n") + "\n"


def normalize_file(assignment: Assignment, check: bool = False) -> bool:
    """Normalise a source notebook in place; with `check`, only report. True if it changed."""
    path = assignment.source_notebook
    before = path.read_text(encoding="utf-8")
    after = dumps(normalize(read_notebook(path), assignment))
    if before != after and not check:
        path.write_text(after, encoding="utf-8")
    return before != after


# --------------------------------------------------------------------------- authoring


def from_percent(text: str) -> nbformat.NotebookNode:
    """Build a notebook from percent-format text (`# %%` code, `# %% [markdown]` prose).

    Only an authoring convenience: the committed .ipynb is the source of truth
    (no pairing; pairing has put answers back into nbgrader releases).
    """
    import nbformat

    nb = nbformat.v4.new_notebook()
    for block in re.split(r"^# %%", text, flags=re.MULTILINE)[1:]:
        head, _, body = block.partition("\n")
        if "[markdown]" in head:
            lines = [re.sub(r"^# ?", "", line) for line in body.strip("\n").splitlines()]
            nb.cells.append(nbformat.v4.new_markdown_cell("\n".join(lines).strip()))
        else:
            nb.cells.append(nbformat.v4.new_code_cell(body.strip("\n")))
    taken: set[str] = set()
    for index, cell in enumerate(nb.cells):  # deterministic ids: re-converting gives the same diff
        cell.id = _stable_id(index, cell.source, taken)
        taken.add(cell.id)
    return nb


# --------------------------------------------------------------------------- preamble

# Plotting and notebook display are for the lesson, not for graded functions, and
# importing them costs start-up time in every grading sandbox.
_NOT_FOR_GRADING = ("matplotlib", "IPython", "tqdm", "shared_utils.plotting")


def import_preamble(nb: nbformat.NotebookNode) -> str:
    """The import statements of a notebook's first code cell: what graded code may rely on.

    Lines starting with `%` or `!` (IPython magics) are ignored, and so are imports
    of plotting and display modules.
    """
    import ast

    first = next((c for c in nb.cells if c.cell_type == "code"), None)
    if first is None:
        return ""
    code = "\n".join(
        line for line in first.source.splitlines() if not line.lstrip().startswith(("%", "!"))
    )

    def wanted(name: str) -> bool:
        return not any(name == skip or name.startswith(skip + ".") for skip in _NOT_FOR_GRADING)

    kept = []
    for node in ast.parse(code).body:
        if isinstance(node, ast.Import):
            node.names = [alias for alias in node.names if wanted(alias.name)]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            node.names = [a for a in node.names if wanted(f"{node.module}.{a.name}")]
        else:
            continue
        if node.names:
            kept.append(ast.unparse(node))
    return "\n".join(kept) + "\n"
