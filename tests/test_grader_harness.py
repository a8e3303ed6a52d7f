"""What one sandbox job does with the learner's cells: probes, fixtures, error locations.

`graders.sandbox_child.run_job` is the code that runs in the forked job
process; here it runs in the test process on a fresh namespace, without a box.
"""

from __future__ import annotations

from typing import Any

from graders.sandbox_child import run_job
from shared_utils.testing import Fixture

# `functools.reduce(function, iterable)` has the harness signature
# `harness(function, *args)` and calls a two-argument function repeatedly: a
# result that a direct call `add([1, 2, 3])` could never produce.
ADD_CELL = ("add", "def add(a, b):\n    return a + b\n")


def _state(preamble: str = "", fixtures: dict[str, Any] | None = None) -> dict[str, Any]:
    namespace: dict[str, Any] = {"__name__": "__main__"}
    exec(preamble, namespace)
    return {"namespace": namespace, "fixtures": fixtures or {}, "limits": {}}


def _job(harness: str | None, args: list | None = None) -> dict[str, Any]:
    call = {"args": args or [[1, 2, 3]], "kwargs": {}, "np_seed": None, "inputs_unchanged": True}
    return {"cells": [ADD_CELL], "function": "add", "harness": harness, "calls": [call]}


def test_a_harness_calls_the_function_and_its_result_is_the_output():
    reply = run_job(_state(), _job("functools:reduce"))
    assert reply["status"] == "ok"
    assert reply["results"][0]["output"] == 6
    assert reply["results"][0]["args_after"] == [[[1, 2, 3]], {}]


def test_without_a_harness_the_function_is_called_directly():
    entry = run_job(_state(), _job(None))["results"][0]
    assert entry["error"] == "TypeError" and "output" not in entry  # add() needs 2 args


def test_errors_inside_the_learner_function_still_point_at_its_cell():
    job = _job("functools:reduce")
    job["cells"] = [("add", "def add(a, b):\n    return a + undefined_name\n")]
    assert run_job(_state(), job)["results"][0] == {"error": "NameError", "line": 2, "cell": "add"}


def test_a_missing_function_is_reported_with_its_cell_error():
    job = _job(None)
    job["cells"] = [("add", "def add(a, b)\n    return a\n")]
    reply = run_job(_state(), job)
    assert reply["status"] == "missing"
    assert reply["cell_errors"]["add"]["error"] == "SyntaxError"


def test_fixtures_reach_the_call_as_copies_unless_told_otherwise():
    loaded = {"king": [1.0, 2.0]}
    job = _job(None, args=[Fixture("vectors"), Fixture("vectors", copy=False)])
    job["cells"] = [("add", "def add(a, b):\n    a['king'].append(9.0)\n    return a is b\n")]
    entry = run_job(_state(fixtures={"vectors": loaded}), job)["results"][0]
    assert entry["output"] is False  # the first argument was a copy
    assert loaded == {"king": [1.0, 2.0]}  # and the loaded fixture is untouched


def test_cell_sources_are_visible_to_inspect_as_in_a_notebook():
    # TensorFlow's autograph reads a traced function's source; IPython provides it.
    job = _job(None)
    job["cells"] = [("source_of", "def source_of(a):\n    return inspect.getsource(source_of)\n")]
    job["function"] = "source_of"
    entry = run_job(_state("import inspect\n"), job)["results"][0]
    assert entry["output"].startswith("def source_of(a):")
