"""Hidden grader spec of c1w2a2: logistic regression as a neural network.

The cases use other shapes and values than the public tests (random inputs of
several sizes, a single example, all-equal labels, large scores, examples exactly
on the decision boundary, a tiny separable problem for the whole model). Every
mistake below is a whole replacement cell that must lose the exercise's points.
"""

from __future__ import annotations

import numpy as np

from graders.spec import Case, ExerciseSpec, variant

PREAMBLE = "import copy\nimport numpy as np\n"
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
    Y = rng.integers(0, 2, size=(1, m))
    return w, b, X, Y


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


# --------------------------------------------------------------------------- cases


def flatten_cases(rng: np.random.Generator) -> list[Case]:
    extremes = (rng.integers(0, 2, size=(4, 3, 3, 3)) * 255).astype(np.uint8)
    return [
        Case("five random 4x4 images", (_images(rng, (5, 4, 4, 3)),)),
        Case("a single image", (_images(rng, (1, 6, 6, 3)),)),
        Case("three rectangular 2x5 images", (_images(rng, (3, 2, 5, 3)),)),
        Case("pixels that are only 0 or 255", (extremes,)),
        Case("twelve small images", (_images(rng, (12, 3, 3, 3)),)),
        Case("two 64x64 images", (_images(rng, (2, 64, 64, 3)),)),
    ]


def sigmoid_cases(rng: np.random.Generator) -> list[Case]:
    return [
        Case("the number 0", (0.0,)),
        Case("a negative number", (-3.7,)),
        Case("a row vector", (rng.normal(0.0, 3.0, size=(1, 7)),)),
        Case("a 4x5 array", (rng.normal(0.0, 2.0, size=(4, 5)),)),
        Case("large magnitudes", (np.array([-30.0, -15.0, -8.0, 8.0, 15.0, 30.0]),)),
        Case("an integer array", (np.array([-2, -1, 0, 1, 2, 5]),)),
        Case("a 3-D array", (rng.normal(size=(2, 3, 2)),)),
    ]


def initialize_cases(rng: np.random.Generator) -> list[Case]:
    return [
        Case(f"dim = {dim}", (dim,), exact_types=True)
        for dim in (1, 2, 5, int(rng.integers(10, 40)), 12288)
    ]


def propagate_cases(rng: np.random.Generator) -> list[Case]:
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


def optimize_cases(rng: np.random.Generator) -> list[Case]:
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


def predict_cases(rng: np.random.Generator) -> list[Case]:
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


def model_cases(rng: np.random.Generator) -> list[Case]:
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


# --------------------------------------------------------------------------- mistakes

FLATTEN_MISTAKES = {
    "reshape_minus_one_by_m": (
        "def flatten_and_standardize(images):\n"
        "    m = images.shape[0]\n"
        "    return images.reshape(-1, m) / 255\n"
    ),
    "no_transpose": (
        "def flatten_and_standardize(images):\n"
        "    return images.reshape(images.shape[0], -1) / 255\n"
    ),
    "not_divided": (
        "def flatten_and_standardize(images):\n    return images.reshape(images.shape[0], -1).T\n"
    ),
    "divided_by_256": (
        "def flatten_and_standardize(images):\n"
        "    return images.reshape(images.shape[0], -1).T / 256\n"
    ),
}

SIGMOID_MISTAKES = {
    "exponent_sign": "def sigmoid(z):\n    return 1 / (1 + np.exp(z))\n",
    "math_exp": "import math\n\n\ndef sigmoid(z):\n    return 1 / (1 + math.exp(-z))\n",
    "missing_one": "def sigmoid(z):\n    return 1 / np.exp(-z)\n",
}

INITIALIZE_MISTAKES = {
    "b_numpy_array": (
        "def initialize_with_zeros(dim):\n    return np.zeros((dim, 1)), np.zeros(1)\n"
    ),
    "b_int": "def initialize_with_zeros(dim):\n    return np.zeros((dim, 1)), 0\n",
    "w_row": "def initialize_with_zeros(dim):\n    return np.zeros((1, dim)), 0.0\n",
    "w_flat": "def initialize_with_zeros(dim):\n    return np.zeros(dim), 0.0\n",
    "w_int": "def initialize_with_zeros(dim):\n    return np.zeros((dim, 1), dtype=int), 0.0\n",
}

_PROPAGATE = """def propagate(w, b, X, Y):
    m = X.shape[1]
    A = sigmoid(np.dot(w.T, X) + b)
    cost = {cost}
    dw = {dw}
    db = {db}
    cost = {squeeze}
    return {{"dw": dw, "db": db}}, cost
"""
_COST = "-np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m"
_DW = "np.dot(X, (A - Y).T) / m"
_DB = "np.sum(A - Y) / m"
_SQUEEZE = "np.squeeze(cost)"


def _propagate(cost: str = _COST, dw: str = _DW, db: str = _DB, squeeze: str = _SQUEEZE) -> str:
    return _PROPAGATE.format(cost=cost, dw=dw, db=db, squeeze=squeeze)


PROPAGATE_MISTAKES = {
    "gradients_without_one_over_m": _propagate(dw="np.dot(X, (A - Y).T)", db="np.sum(A - Y)"),
    "dw_as_row": _propagate(dw="np.dot(A - Y, X.T) / m"),
    "cost_without_minus": _propagate(cost="np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m"),
    "db_as_1x1_array": _propagate(db="np.sum(A - Y, axis=1, keepdims=True) / m"),
    "cost_not_squeezed": _propagate(
        cost="-(np.dot(Y, np.log(A).T) + np.dot(1 - Y, np.log(1 - A).T)) / m", squeeze="cost"
    ),
}

_OPTIMIZE = """def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
    {copy}
    costs = []
    {params_early}
    for i in range({iterations}):
        grads, cost = propagate(w, b, X, Y)
        dw = grads["dw"]
        db = grads["db"]
        {update_w}
        b = b {sign} {rate} * db
        if {record}:
            costs.append(cost)
    {params_late}
    return params, {{"dw": dw, "db": db}}, costs
"""


_OPTIMIZE_PARTS = {
    "copy": "w = copy.deepcopy(w)",
    "params_early": "",
    "iterations": "num_iterations",
    "update_w": "w = w - learning_rate * dw",
    "sign": "-",
    "rate": "learning_rate",
    "record": "i % 100 == 0",
    "params_late": 'params = {"w": w, "b": b}',
}


def _optimize(**changes: str) -> str:
    return variant(_OPTIMIZE, _OPTIMIZE_PARTS, **changes)


OPTIMIZE_MISTAKES = {
    "plus_instead_of_minus": _optimize(update_w="w = w + learning_rate * dw", sign="+"),
    "cost_every_iteration": _optimize(record="True"),
    "updates_callers_w_in_place": _optimize(copy="pass", update_w="w -= learning_rate * dw"),
    "params_built_before_the_loop": _optimize(
        params_early='params = {"w": w, "b": b}', params_late=""
    ),
    "hard_coded_learning_rate": _optimize(update_w="w = w - 0.009 * dw", rate="0.009"),
}

_PREDICT = """def predict(w, b, X):
    z = np.dot(w.T, X) + {bias}
    A = sigmoid(z)
    return {result}
"""

PREDICT_MISTAKES = {
    "threshold_on_z": _PREDICT.format(bias="b", result="(z > 0.5).astype(float)"),
    "greater_or_equal": _PREDICT.format(bias="b", result="(A >= 0.5).astype(float)"),
    "flat_shape": _PREDICT.format(bias="b", result="(A[0] > 0.5).astype(float)"),
    "forgets_bias": _PREDICT.format(bias="0", result="(A > 0.5).astype(float)"),
}

_MODEL = """def model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5,
          print_cost=False):
    w, b = initialize_with_zeros({dim})
    params, grads, costs = optimize({optimize_args})
    w = params["w"]
    b = params["b"]
    Y_prediction_test = predict(w, b, {test})
    Y_prediction_train = predict(w, b, {train})
    d = {{
        "costs": costs,
        "Y_prediction_test": Y_prediction_test,
        "Y_prediction_train": Y_prediction_train,
        "w": w,
        "b": b,
        {extra}
    }}
    return d
"""


_MODEL_PARTS = {
    "dim": "X_train.shape[0]",
    "optimize_args": (
        "w, b, X_train, Y_train, num_iterations=num_iterations, "
        "learning_rate=learning_rate, print_cost=print_cost"
    ),
    "test": "X_test",
    "train": "X_train",
    "extra": '"learning_rate": learning_rate,\n        "num_iterations": num_iterations,',
}


def _model(**changes: str) -> str:
    return variant(_MODEL, _MODEL_PARTS, **changes)


MODEL_MISTAKES = {
    "hard_coded_hyperparameters": _model(
        optimize_args="w, b, X_train, Y_train, num_iterations=2000, learning_rate=0.5"
    ),
    "swapped_predictions": _model(test="X_train", train="X_test"),
    "missing_keys": _model(extra=""),
    "w_sized_by_examples": _model(dim="X_train.shape[1]"),
    "positional_arguments_swapped": _model(
        optimize_args="w, b, X_train, Y_train, learning_rate, num_iterations"
    ),
}


EXERCISES = {
    "flatten_and_standardize": ExerciseSpec(cases=flatten_cases, mistakes=FLATTEN_MISTAKES),
    "sigmoid": ExerciseSpec(cases=sigmoid_cases, mistakes=SIGMOID_MISTAKES),
    "initialize_with_zeros": ExerciseSpec(cases=initialize_cases, mistakes=INITIALIZE_MISTAKES),
    "propagate": ExerciseSpec(
        cases=propagate_cases, depends=("sigmoid",), mistakes=PROPAGATE_MISTAKES
    ),
    "optimize": ExerciseSpec(
        cases=optimize_cases,
        depends=("sigmoid", "propagate"),
        mistakes=OPTIMIZE_MISTAKES,
        rtol=1e-5,
    ),
    "predict": ExerciseSpec(cases=predict_cases, depends=("sigmoid",), mistakes=PREDICT_MISTAKES),
    "model": ExerciseSpec(
        cases=model_cases,
        depends=("sigmoid", "initialize_with_zeros", "propagate", "optimize", "predict"),
        mistakes=MODEL_MISTAKES,
        rtol=1e-5,
    ),
}
