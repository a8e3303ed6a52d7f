"""Hidden grader spec of c1w2a2: logistic regression as a neural network.

The cases use other shapes and values than the public tests (random inputs of
several sizes, a single example, all-equal labels, large scores, examples exactly
on the decision boundary, a tiny separable problem for the whole model). Every
mistake below is an edit of the notebook's own solution that must lose the
exercise's points.
"""

from __future__ import annotations

import numpy as np

from graders.spec import Case, edit, exercise, random_labels

SEED = 1202


# --------------------------------------------------------------------------- helpers


def _images(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    return rng.integers(0, 256, size=shape, dtype=np.uint8)


def _problem(
    rng: np.random.Generator, n: int, m: int, scale: float = 1.0
) -> tuple[np.ndarray, float, np.ndarray, np.ndarray]:
    """Random weights (n, 1), bias, inputs (n, m) and 0/1 labels (1, m)."""
    w = rng.normal(0.0, 0.5, size=(n, 1))
    b = float(rng.normal(0.0, 0.5))
    X = rng.normal(0.0, scale, size=(n, m))
    return w, b, X, random_labels(rng, m)


def _separable(
    rng: np.random.Generator, n: int, m_train: int, m_test: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """A linearly separable problem: the label says on which side of a plane x lies."""
    direction = rng.normal(size=(n, 1))
    offset = 0.3

    def draw(m: int) -> tuple[np.ndarray, np.ndarray]:
        X = rng.normal(size=(n, m))
        score = direction.T @ X + offset
        X = X + 0.5 * np.sign(score) * direction / np.linalg.norm(direction)  # a margin
        return X, (direction.T @ X + offset > 0).astype(int)

    X_train, Y_train = draw(m_train)
    X_test, Y_test = draw(m_test)
    return X_train, Y_train, X_test, Y_test


# --------------------------------------------------------------------------- exercises

_FLATTEN = "images.reshape(m, -1).T / 255"


@exercise(
    mistakes={
        "reshape_minus_one_by_m": edit(
            _FLATTEN,
            "images.reshape(-1, m) / 255",
            hint="reshape(-1, m) has the right shape but mixes the pixels of different "
            "images: use images.reshape(m, -1).T",
        ),
        "no_transpose": edit(
            _FLATTEN,
            "images.reshape(m, -1) / 255",
            hint="one column per image: transpose the (m, -1) reshape with .T",
        ),
        "not_divided": edit(
            _FLATTEN,
            "images.reshape(m, -1).T",
            hint="divide by 255 to bring the pixel values into [0, 1]",
        ),
        "divided_by_256": edit(
            "/ 255", "/ 256", hint="divide by 255, the largest pixel value, not by 256"
        ),
    },
)
def flatten_and_standardize(rng: np.random.Generator) -> list[Case]:
    extremes = (rng.integers(0, 2, size=(4, 3, 3, 3)) * 255).astype(np.uint8)
    return [
        Case("five random 4x4 images", (_images(rng, (5, 4, 4, 3)),)),
        Case("a single image", (_images(rng, (1, 6, 6, 3)),)),
        Case("three rectangular 2x5 images", (_images(rng, (3, 2, 5, 3)),)),
        Case("pixels that are only 0 or 255", (extremes,)),
        Case("twelve small images", (_images(rng, (12, 3, 3, 3)),)),
        Case("two 64x64 images", (_images(rng, (2, 64, 64, 3)),)),
    ]


@exercise(
    mistakes={
        "exponent_sign": edit(
            "np.exp(-z)", "np.exp(z)", hint="the exponent is -z: sigmoid(z) = 1 / (1 + e^(-z))"
        ),
        "math_exp": edit(
            "    s = 1 / (1 + np.exp(-z))",
            "    import math\n    s = 1 / (1 + math.exp(-z))",
        ),
        "missing_one": edit("(1 + np.exp(-z))", "np.exp(-z)"),
    },
)
def sigmoid(rng: np.random.Generator) -> list[Case]:
    return [
        Case("the number 0", (0.0,)),
        Case("a negative number", (-3.7,)),
        Case("a row vector", (rng.normal(0.0, 3.0, size=(1, 7)),)),
        Case("a 4x5 array", (rng.normal(0.0, 2.0, size=(4, 5)),)),
        Case("large magnitudes", (np.array([-30.0, -15.0, -8.0, 8.0, 15.0, 30.0]),)),
        Case("an integer array", (np.array([-2, -1, 0, 1, 2, 5]),)),
        Case("a 3-D array", (rng.normal(size=(2, 3, 2)),)),
    ]


_W_ZEROS = "np.zeros((dim, 1))"


@exercise(
    mistakes={
        "b_numpy_array": edit(
            "b = 0.0", "b = np.zeros(1)", hint="b is a plain Python float, 0.0, not an array"
        ),
        "b_int": edit("b = 0.0", "b = 0", hint="b is the float 0.0, not the integer 0"),
        "w_row": edit(_W_ZEROS, "np.zeros((1, dim))", hint="w is a column of shape (dim, 1)"),
        "w_flat": edit(
            _W_ZEROS,
            "np.zeros(dim)",
            hint="np.zeros(dim) is 1-D, shape (dim,); w is a column of shape (dim, 1)",
        ),
        "w_int": edit(
            _W_ZEROS,
            "np.zeros((dim, 1), dtype=int)",
            hint="w holds floats: keep np.zeros's default dtype",
        ),
    },
)
def initialize_with_zeros(rng: np.random.Generator) -> list[Case]:
    return [
        Case(f"dim = {dim}", (dim,), exact_types=True)
        for dim in (1, 2, 5, int(rng.integers(10, 40)), 12288)
    ]


_DW = "np.dot(X, (A - Y).T) / m"
_DB = "np.sum(A - Y) / m"


@exercise(
    depends=("sigmoid",),
    mistakes={
        "gradients_without_one_over_m": edit(
            [(_DW, "np.dot(X, (A - Y).T)"), (_DB, "np.sum(A - Y)")],
            hint="dw and db are exactly m times too large: divide by m",
        ),
        "dw_as_row": edit(
            _DW,
            "np.dot(A - Y, X.T) / m",
            hint="dw has the shape of w, (n_x, 1): np.dot(X, (A - Y).T)",
        ),
        "cost_without_minus": edit(
            "cost = -np.sum(",
            "cost = np.sum(",
            hint="the cross-entropy has a minus sign in front: the cost is positive",
        ),
        "db_as_1x1_array": edit(
            _DB,
            "np.sum(A - Y, axis=1, keepdims=True) / m",
            hint="db is a single number: np.sum(A - Y) / m, without axis or keepdims",
        ),
        "cost_not_squeezed": edit(
            [
                (
                    "-np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m",
                    "-(np.dot(Y, np.log(A).T) + np.dot(1 - Y, np.log(1 - A).T)) / m",
                ),
                ("cost = np.squeeze(cost)", "cost = cost"),
            ]
        ),
    },
)
def propagate(rng: np.random.Generator) -> list[Case]:
    cases = [
        Case("7 features, 9 examples", _problem(rng, 7, 9)),
        Case("20 features, 31 examples", _problem(rng, 20, 31, scale=0.5)),
        Case("a single example", _problem(rng, 5, 1)),
        Case("one feature, 10 examples", _problem(rng, 1, 10)),
    ]
    w, b, X, _ = _problem(rng, 4, 6)
    cases.append(Case("all labels 0", (w, b, X, np.zeros((1, 6), dtype=int))))
    w, b, X, _ = _problem(rng, 3, 8)
    cases.append(Case("all labels 1", (w, b, X, np.ones((1, 8), dtype=int))))
    _, _, X, Y = _problem(rng, 6, 4)
    cases.append(Case("zero weights and bias", (np.zeros((6, 1)), 0.0, X, Y)))
    return cases


_STEP_W = "w = w - learning_rate * dw"
_STEP_B = "b = b - learning_rate * db"
_PARAMS = '    params = {"w": w, "b": b}\n'


@exercise(
    depends=("sigmoid", "propagate"),
    rtol=1e-5,
    mistakes={
        "plus_instead_of_minus": edit(
            [(_STEP_W, "w = w + learning_rate * dw"), (_STEP_B, "b = b + learning_rate * db")],
            hint="gradient descent steps against the gradient: w = w - learning_rate * dw",
        ),
        "cost_every_iteration": edit("if i % 100 == 0:", "if True:"),
        "updates_callers_w_in_place": edit(
            [("w = copy.deepcopy(w)", "pass"), (_STEP_W, "w -= learning_rate * dw")]
        ),
        "params_built_before_the_loop": edit(
            [
                ("    costs = []\n", "    costs = []\n" + _PARAMS),
                (_PARAMS + "    grads", "    grads"),
            ]
        ),
        "hard_coded_learning_rate": edit(
            [(_STEP_W, "w = w - 0.009 * dw"), (_STEP_B, "b = b - 0.009 * db")],
            hint="use the learning_rate argument, not a fixed number",
        ),
    },
)
def optimize(rng: np.random.Generator) -> list[Case]:
    return [
        Case(
            "7 features, 9 examples, 150 iterations, learning rate 0.05",
            _problem(rng, 7, 9),
            {"num_iterations": 150, "learning_rate": 0.05},
        ),
        Case(
            "3 features, 20 examples, 301 iterations, learning rate 0.1",
            _problem(rng, 3, 20),
            {"num_iterations": 301, "learning_rate": 0.1},
        ),
        Case(
            "a single iteration, learning rate 0.3",
            _problem(rng, 4, 5),
            {"num_iterations": 1, "learning_rate": 0.3},
        ),
        Case(
            "a single example, 120 iterations, learning rate 0.02",
            _problem(rng, 5, 1),
            {"num_iterations": 120, "learning_rate": 0.02},
        ),
        Case("default number of iterations and learning rate", _problem(rng, 6, 12)),
    ]


@exercise(
    depends=("sigmoid",),
    mistakes={
        "threshold_on_z": edit(
            "A = sigmoid(np.dot(w.T, X) + b)",
            "A = np.dot(w.T, X) + b",
            hint="threshold the probability sigmoid(w^T x + b), not w^T x + b itself",
        ),
        "greater_or_equal": edit(
            "A > 0.5",
            "A >= 0.5",
            hint="a probability of exactly 0.5 predicts 0: use > 0.5, not >= 0.5",
        ),
        "flat_shape": edit(
            "(A > 0.5)",
            "(A[0] > 0.5)",
            hint="keep the shape (1, m): A[0] is a 1-D array",
        ),
        "forgets_bias": edit(
            "np.dot(w.T, X) + b", "np.dot(w.T, X)", hint="the bias b is missing: w^T x + b"
        ),
    },
)
def predict(rng: np.random.Generator) -> list[Case]:
    w, b, X, _ = _problem(rng, 5, 8)
    X[:, [1, 4, 6]] = 0.0  # these examples get z = 0, probability exactly 0.5
    small_w = rng.normal(0.0, 0.01, size=(4, 1))
    return [
        Case("7 features, 9 examples", _problem(rng, 7, 9)[:3]),
        Case("20 features, 31 examples", _problem(rng, 20, 31)[:3]),
        Case("a single example", _problem(rng, 3, 1)[:3]),
        Case("some examples exactly at probability 0.5", (w, 0.0, X)),
        Case("probabilities just above 0.5", (small_w, 0.2, rng.normal(size=(4, 10)))),
        Case("a large bias", (w, 25.0, rng.normal(size=(5, 6)))),
        Case("a large negative bias", (w, -25.0, rng.normal(size=(5, 6)))),
    ]


_TRAIN_ARGS = "num_iterations=num_iterations, learning_rate=learning_rate, print_cost=print_cost,"


@exercise(
    depends=("sigmoid", "initialize_with_zeros", "propagate", "optimize", "predict"),
    rtol=1e-5,
    mistakes={
        "hard_coded_hyperparameters": edit(
            _TRAIN_ARGS,
            "num_iterations=2000, learning_rate=0.5, print_cost=print_cost,",
            hint="pass model's own num_iterations and learning_rate on to optimize",
        ),
        "swapped_predictions": edit(
            [
                ("predict(w, b, X_test)", "predict(w, b, X_train)"),
                (
                    "Y_prediction_train = predict(w, b, X_train)",
                    "Y_prediction_train = predict(w, b, X_test)",
                ),
            ],
            hint="Y_prediction_test comes from X_test and Y_prediction_train from X_train",
        ),
        "missing_keys": edit(
            '        "learning_rate": learning_rate,\n        "num_iterations": num_iterations,\n',
            "",
        ),
        "w_sized_by_examples": edit(
            "initialize_with_zeros(X_train.shape[0])",
            "initialize_with_zeros(X_train.shape[1])",
            hint="w has one entry per feature: X_train.shape[0], not the number of examples",
        ),
        "positional_arguments_swapped": edit(_TRAIN_ARGS, "learning_rate, num_iterations,"),
    },
)
def model(rng: np.random.Generator) -> list[Case]:
    return [
        Case(
            "4 features, 40 training and 15 test examples, 200 iterations, learning rate 0.1",
            _separable(rng, 4, 40, 15),
            {"num_iterations": 200, "learning_rate": 0.1},
        ),
        Case(
            "6 features, 25 training and 10 test examples, 150 iterations, learning rate 0.5",
            _separable(rng, 6, 25, 10),
            {"num_iterations": 150, "learning_rate": 0.5},
        ),
        Case("default number of iterations and learning rate", _separable(rng, 3, 30, 12)),
        Case(
            "a single iteration, learning rate 0.01",
            _separable(rng, 5, 20, 8),
            {"num_iterations": 1, "learning_rate": 0.01},
        ),
    ]
