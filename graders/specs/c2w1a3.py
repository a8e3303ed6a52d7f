"""Hidden grader spec of c2w1a3, "Gradient checking".

The one-parameter model J = theta * x is checked on negative, fractional, large
and small inputs. `gradient_check` runs on the learner's own forward and backward
functions; its difference is pure rounding error (J is linear), computed with
plain float operations that give the same bits on every machine, so it is
compared with a relative tolerance and no absolute one.

`gradient_check_n` is given networks of one to four layers (the notebook's
[4, 5, 3, 1] among them), each with either the right gradients or gradients from
a backward pass with a planted bug (a missing 1/m, a wrong ReLU derivative, a
scaled weight gradient). Where the exact value is compared, either a bug makes
the difference large, or epsilon is 1e-3 or 1e-2 so that the error of the
centred difference (mathematics), not rounding (which depends on the machine's
matrix routines), sets it. With the default epsilon and right gradients the
difference is only required to be far below the threshold 2e-7. The network's
forward pass comes from `shared_utils.gc_utils`, as in the notebook.
"""

from __future__ import annotations

import numpy as np

from graders.spec import Case, edit, exercise, random_labels, random_parameters
from shared_utils.gc_utils import forward_propagation_n

SEED = 2013

# The one-parameter difference is rounding error: ulp-level changes in a valid
# variant move it by far less than 0.1 %, while every mistake moves it by 30 % or more.
_ROUNDING = {"rtol": 1e-3, "atol": 0.0}


# --------------------------------------------------------------------------- one parameter


_COST = "    J = theta * x\n"  # (the docstring says "J = theta * x." too)


@exercise(
    mistakes={
        "adds_instead_of_multiplying": edit(
            _COST, "    J = theta + x\n", hint="J = theta * x: multiply, do not add"
        ),
        "returns_the_derivative": edit(
            _COST,
            "    J = x\n",
            hint="x is the derivative dJ/dtheta; forward propagation returns J = theta * x",
        ),
        "squares_theta": edit(_COST, "    J = theta ** 2 * x\n"),
    },
)
def forward_propagation(rng: np.random.Generator) -> list[Case]:
    values = [
        ("x = 3, theta = 4", 3.0, 4.0),
        ("negative x", -2.5, 1.2),
        ("negative theta", 0.7, -6.0),
        ("both negative", -1.25, -0.4),
        ("theta = 0", 5.0, 0.0),
        ("large values", 1.0e4, 3.5e3),
        ("random numpy numbers", np.float64(rng.normal()), np.float64(rng.normal())),
    ]
    return [Case(label, (x, theta)) for label, x, theta in values]


@exercise(
    mistakes={
        "returns_theta": edit(
            "dtheta = x",
            "dtheta = theta",
            hint="the derivative of theta * x with respect to theta is x",
        ),
        "returns_the_cost": edit(
            "dtheta = x",
            "dtheta = theta * x",
            hint="theta * x is the cost J itself; its derivative with respect to theta is x",
        ),
        "returns_one": edit("dtheta = x", "dtheta = 1.0"),
    },
)
def backward_propagation(rng: np.random.Generator) -> list[Case]:
    values = [
        ("x = 3, theta = 4", 3.0, 4.0),
        ("negative x", -2.5, 1.2),
        ("x = 1, theta = 7", 1.0, 7.0),
        ("theta = 0", 5.0, 0.0),
        ("fractional values", 0.125, -0.75),
        ("random numpy numbers", np.float64(rng.normal()), np.float64(rng.normal())),
    ]
    return [Case(label, (x, theta)) for label, x, theta in values]


_DENOMINATOR = "denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)"
_ABSOLUTE = edit(
    _DENOMINATOR,
    "denominator = 1.0",
    hint="divide by ||grad|| + ||gradapprox||: the difference is a relative one",
)


@exercise(
    mistakes={
        "epsilon_not_doubled": edit(
            "(J_plus - J_minus) / (2 * epsilon)",
            "(J_plus - J_minus) / epsilon",
            hint="theta_plus and theta_minus are 2 * epsilon apart: divide by 2 * epsilon",
        ),
        "differences_swapped": edit(
            "(J_plus - J_minus) / (2 * epsilon)",
            "(J_minus - J_plus) / (2 * epsilon)",
            hint="the centred difference is J_plus - J_minus, in that order",
        ),
        "absolute_difference": _ABSOLUTE,
        "only_grad_in_denominator": edit(
            _DENOMINATOR,
            "denominator = np.linalg.norm(grad)",
            hint="the denominator is ||grad|| + ||gradapprox||",
        ),
        "minus_side_not_shifted": edit(
            "J_minus = forward_propagation(x, theta_minus)",
            "J_minus = forward_propagation(x, theta)",
            hint="J_minus is the cost at theta - epsilon",
        ),
    },
    depends=("forward_propagation", "backward_propagation"),
)
def gradient_check(rng: np.random.Generator) -> list[Case]:
    values = [
        ("x = 3, theta = 4, default epsilon", (3.0, 4.0), {}),
        ("negative x", (-4.0, 2.5), {}),
        ("negative theta", (2.0, -7.5), {}),
        ("epsilon = 1e-4", (1.5, 0.3), {"epsilon": 1e-4}),
        ("epsilon = 1e-2", (-3.0, 1.1), {"epsilon": 1e-2}),
        ("large x", (250.0, 0.02), {}),
        ("print_msg = True", (2.25, -1.0), {"print_msg": True}),
        ("random numbers", (float(rng.uniform(1.1, 4.0)), float(rng.normal())), {}),
    ]
    return [Case(label, args, kwargs=kw, **_ROUNDING) for label, args, kw in values]


# --------------------------------------------------------------------------- N parameters


def _network(rng: np.random.Generator, dims: list[int], m: int) -> tuple:
    """Random parameters, inputs and labels (both classes when m > 1)."""
    params = random_parameters(rng, dims)
    X = rng.normal(size=(dims[0], m))
    Y = random_labels(rng, m).astype(float)
    if m > 1:
        Y[0, :2] = [0.0, 1.0]
    return params, X, Y


def _gradients(params: dict, X: np.ndarray, Y: np.ndarray, bug: str | None = None) -> dict:
    """Gradients of `forward_propagation_n`'s cost; `bug` plants one mistake in them."""
    L = len(params) // 2
    _, cache = forward_propagation_n(X, Y, params)
    m = X.shape[1]
    grads = {}
    dZ = cache[f"A{L}"] - Y
    for layer in range(L, 0, -1):
        grads[f"dW{layer}"] = dZ @ cache[f"A{layer - 1}"].T / m
        grads[f"db{layer}"] = np.sum(dZ, axis=1, keepdims=True) / m
        if layer > 1:
            dA = cache[f"W{layer}"].T @ dZ
            mask = (
                cache[f"A{layer - 1}"]
                if bug == "relu_as_activation" and layer == 2
                else (cache[f"Z{layer - 1}"] > 0)
            )
            dZ = dA * mask
    if bug == "db_sum":
        grads[f"db{L}"] = grads[f"db{L}"] * m
    if bug == "dW2_scaled":
        grads["dW2"] = 1.5 * grads["dW2"]
    return grads


_PLUS_COPY = "        theta_plus = np.copy(parameters_values)\n"


@exercise(
    mistakes={
        "one_sided_difference": edit(
            [
                ("theta_minus[i] - epsilon", "theta_minus[i] - 0.0"),
                ("(J_plus[i] - J_minus[i]) / (2 * epsilon)", "(J_plus[i] - J_minus[i]) / epsilon"),
            ],
            hint="use the centred difference: shift theta both ways, divide by 2 * epsilon",
        ),
        "epsilon_not_doubled": edit(
            "(J_plus[i] - J_minus[i]) / (2 * epsilon)",
            "(J_plus[i] - J_minus[i]) / epsilon",
            hint="theta_plus and theta_minus are 2 * epsilon apart: divide by 2 * epsilon",
        ),
        "absolute_difference": _ABSOLUTE,
        "norm_of_the_sum": edit(
            _DENOMINATOR,
            "denominator = np.linalg.norm(grad + gradapprox)",
            hint="the denominator is ||grad|| + ||gradapprox||, two norms added",
        ),
        "theta_not_copied": edit(
            "np.copy(parameters_values)",
            "parameters_values",
            every=True,
            hint="copy parameters_values before shifting one entry: np.copy(...)",
        ),
        "shift_never_undone": edit(
            [
                (_PLUS_COPY, ""),
                (
                    "    for i in range(num_parameters):\n",
                    "    theta_plus = np.copy(parameters_values)\n"
                    "    for i in range(num_parameters):\n",
                ),
            ],
            hint="start theta_plus from a fresh copy of parameters_values for every i",
        ),
        "gradapprox_not_a_column": edit(
            "gradapprox = np.zeros((num_parameters, 1))",
            "gradapprox = np.zeros(num_parameters)",
        ),
    },
)
def gradient_check_n(rng: np.random.Generator) -> list[Case]:
    setups = [  # label, dims, m, bug, kwargs, exact
        (
            "[4, 5, 3, 1], right gradients, epsilon = 1e-3",
            [4, 5, 3, 1],
            3,
            None,
            {"epsilon": 1e-3},
            True,
        ),
        (
            "[4, 5, 3, 1], a bias gradient with the 1/m missing",
            [4, 5, 3, 1],
            3,
            "db_sum",
            {},
            True,
        ),
        (
            "[3, 4, 1], right gradients, epsilon = 1e-2",
            [3, 4, 1],
            5,
            None,
            {"epsilon": 1e-2},
            True,
        ),
        (
            "[2, 6, 4, 3, 1], wrong ReLU derivative",
            [2, 6, 4, 3, 1],
            4,
            "relu_as_activation",
            {},
            True,
        ),
        (
            "[5, 2, 1], a single example, right gradients, epsilon = 1e-3",
            [5, 2, 1],
            1,
            None,
            {"epsilon": 1e-3},
            True,
        ),
        (
            "[3, 3, 3, 1], a weight gradient 1.5 times too large",
            [3, 3, 3, 1],
            6,
            "dW2_scaled",
            {"print_msg": True},
            True,
        ),
        (
            "[6, 1], one layer, right gradients, epsilon = 1e-3",
            [6, 1],
            8,
            None,
            {"epsilon": 1e-3},
            True,
        ),
        ("[4, 5, 3, 1], right gradients, default epsilon", [4, 5, 3, 1], 3, None, {}, False),
        (
            "[3, 4, 1], right gradients, print_msg = True",
            [3, 4, 1],
            5,
            None,
            {"print_msg": True},
            False,
        ),
    ]
    cases = []
    for label, dims, m, bug, kwargs, exact in setups:
        params, X, Y = _network(rng, dims, m)
        grads = _gradients(params, X, Y, bug)
        # Rounding error alone: any value far below the threshold 2e-7 is right.
        tol = {"rtol": 1e-4, "atol": 0.0} if exact else {"rtol": 0.0, "atol": 5e-8}
        cases.append(Case(label, (params, grads, X, Y), kwargs=kwargs, **tol))
    return cases
