"""The sandbox holds against what a determined learner tries."""

from __future__ import annotations

import subprocess
import time

import numpy as np
import pytest

from graders.registry import REPO_ROOT
from graders.sandbox import hidden_paths, isolation_level, run_child


def call(cell: str, *, timeout_s: float = 10, isolate: bool = True):
    request = {
        "preamble": "import numpy as np\n",
        "cells": [("f", cell)],
        "function": "f",
        "calls": [
            {"args": [np.arange(3.0)], "kwargs": {}, "np_seed": None, "inputs_unchanged": True}
        ],
    }
    return run_child(request, timeout_s=timeout_s, isolate=isolate)


def output_of(cell: str, **kwargs):
    answer = call(cell, **kwargs)
    assert answer.reply is not None, answer.failure
    return answer.reply["results"][0]


def test_linux_ci_gets_full_namespace_isolation():
    assert isolation_level() == "namespaces"


def test_a_correct_function_returns_its_output():
    result = output_of("def f(x):\n    return x * 2\n")
    assert np.array_equal(result["output"], [0.0, 2.0, 4.0])


STEAL_SOURCE = f"""
import os
def f(x):
    return sorted(os.listdir({str(REPO_ROOT / "C1_NeuralNetworks")!r}))
"""


def test_answer_folders_are_empty_inside_the_sandbox():
    assert output_of(STEAL_SOURCE)["output"] == []
    for folder in hidden_paths():
        assert (
            output_of(f"import os\ndef f(x):\n    return os.listdir({folder!r})\n")["output"] == []
        )


def test_without_isolation_the_same_attack_would_see_the_answers():
    # Proves the test above can fail: the folder really holds the source notebooks.
    assert output_of(STEAL_SOURCE, isolate=False)["output"] != []


def test_learner_code_cannot_write_outside_its_scratch_folder(tmp_path):
    target = REPO_ROOT / "sandbox-escape.txt"
    cell = f"def f(x):\n    open({str(target)!r}, 'w').write('x')\n    return 1\n"
    assert output_of(cell)["error"] in ("OSError", "PermissionError")
    assert not target.exists()


def test_learner_code_cannot_undo_the_hiding_mounts():
    folder = str(REPO_ROOT / "tests")
    umount = f"ctypes.CDLL(None).umount2({folder!r}.encode(), 2)"
    cell = f"import ctypes\ndef f(x):\n    return {umount}\n"
    assert output_of(cell)["output"] == -1


def test_learner_code_has_no_network():
    cell = "import socket\ndef f(x):\n    socket.create_connection(('127.0.0.1', 22), timeout=1)\n"
    assert output_of(cell)["error"] == "OSError"


def test_endless_loop_is_stopped_at_the_time_limit():
    started = time.perf_counter()
    assert call("def f(x):\n    while True:\n        pass\n", timeout_s=2).failure == "timeout"
    assert time.perf_counter() - started < 10


def test_memory_hog_hits_the_memory_limit():
    # np.empty reserves address space without touching pages: fast, and exactly what
    # the limit counts.
    cell = "def f(x):\n    hog = []\n    while True:\n        hog.append(np.empty(2**27))\n"
    assert output_of(cell, timeout_s=30)["error"] == "MemoryError"


def test_exiting_the_process_gives_no_reply():
    assert call("import os\ndef f(x):\n    os._exit(0)\n").failure == "no-reply"
    assert output_of("import sys\ndef f(x):\n    sys.exit(0)\n")["error"] == "SystemExit"


def test_forked_processes_are_capped_and_do_not_outlive_the_child():
    cell = (
        "import os, time\n"
        "def f(x):\n"
        "    n = 0\n"
        "    for _ in range(500):\n"
        "        try:\n"
        "            if os.fork() == 0:\n"
        "                os.execv('/bin/sleep', ['sleep', '314159'])\n"
        "        except OSError:\n"
        "            break\n"
        "        n += 1\n"
        "    return n\n"
    )
    assert output_of(cell)["output"] < 500
    time.sleep(0.5)
    survivors = subprocess.run(["pgrep", "-f", "sleep 314159"], capture_output=True, text=True)
    assert survivors.stdout.strip() == ""


def test_exception_messages_stay_inside_the_sandbox():
    result = output_of("def f(x):\n    raise ValueError(f'hidden input was {x}')\n")
    assert result == {"error": "ValueError", "line": 2, "cell": "f"}


@pytest.mark.parametrize(
    "printer", ["print('All tests passed!')", "import sys; sys.stdout.write('ok')"]
)
def test_printing_cannot_forge_a_reply(printer):
    result = output_of(f"def f(x):\n    {printer}\n    return 0\n")
    assert result["output"] == 0
