"""Every source notebook runs top to bottom with its reference solutions (public tests pass)."""

from __future__ import annotations

import time

import nbclient
import pytest

from graders.notebooks import read_notebook
from graders.registry import ASSIGNMENTS

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("aid", sorted(ASSIGNMENTS))
def test_source_notebook_executes_with_solutions(aid, course_dir):
    assignment = ASSIGNMENTS[aid]
    nb = read_notebook(assignment.source_notebook)
    # The hidden regions run too: each one grades the solution out of process.
    client = nbclient.NotebookClient(
        nb,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(assignment.source_dir)}},
    )
    started = time.perf_counter()
    client.execute()
    print(f"{aid}: executed in {time.perf_counter() - started:.1f} s")
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert errors == []
