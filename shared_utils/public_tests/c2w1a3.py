"""Public tests of c2w1a3, "Gradient checking".

Each test calls the learner's function on a few small inputs whose expected
outputs are written out below, and lists what differs.

A relative difference computed with a correct gradient is mostly rounding error,
so the expected differences below are compared with a relative tolerance
(rounding in the last digit of a cost must not fail anyone) and no absolute one
(a difference of 1e-10 must not pass for one of 1e-12). The check of the
network uses epsilon = 1e-3 where the exact value matters: there the error of
the centred difference, not rounding, sets the difference. The hidden grader
uses other networks, other inputs and other bugs as well.
"""

from __future__ import annotations

import numpy as np

from shared_utils.testing import Case, public_test

# A small network [3, 2, 1] and four examples, with the gradients of its cost
# computed by a backward pass that is known to be right.
_X = np.array(
    [
        [0.19, -0.52, -0.41, -2.44],
        [1.8, 1.14, -0.33, 0.77],
        [0.28, -0.55, 0.98, -0.31],
    ]
)
_Y = np.array([[0.0, 1.0, 1.0, 0.0]])
_PARAMETERS = {
    "W1": np.array([[-0.33, -0.79, 0.45], [-0.1, 0.55, -0.61]]),
    "b1": np.array([[0.13], [-0.89]]),
    "W2": np.array([[0.84, 0.19]]),
    "b2": np.array([[0.33]]),
}
_GRADIENTS = {
    "dW1": np.array(
        [
            [-0.29660276703319804, 0.1169365572152992, -0.09011271933226236],
            [0.0101886604526515, -0.022336678684659054, 0.010776467786458318],
        ]
    ),
    "db1": np.array([[0.07929505985320767], [-0.019593577793560576]]),
    "dW2": np.array([[-0.029456348806823907, -0.012838949659464688]]),
    "db2": np.array([[0.13671463133776843]]),
}
_BUGGY_GRADIENTS = {**_GRADIENTS, "db1": 2 * _GRADIENTS["db1"]}


@public_test(returns="J")
def test_forward_propagation() -> list[Case]:
    """forward_propagation(x, theta) = theta * x."""
    return [
        Case("x = 2, theta = 5", args=(2.0, 5.0), expected=10.0),
        Case("x = -1.5, theta = 2", args=(-1.5, 2.0), expected=-3.0),
        Case("x = 4, theta = 0", args=(4.0, 0.0), expected=0.0),
    ]


@public_test(returns="dtheta")
def test_backward_propagation() -> list[Case]:
    """backward_propagation(x, theta) = dJ/dtheta = x."""
    return [
        Case("x = 2, theta = 5", args=(2.0, 5.0), expected=2.0),
        Case("x = -1.5, theta = 2", args=(-1.5, 2.0), expected=-1.5),
    ]


@public_test(returns="difference")
def test_gradient_check() -> list[Case]:
    """gradient_check(x, theta, epsilon): relative difference, centred difference."""
    return [
        Case(
            "x = -2, theta = 0.5, default epsilon",
            args=(-2.0, 0.5),
            expected=1.244000458355143e-10,
            rtol=1e-3,
            atol=0.0,
        ),
        Case(
            "x = 1.5, theta = -3, epsilon = 1e-4",
            args=(1.5, -3.0),
            kwargs={"epsilon": 1e-4},
            expected=1.7953046456839633e-12,
            rtol=1e-3,
            atol=0.0,
        ),
    ]


@public_test(returns="difference")
def test_gradient_check_n() -> list[Case]:
    """gradient_check_n(parameters, gradients, X, Y, epsilon) on a [3, 2, 1] network."""
    return [
        Case(
            "correct gradients, epsilon = 1e-3",
            args=(_PARAMETERS, _GRADIENTS, _X, _Y),
            kwargs={"epsilon": 1e-3},
            expected=3.143744365650975e-08,
            rtol=1e-4,
            atol=0.0,
        ),
        Case(
            "db1 twice too large (a bug), default epsilon",
            args=(_PARAMETERS, _BUGGY_GRADIENTS, _X, _Y),
            expected=0.10662113657434619,
            rtol=1e-5,
            atol=0.0,
        ),
        Case(
            "correct gradients, default epsilon: only rounding error is left",
            args=(_PARAMETERS, _GRADIENTS, _X, _Y),
            expected=1.2211476124433403e-09,
            rtol=0.0,
            atol=5e-8,
        ),
    ]
