"""Hidden grader spec of c2w3a1, "Introduction to TensorFlow".

Every exercise is called through the probe its public test names as `harness`
(in `shared_utils.public_tests.c2w3a1`), so the grader checks what the notebook
relies on and not only the numbers: the kind of object returned (a `tf.Tensor`,
weights held in `tf.Variable`s, float32), gradients that reach every parameter
through `tf.GradientTape` (numpy inside a forward pass or a loss breaks them),
and `one_hot_matrix` working inside `tf.function`, as `Dataset.map` runs it.

The cases go beyond the public tests: other shapes (single example, square
matrices where a missing transpose goes unnoticed by shape), integer inputs to
`sigmoid`, labels given as numbers and as tensors of shape (1,) and other depths,
other layer sizes and seeds for the initialiser (a hard-coded seed, a global seed
or an unseeded initialiser fails), biases that are not zero in the forward pass
(a missing bias fails), and very confident logits in the loss (a hand-made
`log(softmax)` gives inf or NaN there). All values are float32, so tolerances are
those of float32 arithmetic.

TensorFlow is imported once per grading run (the notebook's import cell), so the
default time limit per exercise holds: every case is a few small tensor operations.
"""

from __future__ import annotations

import numpy as np

from graders.spec import Case, edit, exercise, random_parameters

SEED = 2321


# --------------------------------------------------------------------------- linear_function

_LINEAR = "Y = tf.add(tf.matmul(W, X), b)"
_NUMPY = "use TensorFlow operations: the result must be a tf.Tensor, not a numpy array"


@exercise(
    mistakes={
        "elementwise_product": edit(
            "tf.matmul(W, X)",
            "tf.multiply(W, X)",
            hint="WX is a matrix product: tf.matmul, not tf.multiply",
        ),
        "no_bias": edit(_LINEAR, "Y = tf.matmul(W, X)", hint="add the bias b"),
        # Plain numpy throughout: the right numbers, but a numpy array. (Mixing, as
        # in `np.dot(W, X) + b` on tensors, returns a tf.Tensor: numpy defers the
        # `+` to TensorFlow, so that is not a mistake the grader can see.)
        "numpy_result": edit(
            [
                ("    X = tf.constant(X)\n    W = tf.constant(W)\n    b = tf.constant(b)\n", ""),
                (_LINEAR, "Y = np.dot(W, X) + b"),
            ],
            hint=_NUMPY,
        ),
        "swapped_product": edit("tf.matmul(W, X)", "tf.transpose(tf.matmul(tf.transpose(X), W))"),
        "bias_subtracted": edit(
            "tf.add(tf.matmul(W, X), b)",
            "tf.subtract(tf.matmul(W, X), b)",
            hint="add b, do not subtract it",
        ),
    },
    rtol=1e-5,
    atol=1e-6,
)
def linear_function(rng: np.random.Generator) -> list[Case]:
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


# --------------------------------------------------------------------------- sigmoid

_SIGMOID = "keras.activations.sigmoid(z)"


@exercise(
    mistakes={
        "tanh": edit(_SIGMOID, "tf.math.tanh(z)", hint="this is tanh; use the sigmoid"),
        "exponent_sign": edit(
            _SIGMOID,
            "1 / (1 + tf.exp(z))",
            hint="sigmoid(z) = 1 / (1 + exp(-z)): the minus sign is missing",
        ),
        "no_cast": edit(
            "    z = tf.cast(z, tf.float32)\n",
            "",
            hint="cast z to float32 first: tf.cast(z, tf.float32)",
        ),
        "softmax": edit(_SIGMOID, "keras.activations.softmax(tf.reshape(z, [1, -1]))"),
        "numpy_result": edit(
            [
                ("tf.cast(z, tf.float32)", "np.asarray(z, dtype=np.float32)"),
                (_SIGMOID, "1 / (1 + np.exp(-z))"),
            ],
            hint=_NUMPY,
        ),
        "relu": edit(_SIGMOID, "keras.activations.relu(z)", hint="this is ReLU; use the sigmoid"),
    },
    rtol=1e-5,
    atol=1e-7,
)
def sigmoid(rng: np.random.Generator) -> list[Case]:
    return [
        Case("a negative number", (-3.5,)),
        Case("the integer 3", (3,)),
        Case("the integer -2", (-2,)),
        Case("an integer array", (np.array([0, 2, -4, 7]),)),
        Case("a 2-D array", (rng.normal(0, 3, size=(3, 4)),)),
        Case("large magnitudes", (np.array([-40.0, -15.0, 15.0, 40.0]),)),
        Case("a float32 column", (rng.uniform(-6, 6, size=(5, 1)).astype(np.float32),)),
    ]


# --------------------------------------------------------------------------- one_hot_matrix

_ONE_HOT = "tf.reshape(tf.one_hot(label, depth, axis=0), shape=[depth])"
_RESHAPE = "reshape the one-hot tensor to a vector of shape (depth,)"


@exercise(
    mistakes={
        "column_not_reshaped": edit(_ONE_HOT, "tf.one_hot(label, depth, axis=0)", hint=_RESHAPE),
        "row_not_reshaped": edit(_ONE_HOT, "tf.one_hot(label, depth)", hint=_RESHAPE),
        "depth_ignored": edit(
            _ONE_HOT,
            "tf.reshape(tf.one_hot(label, 6, axis=0), [6])",
            hint="use the depth argument, not 6",
        ),
        "python_int": edit(_ONE_HOT, "tf.one_hot(int(label), depth)"),
        "numpy_eye": edit(_ONE_HOT, "np.eye(depth, dtype=np.float32)[np.ravel(label)[0]]"),
    },
)
def one_hot_matrix(rng: np.random.Generator) -> list[Case]:
    return [
        Case("the number 3, depth 6", (3, 6)),
        Case("a label of shape (1,): [0], depth 6", (np.array([0]), 6)),
        Case("a label of shape (1,): [5], depth 6", (np.array([5]),), {"depth": 6}),
        Case("a label of shape (1,) with the default depth", (np.array([2]),)),
        Case("a label of shape (1,), depth 10", (np.array([int(rng.integers(0, 10))]), 10)),
        Case("the number 1, depth 2", (1, 2)),
        Case("a numpy integer, depth 4", (np.int64(3), 4)),
    ]


# --------------------------------------------------------------------------- initialize_parameters

_GLOROT = "keras.initializers.GlorotNormal(seed=seed)"
_ZERO_BIAS = "tf.zeros((layer_dims[layer], 1))"


@exercise(
    mistakes={
        "glorot_uniform": edit(
            _GLOROT,
            "keras.initializers.GlorotUniform(seed=seed)",
            hint="the lesson's initialiser is GlorotNormal",
        ),
        "unseeded": edit(
            _GLOROT,
            "keras.initializers.GlorotNormal()",
            hint="pass the seed to the initialiser: GlorotNormal(seed=seed)",
        ),
        "seed_fixed_to_1": edit(_GLOROT, "keras.initializers.GlorotNormal(seed=1)"),
        "global_seed": edit(
            f"    initializer = {_GLOROT}\n",
            "    keras.utils.set_random_seed(seed)\n"
            "    initializer = keras.initializers.GlorotNormal()\n",
        ),
        "seed_per_layer": edit(
            "tf.Variable(initializer(shape))",
            "tf.Variable(keras.initializers.GlorotNormal(seed=seed + layer)(shape))",
            hint="one initialiser, seeded once, serves every layer",
        ),
        "he_normal": edit(
            _GLOROT,
            "keras.initializers.HeNormal(seed=seed)",
            hint="the lesson's initialiser is GlorotNormal",
        ),
        "random_biases": edit(
            _ZERO_BIAS, "initializer((layer_dims[layer], 1))", hint="the biases start at zero"
        ),
        "bias_vector": edit(
            _ZERO_BIAS,
            "tf.zeros((layer_dims[layer],))",
            hint="each bias is a column of shape (n, 1)",
        ),
        "transposed_weights": edit(
            "shape = (layer_dims[layer], layer_dims[layer - 1])",
            "shape = (layer_dims[layer - 1], layer_dims[layer])",
            hint="W has shape (units of this layer, units of the previous one)",
        ),
        "constants": edit(
            "tf.Variable(",
            "tf.constant(",
            every=True,
            hint="hold the parameters in tf.Variables, so that the optimiser can change them",
        ),
        "float64_biases": edit(
            _ZERO_BIAS,
            "np.zeros((layer_dims[layer], 1))",
            hint="np.zeros makes float64 numbers: tf.zeros makes float32 ones",
        ),
        "hard_coded_sizes": edit(
            "    for layer in range(1, 4):\n",
            "    layer_dims = (12288, 25, 12, 6)\n    for layer in range(1, 4):\n",
            hint="use the layer_dims argument",
        ),
    },
)
def initialize_parameters(rng: np.random.Generator) -> list[Case]:
    setups = [  # (layer_dims, seed or None for the default)
        ((5, 4, 3, 2), 5, "layer_dims (5, 4, 3, 2), seed 5"),
        ((6, 5, 4, 2), None, "layer_dims (6, 5, 4, 2), default seed"),
        ([3, 6, 2, 4], int(rng.integers(2, 1000)), "layer_dims [3, 6, 2, 4] (a list)"),
        ((10, 8, 6, 4), int(rng.integers(2, 1000)), "layer_dims (10, 8, 6, 4)"),
        ((2, 1, 1, 1), int(rng.integers(2, 1000)), "one unit per layer"),
        ((40, 12, 7, 6), int(rng.integers(2, 1000)), "40 inputs, 6 classes"),
    ]
    return [
        Case(label, (dims,), {} if seed is None else {"seed": seed})
        for dims, seed, label in setups
    ]


# --------------------------------------------------------------------------- forward_propagation

_Z1 = "tf.math.add(tf.linalg.matmul(W1, X), b1)"
_Z3 = "tf.math.add(tf.linalg.matmul(W3, A2), b3)"
_LOGITS = "return the logits Z3 themselves: no activation on the last layer"


@exercise(
    mistakes={
        "relu_on_logits": edit(_Z3, f"tf.nn.relu({_Z3})", hint=_LOGITS),
        "softmax_on_logits": edit(_Z3, f"tf.nn.softmax({_Z3}, axis=0)", hint=_LOGITS),
        "sigmoid_hidden": edit(
            "tf.nn.relu(", "tf.math.sigmoid(", every=True, hint="the hidden layers use ReLU"
        ),
        "missing_first_bias": edit(_Z1, "tf.linalg.matmul(W1, X)", hint="add b1 in Z1"),
        "numpy_first_layer": edit(
            _Z1,
            "np.dot(W1, X) + b1",
            hint="use TensorFlow operations: numpy stops the gradient tape",
        ),
        "missing_last_bias": edit(_Z3, "tf.linalg.matmul(W3, A2)", hint="add b3 in Z3"),
    },
    rtol=1e-4,
    atol=1e-5,
)
def forward_propagation(rng: np.random.Generator) -> list[Case]:
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
        parameters = random_parameters(rng, dims)
        float32 = {key: value.astype(np.float32) for key, value in parameters.items()}
        cases.append(Case(label, (X.astype(np.float32), float32)))
    return cases


# --------------------------------------------------------------------------- compute_total_loss


def _one_hot(labels: np.ndarray, depth: int) -> np.ndarray:
    return np.eye(depth, dtype=np.float32)[:, labels]


_TOTAL = "tf.reduce_sum(per_example)"
_CROSS_ENTROPY = (
    "keras.losses.categorical_crossentropy(\n"
    "        tf.transpose(labels), tf.transpose(logits), from_logits=True\n"
    "    )"
)


@exercise(
    mistakes={
        "softmax_before_loss": edit(
            "tf.transpose(logits)",
            "tf.transpose(tf.nn.softmax(logits, axis=0))",
            hint="the loss takes the logits themselves (from_logits=True): no softmax first",
        ),
        "mean_not_sum": edit(
            _TOTAL,
            "tf.reduce_mean(per_example)",
            hint="sum the losses of the examples (tf.reduce_sum), do not average them",
        ),
        "no_transpose": edit(
            "tf.transpose(labels), tf.transpose(logits)",
            "labels, logits",
            hint="transpose both: Keras expects one example per row",
        ),
        "probabilities_expected": edit(
            "tf.transpose(logits), from_logits=True",
            "tf.transpose(logits)",
            hint="the inputs are logits: pass from_logits=True",
        ),
        "log_of_softmax": edit(
            _CROSS_ENTROPY,
            "-tf.reduce_sum(labels * tf.math.log(tf.nn.softmax(logits, axis=0)), axis=0)",
        ),
        "numpy_total": edit(_TOTAL, "np.sum(per_example.numpy())", hint=_NUMPY),
        "binary_cross_entropy": edit(
            "keras.losses.categorical_crossentropy(",
            "keras.losses.binary_crossentropy(",
            hint="one class out of several: categorical cross-entropy",
        ),
    },
    rtol=1e-5,
    atol=1e-5,
)
def compute_total_loss(rng: np.random.Generator) -> list[Case]:
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
