"""c1w2a1 (Python basics with numpy): the claims the lesson makes about its own examples.

The lesson quotes the two losses of its five-prediction example, says what numpy does
with a row sum taken without `keepdims`, and shows the order in which `reshape` lays an
image out. These tests rerun those examples with the notebook's own cells.
"""

from __future__ import annotations

import numpy as np
import pytest

from graders.engine import solution_namespace


@pytest.fixture(scope="module")
def notebook():
    return solution_namespace("c1w2a1", cells=("yhat_demo = ", "scores = "))


def test_the_loss_example_gives_the_quoted_numbers(notebook):
    yhat, y = notebook["yhat_demo"], notebook["y_demo"]
    np.testing.assert_allclose(np.abs(y - yhat), [0.1, 0.2, 0.1, 0.6, 0.1])
    assert notebook["L1"](yhat, y) == pytest.approx(1.1)
    assert notebook["L2"](yhat, y) == pytest.approx(0.43)
    assert (y - yhat)[3] ** 2 == pytest.approx(0.36)


def test_softmax_of_huge_scores_is_the_softmax_of_the_shifted_row(notebook):
    probs = notebook["probs"]
    np.testing.assert_allclose(probs.sum(axis=1), 1.0)
    np.testing.assert_allclose(probs[1], notebook["softmax"](np.array([[0.0, 1.0, 2.0]]))[0])
    with np.errstate(over="ignore", invalid="ignore"):
        assert np.isinf(np.exp(1000.0)) and np.isnan(np.exp(1000.0) / np.exp(1000.0))


def test_row_sums_without_keepdims_fail_or_pair_with_the_columns():
    A = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    with pytest.raises(ValueError, match="could not be broadcast together"):
        A / np.sum(A, axis=1)
    square = np.array([[1.0, 3.0], [1.0, 1.0]])
    silent = square / np.sum(square, axis=1)  # no error ...
    np.testing.assert_allclose(silent, square / np.array([[4.0, 2.0]]))  # ... columns
    assert not np.allclose(silent, square / np.sum(square, axis=1, keepdims=True))


def test_reshape_reads_the_panels_row_by_row(notebook):
    toy = np.arange(27).reshape(3, 3, 3)
    column = notebook["image2vector"](toy)
    assert column.shape == (27, 1)
    np.testing.assert_array_equal(column[:, 0], np.concatenate([p.ravel() for p in toy]))
    np.testing.assert_array_equal(column[:3, 0], toy[0, 0])  # one pixel's channels together
