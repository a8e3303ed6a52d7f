"""Sample submissions for the demo and the tests, derived from the release.

Four learners hand in every assignment:

- `reference`: the release with the source notebook's solutions typed in;
- `stubs`: the untouched release;
- `mistakes`: the reference with the first catalogued mistake of every other
  exercise (the ones at even positions) typed in instead;
- `malicious`: every graded cell replaced by an attack from `CHEATS`.

They are generated, not stored, so they can never drift from the notebooks.
"""

from __future__ import annotations

import nbformat

from graders.engine import (
    dependency_order,
    exercise_spec,
    solution_sources,
    spec_exercises,
    strip_solution_markers,
)
from graders.notebooks import extract_graded_cells, graded_name, read_notebook
from graders.registry import Assignment

STUDENTS = ("reference", "stubs", "mistakes", "malicious")

# Each attack is the body of a function that accepts any arguments. They are
# what a determined learner would try; tests prove every one scores 0.
CHEATS: dict[str, str] = {
    # Steal the reference solution from the instructor's source notebook and run it.
    "steal_solution": """
    import json
    from graders.registry import ASSIGNMENTS
    for a in ASSIGNMENTS.values():
        cells = json.load(open(a.source_notebook))["cells"]
        for cell in cells:
            text = "".join(cell["source"])
            if text.startswith("# GRADED FUNCTION: {name}"):
                scope = {{}}
                exec("import copy, math\\nimport numpy as np\\n" + text, scope)
                return scope["{name}"](*args, **kwargs)
""",
    # Read the stored reference outputs and hand back the first one.
    "read_references": """
    import glob, os
    import numpy as np
    import graders
    folder = os.path.join(os.path.dirname(graders.__file__), "refs")
    for path in sorted(glob.glob(os.path.join(folder, "*.npz"))):
        with np.load(path) as refs:
            return refs[refs.files[0]]
""",
    # Make every comparison succeed and announce success.
    "patch_numpy_and_print": """
    import builtins
    import numpy as np
    np.allclose = lambda *a, **k: True
    np.array_equal = lambda *a, **k: True
    np.testing.assert_allclose = lambda *a, **k: None
    builtins.isinstance = lambda *a, **k: True
    print("All tests passed!")
    return 0
""",
    # Replace the hidden check inside the kernel (only the trusted pass can catch this).
    "disable_hidden_check": """
    import graders.hidden_tests
    graders.hidden_tests.hidden_check = lambda *a, **k: print("All hidden tests passed!")
    return None
""",
    "endless_loop": """
    while True:
        pass
""",
    "exhaust_memory": """
    import numpy as np
    hog = np.ones((2**31, 8))
    return hog
""",
    "exit_process": """
    import os
    os._exit(0)
""",
    "fork_and_linger": """
    import os, time
    for _ in range(32):
        if os.fork() == 0:
            time.sleep(120)
            os._exit(0)
    return None
""",
}


def cheat_cell(name: str, cheat: str) -> str:
    """A graded cell for `name` that runs one attack."""
    body = CHEATS[cheat].format(name=name)
    return f"# GRADED FUNCTION: {name}\ndef {name}(*args, **kwargs):{body}"


def fill_graded_cells(
    release: nbformat.NotebookNode, sources: dict[str, str]
) -> nbformat.NotebookNode:
    """Copy of a release notebook with graded cells replaced by `sources`."""
    nb = nbformat.from_dict(release)
    for cell in nb.cells:
        name = graded_name(cell.source) if cell.cell_type == "code" else None
        if name in sources:
            cell.source = sources[name]
    return nb


def mistaken_exercises(assignment: Assignment) -> list[str]:
    """Exercises the `mistakes` learner gets wrong (every other one that has mistakes)."""
    exercises = spec_exercises(assignment.id)
    return [
        n for i, n in enumerate(assignment.exercise_names) if i % 2 == 0 and exercises[n].mistakes
    ]


def expected_scores(assignment: Assignment, student: str) -> dict[str, float]:
    """Points each sample learner must get per exercise.

    A mistake costs its own exercise; it also sinks the exercises that call it
    only where those are graded on the learner's own dependencies.
    """
    if student == "reference":
        return {e.name: e.points for e in assignment.exercises}
    if student == "mistakes":
        wrong = set(mistaken_exercises(assignment))

        def sunk(name: str) -> bool:
            if name in wrong:
                return True
            own = exercise_spec(assignment.id, name).own_dependencies
            return own and bool(wrong & set(dependency_order(assignment, name)))

        return {e.name: 0 if sunk(e.name) else e.points for e in assignment.exercises}
    return {e.name: 0 for e in assignment.exercises}


def sample_submission(assignment: Assignment, student: str, release_path) -> nbformat.NotebookNode:
    """The notebook one sample learner hands in for `assignment`."""
    release = read_notebook(release_path)
    if student == "stubs":
        return release
    solutions = {n: strip_solution_markers(s) for n, s in solution_sources(assignment).items()}
    if student == "reference":
        return fill_graded_cells(release, solutions)
    if student == "mistakes":
        for name in mistaken_exercises(assignment):
            first = next(iter(exercise_spec(assignment.id, name).mistakes.values()))
            solutions[name] = first.apply(solutions[name], name)
        return fill_graded_cells(release, solutions)
    if student == "malicious":
        cheats = list(CHEATS)
        attacks = {
            name: cheat_cell(name, cheats[i % len(cheats)])
            for i, name in enumerate(assignment.exercise_names)
        }
        return fill_graded_cells(release, attacks)
    raise ValueError(f"unknown sample learner {student!r}")


def graded_cells_of(nb: nbformat.NotebookNode, assignment: Assignment) -> dict[str, str]:
    return extract_graded_cells(nb, assignment.exercise_names)
