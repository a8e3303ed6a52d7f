"""The shared comparator and the public-test runner."""

from __future__ import annotations

import numpy as np
import pytest

from shared_utils.testing import PublicCase, PublicTestFailure, compare, run_public_tests


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


def test_compare_checks_dict_keys_and_tuple_length():
    assert compare({"a": 1.0}, {"b": 1.0}).kind == "keys"
    assert compare((1.0, 2.0), (1.0,)).kind == "length"
    assert compare({"a": (1.0, np.zeros(2))}, {"a": (1.0, np.ones(2))}).path == "['a'][1]"


def test_exact_types_separates_python_and_numpy_floats():
    assert compare(0.0, np.float64(0.0)) is None
    assert compare(0.0, np.float64(0.0), exact_types=True).kind == "type"
    assert compare(0.0, np.zeros(1), exact_types=True).kind == "type"


def test_hidden_description_never_shows_the_expected_value():
    mismatch = compare(np.array([0.123456]), np.array([0.5]))
    assert "0.123456" in mismatch.describe(reveal=True)
    assert "0.123456" not in mismatch.describe(reveal=False)


def test_public_runner_reports_expected_and_actual(capsys):
    cases = [PublicCase("doubles", args=(np.array([1.0, 2.0]),), expected=np.array([2.0, 4.0]))]
    run_public_tests(lambda x: 2 * x, cases)
    assert "all 1 public tests passed" in capsys.readouterr().out
    with pytest.raises(PublicTestFailure, match="expected .*2.*got"):
        run_public_tests(lambda x: 3 * x, cases)


def test_public_runner_catches_in_place_mutation():
    def doubles_in_place(x):
        x *= 2
        return x

    cases = [PublicCase("doubles", args=(np.array([1.0, 2.0]),), expected=np.array([2.0, 4.0]))]
    with pytest.raises(PublicTestFailure, match="in place"):
        run_public_tests(doubles_in_place, cases)


def test_public_runner_explains_an_unwritten_stub():
    def stub(x):
        raise NotImplementedError()

    with pytest.raises(PublicTestFailure, match="not written yet"):
        run_public_tests(stub, [PublicCase("any", args=(1,), expected=1)])
