"""Hidden grader spec of c2w1a1, "Initialization".

The cases go beyond the public tests: networks of one to five layers, single
units, wide and narrow layers, and layer sizes given as a list or a tuple. Every
initialiser runs right after `np.random.seed(Case.np_seed)` with seeds other than
the notebook's, so an initialiser that seeds itself fails (the lesson states
that the caller seeds). The mistakes are whole replacement cells, the slips
learners make: the wrong scale, the wrong layer's size, random biases, swapped
shapes, a uniform instead of a normal draw, the draws in the wrong order.
"""

from __future__ import annotations

import numpy as np

from graders.spec import Case, ExerciseSpec, draw_seed, variant

PREAMBLE = "import numpy as np\n"
SEED = 2101

_DIMS = [
    ([2, 10, 5, 1], "the notebook's network [2, 10, 5, 1]"),
    ([4, 1], "one layer [4, 1]"),
    ([3, 7, 1], "two layers [3, 7, 1]"),
    ([1, 1, 1], "single units [1, 1, 1]"),
    ([50, 3, 20, 2], "a wide input [50, 3, 20, 2]"),
    ([5, 8, 6, 4, 3, 1], "five layers [5, 8, 6, 4, 3, 1]"),
    ((6, 2, 9), "layer sizes as a tuple (6, 2, 9)"),
]


def _cases(rng: np.random.Generator) -> list[Case]:
    return [Case(label, (dims,), np_seed=draw_seed(rng)) for dims, label in _DIMS]


# --------------------------------------------------------------------------- mistakes

_INIT = (
    "def {name}(layers_dims):\n"
    "    parameters = {{}}\n"
    "    L = len(layers_dims) - 1\n"
    "{seed}"
    "    for l in {loop}:\n"
    '        parameters["W" + str(l)] = {w}\n'
    '        parameters["b" + str(l)] = {b}\n'
    "    return parameters\n"
)

_ZEROS = {
    "name": "initialize_parameters_zeros",
    "seed": "",
    "loop": "range(1, L + 1)",
    "w": "np.zeros((layers_dims[l], layers_dims[l - 1]))",
    "b": "np.zeros((layers_dims[l], 1))",
}
_RANDOM = {
    **_ZEROS,
    "name": "initialize_parameters_random",
    "w": "np.random.randn(layers_dims[l], layers_dims[l - 1]) * 10",
}
_HE = {
    **_ZEROS,
    "name": "initialize_parameters_he",
    "w": "np.random.randn(layers_dims[l], layers_dims[l - 1]) * np.sqrt(2 / layers_dims[l - 1])",
}

# Biases drawn first, then the weights, layer by layer: same shapes, other numbers.
_BIAS_FIRST = (
    "def {name}(layers_dims):\n"
    "    parameters = {{}}\n"
    "    for l in range(1, len(layers_dims)):\n"
    '        parameters["b" + str(l)] = np.random.randn(layers_dims[l], 1) * 0.0\n'
    "        n, n_prev = layers_dims[l], layers_dims[l - 1]\n"
    '        parameters["W" + str(l)] = np.random.randn(n, n_prev){scale}\n'
    "    return parameters\n"
)

# The weight matrices drawn from the last layer to the first.
_REVERSED = (
    "def {name}(layers_dims):\n"
    "    parameters = {{}}\n"
    "    L = len(layers_dims) - 1\n"
    "    for l in range(L, 0, -1):\n"
    "        n, n_prev = layers_dims[l], layers_dims[l - 1]\n"
    '        parameters["W" + str(l)] = np.random.randn(n, n_prev){scale}\n'
    '        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))\n'
    "    return parameters\n"
)


def _mistake(defaults: dict[str, str], **changes: str) -> str:
    return variant(_INIT, defaults, **changes)


EXERCISES: dict[str, ExerciseSpec] = {
    "initialize_parameters_zeros": ExerciseSpec(
        cases=_cases,
        mistakes={
            "bias_as_a_row": _mistake(_ZEROS, b="np.zeros((1, layers_dims[l]))"),
            "bias_as_a_1d_vector": _mistake(_ZEROS, b="np.zeros(layers_dims[l])"),
            "weight_shape_transposed": _mistake(
                _ZEROS, w="np.zeros((layers_dims[l - 1], layers_dims[l]))"
            ),
            "last_layer_missing": _mistake(_ZEROS, loop="range(1, L)"),
            "ones_instead_of_zeros": _mistake(
                _ZEROS, w="np.ones((layers_dims[l], layers_dims[l - 1]))"
            ),
            "bias_as_a_python_zero": _mistake(_ZEROS, b="0"),
        },
    ),
    "initialize_parameters_random": ExerciseSpec(
        cases=_cases,
        mistakes={
            "times_10_missing": _mistake(
                _RANDOM, w="np.random.randn(layers_dims[l], layers_dims[l - 1])"
            ),
            "times_0.01_as_in_course_1": _mistake(
                _RANDOM, w="np.random.randn(layers_dims[l], layers_dims[l - 1]) * 0.01"
            ),
            "uniform_rand_instead_of_randn": _mistake(
                _RANDOM, w="np.random.rand(layers_dims[l], layers_dims[l - 1]) * 10"
            ),
            "weight_shape_transposed": _mistake(
                _RANDOM, w="np.random.randn(layers_dims[l - 1], layers_dims[l]).T * 10"
            ),
            "random_biases": _mistake(_RANDOM, b="np.random.randn(layers_dims[l], 1) * 10"),
            "seeds_itself": _mistake(_RANDOM, seed="    np.random.seed(3)\n"),
            "layers_drawn_last_to_first": _REVERSED.format(
                name="initialize_parameters_random", scale=" * 10"
            ),
            "extra_draw_for_each_bias": _BIAS_FIRST.format(
                name="initialize_parameters_random", scale=" * 10"
            ),
        },
    ),
    "initialize_parameters_he": ExerciseSpec(
        cases=_cases,
        mistakes={
            "sqrt_1_over_n_instead_of_2_over_n": _mistake(
                _HE,
                w="np.random.randn(layers_dims[l], layers_dims[l - 1])"
                " * np.sqrt(1 / layers_dims[l - 1])",
            ),
            "size_of_this_layer_instead_of_previous": _mistake(
                _HE,
                w="np.random.randn(layers_dims[l], layers_dims[l - 1])"
                " * np.sqrt(2 / layers_dims[l])",
            ),
            "variance_not_square_rooted": _mistake(
                _HE,
                w="np.random.randn(layers_dims[l], layers_dims[l - 1]) * 2 / layers_dims[l - 1]",
            ),
            "times_10_left_from_exercise_2": _mistake(
                _HE,
                w="np.random.randn(layers_dims[l], layers_dims[l - 1])"
                " * 10 * np.sqrt(2 / layers_dims[l - 1])",
            ),
            "uniform_rand_instead_of_randn": _mistake(
                _HE,
                w="np.random.rand(layers_dims[l], layers_dims[l - 1])"
                " * np.sqrt(2 / layers_dims[l - 1])",
            ),
            "weight_shape_transposed": _mistake(
                _HE,
                w="np.random.randn(layers_dims[l - 1], layers_dims[l]).T"
                " * np.sqrt(2 / layers_dims[l - 1])",
            ),
            "random_biases": _mistake(
                _HE, b="np.random.randn(layers_dims[l], 1) * np.sqrt(2 / layers_dims[l - 1])"
            ),
            "seeds_itself": _mistake(_HE, seed="    np.random.seed(3)\n"),
            "integer_division_scale": _mistake(
                _HE,
                w="np.random.randn(layers_dims[l], layers_dims[l - 1])"
                " * np.sqrt(2 // layers_dims[l - 1])",
            ),
        },
    ),
}
