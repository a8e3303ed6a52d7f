"""The sandbox holds against what a determined learner tries.

Each test runs learner-style code as a job in a real box and checks what it
could see or do. The box is the mechanism only; the engine's validation of
what comes back is tested here too, with forged replies.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import numpy as np
import pytest

from graders import sandbox as sandbox_module
from graders.engine import SANDBOX_MODULES, _validated, grade_sources, score_exercise
from graders.registry import ASSIGNMENTS, REPO_ROOT
from graders.sandbox import BoxSpec, Limits, Sandbox, SandboxUnavailable, isolation_level
from shared_utils import wire
from shared_utils.testing import Case

pytestmark = pytest.mark.xdist_group("sandbox")

SHOWN = (str(REPO_ROOT / "shared_utils"), *(str(REPO_ROOT / m) for m in SANDBOX_MODULES))
BOX = BoxSpec(preamble="import numpy as np\n", read_only=SHOWN, limits=Limits(cpu_seconds=20))


@pytest.fixture(scope="module")
def sandbox():
    with Sandbox(BOX) as box:
        yield box


def job(cell: str, *args):
    return {
        "cells": [("f", cell)],
        "function": "f",
        "harness": None,
        "calls": [
            {
                "args": list(args) or [np.arange(3.0)],
                "kwargs": {},
                "np_seed": None,
                "inputs_unchanged": True,
            }
        ],
    }


def run(sandbox, cell: str, timeout_s: float = 10):
    return _validated(sandbox.run(job(cell), timeout_s), 1)


def output_of(sandbox, cell: str):
    reply = run(sandbox, cell)
    assert isinstance(reply, dict), reply
    return reply["results"][0]


def test_linux_ci_gets_the_bubblewrap_box():
    assert isolation_level() == "bwrap"


@pytest.mark.parametrize(
    ("bwrap", "says"),
    [(None, "install it"), ("/bin/false", "cannot build a box")],
    ids=["bubblewrap missing", "bubblewrap broken"],
)
def test_without_a_working_box_grading_refuses_and_says_why(monkeypatch, bwrap, says):
    # Fails closed: no box, no grading (unless DLS_SANDBOX=limits-only is asked for).
    monkeypatch.delenv("DLS_SANDBOX", raising=False)
    monkeypatch.setattr(sandbox_module.shutil, "which", lambda name: bwrap)
    isolation_level.cache_clear()
    try:
        with pytest.raises(SandboxUnavailable, match=says):
            isolation_level()
        with pytest.raises(SandboxUnavailable):
            grade_sources("c1w2a1", {})
    finally:
        isolation_level.cache_clear()


def test_a_correct_function_returns_its_output(sandbox):
    assert np.array_equal(output_of(sandbox, "def f(x):\n    return x * 2\n")["output"], [0, 2, 4])


def test_the_box_shows_an_allow_list_only(sandbox):
    def listing(folder: Path) -> list[str]:
        cell = f"import os\ndef f(x):\n    return sorted(os.listdir({str(folder)!r}))\n"
        return output_of(sandbox, cell)["output"]

    shown = set(listing(REPO_ROOT))
    assert {"graders", "shared_utils"} <= shown <= {"graders", "shared_utils", ".venv"}
    assert listing(REPO_ROOT / "graders") == sorted(Path(m).name for m in SANDBOX_MODULES)


def test_another_copy_of_the_answers_elsewhere_on_disk_is_invisible(sandbox):
    copy = Path("/var/tmp/dls-other-checkout")
    (copy / "graders" / "refs").mkdir(parents=True, exist_ok=True)
    (copy / "graders" / "refs" / "c1w2a1.npz").write_text("answers")
    try:
        cell = f"import os\ndef f(x):\n    return os.path.exists({str(copy)!r})\n"
        assert output_of(sandbox, cell)["output"] is False
        assert copy.exists()  # the attack would have found it without the box
    finally:
        shutil.rmtree(copy)


def test_learner_code_cannot_write_outside_its_scratch_folder(sandbox):
    target = REPO_ROOT / "shared_utils" / "escape.txt"
    cell = f"def f(x):\n    open({str(target)!r}, 'w').write('x')\n    return 1\n"
    assert output_of(sandbox, cell)["error"] in ("OSError", "PermissionError")
    assert not target.exists()


def test_learner_code_runs_as_an_unprivileged_user_without_capabilities(sandbox):
    cell = (
        "import os\ndef f(x):\n"
        "    caps = [l for l in open('/proc/self/status') if l.startswith('CapEff')][0]\n"
        "    return [os.getuid(), int(caps.split()[1], 16)]\n"
    )
    uid, caps = output_of(sandbox, cell)["output"]
    assert caps == 0
    if os.geteuid() == 0:
        assert uid >= 0x4000_0000


def test_learner_code_has_no_network(sandbox):
    cell = "import socket\ndef f(x):\n    socket.create_connection(('127.0.0.1', 22), timeout=1)\n"
    assert output_of(sandbox, cell)["error"] in ("OSError", "ConnectionRefusedError")


def test_learner_code_sees_only_its_own_processes(sandbox):
    cell = (
        "import os\ndef f(x):\n"
        "    return sorted(int(p) for p in os.listdir('/proc') if p.isdigit())\n"
    )
    assert max(output_of(sandbox, cell)["output"]) < 20


def test_nothing_a_job_leaves_behind_reaches_the_next_job(sandbox):
    stash = (
        "import os, time\ndef f(x):\n"
        "    for folder in ('/tmp', '/dev/shm', os.getcwd(), '/scratch'):\n"
        "        try:\n"  # (a checkout under /tmp leaves the box's /tmp read-only)
        "            open(os.path.join(folder, 'stash'), 'w').write('reference code')\n"
        "        except OSError:\n"
        "            pass\n"
        "    if os.fork() == 0:\n"
        "        os.setsid()\n"
        "        time.sleep(60)\n"
        "    return 1\n"
    )
    assert output_of(sandbox, stash)["output"] == 1
    look = (
        "import os\ndef f(x):\n"
        "    places = ('/tmp', '/dev/shm', '/scratch')\n"
        "    found = [d for d in places if os.path.exists(d + '/stash')]\n"
        "    procs = [p for p in os.listdir('/proc') if p.isdigit()]\n"
        "    return [found, len(procs)]\n"
    )
    found, processes = output_of(sandbox, look)["output"]
    assert found == []
    assert processes <= 4  # bubblewrap's init, the zygote, this job (and maybe its reader)
    assert not Path("/dev/shm/stash").exists()


def test_an_endless_loop_costs_its_time_limit_then_the_box_goes_on(sandbox):
    started = time.monotonic()
    assert run(sandbox, "def f(x):\n    while True:\n        pass\n", timeout_s=2) == "timeout"
    assert time.monotonic() - started < 10
    assert output_of(sandbox, "def f(x):\n    return 5\n")["output"] == 5


def test_memory_and_process_limits_hold(sandbox):
    hog = "import numpy as np\ndef f(x):\n    return np.ones((2**31, 8)).sum()\n"
    assert output_of(sandbox, hog)["error"] == "MemoryError"
    bomb = (
        "import os\ndef f(x):\n"
        "    for _ in range(10000):\n"
        "        if os.fork() == 0:\n"
        "            import time; time.sleep(30); os._exit(0)\n"
        "    return 'unlimited'\n"
    )
    assert output_of(sandbox, bomb)["error"] in ("BlockingIOError", "OSError")


def test_a_job_that_kills_its_zygote_only_loses_its_own_result():
    with Sandbox(BOX) as sandbox:
        assert run(
            sandbox, "import os, signal\ndef f(x):\n    os.kill(os.getppid(), signal.SIGKILL)\n"
        ) in (
            "no-reply",
            "sandbox-failed: no answer from the sandbox",
            "sandbox-failed: the sandbox stopped",
        )
        assert not sandbox.alive


def test_answer_modules_are_empty_inside_the_box():
    answers = REPO_ROOT / "shared_utils" / "dnn_app_utils.py"
    box = BoxSpec(preamble="import numpy as np\n", read_only=SHOWN, hidden=(str(answers),))
    with Sandbox(box) as sandbox:
        cell = (
            "def f(x):\n    from shared_utils.dnn_app_utils import L_model_forward\n    return 1\n"
        )
        assert output_of(sandbox, cell)["error"] in ("ImportError", "ModuleNotFoundError")
        cell = f"def f(x):\n    return open({str(answers)!r}).read()\n"
        assert output_of(sandbox, cell).get("output", "") == ""  # empty or unreadable


# --------------------------------------------------------------------------- forged replies

FORGE = """
import os, struct
from shared_utils import wire
def f(x):
    blob = {blob}
    for fd in range(3, 64):
        try:
            target = os.readlink(f"/proc/self/fd/{{fd}}")
        except OSError:
            continue
        if target.startswith("pipe:"):
            try:
                os.write(fd, struct.pack("<Q", len(blob)) + blob)
            except OSError:
                pass
    os._exit(0)
"""

FORGERIES = {
    "wrong number of results": 'wire.dumps({"status": "ok", "cell_errors": {}, "results": []})',
    "result of another type": 'wire.dumps({"status": "ok", "cell_errors": {}, "results": [7]})',
    "error with markup": (
        'wire.dumps({"status": "ok", "cell_errors": {}, "results": '
        '[{"error": "<script>alert(1)</script>", "line": 1, "cell": "f"}]})'
    ),
    "error with a huge line": (
        'wire.dumps({"status": "ok", "cell_errors": {}, "results": '
        '[{"error": "ValueError", "line": 10**30, "cell": "f"}]})'
    ),
    "unknown status": 'wire.dumps({"status": "passed", "results": []})',
    "not a dict": "wire.dumps([1, 2, 3])",
    "garbage bytes": 'b"\\x1b[2J" * 100',
}


@pytest.mark.parametrize("forgery", sorted(FORGERIES))
def test_a_forged_reply_scores_zero_and_none_of_its_text_is_shown(sandbox, forgery, monkeypatch):
    import graders.engine as engine
    from graders.spec import ExerciseSpec

    spec = ExerciseSpec(name="basic_sigmoid", cases=lambda rng: [])
    monkeypatch.setattr(engine, "exercise_spec", lambda aid, name: spec)
    reply = run(sandbox, FORGE.format(blob=FORGERIES[forgery]))
    meta = {"basic_sigmoid": {"returns": None, "parameters": ["x"]}}
    assignment = ASSIGNMENTS["c1w2a1"]
    result = score_exercise(assignment, "basic_sigmoid", reply, [0.5], meta, [Case("c")])
    assert result.points == 0
    for bad in ("<", "script", "\x1b", "alert"):
        assert bad not in result.message, result.message


def test_a_reply_with_compressed_members_or_a_huge_decoded_size_is_refused():
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a0.npy", b"\0" * (100 * 2**20))
    with pytest.raises(wire.WireFormatError, match="compressed"):
        wire.loads(buffer.getvalue())
    big = wire.dumps(np.zeros(2**20))
    with pytest.raises(wire.WireFormatError):
        wire.loads(big, max_bytes=2**16)
