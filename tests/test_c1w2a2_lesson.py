"""c1w2a2 (Logistic regression): the cheap claims of the lesson, rerun.

The lesson quotes the sizes and the share of cats of the data set, warns that
`reshape(-1, m)` has the right shape but the wrong content, and says the first cost,
with zero parameters, is log 2. (The quoted results of the 2000-iteration run take
longer to rerun than a lesson test should; the notebook prints them next to the text.)
"""

from __future__ import annotations

import numpy as np
import pytest

from graders.engine import solution_namespace


@pytest.fixture(scope="module")
def notebook():
    return solution_namespace("c1w2a2", cells=("train_x_orig, train_y, ",))


def test_the_data_has_the_quoted_sizes_and_share_of_cats(notebook):
    train_x, train_y = notebook["train_x_orig"], notebook["train_y"]
    test_x, test_y = notebook["test_x_orig"], notebook["test_y"]
    assert train_x.shape == (209, 64, 64, 3) and test_x.shape == (50, 64, 64, 3)
    assert train_y.shape == (1, 209) and test_y.shape == (1, 50)
    assert round(100 * train_y.mean()) == 34 and round(100 * test_y.mean()) == 66
    assert int(test_y.sum()) == 33  # "although 33 are cats"
    assert [int(v) for v in train_y[0, :10]] == [1, 1, 0, 0, 0, 0, 1, 0, 0, 0]


def test_reshape_minus_one_m_has_the_right_shape_but_mixes_images(notebook):
    images = notebook["train_x_orig"][:5]
    right = notebook["flatten_and_standardize"](images)
    wrong = images.reshape(-1, 5) / 255
    assert right.shape == wrong.shape == (64 * 64 * 3, 5)
    np.testing.assert_allclose(right[:, 2], images[2].reshape(-1) / 255)
    assert not np.allclose(wrong[:, 2], images[2].reshape(-1) / 255)


def test_the_first_cost_with_zero_parameters_is_log_2(notebook):
    X = notebook["flatten_and_standardize"](notebook["train_x_orig"])
    w, b = notebook["initialize_with_zeros"](X.shape[0])
    _, cost = notebook["propagate"](w, b, X, notebook["train_y"])
    assert float(cost) == pytest.approx(np.log(2)) and f"{float(cost):.6f}" == "0.693147"
