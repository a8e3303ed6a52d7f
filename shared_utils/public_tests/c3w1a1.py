"""Public tests of c3w1a1, "Bird detection: metrics, splits, human-level performance".

Each `test_<name>(target)` calls your function on a few small inputs whose expected
outputs are written out below and lists everything that differs. The hidden grader
uses other inputs as well (other sizes, edge cases, ties).
"""

from __future__ import annotations

import numpy as np

from shared_utils.case_studies import BIGGER_DEV_SET, BIGGER_MODEL, MORE_DATA
from shared_utils.testing import Case, public_test


@public_test(returns=("precision", "recall", "f1"))
def test_precision_recall_f1():
    """precision_recall_f1(y_true, y_pred) -> (precision, recall, f1)."""
    return [
        Case(
            "8 frames, 4 birds, 5 predicted",
            args=(np.array([1, 1, 0, 1, 0, 0, 1, 0]), np.array([1, 0, 0, 1, 1, 0, 1, 1])),
            expected=(0.6, 0.75, 0.6666666666666666),
        ),
        Case(
            "10 frames, 2 birds, 4 predicted",
            args=(
                np.array([1, 0, 0, 0, 0, 0, 0, 0, 0, 1]),
                np.array([1, 1, 1, 1, 0, 0, 0, 0, 0, 0]),
            ),
            expected=(0.25, 0.5, 0.3333333333333333),
        ),
        Case(
            "nothing predicted 'bird'",
            args=(np.array([0, 1, 1, 0]), np.array([0, 0, 0, 0])),
            expected=(0.0, 0.0, 0.0),
        ),
    ]


CANDIDATES = {
    "name": ["tiny", "huge", "edge", "wide"],
    "f1": np.array([0.70, 0.92, 0.85, 0.80]),
    "runtime_ms": np.array([3.0, 25.0, 10.0, 8.0]),
    "size_mb": np.array([0.5, 0.8, 0.9, 1.5]),
}


@public_test(returns="name")
def test_pick_model():
    """pick_model(candidates, max_runtime_ms, max_size_mb) -> name or None."""
    return [
        Case(
            "limits 10 ms and 1 MB ('edge' is exactly at 10 ms)",
            args=(CANDIDATES, 10.0, 1.0),
            expected="tiny",
        ),
        Case("limits 9 ms and 2 MB", args=(CANDIDATES, 9.0, 2.0), expected="wide"),
        Case("limits 30 ms and 2 MB", args=(CANDIDATES, 30.0, 2.0), expected="huge"),
        Case("limits 1 ms and 1 MB (nothing fits)", args=(CANDIDATES, 1.0, 1.0), expected=None),
    ]


SOURCES = np.array(["web", "city", "city", "web", "city", "web", "city", "city", "web", "city"])


@public_test(returns=("train", "dev", "test"))
def test_make_splits():
    """make_splits(sources, target, sizes, seed) -> (train, dev, test)."""
    return [
        Case(
            "4 web and 6 city examples, sizes (2, 2), seed 0",
            args=(SOURCES, "city", (2, 2), 0),
            expected=(np.array([0, 1, 2, 3, 5, 8]), np.array([4, 6]), np.array([7, 9])),
        ),
        Case(
            "same, seed 1",
            args=(SOURCES, "city", (2, 2), 1),
            expected=(np.array([0, 3, 5, 6, 8, 9]), np.array([1, 7]), np.array([2, 4])),
        ),
        Case(
            "dev and test use every city example",
            args=(SOURCES, "city", (3, 3), 5),
            expected=(np.array([0, 3, 5, 8]), np.array([2, 4, 7]), np.array([1, 6, 9])),
        ),
    ]


@public_test(returns=("avoidable_bias", "variance"))
def test_avoidable_bias_and_variance():
    """avoidable_bias_and_variance(human_errors, train_error, dev_error) -> (bias, variance)."""
    return [
        Case(
            "three human estimates", args=([0.06, 0.03, 0.015], 0.04, 0.10), expected=(0.025, 0.06)
        ),
        Case(
            "an array of two estimates",
            args=(np.array([0.02, 0.01]), 0.08, 0.09),
            expected=(0.07, 0.01),
        ),
        Case(
            "model better than the best human",
            args=([0.02, 0.015], 0.01, 0.03),
            expected=(-0.005, 0.02),
        ),
    ]


@public_test(returns="action")
def test_next_step():
    """next_step(human_errors, train_error, dev_error, test_error) -> action."""
    return [
        Case("large variance", args=([0.06, 0.03, 0.015], 0.04, 0.10, 0.11), expected=MORE_DATA),
        Case(
            "large avoidable bias", args=([0.02, 0.01], 0.08, 0.09, 0.095), expected=BIGGER_MODEL
        ),
        Case(
            "test error far above dev error",
            args=([0.01], 0.02, 0.04, 0.10),
            expected=BIGGER_DEV_SET,
        ),
        Case(
            "training error above the humans, variance larger",
            args=([0.05, 0.04], 0.06, 0.09, 0.09),
            expected=MORE_DATA,
        ),
    ]
