"""Hidden grader spec of c1w4a2, "Deep neural network for image classification".

Both graded functions train a whole network, so every case is a short training run
on small random data (5 to 10 features, 1 to 30 examples) with its own seed set by
`Case.np_seed` right before the call: a model that seeds itself gets other weights
and fails. The cases vary the layer sizes, the learning rate and the number of
iterations, including counts where the last iteration is or is not a multiple of
100, so the cost list must hold iterations 0, 100, 200, ... and the last one, each
once. Parameters and costs are compared together. The two exercises are graded
independently: each one uses only the helpers of `shared_utils.dnn_app_utils`.
"""

from __future__ import annotations

import numpy as np

from graders.spec import Case, ExerciseSpec, draw_seed, variant

PREAMBLE = "import numpy as np\nfrom shared_utils import dnn_app_utils as dnn\n"
SEED = 4242


def _data(rng: np.random.Generator, n_x: int, m: int, integer_labels: bool) -> tuple:
    X = rng.normal(size=(n_x, m))
    Y = rng.integers(0, 2, size=(1, m))
    if m > 1:  # both classes present
        Y[0, 0], Y[0, 1] = 0, 1
    return X, (Y if integer_labels else Y.astype(float))


def _cases(rng: np.random.Generator, setups: list[tuple]) -> list[Case]:
    cases = []
    for label, m, dims, learning_rate, iterations, integer_labels in setups:
        X, Y = _data(rng, dims[0], m, integer_labels)
        kwargs = {"num_iterations": iterations}
        if learning_rate is not None:
            kwargs["learning_rate"] = learning_rate
        cases.append(Case(label, (X, Y, dims), kwargs=kwargs, np_seed=draw_seed(rng)))
    return cases


def two_layer_model_cases(rng: np.random.Generator) -> list[Case]:
    return _cases(
        rng,
        [
            ("(5, 4, 1), 12 examples, 50 iterations, lr 0.05", 12, (5, 4, 1), 0.05, 50, True),
            ("(8, 6, 1), 20 examples, 300 iterations, lr 0.1", 20, (8, 6, 1), 0.1, 300, False),
            ("(6, 2, 1), 30 examples, 101 iterations, lr 0.02", 30, (6, 2, 1), 0.02, 101, True),
            (
                "(10, 8, 1), 15 examples, 150 iterations, default lr",
                15,
                (10, 8, 1),
                None,
                150,
                True,
            ),
            ("(4, 3, 1), a single example, 120 iterations, lr 0.2", 1, (4, 3, 1), 0.2, 120, False),
        ],
    )


def L_layer_model_cases(rng: np.random.Generator) -> list[Case]:
    return _cases(
        rng,
        [
            ("[5, 4, 1], 12 examples, 50 iterations, lr 0.05", 12, [5, 4, 1], 0.05, 50, True),
            (
                "[8, 6, 3, 1], 20 examples, 300 iterations, lr 0.1",
                20,
                [8, 6, 3, 1],
                0.1,
                300,
                False,
            ),
            (
                "[6, 5, 4, 3, 1], 25 examples, 201 iterations, lr 0.05",
                25,
                [6, 5, 4, 3, 1],
                0.05,
                201,
                True,
            ),
            (
                "[10, 7, 1], 15 examples, 150 iterations, default lr",
                15,
                [10, 7, 1],
                None,
                150,
                True,
            ),
            (
                "[4, 3, 2, 1], a single example, 120 iterations, lr 0.2",
                1,
                [4, 3, 2, 1],
                0.2,
                120,
                False,
            ),
        ],
    )


# --------------------------------------------------------------------------- mistakes

_TWO_LAYER = (
    "def two_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000,"
    " print_cost=False):\n"
    "    costs = []\n"
    "    n_x, n_h, n_y = layers_dims\n"
    "    {init}\n"
    "    for i in range({iterations}):\n"
    '        W1, b1 = parameters["W1"], parameters["b1"]\n'
    '        W2, b2 = parameters["W2"], parameters["b2"]\n'
    '        A1, cache1 = dnn.linear_activation_forward(X, W1, b1, "{first}")\n'
    '        A2, cache2 = dnn.linear_activation_forward(A1, W2, b2, "{second}")\n'
    "        cost = dnn.compute_cost(A2, Y)\n"
    "        dA2 = -(Y / A2 - (1 - Y) / (1 - A2))\n"
    '        dA1, dW2, db2 = dnn.linear_activation_backward(dA2, {cache_out}, "{second}")\n'
    '        _, dW1, db1 = dnn.linear_activation_backward(dA1, {cache_hidden}, "{first}")\n'
    '        grads = {{"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}}\n'
    "        {update}\n"
    "        if {record}:\n"
    "            costs.append(cost)\n"
    "    {ret}\n"
)


_TWO_LAYER_PARTS = {
    "init": "parameters = dnn.initialize_parameters(n_x, n_h, n_y)",
    "iterations": "num_iterations",
    "first": "relu",
    "second": "sigmoid",
    "cache_out": "cache2",
    "cache_hidden": "cache1",
    "update": "parameters = dnn.update_parameters(parameters, grads, learning_rate)",
    "record": "i % 100 == 0 or i == num_iterations - 1",
    "ret": "return parameters, costs",
}


def _two_layer(**changes: str) -> str:
    return variant(_TWO_LAYER, _TWO_LAYER_PARTS, **changes)


_L_LAYER = (
    "def L_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000,"
    " print_cost=False):\n"
    "    costs = []\n"
    "    {init}\n"
    "    for i in range(num_iterations):\n"
    "        AL, caches = dnn.L_model_forward(X, parameters)\n"
    "        cost = dnn.compute_cost(AL, Y)\n"
    "        grads = dnn.L_model_backward(AL, Y, caches)\n"
    "        {update}\n"
    "        if {record}:\n"
    "            costs.append({recorded})\n"
    "    {ret}\n"
)


_L_LAYER_PARTS = {
    "init": "parameters = dnn.initialize_parameters_deep(layers_dims)",
    "update": "parameters = dnn.update_parameters(parameters, grads, learning_rate)",
    "record": "i % 100 == 0 or i == num_iterations - 1",
    "recorded": "cost",
    "ret": "return parameters, costs",
}


def _L_layer(**changes: str) -> str:
    return variant(_L_LAYER, _L_LAYER_PARTS, **changes)


_ZERO_INIT_DEEP = (
    "parameters = {}\n"
    "    for l in range(1, len(layers_dims)):\n"
    '        parameters["W" + str(l)] = np.zeros((layers_dims[l], layers_dims[l - 1]))\n'
    '        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))'
)
_PLUS_UPDATE = (
    "for key in grads:\n"
    "            parameters[key[1:]] = parameters[key[1:]] + learning_rate * grads[key]"
)

EXERCISES: dict[str, ExerciseSpec] = {
    "two_layer_model": ExerciseSpec(
        cases=two_layer_model_cases,
        timeout_s=60.0,
        mistakes={
            "forgets_to_update": _two_layer(update="pass"),
            "plus_instead_of_minus": _two_layer(update=_PLUS_UPDATE),
            "activations_swapped": _two_layer(first="sigmoid", second="relu"),
            "caches_swapped": _two_layer(cache_out="cache1", cache_hidden="cache2"),
            "ignores_learning_rate": _two_layer(
                update="parameters = dnn.update_parameters(parameters, grads, 0.0075)"
            ),
        },
    ),
    "L_layer_model": ExerciseSpec(
        cases=L_layer_model_cases,
        timeout_s=60.0,
        mistakes={
            "costs_every_iteration": _L_layer(record="True"),
            "ignores_num_iterations": _L_layer().replace("range(num_iterations)", "range(3000)"),
            "zero_initialisation": _L_layer(init=_ZERO_INIT_DEEP),
            "seeds_inside": _L_layer(
                init=(
                    "np.random.seed(1)\n"
                    "    parameters = dnn.initialize_parameters_deep(layers_dims)"
                )
            ),
            "returns_only_parameters": _L_layer(ret="return parameters"),
        },
    ),
}
