"""Public tests of c3w2a1, "Autonomous driving: error analysis, mismatched data, transfer,
multi-task".

Each `test_<name>(target)` calls your function on a few small inputs whose expected
outputs are written out below and lists everything that differs. The hidden grader
uses other inputs as well (other sizes, edge cases, ties).
"""

from __future__ import annotations

import numpy as np

from shared_utils.testing import Case, public_test

nan = np.nan

# Ten dev examples, five of them errors, and three tags (say fog, small, cut).
_ERRORS = np.array([1, 0, 1, 1, 0, 0, 1, 0, 1, 0], dtype=bool)
_TAGS = np.array(
    [
        [1, 0, 0],
        [0, 1, 0],
        [1, 1, 0],
        [0, 0, 0],
        [1, 0, 1],
        [0, 0, 1],
        [1, 0, 1],
        [0, 0, 0],
        [0, 1, 0],
        [1, 1, 1],
    ],
    dtype=bool,
)


@public_test(returns=("share", "ceiling"))
def test_error_analysis_table():
    """error_analysis_table(errors, tags) -> (share, ceiling)."""
    return [
        Case(
            "10 examples, 5 errors, 3 tags",
            args=(_ERRORS, _TAGS),
            expected=(np.array([0.6, 0.4, 0.2]), np.array([0.3, 0.2, 0.1])),
        ),
        Case(
            "6 examples, 2 errors, an example with two tags",
            args=(
                np.array([1, 1, 0, 0, 0, 0], dtype=bool),
                np.array([[1, 0], [1, 1], [0, 1], [0, 1], [0, 0], [1, 1]], dtype=bool),
            ),
            expected=(np.array([1.0, 0.5]), np.array([1 / 3, 1 / 6])),
        ),
        Case(
            "no error at all",
            args=(np.zeros(4, dtype=bool), np.ones((4, 2), dtype=bool)),
            expected=(np.zeros(2), np.zeros(2)),
        ),
    ]


_SOURCES = np.array(["day", "dusk"] * 6)


@public_test(returns=("train", "train_dev", "dev", "test"))
def test_split_with_train_dev():
    """split_with_train_dev(sources, target, sizes, seed) -> (train, train_dev, dev, test)."""
    return [
        Case(
            "6 day and 6 dusk examples, sizes (2, 2, 2), seed 0",
            args=(_SOURCES, "dusk", (2, 2, 2), 0),
            expected=(
                np.array([0, 1, 3, 4, 8, 10]),
                np.array([2, 6]),
                np.array([5, 7]),
                np.array([9, 11]),
            ),
        ),
        Case(
            "same examples, sizes (3, 2, 3), seed 1",
            args=(_SOURCES, "dusk", (3, 2, 3), 1),
            expected=(
                np.array([0, 2, 7, 10]),
                np.array([4, 6, 8]),
                np.array([1, 9]),
                np.array([3, 5, 11]),
            ),
        ),
    ]


def _gaps(bias: float, variance: float, mismatch: float, overfit: float) -> dict:
    return {
        "avoidable bias": bias,
        "variance": variance,
        "data mismatch": mismatch,
        "overfitting to dev": overfit,
    }


@public_test(returns=("gaps", "largest"))
def test_diagnose_mismatch():
    """diagnose_mismatch(human, train, train_dev, dev, test) -> (gaps, largest)."""
    return [
        Case(
            "data mismatch",
            args=(0.01, 0.02, 0.025, 0.09, 0.095),
            expected=(_gaps(0.01, 0.005, 0.065, 0.005), "data mismatch"),
        ),
        Case(
            "avoidable bias",
            args=(0.01, 0.08, 0.09, 0.10, 0.10),
            expected=(_gaps(0.07, 0.01, 0.01, 0.0), "avoidable bias"),
        ),
        Case(
            "variance",
            args=(0.02, 0.03, 0.10, 0.11, 0.11),
            expected=(_gaps(0.01, 0.07, 0.01, 0.0), "variance"),
        ),
        Case(
            "overfitting to dev",
            args=(0.005, 0.01, 0.015, 0.02, 0.06),
            expected=(_gaps(0.005, 0.005, 0.005, 0.04), "overfitting to dev"),
        ),
    ]


@public_test(returns="loss")
def test_multitask_loss():
    """multitask_loss(Y, Y_hat) -> loss."""
    return [
        Case(
            "3 tasks, 4 examples, 4 entries unlabelled",
            args=(
                np.array([[1, 0, nan, 1], [nan, 1, 0, 0], [0, nan, nan, 1]]),
                np.array([[0.9, 0.2, 0.5, 0.6], [0.3, 0.7, 0.1, 0.4], [0.2, 0.6, 0.5, 0.8]]),
            ),
            expected=0.5646194691822489,
        ),
        Case(
            "every entry labelled",
            args=(np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([[0.8, 0.3], [0.1, 0.6]])),
            expected=0.5980023173383796,
        ),
        Case(
            "an example with no label at all",
            args=(
                np.array([[nan, 1.0, nan], [nan, nan, 0.0]]),
                np.array([[0.5, 0.25, 0.5], [0.5, 0.5, 0.2]]),
            ),
            expected=0.5364793041447001,
        ),
    ]


_SIZES = np.array([20, 50, 100, 400])


@public_test(returns=("gains", "pays_up_to"))
def test_transfer_pays_off():
    """transfer_pays_off(sizes, scratch_errors, transfer_errors) -> (gains, pays_up_to)."""
    return [
        Case(
            "transfer helps up to 100 examples",
            args=(_SIZES, np.array([0.30, 0.22, 0.15, 0.08]), np.array([0.12, 0.10, 0.09, 0.09])),
            expected=(np.array([0.18, 0.12, 0.06, -0.01]), 100),
        ),
        Case(
            "transfer never helps",
            args=(_SIZES, np.array([0.30, 0.22, 0.15, 0.08]), np.array([0.31, 0.25, 0.16, 0.10])),
            expected=(np.array([-0.01, -0.03, -0.01, -0.02]), 0),
        ),
        Case(
            "a tie is no gain",
            args=(np.array([10, 30, 90]), np.array([0.2, 0.1, 0.05]), np.array([0.1, 0.05, 0.05])),
            expected=(np.array([0.1, 0.05, 0.0]), 30),
        ),
    ]
