"""Hidden graders: the reference earns every point, every catalogued mistake loses them."""

from __future__ import annotations

import pytest

from graders.engine import (
    build_cases,
    dependency_order,
    grade_sources,
    load_spec,
    solution_sources,
    stale_references,
)
from graders.registry import ASSIGNMENTS
from graders.samples import CHEATS, cheat_cell

ASSIGNMENT_IDS = sorted(ASSIGNMENTS)
MISTAKES = [
    (aid, name, mistake)
    for aid in ASSIGNMENT_IDS
    for name, spec in load_spec(aid).EXERCISES.items()
    for mistake in spec.mistakes
]


@pytest.fixture(scope="module")
def references() -> dict[str, dict[str, str]]:
    return {aid: solution_sources(ASSIGNMENTS[aid]) for aid in ASSIGNMENT_IDS}


@pytest.mark.parametrize("aid", ASSIGNMENT_IDS)
def test_spec_covers_every_exercise_with_cases_and_mistakes(aid):
    spec = load_spec(aid)
    assert set(spec.EXERCISES) == set(ASSIGNMENTS[aid].exercise_names)
    for name, exercise in spec.EXERCISES.items():
        assert len(build_cases(aid, name)) >= 3, name
        assert len(exercise.mistakes) >= 2, name


@pytest.mark.parametrize("aid", ASSIGNMENT_IDS)
def test_hidden_cases_are_deterministic(aid):
    from graders.engine import cases_fingerprint

    for name in ASSIGNMENTS[aid].exercise_names:
        assert cases_fingerprint(aid, name) == cases_fingerprint(aid, name)


@pytest.mark.parametrize("aid", ASSIGNMENT_IDS)
def test_reference_solution_earns_full_marks(aid, references):
    report = grade_sources(aid, references[aid])
    assert report.score == report.max_score, [r.message for r in report.results if not r.passed]


@pytest.mark.parametrize(
    ("aid", "name", "mistake"), MISTAKES, ids=[f"{a}-{n}-{m}" for a, n, m in MISTAKES]
)
def test_catalogued_mistake_loses_the_exercise_points(aid, name, mistake, references):
    sources = dict(references[aid])
    sources[name] = (
        f"# GRADED FUNCTION: {name}\n" + load_spec(aid).EXERCISES[name].mistakes[mistake]
    )
    result = grade_sources(aid, sources, only=[name]).result(name)
    assert result.points == 0, f"mistake {mistake!r} of {name} was not caught"
    assert result.message


@pytest.mark.parametrize("aid", ASSIGNMENT_IDS)
def test_missing_function_scores_zero_for_that_exercise_only(aid, references):
    assignment = ASSIGNMENTS[aid]
    victim = assignment.exercise_names[-1]
    sources = {n: s for n, s in references[aid].items() if n != victim}
    report = grade_sources(aid, sources)
    assert report.result(victim).points == 0 and "no cell defines" in report.result(victim).message
    assert report.score == report.max_score - assignment.exercise(victim).points


@pytest.mark.parametrize("aid", ASSIGNMENT_IDS)
def test_renamed_function_scores_zero_with_a_message(aid, references):
    name = ASSIGNMENTS[aid].exercise_names[0]
    sources = dict(references[aid])
    sources[name] = sources[name].replace(f"def {name}(", f"def my_{name}(")
    result = grade_sources(aid, sources, only=[name]).result(name)
    assert result.points == 0 and "not defined" in result.message


@pytest.mark.parametrize("cheat", sorted(CHEATS))
def test_every_cheat_scores_zero(cheat):
    aid = "c1w2a1"
    name = ASSIGNMENTS[aid].exercise_names[0]
    report = grade_sources(aid, {name: cheat_cell(name, cheat)}, only=[name])
    assert report.result(name).points == 0


@pytest.mark.parametrize("aid", ASSIGNMENT_IDS)
def test_dependencies_are_real_graded_functions(aid):
    assignment = ASSIGNMENTS[aid]
    for name in assignment.exercise_names:
        assert set(dependency_order(assignment, name)) <= set(assignment.exercise_names)


@pytest.mark.parametrize("aid", ASSIGNMENT_IDS)
def test_reference_outputs_are_up_to_date(aid):
    assert stale_references(aid) == [], f"run `dls refs {aid}`"


LEAKY = """# GRADED FUNCTION: {name}
def {name}(*args, **kwargs):
    secret = "LEAK" + repr(args)[:40]
    kind = kwargs.get("mode")
    Smuggle = type(secret, (Exception,), {{}})
    calls.append(1)
    if len(calls) % 3 == 1:
        raise Smuggle(secret)
    if len(calls) % 3 == 2:
        return {{secret: 1}}
    return type(secret, (), {{}})()
calls = []
"""


def test_feedback_never_echoes_what_the_learner_code_saw():
    # A learner's code can see the hidden inputs; it must not smuggle them into
    # its own feedback through exception names, dict keys or type names.
    for aid in ASSIGNMENT_IDS:
        for name in ASSIGNMENTS[aid].exercise_names:
            report = grade_sources(aid, {name: LEAKY.format(name=name)}, only=[name])
            assert "LEAK" not in report.result(name).message, report.result(name).message
            assert report.result(name).points == 0


def test_mistake_templates_refuse_unknown_parts():
    from graders.spec import variant

    assert variant("return {a} + {b}", {"a": "x", "b": "y"}, b="z") == "return x + z"
    with pytest.raises(KeyError, match="no such parts"):
        variant("return {a}", {"a": "x"}, typo="y")
