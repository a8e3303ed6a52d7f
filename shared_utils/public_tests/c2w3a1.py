"""Public tests of c2w3a1, "Introduction to TensorFlow".

The graded functions return TensorFlow objects, and the notebook relies on more
than their values: a weight must be a `tf.Variable` so the optimiser can change
it, the forward pass and the loss must let `tf.GradientTape` reach the
parameters, and `one_hot_matrix` must work inside `tf.data.Dataset.map` (a
traced graph, where a tensor has no value yet). So each test calls the
learner's function through a *probe* below (the test's `harness`) that records
all of that as plain numpy values and strings, and compares the record with the
expected one written out here. The hidden grader calls the same probes on other
inputs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from shared_utils.frameworks import tf
from shared_utils.testing import Case, public_test

# --------------------------------------------------------------------------- probes


def kind(value: Any) -> str:
    """Short name of what a function returned: 'tf.Variable', 'tf.Tensor', 'numpy array'..."""
    if isinstance(value, tf.Variable):
        return "tf.Variable"
    if tf.is_tensor(value):
        return "tf.Tensor"
    if isinstance(value, np.ndarray):
        return "numpy array"
    return type(value).__name__


def as_numpy(value: Any) -> Any:
    """Values of tensors, variables and containers of them as numpy arrays (None stays None)."""
    if isinstance(value, Mapping):
        return {key: as_numpy(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(as_numpy(item) for item in value)
    if value is None or isinstance(value, (str, bytes)):
        return value
    try:
        return np.asarray(value)
    except Exception:  # an object numpy cannot read: report its kind instead
        return kind(value)


def probe_value(function: Callable[..., Any], *args: Any, **kwargs: Any) -> dict[str, Any]:
    """Call `function` as it is; record its value and what kind of object it returned."""
    result = function(*args, **kwargs)
    return {"value": as_numpy(result), "type": kind(result)}


def probe_one_hot_matrix(
    function: Callable[..., Any], label: Any, *args: Any, **kwargs: Any
) -> dict[str, Any]:
    """Call `one_hot_matrix` inside `tf.function`, as `tf.data.Dataset.map` does.

    In a traced graph the label is a symbolic tensor: `label.numpy()` or numpy
    functions fail there although they work on a concrete value.
    """
    traced = tf.function(lambda tensor: function(tensor, *args, **kwargs))
    result = traced(tf.constant(label))
    return {"value": as_numpy(result), "type": kind(result)}


def probe_initialize_parameters(
    function: Callable[..., Any], *args: Any, **kwargs: Any
) -> dict[str, Any]:
    """Record each parameter's values, kind of object and dtype."""
    parameters = function(*args, **kwargs)
    if not isinstance(parameters, Mapping):
        return {"values": kind(parameters)}
    return {
        "values": as_numpy(parameters),
        "type": {key: kind(value) for key, value in parameters.items()},
        "dtype": {key: _dtype_name(value) for key, value in parameters.items()},
    }


def _dtype_name(value: Any) -> str:
    dtype = getattr(value, "dtype", None)
    return str(getattr(dtype, "name", dtype))


def _variables(parameters: Mapping[str, Any]) -> dict[str, tf.Variable]:
    return {
        key: tf.Variable(np.asarray(value, dtype=np.float32)) for key, value in parameters.items()
    }


def probe_forward_propagation(
    function: Callable[..., Any], X: Any, parameters: Mapping[str, Any]
) -> dict[str, Any]:
    """Run the forward pass on float32 tensors and `tf.Variable` parameters under a tape.

    Besides the logits, record the gradient of `0.5 * sum(logits**2)` with respect to
    each parameter: it is None for a parameter the tape cannot reach (numpy inside).
    """
    variables = _variables(parameters)
    with tf.GradientTape() as tape:
        logits = function(tf.constant(np.asarray(X, dtype=np.float32)), variables)
        objective = 0.5 * tf.reduce_sum(tf.square(logits))
    gradients = tape.gradient(objective, variables)
    return {"value": as_numpy(logits), "type": kind(logits), "gradients": as_numpy(gradients)}


def probe_compute_total_loss(
    function: Callable[..., Any], logits: Any, labels: Any
) -> dict[str, Any]:
    """Call the loss on float32 tensors; record it and its gradient with respect to the logits."""
    logits = tf.constant(np.asarray(logits, dtype=np.float32))
    labels = tf.constant(np.asarray(labels, dtype=np.float32))
    with tf.GradientTape() as tape:
        tape.watch(logits)
        loss = function(logits, labels)
    gradient = tape.gradient(loss, logits) if tf.is_tensor(loss) else None
    return {"value": as_numpy(loss), "type": kind(loss), "gradient": as_numpy(gradient)}


# --------------------------------------------------------------------------- tests


@public_test(returns="Y", harness=probe_value)
def test_linear_function() -> list[Case]:
    """linear_function(X, W, b) = WX + b, returned as a tf.Tensor."""
    X = np.array([[1.0, -2.0], [0.5, 3.0], [2.0, 0.0]])
    W = np.array([[1.0, 0.0, -1.0], [2.0, 1.0, 0.5]])
    b = np.array([[0.5], [-1.0]])
    return [
        Case(
            "X (3, 2), W (2, 3), b (2, 1)",
            args=(X, W, b),
            expected={
                "value": np.array([[-0.5, -1.5], [2.5, -2.0]]),
                "type": "tf.Tensor",
            },
        ),
        Case(
            "a single example: X (2, 1), W (1, 2), b (1, 1)",
            args=(np.array([[3.0], [4.0]]), np.array([[0.25, -1.0]]), np.array([[2.0]])),
            expected={"value": np.array([[-1.25]]), "type": "tf.Tensor"},
        ),
    ]


@public_test(returns="a", harness=probe_value)
def test_sigmoid() -> list[Case]:
    """sigmoid(z) for a number, an integer and an array, returned as a float32 tf.Tensor."""
    return [
        Case("z = 0.0", args=(0.0,), expected={"value": np.float32(0.5), "type": "tf.Tensor"}),
        Case(
            "the integer z = 1 (cast it to float32 first)",
            args=(1,),
            expected={"value": np.float32(0.7310586), "type": "tf.Tensor"},
            rtol=1e-6,
        ),
        Case(
            "an array [-2, 0.5, 12]",
            args=(np.array([-2.0, 0.5, 12.0]),),
            expected={
                "value": np.array([0.11920292, 0.62245935, 0.99999386], dtype=np.float32),
                "type": "tf.Tensor",
            },
            rtol=1e-6,
        ),
    ]


@public_test(returns="one_hot", harness=probe_one_hot_matrix)
def test_one_hot_matrix() -> list[Case]:
    """one_hot_matrix(label, depth) inside tf.function: a vector of shape (depth,)."""
    return [
        Case(
            "label 1, default depth 6",
            args=(1,),
            expected={
                "value": np.array([0, 1, 0, 0, 0, 0], dtype=np.float32),
                "type": "tf.Tensor",
            },
        ),
        Case(
            "label [4] (a tensor of shape (1,)), depth 5",
            args=(np.array([4]), 5),
            expected={
                "value": np.array([0, 0, 0, 0, 1], dtype=np.float32),
                "type": "tf.Tensor",
            },
        ),
    ]


@public_test(returns="parameters", harness=probe_initialize_parameters)
def test_initialize_parameters() -> list[Case]:
    """initialize_parameters(layer_dims, seed): Glorot-normal weights, zero biases, variables."""
    names = ("W1", "b1", "W2", "b2", "W3", "b3")
    return [
        Case(
            "layer_dims (4, 3, 2, 2), seed 1",
            args=((4, 3, 2, 2),),
            kwargs={"seed": 1},
            expected={
                "values": {
                    "W1": np.array(
                        [
                            [0.07696164, -0.2995916, 0.38355592, -0.47935873],
                            [-0.5528928, -0.24256074, -0.02316389, 0.28439426],
                            [-0.00910819, -0.852543, 1.0418367, -0.8373955],
                        ],
                        dtype=np.float32,
                    ),
                    "b1": np.zeros((3, 1), dtype=np.float32),
                    "W2": np.array(
                        [
                            [0.09106225, -0.35448155, 0.4538295],
                            [-0.56718487, -0.65419155, -0.28700176],
                        ],
                        dtype=np.float32,
                    ),
                    "b2": np.zeros((2, 1), dtype=np.float32),
                    "W3": np.array(
                        [[0.10181069, -0.39632243], [0.5073968, -0.634132]], dtype=np.float32
                    ),
                    "b3": np.zeros((2, 1), dtype=np.float32),
                },
                "type": dict.fromkeys(names, "tf.Variable"),
                "dtype": dict.fromkeys(names, "float32"),
            },
            rtol=1e-5,
            atol=1e-7,
        ),
    ]


@public_test(returns="Z3", harness=probe_forward_propagation)
def test_forward_propagation() -> list[Case]:
    """forward_propagation(X, parameters): logits, and gradients that reach every parameter."""
    parameters = {
        "W1": np.array([[1.0, -1.0], [0.5, 0.5], [-1.0, 0.25]]),
        "b1": np.array([[0.1], [-0.2], [0.0]]),
        "W2": np.array([[1.0, -0.5, 2.0], [-1.0, 1.0, 0.5]]),
        "b2": np.array([[0.0], [0.3]]),
        "W3": np.array([[0.5, -1.0], [1.5, 0.25]]),
        "b3": np.array([[-0.5], [0.2]]),
    }
    gradients = {
        "W1": [[0.05625004, 0.02812502], [0.5234376, -0.47656298], [-4.6359377, 18.54375]],
        "b1": [[0.05625004], [0.03124973], [9.271875]],
        "W2": [[0.49875003, 2.76375, 4.1937504], [0.465, 1.3990625, 1.76875]],
        "b2": [[5.0250006], [2.5437498]],
        "W3": [[-1.8943748, -1.4799998], [5.6343756, 4.40625]],
        "b3": [[-1.5749998], [3.8750002]],
    }
    return [
        Case(
            "layers (2, 3, 2, 2), 2 examples; gradients of 0.5 * sum(Z3 ** 2)",
            args=(np.array([[1.0, -0.5], [0.5, 2.0]]), parameters),
            expected={
                "value": np.array([[-0.5875, -0.9875], [0.75, 3.125]], dtype=np.float32),
                "type": "tf.Tensor",
                "gradients": {
                    key: np.array(value, dtype=np.float32) for key, value in gradients.items()
                },
            },
            rtol=1e-5,
            atol=1e-6,
        ),
    ]


@public_test(returns="total_loss", harness=probe_compute_total_loss)
def test_compute_total_loss() -> list[Case]:
    """compute_total_loss(logits, labels): summed cross-entropy, with a gradient."""
    return [
        Case(
            "3 classes, 3 examples (labels 0, 2, 1)",
            args=(
                np.array([[2.0, -1.0, 0.5], [0.0, 3.0, 0.5], [-1.0, 0.5, 0.5]]),
                np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, 1.0, 0.0]]),
            ),
            expected={
                "value": np.float32(3.8641326),
                "type": "tf.Tensor",
                "gradient": np.array(
                    [
                        [-0.1562053, 0.01664452, 0.33333334],
                        [0.1141952, 0.9087599, -0.6666666],
                        [0.04201007, -0.9254044, 0.33333334],
                    ],
                    dtype=np.float32,
                ),
            },
            rtol=1e-5,
            atol=1e-6,
        ),
        Case(
            "6 classes, a single example with label 3",
            args=(
                np.array([[1.0], [0.0], [0.0], [2.0], [-1.0], [0.5]]),
                np.array([[0.0], [0.0], [0.0], [1.0], [0.0], [0.0]]),
            ),
            expected={
                "value": np.float32(0.6478712),
                "type": "tf.Tensor",
                "gradient": np.array(
                    [
                        [0.1924592],
                        [0.07080178],
                        [0.07080178],
                        [-0.4768417],
                        [0.02604652],
                        [0.1167324],
                    ],
                    dtype=np.float32,
                ),
            },
            rtol=1e-5,
            atol=1e-6,
        ),
    ]
