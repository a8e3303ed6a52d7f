"""Hidden grader spec of c1w4a2, "Deep neural network for image classification".

Both graded functions train a whole network, so every case is a short training run
on small random data (5 to 10 features, 1 to 30 examples) with its own seed set by
`Case.np_seed` right before the call: a model that seeds itself gets other weights
and fails. The cases vary the layer sizes, the learning rate and the number of
iterations, including counts where the last iteration is or is not a multiple of
100, so the cost list must hold iterations 0, 100, 200, ... and the last one, each
once. Parameters and costs are compared together. The two exercises are graded
independently: each one uses only the helpers of `shared_utils.dnn_app_utils`.
Every mistake is an edit of the notebook's own solution.
"""

from __future__ import annotations

import numpy as np

from graders.spec import Case, draw_seed, edit, exercise, random_labels

SEED = 4242


def _data(rng: np.random.Generator, n_x: int, m: int, integer_labels: bool) -> tuple:
    X = rng.normal(size=(n_x, m))
    Y = random_labels(rng, m)
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


_UPDATE = "parameters = dnn.update_parameters(parameters, grads, learning_rate)"
_SEEDING = "do not seed inside the model: the caller sets the seed"


@exercise(
    mistakes={
        "forgets_to_update": edit(
            f"        {_UPDATE}\n",
            "",
            hint="update the parameters at every iteration: "
            "parameters = dnn.update_parameters(...)",
        ),
        "plus_instead_of_minus": edit(
            _UPDATE,
            "for key in grads:\n"
            "            parameters[key[1:]] = parameters[key[1:]] + learning_rate * grads[key]",
            hint="gradient descent steps against the gradient: subtract learning_rate * grad",
        ),
        "activations_swapped": edit(
            [
                ('(X, W1, b1, "relu")', '(X, W1, b1, "sigmoid")'),
                ('(A1, W2, b2, "sigmoid")', '(A1, W2, b2, "relu")'),
                ('(dA2, cache2, "sigmoid")', '(dA2, cache2, "relu")'),
                ('(dA1, cache1, "relu")', '(dA1, cache1, "sigmoid")'),
            ],
            hint="the hidden layer uses relu and the output layer the sigmoid",
        ),
        "caches_swapped": edit(
            [("(dA2, cache2,", "(dA2, cache1,"), ("(dA1, cache1,", "(dA1, cache2,")],
            hint="go back through the output layer with cache2, then the hidden one with cache1",
        ),
        "ignores_learning_rate": edit(
            "grads, learning_rate)",
            "grads, 0.0075)",
            hint="pass the learning_rate argument on, not a fixed number",
        ),
    },
)
def two_layer_model(rng: np.random.Generator) -> list[Case]:
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


_INIT_DEEP = "    parameters = dnn.initialize_parameters_deep(layers_dims)\n"
_ZERO_INIT_DEEP = (
    "    parameters = {}\n"
    "    for l in range(1, len(layers_dims)):\n"
    '        parameters["W" + str(l)] = np.zeros((layers_dims[l], layers_dims[l - 1]))\n'
    '        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))\n'
)


@exercise(
    mistakes={
        "costs_every_iteration": edit("if i % 100 == 0 or i == num_iterations - 1:", "if True:"),
        "ignores_num_iterations": edit(
            "range(num_iterations)",
            "range(3000)",
            hint="loop num_iterations times (the argument), not a fixed number of times",
        ),
        "zero_initialisation": edit(_INIT_DEEP, _ZERO_INIT_DEEP),
        "seeds_inside": edit(_INIT_DEEP, "    np.random.seed(1)\n" + _INIT_DEEP, hint=_SEEDING),
        "returns_only_parameters": edit("return parameters, costs", "return parameters"),
    },
)
def L_layer_model(rng: np.random.Generator) -> list[Case]:
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
