"""Public tests of c1w2a1, "Python basics with numpy".

Each `test_<name>(<name>)` calls the learner's function on a few small inputs
whose expected outputs are written out below and lists every output that
differs, by the name the lesson gives it. The hidden grader uses other inputs
(shapes, signs, magnitudes) as well.
"""

from __future__ import annotations

import numpy as np

from shared_utils.testing import Case, public_test


@public_test(returns="s")
def test_basic_sigmoid() -> list[Case]:
    """basic_sigmoid(x) for single Python numbers."""
    return [
        Case("x = 1.0", args=(1.0,), expected=0.7310585786300049),
        Case("x = 0.0", args=(0.0,), expected=0.5),
        Case("negative x = -2.0", args=(-2.0,), expected=0.11920292202211755),
    ]


@public_test(returns="s")
def test_sigmoid() -> list[Case]:
    """sigmoid(x) for a number, a 1-D array and a 2-D array."""
    return [
        Case(
            "1-D array [1, 2, 3]",
            args=(np.array([1.0, 2.0, 3.0]),),
            expected=np.array([0.7310585786300049, 0.8807970779778823, 0.9525741268224334]),
        ),
        Case("single number 0.0", args=(0.0,), expected=0.5),
        Case(
            "2x2 matrix with negative entries",
            args=(np.array([[-1.0, 0.5], [2.0, -4.0]]),),
            expected=np.array(
                [
                    [0.2689414213699951, 0.6224593312018546],
                    [0.8807970779778823, 0.01798620996209156],
                ]
            ),
        ),
    ]


@public_test(returns="ds")
def test_sigmoid_derivative() -> list[Case]:
    """sigmoid_derivative(x) = s * (1 - s) with s = sigmoid(x)."""
    return [
        Case(
            "1-D array [1, 2, 3]",
            args=(np.array([1.0, 2.0, 3.0]),),
            expected=np.array([0.19661193324148185, 0.10499358540350662, 0.0451766597309121]),
        ),
        Case("single number 0.0", args=(0.0,), expected=0.25),
        Case(
            "2x2 matrix with negative entries",
            args=(np.array([[-1.0, 0.5], [2.0, -4.0]]),),
            expected=np.array(
                [
                    [0.19661193324148185, 0.2350037122015945],
                    [0.10499358540350662, 0.017662706213291118],
                ]
            ),
        ),
    ]


@public_test(returns="v")
def test_image2vector() -> list[Case]:
    """image2vector(image) returns a (length * height * depth, 1) column in C order."""
    return [
        Case(
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
        Case(
            "image of shape (1, 2, 3)",
            args=(np.array([[[0.25, 0.5, 0.75], [-0.1, 0.2, -0.3]]]),),
            expected=np.array([[0.25], [0.5], [0.75], [-0.1], [0.2], [-0.3]]),
        ),
    ]


@public_test(returns="x_normalized")
def test_normalize_rows() -> list[Case]:
    """normalize_rows(x) divides every row by its own L2 norm."""
    return [
        Case(
            "2x3 matrix (rows of norm 5 and 3)",
            args=(np.array([[3.0, 0.0, 4.0], [1.0, 2.0, 2.0]]),),
            expected=np.array(
                [
                    [0.6, 0.0, 0.8],
                    [0.3333333333333333, 0.6666666666666666, 0.6666666666666666],
                ]
            ),
        ),
        Case(
            "2x2 matrix (catches a norm taken along the wrong axis or without keepdims)",
            args=(np.array([[1.0, 1.0], [0.0, 2.0]]),),
            expected=np.array([[0.7071067811865475, 0.7071067811865475], [0.0, 1.0]]),
        ),
        Case(
            "single row with negative entries",
            args=(np.array([[-2.0, 1.0, 2.0, 4.0]]),),
            expected=np.array([[-0.4, 0.2, 0.4, 0.8]]),
        ),
    ]


@public_test(returns="s")
def test_softmax() -> list[Case]:
    """softmax(x) applied to every row of an (m, n) matrix."""
    return [
        Case(
            "2x3 matrix",
            args=(np.array([[1.0, 2.0, 3.0], [2.0, 2.0, 2.0]]),),
            expected=np.array(
                [
                    [0.09003057317038046, 0.24472847105479764, 0.6652409557748219],
                    [0.3333333333333333, 0.3333333333333333, 0.3333333333333333],
                ]
            ),
        ),
        Case(
            "2x2 matrix (each row must sum to 1, not each column)",
            args=(np.array([[0.0, 1.0], [2.0, 0.0]]),),
            expected=np.array(
                [
                    [0.2689414213699951, 0.7310585786300049],
                    [0.8807970779778823, 0.11920292202211755],
                ]
            ),
        ),
        Case(
            "large scores (subtract the row maximum first)",
            args=(np.array([[1000.0, 1001.0, 1002.0]]),),
            expected=np.array([[0.09003057317038046, 0.24472847105479764, 0.6652409557748219]]),
        ),
    ]


_YHAT = (0.9, 0.2, 0.1, 0.4, 0.9)
_Y = (1.0, 0.0, 0.0, 1.0, 1.0)


@public_test(returns="loss")
def test_L1() -> list[Case]:
    """L1(yhat, y) = sum of |y - yhat|."""
    return [
        Case("five predictions", args=(np.array(_YHAT), np.array(_Y)), expected=1.1),
        Case(
            "perfect predictions",
            args=(np.array([0.3, 0.7]), np.array([0.3, 0.7])),
            expected=0.0,
        ),
        Case(
            "errors of both signs (they must not cancel)",
            args=(np.array([0.5, 1.5]), np.array([1.0, 1.0])),
            expected=1.0,
        ),
    ]


@public_test(returns="loss")
def test_L2() -> list[Case]:
    """L2(yhat, y) = sum of (y - yhat) ** 2."""
    return [
        Case("five predictions", args=(np.array(_YHAT), np.array(_Y)), expected=0.43),
        Case(
            "errors of both signs (a sum of squares, no square root)",
            args=(np.array([0.5, 1.5]), np.array([1.0, 1.0])),
            expected=0.5,
        ),
    ]
