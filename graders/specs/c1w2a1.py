"""Hidden grader spec of c1w2a1, "Python basics with numpy".

The eight functions are independent (no `depends`). Cases go beyond the public
tests: other shapes (non-square, single row or column, 3-D), signs, zeros and
large magnitudes; softmax must survive scores around +-1000. Each mistake is an
edit of the notebook's own solution, a slip learners really make, and fails at
least one case.
"""

from __future__ import annotations

import numpy as np

from graders.spec import Case, edit, exercise

SEED = 20212


def _shape(rng: np.random.Generator, low: int = 1, high: int = 6, ndim: int = 2) -> tuple:
    """A random shape with every length in [low, high]."""
    return tuple(int(n) for n in rng.integers(low, high + 1, size=ndim))


# --------------------------------------------------------------------------- sigmoid family

_EXPONENT_HINT = "the exponent is -x: sigmoid(x) = 1 / (1 + e^(-x))"


@exercise(
    rtol=1e-7,
    atol=1e-14,
    mistakes={
        "exponent_sign": edit("math.exp(-x)", "math.exp(x)", hint=_EXPONENT_HINT),
        "operator_precedence": edit(
            "1 / (1 + math.exp(-x))",
            "1 / 1 + math.exp(-x)",
            hint="mind the brackets: 1 / 1 + e^(-x) divides first; write 1 / (1 + e^(-x))",
        ),
        "minus_in_denominator": edit("(1 + math.exp(-x))", "(1 - math.exp(-x))"),
        "forgot_the_one": edit("(1 + math.exp(-x))", "math.exp(-x)"),
    },
)
def basic_sigmoid(rng: np.random.Generator) -> list[Case]:
    # math.exp takes single numbers: every input is a Python float.
    return [
        Case("zero", (0.0,)),
        Case("small positive number", (0.75,)),
        Case("negative number", (-3.2,)),
        Case("large positive number", (25.0,)),
        Case("large negative number", (-25.0,)),
        Case("random number", (float(rng.uniform(-8, 8)),)),
        Case("another random number", (float(rng.uniform(-8, 8)),)),
    ]


def _array_cases(rng: np.random.Generator, big: float) -> list[Case]:
    """Inputs shared by sigmoid and sigmoid_derivative (number or array of any shape)."""
    return [
        Case("single number", (1.5,)),
        Case("1-D array", (3 * rng.standard_normal(7),)),
        Case("non-square 2-D array", (2 * rng.standard_normal((3, 5)),)),
        Case("all zeros", (np.zeros((4, 2)),)),
        Case("large magnitudes", (np.array([-big, -big / 2, -1.0, 0.0, 1.0, big / 2, big]),)),
        Case("column vector", (rng.uniform(-5, 5, size=(6, 1)),)),
        Case("3-D array", (rng.uniform(-6, 6, size=(2, 3, 4)),)),
        Case("random shape", (4 * rng.standard_normal(_shape(rng)),)),
    ]


@exercise(
    rtol=1e-7,
    atol=1e-14,
    mistakes={
        "exponent_sign": edit("np.exp(-x)", "np.exp(x)", hint=_EXPONENT_HINT),
        "math_exp_on_arrays": edit("np.exp(-x)", "math.exp(-x)"),
        "operator_precedence": edit(
            "1 / (1 + np.exp(-x))",
            "1 / 1 + np.exp(-x)",
            hint="mind the brackets: 1 / 1 + e^(-x) divides first; write 1 / (1 + e^(-x))",
        ),
        "tanh_instead": edit(
            "1 / (1 + np.exp(-x))",
            "np.tanh(x)",
            hint="this is tanh(x); the sigmoid is 1 / (1 + e^(-x))",
        ),
    },
)
def sigmoid(rng: np.random.Generator) -> list[Case]:
    return _array_cases(rng, big=40.0)


@exercise(
    rtol=1e-7,
    atol=1e-14,
    mistakes={
        "plus_instead_of_minus": edit(
            "s * (1 - s)", "s * (1 + s)", hint="the derivative is s * (1 - s), with a minus"
        ),
        "forgot_the_sigmoid": edit(
            "ds = s * (1 - s)",
            "ds = x * (1 - x)",
            hint="apply the formula to s = sigmoid(x), not to x itself",
        ),
        "returns_the_sigmoid": edit(
            "    return ds",
            "    return s",
            hint="this is sigmoid(x) itself; its derivative is s * (1 - s)",
        ),
        "denominator_not_squared": edit("ds = s * (1 - s)", "ds = np.exp(-x) / (1 + np.exp(-x))"),
    },
)
def sigmoid_derivative(rng: np.random.Generator) -> list[Case]:
    return _array_cases(rng, big=30.0)


# --------------------------------------------------------------------------- reshaping

_RESHAPE = "image.reshape(length * height * depth, 1)"


@exercise(
    rtol=0.0,
    atol=0.0,
    mistakes={
        "row_vector": edit(
            _RESHAPE,
            "image.reshape(1, length * height * depth)",
            hint="v is a column of shape (length * height * depth, 1), not a row",
        ),
        "fortran_order": edit(
            _RESHAPE,
            "image.reshape((-1, 1), order='F')",
            hint="the right numbers in another order: keep numpy's default order "
            "(the last axis changes fastest)",
        ),
        "flat_1d": edit(
            _RESHAPE,
            "image.flatten()",
            hint="a 1-D array has shape (n,); the lesson asks for a column of shape (n, 1)",
        ),
        "assumes_square": edit(_RESHAPE, "image.reshape(length * length * depth, 1)"),
        "channels_first": edit(
            f"v = {_RESHAPE}", "v = np.transpose(image, (2, 0, 1)).reshape(-1, 1)"
        ),
    },
)
def image2vector(rng: np.random.Generator) -> list[Case]:
    return [
        Case("square image (3, 3, 2)", (rng.uniform(0, 1, size=(3, 3, 2)),)),
        Case("non-square image (4, 2, 3)", (rng.uniform(-1, 1, size=(4, 2, 3)),)),
        Case("single pixel (1, 1, 3)", (np.array([[[0.1, 0.5, 0.9]]]),)),
        Case("depth 1 (5, 2, 1)", (rng.standard_normal((5, 2, 1)),)),
        Case("integer pixel values", (rng.integers(0, 256, size=(2, 3, 3)),)),
        Case("tall image (6, 1, 2)", (rng.uniform(0, 255, size=(6, 1, 2)),)),
        Case("random shape", (rng.standard_normal(_shape(rng, 2, 5, ndim=3)),)),
    ]


# --------------------------------------------------------------------------- row-wise maths

_ROW_NORMS = "np.linalg.norm(x, axis=1, keepdims=True)"


@exercise(
    mistakes={
        "divides_by_row_sum": edit(
            _ROW_NORMS,
            "np.sum(x, axis=1, keepdims=True)",
            hint="divide each row by its length (np.linalg.norm), not by its sum",
        ),
        "norm_along_columns": edit(
            "axis=1",
            "axis=0",
            hint="axis=0 gives the norm of each column; the rows need axis=1",
        ),
        "no_keepdims": edit(
            "axis=1, keepdims=True",
            "axis=1",
            hint="without keepdims=True the norms have shape (m,) and divide the wrong entries",
        ),
        "whole_matrix_norm": edit(
            _ROW_NORMS,
            "np.linalg.norm(x)",
            hint="that is the norm of the whole matrix; each row needs its own norm (axis=1)",
        ),
        "divides_in_place": edit("x_normalized = x / norms", "x /= norms\n    x_normalized = x"),
    },
)
def normalize_rows(rng: np.random.Generator) -> list[Case]:
    return [
        Case("non-square matrix (2, 3)", (rng.uniform(0.5, 3, size=(2, 3)),)),
        Case("square matrix (3, 3)", (rng.standard_normal((3, 3)),)),
        Case("single row", (rng.standard_normal((1, 5)),)),
        Case("single column with negative entries", (np.array([[2.0], [-3.0], [0.5], [-1.0]]),)),
        Case(
            "zeros and negative entries",
            (np.array([[0.0, -3.0, 4.0, 0.0], [5.0, 0.0, 0.0, 0.0], [-1.0, -1.0, -1.0, -1.0]]),),
        ),
        Case("large magnitudes", (1e6 * rng.standard_normal((5, 3)),)),
        Case("integer entries", (np.array([[3, 4], [6, 8], [0, 5]]),)),
        Case("random shape", (rng.standard_normal(_shape(rng, 2, 7)),)),
    ]


_ROW_SUMS = "x_sum = np.sum(x_exp, axis=1, keepdims=True)"


@exercise(
    rtol=1e-6,
    atol=1e-12,
    mistakes={
        "columns_instead_of_rows": edit(
            "axis=1",
            "axis=0",
            every=True,
            hint="softmax works on each row: take the max and the sum with axis=1",
        ),
        "no_exponential": edit("x_exp = np.exp(shifted)", "x_exp = x"),
        "no_keepdims": edit(
            _ROW_SUMS,
            "x_sum = np.sum(x_exp, axis=1)",
            hint="without keepdims=True the sums have shape (m,) and divide the wrong entries",
        ),
        "sum_over_whole_matrix": edit(
            _ROW_SUMS,
            "x_sum = np.sum(x_exp)",
            hint="divide each row by its own sum (axis=1), not by the sum of the whole matrix",
        ),
        "no_max_subtraction": edit(
            "x_exp = np.exp(shifted)",
            "x_exp = np.exp(x)",
            hint="subtract each row's maximum before np.exp: e^1000 overflows to inf",
        ),
    },
)
def softmax(rng: np.random.Generator) -> list[Case]:
    return [
        Case("non-square matrix (2, 4)", (rng.standard_normal((2, 4)),)),
        Case("square matrix (3, 3)", (2 * rng.standard_normal((3, 3)),)),
        Case("single row", (rng.uniform(-3, 3, size=(1, 6)),)),
        Case("single column", (rng.standard_normal((5, 1)),)),
        Case("negative scores", (-rng.uniform(0.5, 6, size=(4, 3)),)),
        Case("large scores around 1000", (1000 + 3 * rng.standard_normal((3, 4)),)),
        Case("very negative scores around -1000", (-1000 + 3 * rng.standard_normal((2, 5)),)),
        Case("random shape", (3 * rng.standard_normal(_shape(rng, 2, 7)),)),
    ]


# --------------------------------------------------------------------------- losses


def _loss_cases(rng: np.random.Generator) -> list[Case]:
    """Pairs (yhat, y) of 1-D arrays, shared by L1 and L2."""
    labels = rng.integers(0, 2, size=6).astype(float)
    long_y = rng.standard_normal(50)
    same = rng.uniform(0, 1, size=4)
    return [
        Case("six predictions against 0/1 labels", (rng.uniform(0, 1, size=6), labels)),
        Case("identical vectors", (same, same.copy())),
        Case("single example", (np.array([0.2]), np.array([1.0]))),
        Case(
            "predictions above and below the labels",
            (np.array([1.5, -0.5, 2.0, 0.25]), np.array([1.0, 0.5, 1.0, 0.75])),
        ),
        Case("large values", (1000 * rng.standard_normal(8), 1000 * rng.standard_normal(8))),
        Case("long vectors", (long_y + 0.3 * rng.standard_normal(50), long_y)),
    ]


_L1 = "np.sum(np.abs(y - yhat))"


@exercise(
    mistakes={
        "mean_instead_of_sum": edit(
            _L1,
            "np.mean(np.abs(y - yhat))",
            hint="exactly m times too small: the L1 loss is a sum, not a mean",
        ),
        "no_absolute_value": edit(
            _L1,
            "np.sum(y - yhat)",
            hint="take the absolute value of each difference before summing: "
            "errors of opposite signs must not cancel",
        ),
        "abs_of_the_sum": edit(_L1, "np.abs(np.sum(y - yhat))"),
        "squared_differences": edit(
            "np.abs(y - yhat)",
            "(y - yhat) ** 2",
            hint="squared differences give the L2 loss; L1 sums absolute differences",
        ),
    },
)
def L1(rng: np.random.Generator) -> list[Case]:
    return _loss_cases(rng)


_L2 = "np.dot(diff, diff)"


@exercise(
    mistakes={
        "square_root": edit(
            _L2,
            "np.sqrt(np.dot(diff, diff))",
            hint="no square root: the L2 loss here is the sum of the squares",
        ),
        "mean_instead_of_sum": edit(
            _L2,
            "np.mean(diff ** 2)",
            hint="exactly m times too small: the L2 loss is a sum, not a mean",
        ),
        "dot_without_difference": edit(_L2, "np.dot(yhat, y)"),
        "absolute_not_squared": edit(
            _L2,
            "np.sum(np.abs(diff))",
            hint="absolute differences give the L1 loss; L2 sums squared differences",
        ),
        "square_of_the_sum": edit(
            _L2,
            "np.sum(diff) ** 2",
            hint="square each difference, then add them up (not the square of the sum)",
        ),
    },
)
def L2(rng: np.random.Generator) -> list[Case]:
    return _loss_cases(rng)
