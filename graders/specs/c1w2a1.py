"""Hidden grader spec of c1w2a1, "Python basics with numpy".

The eight functions are independent (no `depends`). Cases go beyond the public
tests: other shapes (non-square, single row or column, 3-D), signs, zeros and
large magnitudes; softmax must survive scores around +-1000. Each mistake is a
slip learners really make and fails at least one case.
"""

from __future__ import annotations

import numpy as np

from graders.spec import Case, ExerciseSpec

PREAMBLE = "import math\nimport numpy as np\n"
SEED = 20212


def _shape(rng: np.random.Generator, low: int = 1, high: int = 6, ndim: int = 2) -> tuple:
    """A random shape with every length in [low, high]."""
    return tuple(int(n) for n in rng.integers(low, high + 1, size=ndim))


# --------------------------------------------------------------------------- sigmoid family


def basic_sigmoid_cases(rng: np.random.Generator) -> list[Case]:
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


def sigmoid_cases(rng: np.random.Generator) -> list[Case]:
    return _array_cases(rng, big=40.0)


def sigmoid_derivative_cases(rng: np.random.Generator) -> list[Case]:
    return _array_cases(rng, big=30.0)


# --------------------------------------------------------------------------- reshaping


def image2vector_cases(rng: np.random.Generator) -> list[Case]:
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


def normalize_rows_cases(rng: np.random.Generator) -> list[Case]:
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


def softmax_cases(rng: np.random.Generator) -> list[Case]:
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


def L1_cases(rng: np.random.Generator) -> list[Case]:
    return _loss_cases(rng)


def L2_cases(rng: np.random.Generator) -> list[Case]:
    return _loss_cases(rng)


# --------------------------------------------------------------------------- the spec

EXERCISES: dict[str, ExerciseSpec] = {
    "basic_sigmoid": ExerciseSpec(
        cases=basic_sigmoid_cases,
        rtol=1e-7,
        atol=1e-14,
        mistakes={
            "exponent_sign": "def basic_sigmoid(x):\n    return 1 / (1 + math.exp(x))\n",
            "operator_precedence": "def basic_sigmoid(x):\n    return 1 / 1 + math.exp(-x)\n",
            "minus_in_denominator": "def basic_sigmoid(x):\n    return 1 / (1 - math.exp(-x))\n",
            "forgot_the_one": "def basic_sigmoid(x):\n    return 1 / math.exp(-x)\n",
        },
    ),
    "sigmoid": ExerciseSpec(
        cases=sigmoid_cases,
        rtol=1e-7,
        atol=1e-14,
        mistakes={
            "exponent_sign": "def sigmoid(x):\n    return 1 / (1 + np.exp(x))\n",
            "math_exp_on_arrays": "def sigmoid(x):\n    return 1 / (1 + math.exp(-x))\n",
            "operator_precedence": "def sigmoid(x):\n    return 1 / 1 + np.exp(-x)\n",
            "tanh_instead": "def sigmoid(x):\n    return np.tanh(x)\n",
        },
    ),
    "sigmoid_derivative": ExerciseSpec(
        cases=sigmoid_derivative_cases,
        rtol=1e-7,
        atol=1e-14,
        mistakes={
            "plus_instead_of_minus": (
                "def sigmoid_derivative(x):\n"
                "    s = 1 / (1 + np.exp(-x))\n"
                "    return s * (1 + s)\n"
            ),
            "forgot_the_sigmoid": "def sigmoid_derivative(x):\n    return x * (1 - x)\n",
            "returns_the_sigmoid": "def sigmoid_derivative(x):\n    return 1 / (1 + np.exp(-x))\n",
            "denominator_not_squared": (
                "def sigmoid_derivative(x):\n    return np.exp(-x) / (1 + np.exp(-x))\n"
            ),
        },
    ),
    "image2vector": ExerciseSpec(
        cases=image2vector_cases,
        rtol=0.0,
        atol=0.0,
        mistakes={
            "row_vector": "def image2vector(image):\n    return image.reshape(1, -1)\n",
            "fortran_order": (
                "def image2vector(image):\n    return image.reshape((-1, 1), order='F')\n"
            ),
            "flat_1d": "def image2vector(image):\n    return image.flatten()\n",
            "assumes_square": (
                "def image2vector(image):\n"
                "    n = image.shape[0] * image.shape[0] * image.shape[2]\n"
                "    return image.reshape(n, 1)\n"
            ),
            "channels_first": (
                "def image2vector(image):\n"
                "    return np.transpose(image, (2, 0, 1)).reshape(-1, 1)\n"
            ),
        },
    ),
    "normalize_rows": ExerciseSpec(
        cases=normalize_rows_cases,
        mistakes={
            "divides_by_row_sum": (
                "def normalize_rows(x):\n    return x / np.sum(x, axis=1, keepdims=True)\n"
            ),
            "norm_along_columns": (
                "def normalize_rows(x):\n    return x / np.linalg.norm(x, axis=0, keepdims=True)\n"
            ),
            "no_keepdims": (
                "def normalize_rows(x):\n"
                "    norms = np.linalg.norm(x, axis=1)\n"
                "    return x / norms\n"
            ),
            "whole_matrix_norm": "def normalize_rows(x):\n    return x / np.linalg.norm(x)\n",
            "divides_in_place": (
                "def normalize_rows(x):\n"
                "    x /= np.linalg.norm(x, axis=1, keepdims=True)\n"
                "    return x\n"
            ),
        },
    ),
    "softmax": ExerciseSpec(
        cases=softmax_cases,
        rtol=1e-6,
        atol=1e-12,
        mistakes={
            "columns_instead_of_rows": (
                "def softmax(x):\n"
                "    e = np.exp(x - np.max(x, axis=0, keepdims=True))\n"
                "    return e / np.sum(e, axis=0, keepdims=True)\n"
            ),
            "no_exponential": "def softmax(x):\n    return x / np.sum(x, axis=1, keepdims=True)\n",
            "no_keepdims": (
                "def softmax(x):\n"
                "    e = np.exp(x - np.max(x, axis=1, keepdims=True))\n"
                "    return e / np.sum(e, axis=1)\n"
            ),
            "sum_over_whole_matrix": (
                "def softmax(x):\n"
                "    e = np.exp(x - np.max(x, axis=1, keepdims=True))\n"
                "    return e / np.sum(e)\n"
            ),
            "no_max_subtraction": (
                "def softmax(x):\n"
                "    e = np.exp(x)\n"
                "    return e / np.sum(e, axis=1, keepdims=True)\n"
            ),
        },
    ),
    "L1": ExerciseSpec(
        cases=L1_cases,
        mistakes={
            "mean_instead_of_sum": "def L1(yhat, y):\n    return np.mean(np.abs(y - yhat))\n",
            "no_absolute_value": "def L1(yhat, y):\n    return np.sum(y - yhat)\n",
            "abs_of_the_sum": "def L1(yhat, y):\n    return np.abs(np.sum(y - yhat))\n",
            "squared_differences": "def L1(yhat, y):\n    return np.sum((y - yhat) ** 2)\n",
        },
    ),
    "L2": ExerciseSpec(
        cases=L2_cases,
        mistakes={
            "square_root": "def L2(yhat, y):\n    return np.linalg.norm(y - yhat)\n",
            "mean_instead_of_sum": "def L2(yhat, y):\n    return np.mean((y - yhat) ** 2)\n",
            "dot_without_difference": "def L2(yhat, y):\n    return np.dot(yhat, y)\n",
            "absolute_not_squared": "def L2(yhat, y):\n    return np.sum(np.abs(y - yhat))\n",
            "square_of_the_sum": "def L2(yhat, y):\n    return np.sum(y - yhat) ** 2\n",
        },
    ),
}
