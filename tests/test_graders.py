"""Hidden graders: the reference earns every point, every catalogued mistake loses them.

Everything an assignment needs is graded once per test session on one sandbox
pool (its imports paid once per pytest worker): the reference, every mistake,
the fresh reference outputs. Tests of one assignment share a worker
(`xdist_group`), so the cached results are computed once.
"""

from __future__ import annotations

import copy
import importlib.util
import py_compile
import re
from functools import cache
from pathlib import Path

import pytest

from graders.engine import (
    _repository_relative,
    _shared_module_index,
    box_spec,
    build_cases,
    compute_references,
    dependency_order,
    grade_sources,
    load_references,
    solution_sources,
    spec_exercises,
    stale_references,
    strip_solution_markers,
)
from graders.registry import ASSIGNMENTS, REPO_ROOT
from graders.samples import CHEATS, cheat_cell
from graders.sandbox import SandboxPool
from graders.spec import MistakeError, edit

ASSIGNMENT_IDS = sorted(a for a in ASSIGNMENTS if ASSIGNMENTS[a].source_notebook.exists())
MISTAKES = [
    (aid, name, mistake)
    for aid in ASSIGNMENT_IDS
    for name, spec in spec_exercises(aid).items()
    for mistake in spec.mistakes
]


def per_assignment(aids):
    """Parameters that keep every test of one assignment on one xdist worker."""
    return [pytest.param(a, marks=pytest.mark.xdist_group(a)) for a in aids]


@cache
def pool() -> SandboxPool:
    return SandboxPool()


@pytest.fixture(scope="session", autouse=True)
def _stop_pool():
    yield
    pool().close()


@cache
def references(aid: str) -> dict[str, str]:
    return {n: strip_solution_markers(s) for n, s in solution_sources(ASSIGNMENTS[aid]).items()}


@cache
def reference_report(aid: str):
    return grade_sources(aid, references(aid), pool=pool())


@cache
def fresh_references(aid: str):
    """(refs, hints) computed from the source notebook now."""
    return compute_references(aid, pool=pool())


@cache
def mistake_results(aid: str) -> dict[tuple[str, str], object]:
    """Every catalogued mistake of an assignment graded (each on its own exercise)."""
    results = {}
    for name, spec in spec_exercises(aid).items():
        for key, mistake in spec.mistakes.items():
            sources = {**references(aid), name: mistake.apply(references(aid)[name], name)}
            results[(name, key)] = grade_sources(aid, sources, only=[name], pool=pool()).result(
                name
            )
    return results


@pytest.mark.parametrize("aid", per_assignment(ASSIGNMENT_IDS))
def test_spec_covers_every_exercise_with_cases_and_mistakes(aid):
    exercises = spec_exercises(aid)
    assert set(exercises) == set(ASSIGNMENTS[aid].exercise_names)
    for name, exercise in exercises.items():
        assert len(build_cases(aid, name)) >= 3, name
        assert len(exercise.mistakes) >= 2, name


@pytest.mark.parametrize("aid", per_assignment(ASSIGNMENT_IDS))
def test_every_mistake_is_a_change_of_the_notebooks_own_solution(aid):
    for name, spec in spec_exercises(aid).items():
        for key, mistake in spec.mistakes.items():
            wrong = mistake.apply(references(aid)[name], name)
            assert wrong.strip() != references(aid)[name].strip(), f"{name}.{key}"


def test_an_edit_whose_text_is_missing_or_ambiguous_is_refused():
    solution = "def f(x):\n    y = x / m\n    return y / m\n"
    assert "x * m" in edit("x / m", "x * m").apply(solution, "f")
    with pytest.raises(MistakeError, match="appears 0 times"):
        edit("x / n", "x").apply(solution, "f")
    with pytest.raises(MistakeError, match="appears 2 times"):
        edit("/ m", "").apply(solution, "f")
    assert "/ m" not in edit("/ m", "", every=True).apply(solution, "f")


@pytest.mark.parametrize("aid", per_assignment(ASSIGNMENT_IDS))
def test_dependencies_name_earlier_graded_functions_of_the_same_notebook(aid):
    names = list(ASSIGNMENTS[aid].exercise_names)
    for name, spec in spec_exercises(aid).items():
        for dependency in spec.depends:
            assert dependency in names, f"{name} depends on unknown {dependency}"
            assert names.index(dependency) < names.index(name), f"{name} before {dependency}"
        assert dependency_order(ASSIGNMENTS[aid], name)[-1] == name


@pytest.mark.parametrize("aid", per_assignment(ASSIGNMENT_IDS))
def test_reference_solution_earns_full_marks(aid):
    report = reference_report(aid)
    assert report.score == report.max_score, [r.message for r in report.results if not r.passed]


def uses_tensorflow(aid: str) -> bool:
    """Whether the assignment's box imports TensorFlow: its preamble, its harness and
    fixture modules, or the shared_utils modules those import."""
    box = box_spec(aid, load_references(aid)["meta"])
    modules = set(box.imports)
    for name in box.imports:
        text = Path(importlib.util.find_spec(name).origin).read_text()
        used = re.findall(r"shared_utils(?: import |\.)(\w+)", text)
        modules |= {f"shared_utils.{m}" for m in used}
    texts = [box.preamble]
    for name in sorted(modules):
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.origin and spec.origin.endswith(".py"):
            texts.append(Path(spec.origin).read_text())
    return any(re.search(r"\b(tensorflow|keras)\b", text) for text in texts)


TENSORFLOW_IDS = [aid for aid in ASSIGNMENT_IDS if uses_tensorflow(aid)]


@pytest.mark.slow
@pytest.mark.parametrize("aid", per_assignment(TENSORFLOW_IDS))
def test_the_reference_keeps_full_marks_when_tensorflow_runs_another_cpus_kernels(
    aid, monkeypatch
):
    # References are made on one machine and graded on others. oneDNN picks its float32
    # kernels by instruction set (which changes the order of sums): SSE4.1 kernels here
    # stand in for another CPU. A spec whose tolerance is tighter than float32 fails.
    monkeypatch.setenv("ONEDNN_MAX_CPU_ISA", "SSE41")
    report = grade_sources(aid, references(aid))  # a pool of its own: children see the setting
    assert report.score == report.max_score, [r.message for r in report.results if not r.passed]


@pytest.mark.parametrize(
    ("aid", "name", "mistake"),
    [pytest.param(*m, marks=pytest.mark.xdist_group(m[0])) for m in MISTAKES],
    ids=[f"{a}-{n}-{m}" for a, n, m in MISTAKES],
)
def test_catalogued_mistake_loses_the_exercise_points(aid, name, mistake):
    result = mistake_results(aid)[(name, mistake)]
    assert result.points == 0, f"mistake {mistake!r} of {name} was not caught"
    assert result.message


@pytest.mark.parametrize("aid", per_assignment(ASSIGNMENT_IDS))
def test_missing_function_scores_zero_for_that_exercise_only(aid):
    assignment = ASSIGNMENTS[aid]
    victim = assignment.exercise_names[-1]
    sources = {n: s for n, s in references(aid).items() if n != victim}
    report = grade_sources(aid, sources, only=[victim], pool=pool())
    assert report.result(victim).points == 0
    assert "no cell defines" in report.result(victim).message


@pytest.mark.parametrize("aid", per_assignment(ASSIGNMENT_IDS))
def test_renamed_function_scores_zero_with_a_message(aid):
    name = ASSIGNMENTS[aid].exercise_names[0]
    sources = dict(references(aid))
    kind = "class" if f"class {name}" in sources[name] else "def"
    sources[name] = sources[name].replace(f"{kind} {name}", f"{kind} my_{name}")
    result = grade_sources(aid, sources, only=[name], pool=pool()).result(name)
    assert result.points == 0 and "not defined" in result.message


@pytest.mark.parametrize("aid", per_assignment(ASSIGNMENT_IDS))
def test_reference_outputs_are_up_to_date(aid):
    assert stale_references(aid, fresh=fresh_references(aid)) == {}, f"run `dls refs {aid}`"


def test_hidden_inputs_hash_alike_wherever_the_repository_is_cloned():
    # A case that hands the function a photo of this checkout carries its absolute
    # path: CI's clone lives elsewhere, and its references were reported stale.
    calls = [{"args": [f"{REPO_ROOT}/datasets/c4/faces/a.png", "/etc/hosts", 3], "kwargs": {}}]
    moved = [{"args": ["/elsewhere/datasets/c4/faces/a.png", "/etc/hosts", 3], "kwargs": {}}]
    assert _repository_relative(calls, str(REPO_ROOT)) == _repository_relative(moved, "/elsewhere")
    assert _repository_relative(calls, str(REPO_ROOT))[0]["args"][1:] == ["/etc/hosts", 3]


@pytest.mark.xdist_group("c1w2a1")
def test_staleness_check_ignores_last_bit_noise_but_catches_changed_outputs_and_hints():
    refs, hints = fresh_references("c1w2a1")

    def stale_after(change) -> dict[str, str]:
        changed = copy.deepcopy((refs, hints))
        change(*changed)
        return stale_references("c1w2a1", fresh=changed)

    def last_bits(r, h):  # what another CPU's kernels do
        r["outputs"]["sigmoid"][1] = r["outputs"]["sigmoid"][1] * (1 + 1e-9)

    def moved(r, h):
        r["outputs"]["sigmoid"][1] = r["outputs"]["sigmoid"][1] + 1e-3

    def hint_lost(r, h):
        h["sigmoid"][0] = h["sigmoid"][0][1:]

    def inputs_changed(r, h):
        r["fingerprints"]["sigmoid"] = "0" * 16

    assert stale_after(last_bits) == {}
    assert stale_after(moved).keys() == {"sigmoid"}
    assert "outputs differ: output[1]" in stale_after(moved)["sigmoid"]
    assert "public-test hints differ" in stale_after(hint_lost)["sigmoid"]
    assert stale_after(inputs_changed) == {"sigmoid": "the hidden cases changed"}


@pytest.mark.parametrize("aid", per_assignment(ASSIGNMENT_IDS))
def test_a_hinted_mistake_shows_its_hint_on_a_public_case(aid):
    _refs, hints = fresh_references(aid)
    shown = [e["hint"] for cases in hints.values() for case in cases for e in case]
    assert shown, f"{aid}: no catalogued mistake with a hint differs on a public case"


@pytest.mark.parametrize("aid", per_assignment(ASSIGNMENT_IDS))
def test_no_hidden_input_or_expected_value_reaches_the_public_hints(aid):
    """Hints hold outputs on public cases only: no hidden array appears in them."""
    import numpy as np

    from shared_utils import wire
    from shared_utils.testing import hints_path

    hints = wire.loads(hints_path(aid).read_bytes())
    hinted = [e["output"] for cases in hints.values() for case in cases for e in case]
    hinted_arrays = [a for a in _arrays(hinted) if a.size >= 4]
    refs = load_references(aid)
    hidden = list(_arrays(refs["outputs"]))
    for name in spec_exercises(aid):
        hidden += list(_arrays([c.args for c in build_cases(aid, name)]))
    for secret in (h for h in hidden if h.size >= 4 and np.ptp(h.astype(float)) > 0):
        for shown in hinted_arrays:
            assert not (
                shown.shape == secret.shape and np.allclose(shown, secret, rtol=1e-6, atol=0)
            ), aid


def _arrays(value):
    import numpy as np

    if isinstance(value, np.ndarray) and value.dtype.kind in "biuf":
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _arrays(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _arrays(item)


@pytest.mark.xdist_group("c1w2a1")
@pytest.mark.parametrize("cheat", sorted(CHEATS))
def test_every_cheat_scores_zero(cheat):
    aid = "c1w2a1"
    name = ASSIGNMENTS[aid].exercise_names[0]
    report = grade_sources(aid, {name: cheat_cell(name, cheat)}, only=[name], pool=pool())
    assert report.result(name).points == 0


IMPORTED_ANSWER = "from {module} import {name}\n"

COMPILED_ANSWER = """
def {name}(*args, **kwargs):
    import glob, importlib.machinery, os, shared_utils
    folder = os.path.join(os.path.dirname(shared_utils.__file__), "__pycache__")
    path = glob.glob(os.path.join(folder, "{stem}.*.pyc"))[0]
    module = importlib.machinery.SourcelessFileLoader("stolen", path).load_module()
    return getattr(module, "{name}")(*args, **kwargs)
"""


@pytest.mark.parametrize(
    "aid, name, module",
    [
        ("c1w2a1", "sigmoid", "shared_utils.gc_utils"),
        ("c1w2a1", "softmax", "shared_utils.nmt_utils"),
        ("c1w3a1", "compute_cost", "shared_utils.dnn_app_utils"),
        ("c1w4a1", "update_parameters", "shared_utils.three_layer_net"),
        ("c2w2a1", "initialize_adam", "shared_utils.rnn_utils"),
    ],
)
@pytest.mark.parametrize("how", ["imported", "compiled"])
def test_a_working_answer_from_another_weeks_helper_module_scores_zero(aid, name, module, how):
    # Each of these helpers computes exactly what the exercise asks (10/10 before the
    # box hid them), in its source and in the .pyc that `make install` compiles.
    source = REPO_ROOT / (module.replace(".", "/") + ".py")
    py_compile.compile(str(source), importlib.util.cache_from_source(str(source)))
    template = IMPORTED_ANSWER if how == "imported" else COMPILED_ANSWER
    cell = template.format(name=name, module=module, stem=module.rpartition(".")[2])
    sources = {**references(aid), name: cell}
    assert grade_sources(aid, sources, only=[name], pool=pool()).result(name).points == 0


@pytest.mark.parametrize("aid", per_assignment(ASSIGNMENT_IDS))
def test_no_shared_module_the_box_shows_offers_a_graded_function(aid):
    # The box hides every shared module that binds a graded name unless the notebook
    # needs it; an import from one it must show earns nothing.
    hidden = set(box_spec(aid, load_references(aid)["meta"]).hidden)
    offered = {
        (module, name)
        for module, (bound, _) in _shared_module_index().items()
        for name in bound & set(ASSIGNMENTS[aid].exercise_names)
        if str(REPO_ROOT / (module.replace(".", "/") + ".py")) not in hidden
    }
    for module, name in sorted(offered):
        cell = IMPORTED_ANSWER.format(module=module, name=name)
        sources = {**references(aid), name: cell}
        result = grade_sources(aid, sources, only=[name], pool=pool()).result(name)
        assert result.points == 0, f"{module}.{name} earns points on {aid}"


LEAKY = """# GRADED FUNCTION: {name}
def {name}(*args, **kwargs):
    secret = "LEAK" + repr(args)[:40]
    Smuggle = type(secret, (Exception,), {{}})
    calls.append(1)
    if len(calls) % 3 == 1:
        raise Smuggle(secret)
    if len(calls) % 3 == 2:
        return {{secret: 1}}
    return type(secret, (), {{}})()
calls = []
"""


@pytest.mark.parametrize("aid", per_assignment(ASSIGNMENT_IDS))
def test_feedback_never_echoes_what_the_learner_code_saw(aid):
    # A learner's code sees the hidden inputs; it must not smuggle them into its
    # own feedback through exception names, dict keys or type names.
    for name in ASSIGNMENTS[aid].exercise_names:
        source = LEAKY.format(name=name)
        report = grade_sources(aid, {name: source}, only=[name], pool=pool())
        assert "LEAK" not in report.result(name).message, report.result(name).message
        assert report.result(name).points == 0


def test_reference_dependencies_handed_to_one_exercise_cannot_be_replayed_for_another():
    """`predict` is graded with the reference `forward_propagation`; a submission whose
    `predict` stashes that function (on disk, in a module, in builtins) and whose own
    `forward_propagation` replays the stash still scores 0 for `forward_propagation`."""
    sources = dict(references("c1w3a1"))
    sources["predict"] = sources["predict"].replace(
        "def predict(parameters, X):\n",
        "def predict(parameters, X):\n"
        "    import builtins, inspect, os, sys\n"
        "    text = inspect.getsource(forward_propagation)\n"
        "    for folder in ('/scratch', '/tmp', '/dev/shm', os.path.expanduser('~')):\n"
        "        try:\n"
        "            open(os.path.join(folder, 'stolen.py'), 'w').write(text)\n"
        "        except OSError:\n"
        "            pass\n"
        "    builtins.stolen = forward_propagation\n"
        "    sys.modules['numpy'].stolen = forward_propagation\n",
        1,
    )
    sources["forward_propagation"] = (
        "# GRADED FUNCTION: forward_propagation\n"
        "def forward_propagation(X, parameters):\n"
        "    import builtins, os, sys\n"
        "    for holder in (builtins, sys.modules['numpy']):\n"
        "        if hasattr(holder, 'stolen'):\n"
        "            return holder.stolen(X, parameters)\n"
        "    for folder in ('/scratch', '/tmp', '/dev/shm', os.path.expanduser('~')):\n"
        "        path = os.path.join(folder, 'stolen.py')\n"
        "        if os.path.exists(path):\n"
        "            scope = {}\n"
        "            exec(open(path).read(), scope)\n"
        "            return scope['forward_propagation'](X, parameters)\n"
        "    raise NotImplementedError\n"
    )
    assert "builtins.stolen" in sources["predict"]
    # `predict` first (the notebook's order would grade the victim first), same boxes.
    first = grade_sources("c1w3a1", sources, ["predict"], pool=pool())
    assert first.result("predict").points == first.result("predict").max_points
    then = grade_sources("c1w3a1", sources, ["forward_propagation"], pool=pool())
    assert then.result("forward_propagation").points == 0


def test_an_exercise_graded_on_reference_dependencies_says_which_of_yours_to_fix():
    """One bug costs points once, and the feedback of the exercise that uses it says so."""
    sources = dict(references("c1w3a1"))
    sources["forward_propagation"] = sources["forward_propagation"].replace(
        "np.tanh(Z1)", "np.maximum(0, Z1)", 1
    )
    assert sources["forward_propagation"] != references("c1w3a1")["forward_propagation"]
    report = grade_sources("c1w3a1", sources, ["forward_propagation", "predict"], pool=pool())
    assert report.result("forward_propagation").points == 0
    predict = report.result("predict")
    assert predict.points == predict.max_points
    assert "graded with the reference forward_propagation" in predict.message
