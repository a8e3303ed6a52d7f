"""Public tests of c1w2a1, "Python basics with numpy".

Each `test_<name>(target)` calls the learner's function on a few small inputs
whose expected outputs are written out below, and prints what differs. The
hidden grader uses other inputs (shapes, signs, magnitudes) as well.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from shared_utils.testing import PublicCase, run_public_tests


def test_basic_sigmoid(target: Callable[..., Any]) -> None:
    """basic_sigmoid(x) for single Python numbers."""
    run_public_tests(
        target,
        [
            PublicCase("x = 1.0", args=(1.0,), expected=0.7310585786300049),
            PublicCase("x = 0.0", args=(0.0,), expected=0.5),
            PublicCase("negative x = -2.0", args=(-2.0,), expected=0.11920292202211755),
        ],
    )


def test_sigmoid(target: Callable[..., Any]) -> None:
    """sigmoid(x) for a number, a 1-D array and a 2-D array."""
    run_public_tests(
        target,
        [
            PublicCase(
                "1-D array [1, 2, 3]",
                args=(np.array([1.0, 2.0, 3.0]),),
                expected=np.array([0.7310585786300049, 0.8807970779778823, 0.9525741268224334]),
            ),
            PublicCase("single number 0.0", args=(0.0,), expected=0.5),
            PublicCase(
                "2x2 matrix with negative entries",
                args=(np.array([[-1.0, 0.5], [2.0, -4.0]]),),
                expected=np.array(
                    [
                        [0.2689414213699951, 0.6224593312018546],
                        [0.8807970779778823, 0.01798620996209156],
                    ]
                ),
            ),
        ],
    )


def test_sigmoid_derivative(target: Callable[..., Any]) -> None:
    """sigmoid_derivative(x) = s * (1 - s) with s = sigmoid(x)."""
    run_public_tests(
        target,
        [
            PublicCase(
                "1-D array [1, 2, 3]",
                args=(np.array([1.0, 2.0, 3.0]),),
                expected=np.array([0.19661193324148185, 0.10499358540350662, 0.0451766597309121]),
            ),
            PublicCase("single number 0.0", args=(0.0,), expected=0.25),
            PublicCase(
                "2x2 matrix with negative entries",
                args=(np.array([[-1.0, 0.5], [2.0, -4.0]]),),
                expected=np.array(
                    [
                        [0.19661193324148185, 0.2350037122015945],
                        [0.10499358540350662, 0.017662706213291118],
                    ]
                ),
            ),
        ],
    )


def test_image2vector(target: Callable[..., Any]) -> None:
    """image2vector(image) returns a (length * height * depth, 1) column in C order."""
    run_public_tests(
        target,
        [
            PublicCase(
                "image of shape (2, 3, 2) holding 0..11 (expect a column, last axis fastest)",
                args=(
                    np.array(
                        [
                            [[0.0, 1.0], [2.0, 3.0], [4.0, 5.0]],
                            [[6.0, 7.0], [8.0, 9.0], [10.0, 11.0]],
                        ]
                    ),
                ),
                expected=np.array(
                    [
                        [0.0],
                        [1.0],
                        [2.0],
                        [3.0],
                        [4.0],
                        [5.0],
                        [6.0],
                        [7.0],
                        [8.0],
                        [9.0],
                        [10.0],
                        [11.0],
                    ]
                ),
            ),
            PublicCase(
                "image of shape (1, 2, 3)",
                args=(np.array([[[0.25, 0.5, 0.75], [-0.1, 0.2, -0.3]]]),),
                expected=np.array([[0.25], [0.5], [0.75], [-0.1], [0.2], [-0.3]]),
            ),
        ],
    )


def test_normalize_rows(target: Callable[..., Any]) -> None:
    """normalize_rows(x) divides every row by its own L2 norm."""
    run_public_tests(
        target,
        [
            PublicCase(
                "2x3 matrix (rows of norm 5 and 3)",
                args=(np.array([[3.0, 0.0, 4.0], [1.0, 2.0, 2.0]]),),
                expected=np.array(
                    [
                        [0.6, 0.0, 0.8],
                        [0.3333333333333333, 0.6666666666666666, 0.6666666666666666],
                    ]
                ),
            ),
            PublicCase(
                "2x2 matrix (catches a norm taken along the wrong axis or without keepdims)",
                args=(np.array([[1.0, 1.0], [0.0, 2.0]]),),
                expected=np.array([[0.7071067811865475, 0.7071067811865475], [0.0, 1.0]]),
            ),
            PublicCase(
                "single row with negative entries",
                args=(np.array([[-2.0, 1.0, 2.0, 4.0]]),),
                expected=np.array([[-0.4, 0.2, 0.4, 0.8]]),
            ),
        ],
    )


def test_softmax(target: Callable[..., Any]) -> None:
    """softmax(x) applied to every row of an (m, n) matrix."""
    run_public_tests(
        target,
        [
            PublicCase(
                "2x3 matrix",
                args=(np.array([[1.0, 2.0, 3.0], [2.0, 2.0, 2.0]]),),
                expected=np.array(
                    [
                        [0.09003057317038046, 0.24472847105479764, 0.6652409557748219],
                        [0.3333333333333333, 0.3333333333333333, 0.3333333333333333],
                    ]
                ),
            ),
            PublicCase(
                "2x2 matrix (each row must sum to 1, not each column)",
                args=(np.array([[0.0, 1.0], [2.0, 0.0]]),),
                expected=np.array(
                    [
                        [0.2689414213699951, 0.7310585786300049],
                        [0.8807970779778823, 0.11920292202211755],
                    ]
                ),
            ),
            PublicCase(
                "large scores (subtract the row maximum first)",
                args=(np.array([[1000.0, 1001.0, 1002.0]]),),
                expected=np.array(
                    [[0.09003057317038046, 0.24472847105479764, 0.6652409557748219]]
                ),
            ),
        ],
    )


_YHAT = (0.9, 0.2, 0.1, 0.4, 0.9)
_Y = (1.0, 0.0, 0.0, 1.0, 1.0)


def test_L1(target: Callable[..., Any]) -> None:
    """L1(yhat, y) = sum of |y - yhat|."""
    run_public_tests(
        target,
        [
            PublicCase("five predictions", args=(np.array(_YHAT), np.array(_Y)), expected=1.1),
            PublicCase(
                "perfect predictions",
                args=(np.array([0.3, 0.7]), np.array([0.3, 0.7])),
                expected=0.0,
            ),
            PublicCase(
                "errors of both signs (they must not cancel)",
                args=(np.array([0.5, 1.5]), np.array([1.0, 1.0])),
                expected=1.0,
            ),
        ],
    )


def test_L2(target: Callable[..., Any]) -> None:
    """L2(yhat, y) = sum of (y - yhat) ** 2."""
    run_public_tests(
        target,
        [
            PublicCase("five predictions", args=(np.array(_YHAT), np.array(_Y)), expected=0.43),
            PublicCase(
                "errors of both signs (a sum of squares, no square root)",
                args=(np.array([0.5, 1.5]), np.array([1.0, 1.0])),
                expected=0.5,
            ),
        ],
    )
