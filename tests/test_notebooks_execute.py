"""Every source notebook runs top to bottom with its reference solutions (public tests pass).

While authoring, the hidden regions only print where the hidden tests run (`dls
grade`), so this is the learner's path: lesson cells, graded cells, public tests.
The time each notebook took is printed (budgets are measured, never asserted).
"""

from __future__ import annotations

import time

import nbclient
import pytest

from graders.notebooks import read_notebook
from graders.registry import ASSIGNMENTS

pytestmark = pytest.mark.slow
WRITTEN = sorted(a for a in ASSIGNMENTS if ASSIGNMENTS[a].source_notebook.exists())


@pytest.mark.parametrize("aid", WRITTEN)
def test_source_notebook_executes_with_solutions(aid, course_dir):
    assignment = ASSIGNMENTS[aid]
    nb = read_notebook(assignment.source_notebook)
    client = nbclient.NotebookClient(
        nb,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(assignment.source_dir)}},
    )
    started = time.perf_counter()
    client.execute()  # raises CellExecutionError on the first failing cell
    print(f"{aid}: executed in {time.perf_counter() - started:.1f} s")
    hidden = [o for c in nb.cells for o in c.get("outputs", []) if o.get("name") == "stdout"]
    assert any("the hidden tests run when the notebook is graded" in o["text"] for o in hidden)
