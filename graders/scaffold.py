"""`dls new ID`: the skeleton of a new assignment, on the course's one pattern.

Given a folder, a title and the graded functions, it first appends the
assignment's entry to the registry table (`graders/registry.py`); for an id
already there it uses that entry. Then it writes, without overwriting anything
that exists:

- the source notebook: a title, the import cell, and for each exercise a lesson
  placeholder, the graded cell (solution region) and its test cell;
- `shared_utils/public_tests/<id>.py`: one `@public_test` per exercise;
- `graders/specs/<id>.py`: one `@exercise` per exercise.

Each file says TODO where the content goes. Then: write the lesson and the
solutions, the public cases and the hidden cases and mistakes, and run
`dls nb normalize ID`, `dls refs ID`, `pytest tests -k ID`.
"""

from __future__ import annotations

from pathlib import Path

from graders.registry import REPO_ROOT, Assignment


class ScaffoldError(ValueError):
    """The scaffold would contradict the registry; the message is one line."""


def _notebook(assignment: Assignment) -> str:
    from graders.notebooks import dumps, from_percent

    parts = [
        f"# %% [markdown]\n# # {assignment.title}\n#\n# TODO: what this assignment teaches.\n",
        "# %%\nimport numpy as np\n\n"
        f"from shared_utils.public_tests import {assignment.id} as public_tests\n",
    ]
    for name in assignment.exercise_names:
        parts.append(f"# %% [markdown]\n# ## {name}\n#\n# TODO: the lesson for `{name}`.\n")
        parts.append(
            f"# %%\n# GRADED FUNCTION: {name}\n"
            f"def {name}(x):\n"
            '    """TODO: what it computes, with shapes."""\n'
            "    ### BEGIN SOLUTION\n"
            "    result = x\n"
            "    ### END SOLUTION\n"
            "    return result\n"
        )
        parts.append(
            f"# %%\npublic_tests.test_{name}({name})\n"
            "### BEGIN HIDDEN TESTS\n### END HIDDEN TESTS\n"
        )
    return dumps(from_percent("\n".join(parts)))


def _public_tests(assignment: Assignment) -> str:
    lines = [
        f'"""Public tests of {assignment.id}, "{assignment.title}".',
        "",
        "TODO: what the cases check. The hidden grader uses other inputs.",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        "import numpy as np",
        "",
        "from shared_utils.testing import Case, public_test",
    ]
    for name in assignment.exercise_names:
        lines += [
            "",
            "",
            f'@public_test(returns="{name}_output")  # TODO: the names the lesson uses',
            f"def test_{name}():",
            f'    """{name}(x): TODO."""',
            "    return [",
            '        Case("TODO: a small example", args=(np.zeros(2),), expected=np.zeros(2)),',
            "    ]",
        ]
    return "\n".join(lines) + "\n"


def _spec(assignment: Assignment) -> str:
    lines = [
        f'"""Hidden grader spec of {assignment.id}, "{assignment.title}".',
        "",
        "TODO: what the hidden cases cover beyond the public ones, and the slips",
        "the mistake catalogue names.",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        "import numpy as np",
        "",
        "from graders.spec import Case, edit, exercise",
        "",
        f"SEED = {int.from_bytes(assignment.id.encode(), 'big') % 100_000}",
    ]
    for name in assignment.exercise_names:
        lines += [
            "",
            "",
            "@exercise(",
            "    mistakes={",
            '        "TODO_a_slip": edit("result = x", "result = -x", hint="TODO: one line"),',
            '        "TODO_another": edit("result = x", "result = 2 * x"),',
            "    },",
            ")",
            f"def {name}(rng: np.random.Generator) -> list[Case]:",
            "    return [",
            '        Case("TODO: an edge case", (rng.normal(size=(3, 1)),)),',
            '        Case("TODO: another", (rng.normal(size=(2, 5)),)),',
            '        Case("TODO: a third", (np.zeros((4, 4)),)),',
            "    ]",
        ]
    return "\n".join(lines) + "\n"


REGISTRY = REPO_ROOT / "graders" / "registry.py"
_TUPLE_END = "\n    )\n}\n"


def add_registry_entry(assignment_id: str, folder: str, title: str, names: list[str]) -> None:
    """Append an `_assignment(...)` entry to the registry table (the one place for it)."""
    import re

    if not re.fullmatch(r"c[1-5]w\d+a\d+", assignment_id):
        raise ScaffoldError(f"an id looks like c4w1a1, not {assignment_id!r}")
    if not re.fullmatch(r"W\d+_A\d+_\w+", folder):
        raise ScaffoldError(f"a folder looks like W1_A1_Convolution_Step_by_Step, not {folder!r}")
    bad = [n for n in names if not n.isidentifier()]
    if not names or bad:
        raise ScaffoldError(f"graded function names must be identifiers: {bad or 'none given'}")
    text = REGISTRY.read_text(encoding="utf-8")
    if text.count(_TUPLE_END) != 1:
        raise ScaffoldError("graders/registry.py: cannot find the end of the ASSIGNMENTS table")
    entry = "\n".join(
        [
            "        _assignment(",
            f'            "{assignment_id}",',
            f'            "{folder}",',
            f"            {title!r},",
            *(f'            "{name}",' for name in names),
            "        ),",
        ]
    )
    REGISTRY.write_text(text.replace(_TUPLE_END, f"\n{entry}{_TUPLE_END}"), encoding="utf-8")


def scaffold(assignment: Assignment) -> list[Path]:
    """Write the missing skeleton files of `assignment`; returns the files written."""
    targets = {
        assignment.source_notebook: _notebook,
        REPO_ROOT / "shared_utils" / "public_tests" / f"{assignment.id}.py": _public_tests,
        REPO_ROOT / "graders" / "specs" / f"{assignment.id}.py": _spec,
    }
    written = []
    for path, make in targets.items():
        if path.exists():
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(make(assignment), encoding="utf-8")
        written.append(path)
    return written
