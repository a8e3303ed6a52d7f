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

from graders.spec import Case, ExerciseSpec, variant
from shared_utils.gc_utils import forward_propagation_n

PREAMBLE = (
    "import numpy as np\n"
    "from shared_utils.gc_utils import (\n"
    "    dictionary_to_vector,\n"
    "    forward_propagation_n,\n"
    "    gradients_to_vector,\n"
    "    print_check_report,\n"
    "    vector_to_dictionary,\n"
    ")\n"
)
SEED = 2013

# The one-parameter difference is rounding error: ulp-level changes in a valid
# variant move it by far less than 0.1 %, while every mistake moves it by 30 % or more.
_ROUNDING = {"rtol": 1e-3, "atol": 0.0}


# --------------------------------------------------------------------------- one parameter


def forward_propagation_cases(rng: np.random.Generator) -> list[Case]:
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


def backward_propagation_cases(rng: np.random.Generator) -> list[Case]:
    values = [
        ("x = 3, theta = 4", 3.0, 4.0),
        ("negative x", -2.5, 1.2),
        ("x = 1, theta = 7", 1.0, 7.0),
        ("theta = 0", 5.0, 0.0),
        ("fractional values", 0.125, -0.75),
        ("random numpy numbers", np.float64(rng.normal()), np.float64(rng.normal())),
    ]
    return [Case(label, (x, theta)) for label, x, theta in values]


def gradient_check_cases(rng: np.random.Generator) -> list[Case]:
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
    """Random parameters of a moderate scale, inputs and labels (both classes when m > 1)."""
    params = {}
    for layer in range(1, len(dims)):
        params[f"W{layer}"] = rng.normal(
            0.0, 1.2 / np.sqrt(dims[layer - 1]), (dims[layer], dims[layer - 1])
        )
        params[f"b{layer}"] = rng.normal(0.0, 0.5, (dims[layer], 1))
    X = rng.normal(size=(dims[0], m))
    Y = rng.integers(0, 2, size=(1, m)).astype(float)
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


def gradient_check_n_cases(rng: np.random.Generator) -> list[Case]:
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


# --------------------------------------------------------------------------- mistakes

_GC_1D = (
    "def gradient_check(x, theta, epsilon=1e-7, print_msg=False):\n"
    "    J_plus = forward_propagation(x, theta + epsilon)\n"
    "    J_minus = {j_minus}\n"
    "    gradapprox = {gradapprox}\n"
    "    grad = backward_propagation(x, theta)\n"
    "    numerator = np.linalg.norm(grad - gradapprox)\n"
    "    denominator = {denominator}\n"
    "    return numerator / denominator\n"
)
_GC_1D_PARTS = {
    "j_minus": "forward_propagation(x, theta - epsilon)",
    "gradapprox": "(J_plus - J_minus) / (2 * epsilon)",
    "denominator": "np.linalg.norm(grad) + np.linalg.norm(gradapprox)",
}

_GC_N = (
    "def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):\n"
    "    to_dict = vector_to_dictionary\n"
    "    parameters_values, _ = dictionary_to_vector(parameters)\n"
    "    grad = gradients_to_vector(gradients)\n"
    "    n = parameters_values.shape[0]\n"
    "    gradapprox = {zeros}\n"
    "    {before_loop}\n"
    "    for i in range(n):\n"
    "        theta_plus = {plus_copy}\n"
    "        theta_plus[i] = theta_plus[i] + epsilon\n"
    "        J_plus, _ = forward_propagation_n(X, Y, to_dict(theta_plus, parameters))\n"
    "        theta_minus = {minus_copy}\n"
    "        theta_minus[i] = theta_minus[i] - {minus_step}\n"
    "        J_minus, _ = forward_propagation_n(X, Y, to_dict(theta_minus, parameters))\n"
    "        gradapprox[i] = {gradapprox}\n"
    "    numerator = np.linalg.norm(grad - gradapprox)\n"
    "    denominator = {denominator}\n"
    "    return numerator / denominator\n"
)
_GC_N_PARTS = {
    "zeros": "np.zeros((n, 1))",
    "before_loop": "pass",
    "plus_copy": "np.copy(parameters_values)",
    "minus_copy": "np.copy(parameters_values)",
    "minus_step": "epsilon",
    "gradapprox": "(J_plus - J_minus) / (2 * epsilon)",
    "denominator": "np.linalg.norm(grad) + np.linalg.norm(gradapprox)",
}


def _gc_1d(**changes: str) -> str:
    return variant(_GC_1D, _GC_1D_PARTS, **changes)


def _gc_n(**changes: str) -> str:
    return variant(_GC_N, _GC_N_PARTS, **changes)


EXERCISES = {
    "forward_propagation": ExerciseSpec(
        cases=forward_propagation_cases,
        mistakes={
            "adds_instead_of_multiplying": (
                "def forward_propagation(x, theta):\n    return theta + x\n"
            ),
            "returns_the_derivative": "def forward_propagation(x, theta):\n    return x\n",
            "squares_theta": "def forward_propagation(x, theta):\n    return theta ** 2 * x\n",
        },
    ),
    "backward_propagation": ExerciseSpec(
        cases=backward_propagation_cases,
        mistakes={
            "returns_theta": "def backward_propagation(x, theta):\n    return theta\n",
            "returns_the_cost": "def backward_propagation(x, theta):\n    return theta * x\n",
            "returns_one": "def backward_propagation(x, theta):\n    return 1.0\n",
        },
    ),
    "gradient_check": ExerciseSpec(
        cases=gradient_check_cases,
        depends=("forward_propagation", "backward_propagation"),
        mistakes={
            "epsilon_not_doubled": _gc_1d(gradapprox="(J_plus - J_minus) / epsilon"),
            "differences_swapped": _gc_1d(gradapprox="(J_minus - J_plus) / (2 * epsilon)"),
            "absolute_difference": _gc_1d(denominator="1.0"),
            "only_grad_in_denominator": _gc_1d(denominator="np.linalg.norm(grad)"),
            "minus_side_not_shifted": _gc_1d(
                j_minus="forward_propagation(x, theta)",
            ),
        },
    ),
    "gradient_check_n": ExerciseSpec(
        cases=gradient_check_n_cases,
        mistakes={
            "one_sided_difference": _gc_n(
                minus_step="0.0", gradapprox="(J_plus - J_minus) / epsilon"
            ),
            "epsilon_not_doubled": _gc_n(gradapprox="(J_plus - J_minus) / epsilon"),
            "absolute_difference": _gc_n(denominator="1.0"),
            "norm_of_the_sum": _gc_n(denominator="np.linalg.norm(grad + gradapprox)"),
            "theta_not_copied": _gc_n(
                plus_copy="parameters_values", minus_copy="parameters_values"
            ),
            "shift_never_undone": _gc_n(
                before_loop="theta_plus = np.copy(parameters_values)",
                plus_copy="theta_plus",
                minus_copy="np.copy(parameters_values)",
            ),
            "gradapprox_not_a_column": _gc_n(zeros="np.zeros(n)"),
        },
        timeout_s=20.0,
    ),
}
