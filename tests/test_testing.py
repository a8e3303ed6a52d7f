"""The shared comparator and the public-test runner: what a learner is told."""

from __future__ import annotations

import numpy as np
import pytest

from shared_utils.testing import (
    Case,
    PublicTestFailure,
    compare,
    differences,
    public_test,
)


def test_compare_accepts_equal_nested_outputs():
    expected = ({"dw": np.ones((3, 1)), "db": np.float64(0.5)}, 0.25)
    actual = ({"db": 0.5, "dw": np.ones((3, 1)) + 1e-12}, np.float64(0.25))
    assert compare(expected, actual) is None


@pytest.mark.parametrize(
    ("actual", "kind"),
    [
        (np.ones((1, 3)), "shape"),
        (np.ones((3, 1)) * 2, "value"),
        (np.array([[1.0], [np.nan], [1.0]]), "nan"),
        ([1.0, 1.0, 1.0], "type"),
        (np.array([["a"], ["b"], ["c"]]), "dtype"),
    ],
)
def test_compare_names_the_kind_of_difference(actual, kind):
    assert compare(np.ones((3, 1)), actual).kind == kind


def test_every_differing_output_is_listed_by_the_name_the_lesson_uses():
    expected = (np.ones(2), {"Z1": np.ones((2, 3)), "A1": np.zeros(3)})
    actual = (np.ones(2) * 3, {"Z1": np.ones((3, 2)), "A1": np.zeros(3)})
    found = differences(expected, actual)
    where = [m.where(("A2", "cache")) for m in found]
    assert where == ["A2", 'cache["Z1"]']
    assert "exactly 3 times" in found[0].describe(reveal=True, returns=("A2", "cache"))
    assert "transpose" in found[1].describe(reveal=True, returns=("A2", "cache"))


def test_a_single_output_is_named_and_positions_never_show():
    found = differences({"W1": np.ones(2)}, {"W1": -np.ones(2)})
    text = found[0].describe(reveal=True, returns="parameters")
    assert text.startswith('parameters["W1"] has the wrong values')
    assert "opposite sign" in text and "output" not in text


def test_exact_types_separates_python_and_numpy_floats():
    assert compare(0.0, np.float64(0.0)) is None
    assert compare(0.0, np.float64(0.0), exact_types=True).kind == "type"
    assert compare(0.0, np.zeros(1), exact_types=True).kind == "type"


def test_hidden_description_never_shows_either_side():
    mismatch = compare(np.array([0.123456]), np.array([0.5]))
    assert "0.123456" in mismatch.describe(reveal=True)
    assert "0.123456" not in mismatch.describe(reveal=False)
    assert "0.5" not in mismatch.describe(reveal=False)


def _declare_public_tests():
    """Public tests as a course module declares them (named here so pytest skips them)."""

    @public_test(returns="doubled")
    def test_double():
        return [Case("doubles", args=(np.array([1.0, 2.0]),), expected=np.array([2.0, 4.0]))]

    @public_test()
    def test_seeded():
        return [Case("after seed 3", np_seed=3, expected=float(np.random.RandomState(3).rand()))]

    return test_double, test_seeded


DOUBLE, SEEDED = _declare_public_tests()


def test_public_runner_reports_expected_and_actual(capsys):
    DOUBLE(lambda x: 2 * x)
    assert "all 1 public tests passed" in capsys.readouterr().out
    with pytest.raises(PublicTestFailure, match="doubled has the wrong values: expected .*got"):
        DOUBLE(lambda x: 3 * x)


def test_public_failures_render_without_a_traceback():
    with pytest.raises(PublicTestFailure) as caught:
        DOUBLE(lambda x: 3 * x)
    (line,) = caught.value._render_traceback_()
    assert "PublicTestFailure" in line and "doubled" in line


def test_public_runner_catches_in_place_mutation_by_parameter_name():
    def doubles_in_place(values):
        values *= 2
        return values

    with pytest.raises(PublicTestFailure, match="changed its argument values in place"):
        DOUBLE(doubles_in_place)


def test_public_runner_explains_an_unwritten_stub():
    def stub(x):
        raise NotImplementedError()

    with pytest.raises(PublicTestFailure, match="not written yet"):
        DOUBLE(stub)


def test_an_error_in_the_learner_code_propagates_with_a_note():
    def broken(x):
        return x + undefined_name  # noqa: F821

    with pytest.raises(NameError) as caught:
        DOUBLE(broken)
    assert any("public case 'doubles'" in note for note in caught.value.__notes__)


def test_a_case_seeds_numpy_right_before_the_call():
    SEEDED(lambda: float(np.random.rand()))
    with pytest.raises(PublicTestFailure):
        SEEDED(lambda: float(np.random.RandomState(4).rand()))
