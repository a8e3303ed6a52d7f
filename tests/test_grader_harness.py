"""`ExerciseSpec.harness`: the sandbox calls the learner's function through the spec's harness.

A harness (e.g. the TensorFlow probes of c2w3a1) decides how the function is called
and what is sent back; specs without one are graded exactly as before.
"""

from __future__ import annotations

from graders.sandbox_child import run_request
from graders.spec import ExerciseSpec

# `functools.reduce(function, iterable)` has the harness signature
# `harness(function, *args)` and calls a two-argument function repeatedly: a
# result that a direct call `add([1, 2, 3])` could never produce.
ADD_CELL = ("add", "def add(a, b):\n    return a + b\n")


def _request(harness: str | None) -> dict:
    request = {
        "preamble": "",
        "cells": [ADD_CELL],
        "function": "add",
        "calls": [{"args": [[1, 2, 3]], "kwargs": {}, "np_seed": None, "inputs_unchanged": True}],
    }
    if harness is not None:
        request["harness"] = harness
    return request


def test_harness_calls_the_function_and_its_result_is_the_output():
    reply = run_request(_request("functools:reduce"))
    assert reply["status"] == "ok"
    assert reply["results"][0]["output"] == 6
    assert reply["results"][0]["args_after"] == [[[1, 2, 3]], {}]


def test_without_a_harness_the_function_is_called_directly():
    for request in (_request(None), {**_request(None), "harness": None}):
        entry = run_request(request)["results"][0]
        assert entry["error"] == "TypeError" and "output" not in entry  # add() needs 2 args


def test_errors_inside_the_learner_function_still_point_at_its_cell():
    request = _request("functools:reduce")
    request["cells"] = [("add", "def add(a, b):\n    return a + undefined_name\n")]
    entry = run_request(request)["results"][0]
    assert entry == {"error": "NameError", "line": 2, "cell": "add"}


def test_specs_have_no_harness_unless_they_ask_for_one():
    assert ExerciseSpec(cases=lambda rng: []).harness is None


def test_cell_sources_are_visible_to_inspect_as_in_a_notebook():
    # TensorFlow's autograph reads a traced function's source; IPython provides it.
    request = _request(None)
    request["preamble"] = "import inspect\n"
    request["cells"] = [
        ("source_of", "def source_of(a):\n    return inspect.getsource(source_of)\n")
    ]
    request["function"] = "source_of"
    entry = run_request(request)["results"][0]
    assert entry["output"].startswith("def source_of(a):")
