"""c2w3a1 (Introduction to TensorFlow): the lesson's claims and the probes behind its tests.

The notebook tells learners that a seeded Keras 3 initialiser is deterministic, that
numpy breaks `tf.GradientTape`, and that `one_hot_matrix` is traced inside
`Dataset.map`. The public tests and the hidden grader (through the same probes)
rely on those facts, so they are checked here against the installed TensorFlow.
"""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from shared_utils.frameworks import keras, tf
from shared_utils.public_tests import c2w3a1 as probes
from shared_utils.testing import PublicTestFailure


def good_one_hot(label, depth=6):
    return tf.reshape(tf.one_hot(label, depth, axis=0), shape=[depth])


def test_a_seeded_initializer_returns_the_same_tensor_on_every_call():
    # The lesson's contract: one GlorotNormal(seed=seed) serves W1, W2 and W3.
    initializer = keras.initializers.GlorotNormal(seed=5)
    first, again = initializer((7, 4)), initializer((7, 4))
    np.testing.assert_array_equal(first.numpy(), again.numpy())
    other_seed = keras.initializers.GlorotNormal(seed=6)((7, 4))
    assert not np.allclose(first.numpy(), other_seed.numpy())


def test_glorot_normal_has_the_spread_the_lesson_quotes():
    weights = keras.initializers.GlorotNormal(seed=1)((25, 12288)).numpy()
    assert weights.std() == pytest.approx(np.sqrt(2 / (12288 + 25)), rel=0.02)


def test_the_tape_gives_no_gradient_through_numpy():
    w = tf.Variable(2.0)
    with tf.GradientTape(persistent=True) as tape:
        through_numpy = tf.constant(np.square(w.numpy()))
        through_tf = tf.square(w)
    assert tape.gradient(through_numpy, w) is None
    assert tape.gradient(through_tf, w).numpy() == pytest.approx(4.0)


def test_one_hot_probe_runs_the_function_in_a_graph_like_dataset_map():
    record = probes.probe_one_hot_matrix(good_one_hot, np.array([2]), 4)
    np.testing.assert_array_equal(record["value"], [0, 0, 1, 0])
    with pytest.raises(AttributeError):  # .numpy() works eagerly, not inside Dataset.map
        probes.probe_one_hot_matrix(lambda label, depth=6: tf.one_hot(label.numpy(), depth), 2)
    labels = tf.data.Dataset.from_tensor_slices(np.array([[3], [0]])).map(good_one_hot)
    assert [v.numpy().argmax() for v in labels] == [3, 0]


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # numpy on tf objects, on purpose
def test_forward_probe_reports_missing_gradients_for_numpy_layers():
    params = {
        f"{kind}{layer}": np.ones((2, 2 if kind == "W" else 1), dtype=np.float32)
        for layer in (1, 2, 3)
        for kind in ("W", "b")
    }

    def numpy_first_layer(X, parameters):
        A = tf.nn.relu(np.dot(parameters["W1"], X) + parameters["b1"])
        for layer in (2, 3):
            A = tf.matmul(parameters[f"W{layer}"], A) + parameters[f"b{layer}"]
        return A

    record = probes.probe_forward_propagation(numpy_first_layer, np.ones((2, 3)), params)
    assert record["gradients"]["W1"] is None  # (b1 is added as a variable: still reached)
    assert record["gradients"]["W3"] is not None


def test_kind_names_what_a_function_returned():
    assert probes.kind(tf.Variable(1.0)) == "tf.Variable"
    assert probes.kind(tf.constant(1.0)) == "tf.Tensor"
    assert probes.kind(np.zeros(2)) == "numpy array"
    assert probes.kind(1.5) == "float"


def test_public_test_says_when_a_numpy_array_comes_back_instead_of_a_tensor():
    def numpy_linear(X, W, b):
        return np.dot(W, X) + b

    with pytest.raises(PublicTestFailure, match="expected 'tf.Tensor', got 'numpy array'"):
        probes.test_linear_function(numpy_linear)


def test_public_test_catches_constants_instead_of_variables():
    def constant_parameters(layer_dims=(12288, 25, 12, 6), seed=1):
        init = keras.initializers.GlorotNormal(seed=seed)
        parameters = {}
        for layer in range(1, 4):
            parameters[f"W{layer}"] = init((layer_dims[layer], layer_dims[layer - 1]))
            parameters[f"b{layer}"] = tf.zeros((layer_dims[layer], 1))
        return parameters

    with pytest.raises(PublicTestFailure, match="expected 'tf.Variable', got 'tf.Tensor'"):
        probes.test_initialize_parameters(constant_parameters)


def test_numpy_mixed_with_tensors_still_returns_a_tensor():
    # Why the spec's `numpy_result` mistake is plain numpy throughout: with tensor
    # operands numpy hands `+` over to TensorFlow, so `np.dot(W, X) + b` on tensors
    # comes back as a tf.Tensor and is not a mistake the grader can see.
    W, X, b = tf.constant([[1.0, 2.0]]), tf.constant([[3.0], [4.0]]), tf.constant([[0.5]])
    assert probes.kind(np.dot(W, X) + b) == "tf.Tensor"
    assert probes.kind(np.dot(W.numpy(), X.numpy()) + b.numpy()) == "numpy array"


# Run in a fresh interpreter, as the notebook's kernel is: a global seed or thread setting
# left behind by another test in this worker changes the shuffle order and the result.
_NOTEBOOK_MODEL_RUN = """
import json
from graders.engine import solution_namespace

lesson_cells = ("train_x_orig, train_y", "def normalize(image)", "y_train = tf.data", "def model(")
namespace = solution_namespace("c2w3a1", cells=lesson_cells)
_, costs, train_acc, test_acc = namespace["model"](
    namespace["x_train"], namespace["y_train"], namespace["x_test"], namespace["y_test"],
    num_epochs=100, print_cost=False)
print(json.dumps({"train": train_acc[-1], "test": test_acc[-1], "costs": [costs[0], costs[-1]]}))
"""


@pytest.mark.slow
def test_the_notebook_model_beats_the_original_results_in_100_epochs():
    # The issue asks for at least ~0.75 train and ~0.69 test accuracy after 100 epochs;
    # the lesson quotes 0.844 and 0.833 for its run. A rebuilt SIGNS set moves these
    # numbers: then the lesson text (section 5) must quote the new ones.
    run = subprocess.run(
        [sys.executable, "-c", _NOTEBOOK_MODEL_RUN], capture_output=True, text=True, check=True
    )
    final = json.loads(run.stdout.strip().splitlines()[-1])
    assert final["train"] >= 0.75 and final["test"] >= 0.69
    assert final["train"] == pytest.approx(0.844, abs=0.03)
    assert final["test"] == pytest.approx(0.833, abs=0.03)
    first_cost, last_cost = final["costs"]
    assert last_cost < first_cost - 1.0  # about 1.79 -> 0.59
