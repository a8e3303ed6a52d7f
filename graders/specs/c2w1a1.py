"""Hidden grader spec of c2w1a1, "Initialization".

The cases go beyond the public tests: networks of one to five layers, single
units, wide and narrow layers, and layer sizes given as a list or a tuple. Every
initialiser runs right after `np.random.seed(Case.np_seed)` with seeds other than
the notebook's, so an initialiser that seeds itself fails (the lesson states
that the caller seeds). The mistakes are the slips learners make: the wrong
scale, the wrong layer's size, random biases, swapped shapes, a uniform instead
of a normal draw, the draws in the wrong order.
"""

from __future__ import annotations

import numpy as np

from graders.spec import Case, draw_seed, edit, exercise

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


# Text of the solutions that the mistakes change.
_ZERO_W = "np.zeros((layers_dims[layer], layers_dims[layer - 1]))"
_ZERO_B = "np.zeros((layers_dims[layer], 1))"
_DRAW = "np.random.randn(layers_dims[layer], layers_dims[layer - 1])"
_DRAW_T = "np.random.randn(layers_dims[layer - 1], layers_dims[layer]).T"
_HE_SCALE = "np.sqrt(2 / layers_dims[layer - 1])"
_SEEDS_ITSELF = edit(
    "    parameters = {}\n",
    "    np.random.seed(3)\n    parameters = {}\n",
    hint="your function seeds numpy itself: leave the seeding to the caller",
)
_UNIFORM = edit(
    "np.random.randn(",
    "np.random.rand(",
    hint="np.random.rand draws uniformly in [0, 1); the lesson draws from np.random.randn",
)
_TRANSPOSED = "W has shape (layers_dims[l], layers_dims[l - 1]): one row per unit of layer l"


@exercise(
    mistakes={
        "bias_as_a_row": edit(
            _ZERO_B, "np.zeros((1, layers_dims[layer]))", hint="b has shape (layers_dims[l], 1)"
        ),
        "bias_as_a_1d_vector": edit(
            _ZERO_B,
            "np.zeros(layers_dims[layer])",
            hint="b is a column of shape (layers_dims[l], 1), not a 1-D vector",
        ),
        "weight_shape_transposed": edit(
            _ZERO_W, "np.zeros((layers_dims[layer - 1], layers_dims[layer]))", hint=_TRANSPOSED
        ),
        "last_layer_missing": edit(
            "range(1, L + 1)",
            "range(1, L)",
            hint="the last layer is missing: the loop must run over layers 1 to L included",
        ),
        "ones_instead_of_zeros": edit(
            _ZERO_W, "np.ones((layers_dims[layer], layers_dims[layer - 1]))"
        ),
        "bias_as_a_python_zero": edit(_ZERO_B, "0"),
    },
)
def initialize_parameters_zeros(rng: np.random.Generator) -> list[Case]:
    return _cases(rng)


@exercise(
    mistakes={
        "times_10_missing": edit(
            f"{_DRAW} * 10", _DRAW, hint="the weights are drawn from np.random.randn times 10"
        ),
        "times_0.01_as_in_course_1": edit(
            f"{_DRAW} * 10",
            f"{_DRAW} * 0.01",
            hint="0.01 is the small scale of Course 1; this exercise asks for a large one (10)",
        ),
        "uniform_rand_instead_of_randn": _UNIFORM,
        "weight_shape_transposed": edit(_DRAW, _DRAW_T),
        "random_biases": edit(
            _ZERO_B,
            "np.random.randn(layers_dims[layer], 1) * 10",
            hint="the biases start at zero; only the weights are random",
        ),
        "seeds_itself": _SEEDS_ITSELF,
        "layers_drawn_last_to_first": edit(
            "range(1, L + 1)",
            "range(L, 0, -1)",
            hint="the right shapes, drawn in another order: draw W1 first, then W2, ...",
        ),
        "extra_draw_for_each_bias": edit(_ZERO_B, "np.random.randn(layers_dims[layer], 1) * 0.0"),
    },
)
def initialize_parameters_random(rng: np.random.Generator) -> list[Case]:
    return _cases(rng)


@exercise(
    mistakes={
        "sqrt_1_over_n_instead_of_2_over_n": edit(
            _HE_SCALE,
            "np.sqrt(1 / layers_dims[layer - 1])",
            hint="sqrt(1 / n) is Xavier's scale; He initialisation uses sqrt(2 / n)",
        ),
        "size_of_this_layer_instead_of_previous": edit(
            _HE_SCALE,
            "np.sqrt(2 / layers_dims[layer])",
            hint="the scale uses the previous layer's size, layers_dims[l - 1]",
        ),
        "variance_not_square_rooted": edit(
            _HE_SCALE,
            "2 / layers_dims[layer - 1]",
            hint="2 / n is the variance: multiply by its square root",
        ),
        "times_10_left_from_exercise_2": edit("* scale", "* 10 * scale"),
        "uniform_rand_instead_of_randn": _UNIFORM,
        "weight_shape_transposed": edit(_DRAW, _DRAW_T),
        "random_biases": edit(_ZERO_B, "np.random.randn(layers_dims[layer], 1) * scale"),
        "seeds_itself": _SEEDS_ITSELF,
        "integer_division_scale": edit(
            "2 / layers_dims[layer - 1]",
            "2 // layers_dims[layer - 1]",
            hint="2 // n is integer division (0 once n > 2): write 2 / n",
        ),
    },
)
def initialize_parameters_he(rng: np.random.Generator) -> list[Case]:
    return _cases(rng)
