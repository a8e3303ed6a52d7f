"""Hidden grader spec of c2w3a1, "Introduction to TensorFlow".

Every exercise is called through a probe of `shared_utils.public_tests.c2w3a1`
(the spec's `harness`), so the grader checks what the notebook relies on and not
only the numbers: the kind of object returned (a `tf.Tensor`, weights held in
`tf.Variable`s, float32), gradients that reach every parameter through
`tf.GradientTape` (numpy inside a forward pass or a loss breaks them), and
`one_hot_matrix` working inside `tf.function`, as `Dataset.map` runs it.

The cases go beyond the public tests: other shapes (single example, square
matrices where a missing transpose goes unnoticed by shape), integer inputs to
`sigmoid`, labels given as numbers and as tensors of shape (1,) and other depths,
other layer sizes and seeds for the initialiser (a hard-coded seed, a global seed
or an unseeded initialiser fails), biases that are not zero in the forward pass
(a missing bias fails), and very confident logits in the loss (a hand-made
`log(softmax)` gives inf or NaN there). All values are float32, so tolerances are
those of float32 arithmetic.

TensorFlow takes a few seconds of CPU to import in each sandboxed child, hence
the longer time limit; its memory stays well inside the default limits.
"""

from __future__ import annotations

import numpy as np

from graders.spec import Case, ExerciseSpec, variant

PREAMBLE = "import numpy as np\nimport tensorflow as tf\nimport keras\n"
SEED = 2321
# Importing TensorFlow alone takes 4-6 s of CPU, and over 15 s of wall-clock time on
# a busy 2-core machine: a learner's endless loop still stops after this.
TIMEOUT_S = 90.0
PROBES = "shared_utils.public_tests.c2w3a1"


def _spec(cases, probe: str, mistakes: dict[str, str], **kwargs) -> ExerciseSpec:
    return ExerciseSpec(
        cases=cases,
        mistakes=mistakes,
        harness=f"{PROBES}:{probe}",
        timeout_s=TIMEOUT_S,
        **kwargs,
    )


# --------------------------------------------------------------------------- cases


def linear_function_cases(rng: np.random.Generator) -> list[Case]:
    shapes = [  # (n_y, n_x, m)
        ((4, 3, 1), "a single example"),
        ((2, 5, 7), "5 inputs, 2 outputs, 7 examples"),
        ((3, 3, 3), "square W and X"),
        ((1, 6, 4), "a single output row"),
        ((5, 1, 2), "a single input feature"),
    ]
    cases = [
        Case(
            label,
            (
                rng.normal(size=(n_x, m)),
                rng.normal(size=(n_y, n_x)),
                rng.normal(size=(n_y, 1)),
            ),
        )
        for (n_y, n_x, m), label in shapes
    ]
    X = rng.normal(size=(4, 6)).astype(np.float32)
    W = rng.normal(size=(3, 4)).astype(np.float32)
    b = rng.normal(size=(3, 1)).astype(np.float32)
    cases.append(Case("float32 inputs", (X, W, b)))
    return cases


def sigmoid_cases(rng: np.random.Generator) -> list[Case]:
    return [
        Case("a negative number", (-3.5,)),
        Case("the integer 3", (3,)),
        Case("the integer -2", (-2,)),
        Case("an integer array", (np.array([0, 2, -4, 7]),)),
        Case("a 2-D array", (rng.normal(0, 3, size=(3, 4)),)),
        Case("large magnitudes", (np.array([-40.0, -15.0, 15.0, 40.0]),)),
        Case("a float32 column", (rng.uniform(-6, 6, size=(5, 1)).astype(np.float32),)),
    ]


def one_hot_matrix_cases(rng: np.random.Generator) -> list[Case]:
    return [
        Case("the number 3, depth 6", (3, 6)),
        Case("a label of shape (1,): [0], depth 6", (np.array([0]), 6)),
        Case("a label of shape (1,): [5], depth 6", (np.array([5]),), {"depth": 6}),
        Case("a label of shape (1,) with the default depth", (np.array([2]),)),
        Case("a label of shape (1,), depth 10", (np.array([int(rng.integers(0, 10))]), 10)),
        Case("the number 1, depth 2", (1, 2)),
        Case("a numpy integer, depth 4", (np.int64(3), 4)),
    ]


def initialize_parameters_cases(rng: np.random.Generator) -> list[Case]:
    setups = [  # (layer_dims, seed or None for the default)
        ((5, 4, 3, 2), 1, "layer_dims (5, 4, 3, 2), seed 1"),
        ((6, 5, 4, 3), None, "layer_dims (6, 5, 4, 3), default seed"),
        ([3, 6, 2, 4], int(rng.integers(2, 1000)), "layer_dims [3, 6, 2, 4] (a list)"),
        ((10, 8, 6, 4), int(rng.integers(2, 1000)), "layer_dims (10, 8, 6, 4)"),
        ((2, 1, 1, 1), int(rng.integers(2, 1000)), "one unit per layer"),
        ((40, 12, 7, 6), int(rng.integers(2, 1000)), "40 inputs, 6 classes"),
    ]
    return [
        Case(label, (dims,), {} if seed is None else {"seed": seed})
        for dims, seed, label in setups
    ]


def _parameters(rng: np.random.Generator, dims: tuple[int, ...]) -> dict[str, np.ndarray]:
    """Weights of a moderate scale and non-zero biases (some ReLUs on, some off)."""
    parameters = {}
    for layer in range(1, 4):
        n, n_prev = dims[layer], dims[layer - 1]
        parameters[f"W{layer}"] = rng.normal(0, 1.2 / np.sqrt(n_prev), size=(n, n_prev))
        parameters[f"b{layer}"] = rng.normal(0, 0.5, size=(n, 1))
    return {k: v.astype(np.float32) for k, v in parameters.items()}


def forward_propagation_cases(rng: np.random.Generator) -> list[Case]:
    setups = [  # (layer_dims, m, pixel-like inputs)
        ((5, 4, 3, 2), 3, False, "layers (5, 4, 3, 2), 3 examples"),
        ((12, 6, 5, 6), 8, False, "layers (12, 6, 5, 6), 8 examples"),
        ((3, 2, 2, 2), 1, False, "a single example"),
        ((8, 5, 4, 3), 16, True, "inputs in [0, 1], 16 examples"),
        ((6, 6, 6, 6), 6, False, "square weights and a square batch"),
        ((20, 10, 7, 6), 12, True, "20 inputs, 6 classes"),
    ]
    cases = []
    for dims, m, pixels, label in setups:
        X = rng.uniform(0, 1, size=(dims[0], m)) if pixels else rng.normal(size=(dims[0], m))
        cases.append(Case(label, (X.astype(np.float32), _parameters(rng, dims))))
    return cases


def _one_hot(labels: np.ndarray, depth: int) -> np.ndarray:
    return np.eye(depth, dtype=np.float32)[:, labels]


def compute_total_loss_cases(rng: np.random.Generator) -> list[Case]:
    def case(label: str, n_y: int, m: int, scale: float = 2.0, classes=None) -> Case:
        logits = rng.normal(0, scale, size=(n_y, m)).astype(np.float32)
        y = rng.integers(0, n_y, size=m) if classes is None else classes
        return Case(label, (logits, _one_hot(y, n_y)))

    confident = np.full((6, 4), -60.0, dtype=np.float32)
    confident[[0, 3, 5, 2], range(4)] = 60.0  # right for examples 0-1, wrong for 2-3
    labels = _one_hot(np.array([0, 3, 1, 4]), 6)
    return [
        case("6 classes, a single example", 6, 1),
        case("6 classes, 6 examples (a square batch)", 6, 6),
        case("6 classes, a mini-batch of 32", 6, 32, scale=1.0),
        case("3 classes, 5 examples", 3, 5),
        case("every example of the same class", 4, 7, classes=np.full(7, 2)),
        Case("very confident predictions (logits of +-60)", (confident, labels)),
    ]


# --------------------------------------------------------------------------- mistakes

_LINEAR = (
    "def linear_function(X, W, b):\n"
    "    X = tf.constant(X)\n"
    "    W = tf.constant(W)\n"
    "    b = tf.constant(b)\n"
    "    return {result}\n"
)
_LINEAR_PARTS = {"result": "tf.add(tf.matmul(W, X), b)"}

_SIGMOID = "def sigmoid(z):\n    z = {cast}\n    return {activation}\n"
_SIGMOID_PARTS = {"cast": "tf.cast(z, tf.float32)", "activation": "keras.activations.sigmoid(z)"}

_ONE_HOT = "def one_hot_matrix(label, depth=6):\n    return {body}\n"
_ONE_HOT_PARTS = {"body": "tf.reshape(tf.one_hot(label, depth, axis=0), shape=[depth])"}

_INIT = (
    "def initialize_parameters(layer_dims=(12288, 25, 12, 6), seed=1):\n"
    "    {setup}\n"
    "    initializer = {initializer}\n"
    "    parameters = {{}}\n"
    "    for l in range(1, 4):\n"
    "        shape = {shape}\n"
    '        parameters[f"W{{l}}"] = {holder}(initializer(shape))\n'
    '        parameters[f"b{{l}}"] = {holder}({bias})\n'
    "    return parameters\n"
)
_INIT_PARTS = {
    "setup": "pass",
    "initializer": "keras.initializers.GlorotNormal(seed=seed)",
    "shape": "(layer_dims[l], layer_dims[l - 1])",
    "holder": "tf.Variable",
    "bias": "tf.zeros((layer_dims[l], 1))",
}

_FORWARD = (
    "def forward_propagation(X, parameters):\n"
    '    W1, b1 = parameters["W1"], parameters["b1"]\n'
    '    W2, b2 = parameters["W2"], parameters["b2"]\n'
    '    W3, b3 = parameters["W3"], parameters["b3"]\n'
    "    Z1 = {z1}\n"
    "    A1 = {hidden}(Z1)\n"
    "    Z2 = tf.matmul(W2, A1) + b2\n"
    "    A2 = {hidden}(Z2)\n"
    "    Z3 = {z3}\n"
    "    return {out}\n"
)
_FORWARD_PARTS = {
    "z1": "tf.matmul(W1, X) + b1",
    "hidden": "tf.nn.relu",
    "z3": "tf.matmul(W3, A2) + b3",
    "out": "Z3",
}

_LOSS = (
    "def compute_total_loss(logits, labels):\n"
    "    per_example = {per_example}\n"
    "    return {total}\n"
)
_LOSS_PARTS = {
    "per_example": (
        "keras.losses.categorical_crossentropy("
        "tf.transpose(labels), tf.transpose(logits), from_logits=True)"
    ),
    "total": "tf.reduce_sum(per_example)",
}


def _linear(**changes: str) -> str:
    return variant(_LINEAR, _LINEAR_PARTS, **changes)


def _sigmoid(**changes: str) -> str:
    return variant(_SIGMOID, _SIGMOID_PARTS, **changes)


def _one_hot_cell(**changes: str) -> str:
    return variant(_ONE_HOT, _ONE_HOT_PARTS, **changes)


def _init(**changes: str) -> str:
    return variant(_INIT, _INIT_PARTS, **changes)


def _forward(**changes: str) -> str:
    return variant(_FORWARD, _FORWARD_PARTS, **changes)


def _loss(**changes: str) -> str:
    return variant(_LOSS, _LOSS_PARTS, **changes)


EXERCISES = {
    "linear_function": _spec(
        linear_function_cases,
        "probe_value",
        {
            "elementwise_product": _linear(result="tf.add(tf.multiply(W, X), b)"),
            "no_bias": _linear(result="tf.matmul(W, X)"),
            # Plain numpy throughout: the right numbers, but a numpy array. (Mixing,
            # as in `np.dot(W, X) + b` on tensors, returns a tf.Tensor: numpy defers
            # the `+` to TensorFlow, so that is not a mistake the grader can see.)
            "numpy_result": "def linear_function(X, W, b):\n    return np.dot(W, X) + b\n",
            "swapped_product": _linear(
                result="tf.add(tf.transpose(tf.matmul(tf.transpose(X), W)), b)"
            ),
            "bias_subtracted": _linear(result="tf.subtract(tf.matmul(W, X), b)"),
        },
        rtol=1e-5,
        atol=1e-6,
    ),
    "sigmoid": _spec(
        sigmoid_cases,
        "probe_value",
        {
            "tanh": _sigmoid(activation="tf.math.tanh(z)"),
            "exponent_sign": _sigmoid(activation="1 / (1 + tf.exp(z))"),
            "no_cast": _sigmoid(cast="z"),
            "softmax": _sigmoid(activation="keras.activations.softmax(tf.reshape(z, [1, -1]))"),
            "numpy_result": _sigmoid(
                cast="np.asarray(z, dtype=np.float32)", activation="1 / (1 + np.exp(-z))"
            ),
            "relu": _sigmoid(activation="keras.activations.relu(z)"),
        },
        rtol=1e-5,
        atol=1e-7,
    ),
    "one_hot_matrix": _spec(
        one_hot_matrix_cases,
        "probe_one_hot_matrix",
        {
            "column_not_reshaped": _one_hot_cell(body="tf.one_hot(label, depth, axis=0)"),
            "row_not_reshaped": _one_hot_cell(body="tf.one_hot(label, depth)"),
            "depth_ignored": _one_hot_cell(body="tf.reshape(tf.one_hot(label, 6, axis=0), [6])"),
            "python_int": _one_hot_cell(body="tf.one_hot(int(label), depth)"),
            "numpy_eye": _one_hot_cell(body="np.eye(depth, dtype=np.float32)[np.ravel(label)[0]]"),
        },
    ),
    "initialize_parameters": _spec(
        initialize_parameters_cases,
        "probe_initialize_parameters",
        {
            "glorot_uniform": _init(initializer="keras.initializers.GlorotUniform(seed=seed)"),
            "unseeded": _init(initializer="keras.initializers.GlorotNormal()"),
            "seed_fixed_to_1": _init(initializer="keras.initializers.GlorotNormal(seed=1)"),
            "global_seed": _init(
                setup="keras.utils.set_random_seed(seed)",
                initializer="keras.initializers.GlorotNormal()",
            ),
            "seed_per_layer": _init(
                initializer="lambda shape: keras.initializers.GlorotNormal(seed=seed + l)(shape)"
            ),
            "he_normal": _init(initializer="keras.initializers.HeNormal(seed=seed)"),
            "random_biases": _init(bias="initializer((layer_dims[l], 1))"),
            "bias_vector": _init(bias="tf.zeros((layer_dims[l],))"),
            "transposed_weights": _init(shape="(layer_dims[l - 1], layer_dims[l])"),
            "constants": _init(holder="tf.constant"),
            "float64_biases": _init(bias="np.zeros((layer_dims[l], 1))"),
            "hard_coded_sizes": _init(
                setup="layer_dims = (12288, 25, 12, 6)",
            ),
        },
    ),
    "forward_propagation": _spec(
        forward_propagation_cases,
        "probe_forward_propagation",
        {
            "relu_on_logits": _forward(out="tf.nn.relu(Z3)"),
            "softmax_on_logits": _forward(out="tf.nn.softmax(Z3, axis=0)"),
            "sigmoid_hidden": _forward(hidden="tf.math.sigmoid"),
            "missing_first_bias": _forward(z1="tf.matmul(W1, X)"),
            "numpy_first_layer": _forward(z1="np.dot(W1, X) + b1"),
            "missing_last_bias": _forward(z3="tf.matmul(W3, A2)"),
        },
        rtol=1e-4,
        atol=1e-5,
    ),
    "compute_total_loss": _spec(
        compute_total_loss_cases,
        "probe_compute_total_loss",
        {
            "softmax_before_loss": _loss(
                per_example=(
                    "keras.losses.categorical_crossentropy(tf.transpose(labels),"
                    " tf.transpose(tf.nn.softmax(logits, axis=0)), from_logits=True)"
                )
            ),
            "mean_not_sum": _loss(total="tf.reduce_mean(per_example)"),
            "no_transpose": _loss(
                per_example=(
                    "keras.losses.categorical_crossentropy(labels, logits, from_logits=True)"
                )
            ),
            "probabilities_expected": _loss(
                per_example=(
                    "keras.losses.categorical_crossentropy("
                    "tf.transpose(labels), tf.transpose(logits))"
                )
            ),
            "log_of_softmax": _loss(
                per_example=(
                    "-tf.reduce_sum(labels * tf.math.log(tf.nn.softmax(logits, axis=0)), axis=0)"
                )
            ),
            "numpy_total": _loss(total="np.sum(per_example.numpy())"),
            "binary_cross_entropy": _loss(
                per_example=(
                    "keras.losses.binary_crossentropy("
                    "tf.transpose(labels), tf.transpose(logits), from_logits=True)"
                )
            ),
        },
        rtol=1e-5,
        atol=1e-5,
    ),
}
