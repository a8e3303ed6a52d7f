"""Public tests of c4w4a2, "Neural style transfer".

The costs are called on float32 tensors through probes that also record the
gradient of the cost with respect to the generated image's activations: the
style transfer follows that gradient, so each cost must be built from TensorFlow
operations. Every case is small enough to work out by hand (the comments give
the sums).

`train_step` is run for one step through a probe that builds what the lesson's
loop builds (the target activations, the image as a `tf.Variable`, an optimiser:
here plain gradient descent with learning rate 0.01) around a stand-in feature
model: it returns the image's own pixels as the output of its one style layer
and of its content layer, so the costs and their gradients are plain
arithmetic. After the step the image must be clipped to [0, 1]. The hidden
grader also runs the real feature network.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from shared_utils.frameworks import keras, tf
from shared_utils.testing import Case, Fixture, public_test

# --------------------------------------------------------------------------- fixtures


class PixelFeatures:
    """Stand-in feature model: the image itself as the output of one style layer and of
    the content layer, i.e. `model(image) == [image, image]`."""

    def __call__(self, images: Any, training: bool = False) -> list[Any]:
        pixels = tf.convert_to_tensor(images, dtype=tf.float32)
        return [pixels, pixels]


def _feature_outputs() -> Any:
    """The lesson's feature model: the pretrained network's 5 style layers and content layer."""
    from shared_utils.nst_utils import get_layer_outputs, load_feature_network

    style_layers = [(f"block{b}_conv1", 0.2) for b in range(1, 6)]
    return get_layer_outputs(load_feature_network(), style_layers + [("block5_conv4", 1)])


FIXTURES = {"pixel_features": PixelFeatures, "feature_outputs": _feature_outputs}


# --------------------------------------------------------------------------- probes


def _constants(values: Any) -> list[Any]:
    return [tf.constant(np.asarray(v, dtype=np.float32)) for v in values]


def _record(cost: Any, gradient: Any) -> dict[str, Any]:
    return {
        "cost": float(np.asarray(cost)),
        "gradient": None if gradient is None else np.asarray(gradient, dtype=np.float64),
    }


def probe_content_cost(
    compute_content_cost: Any, content_output: Any, generated_output: Any
) -> dict[str, Any]:
    """The content cost of float32 tensors and its gradient with respect to the generated
    image's activations of the content layer (the last output); None if it has none."""
    content, generated = _constants(content_output), _constants(generated_output)
    with tf.GradientTape() as tape:
        tape.watch(generated[-1])
        cost = compute_content_cost(content, generated)
    gradient = tape.gradient(cost, generated[-1]) if tf.is_tensor(cost) else None
    return _record(cost, gradient)


def probe_gram_matrix(gram_matrix: Any, A: Any) -> dict[str, Any]:
    """The Gram matrix of a float32 tensor, and whether it came back as a tensor."""
    result = gram_matrix(tf.constant(np.asarray(A, dtype=np.float32)))
    return {"value": np.asarray(result, dtype=np.float64), "is_tensor": bool(tf.is_tensor(result))}


def probe_layer_style_cost(compute_layer_style_cost: Any, a_S: Any, a_G: Any) -> dict[str, Any]:
    """The style cost of one layer on float32 tensors and its gradient with respect to a_G."""
    a_S, a_G = _constants([a_S, a_G])
    with tf.GradientTape() as tape:
        tape.watch(a_G)
        cost = compute_layer_style_cost(a_S, a_G)
    gradient = tape.gradient(cost, a_G) if tf.is_tensor(cost) else None
    return _record(cost, gradient)


def probe_train_step(
    train_step: Any,
    feature_model: Any,
    generated: Any,
    style: Any,
    content: Any,
    style_layers: Any,
    steps: int = 1,
    learning_rate: float = 0.01,
    **kwargs: Any,
) -> dict[str, Any]:
    """Run `steps` training steps as the lesson's loop does; record the costs and the image.

    The targets a_S and a_C are the feature model's outputs for the style and content
    images; the generated image is a `tf.Variable`. The optimiser is plain gradient
    descent (`keras.optimizers.SGD`), whose step is proportional to the gradient, so
    that rounding differences between two correct solutions stay rounding-sized (Adam's
    first steps are about the learning rate whatever the size of the gradient).
    `kwargs` (alpha, beta) go to train_step.
    """
    a_S = feature_model(tf.constant(np.asarray(style, dtype=np.float32)))
    a_C = feature_model(tf.constant(np.asarray(content, dtype=np.float32)))
    image = tf.Variable(np.asarray(generated, dtype=np.float32))
    optimizer = keras.optimizers.SGD(learning_rate=learning_rate)
    costs = []
    for _ in range(steps):
        J = train_step(image, feature_model, a_S, a_C, optimizer, style_layers, **kwargs)
        costs.append(float(np.asarray(J)))
    return {"costs": np.array(costs), "image": image.numpy().astype(np.float64)}


# --------------------------------------------------------------------------- compute_content_cost

_CONTENT_2x1 = np.array([[[[1.0, 0.0, 2.0]], [[0.0, 1.0, 1.0]]]])  # (1, 2, 1, 3)
_GENERATED_2x1 = np.array([[[[0.0, 0.0, 0.0]], [[1.0, 1.0, 1.0]]]])


@public_test(harness=probe_content_cost, rtol=1e-5, atol=1e-6)
def test_compute_content_cost():
    """compute_content_cost(content_output, generated_output): the last outputs only."""
    return [
        Case(
            "n_H = 1, n_W = 2, n_C = 2: squared differences 1 + 0 + 4 + 1 = 6, over 4 * 4",
            args=(
                [np.zeros((1, 1, 1, 3)), np.array([[[[1.0, 2.0], [3.0, 4.0]]]])],
                [np.ones((1, 1, 1, 3)), np.array([[[[0.0, 2.0], [5.0, 3.0]]]])],
            ),
            expected={
                "cost": 0.375,
                "gradient": np.array([[[[-0.125, 0.0], [0.25, -0.125]]]]),
            },
        ),
        Case(
            "n_H = 2, n_W = 1, n_C = 3: squared differences 6, over 4 * 6",
            args=(
                [np.full((1, 2, 2, 1), 5.0), _CONTENT_2x1],
                [np.full((1, 2, 2, 1), 7.0), _GENERATED_2x1],
            ),
            expected={
                "cost": 0.25,
                "gradient": np.array([[[[-1 / 12, 0.0, -1 / 6]], [[1 / 12, 0.0, 0.0]]]]),
            },
        ),
    ]


# --------------------------------------------------------------------------- gram_matrix


@public_test(harness=probe_gram_matrix, rtol=1e-6, atol=1e-6)
def test_gram_matrix():
    """gram_matrix(A) for A of shape (n_C, n_H * n_W): the (n_C, n_C) matrix A A^T."""
    return [
        Case(
            "A of shape (2, 3)",
            args=(np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]),),
            expected={"value": np.array([[14.0, 32.0], [32.0, 77.0]]), "is_tensor": True},
        ),
        Case(
            "A of shape (3, 2)",
            args=(np.array([[1.0, -1.0], [0.0, 2.0], [3.0, 1.0]]),),
            expected={
                "value": np.array([[2.0, -2.0, 2.0], [-2.0, 4.0, 2.0], [2.0, 2.0, 10.0]]),
                "is_tensor": True,
            },
        ),
    ]


# ---------------------------------------------------------------- compute_layer_style_cost


@public_test(harness=probe_layer_style_cost, rtol=1e-5, atol=1e-6)
def test_compute_layer_style_cost():
    """compute_layer_style_cost(a_S, a_G) for activations of shape (1, n_H, n_W, n_C)."""
    # Case 1: unrolled to (n_C, n_H * n_W), a_S gives rows [1, 0, 1], [0, 1, 1] and
    # a_G rows [1, 0, 2], [2, 1, 0]; Gram matrices [[2, 1], [1, 2]] and [[5, 2], [2, 5]];
    # squared differences 9 + 1 + 1 + 9 = 20, over 4 * 2^2 * 3^2 = 144.
    return [
        Case(
            "n_H = 1, n_W = 3, n_C = 2",
            args=(
                np.array([[[[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]]]),
                np.array([[[[1.0, 2.0], [0.0, 1.0], [2.0, 0.0]]]]),
            ),
            expected={
                "cost": 20 / 144,
                "gradient": np.array([[[[5.0, 7.0], [1.0, 3.0], [6.0, 2.0]]]]) / 36,
            },
        ),
        Case(
            "n_H = 2, n_W = 2, n_C = 1: Gram matrices [[6]] and [[4]]",
            args=(
                np.array([[[[1.0], [2.0]], [[0.0], [1.0]]]]),
                np.ones((1, 2, 2, 1)),
            ),
            expected={"cost": 0.0625, "gradient": np.full((1, 2, 2, 1), -0.125)},
        ),
    ]


# --------------------------------------------------------------------------- total_cost


@public_test(returns="J", rtol=1e-9, atol=1e-12)
def test_total_cost():
    """total_cost(J_content, J_style, alpha, beta) = alpha J_content + beta J_style."""
    return [
        Case("J_content 2, J_style 3, default weights", args=(2.0, 3.0), expected=140.0),
        Case(
            "J_content 0.5, J_style 0.25, alpha 1, beta 2",
            args=(0.5, 0.25),
            kwargs={"alpha": 1, "beta": 2},
            expected=1.0,
        ),
    ]


# --------------------------------------------------------------------------- train_step

PIXELS = Fixture("pixel_features", copy=False)
_ONE_STYLE_LAYER = [("pixels", 1.0)]
# A 1 x 2 image with one channel: generated (0.5, 0.995), content (0.5, 0.5), style (1, 1).
# J_content = (0 + 0.495^2) / 8 = 0.030628125. Gram matrices: style 2, generated
# 0.25 + 0.990025 = 1.240025, so J_style = 0.759975^2 / 16 = 0.0360976250390625.
# Gradients with alpha 10, beta 40: 10 (g - c) / 4 - 40 (2 - 1.240025) g / 4, that is
# -3.799875 for the first pixel and -6.32425125 for the second. One step of gradient
# descent with learning rate 0.01 gives 0.53799875 and 1.0582425125, clipped to 1.
_GENERATED = np.array([[[[0.5], [0.995]]]])
_CONTENT = np.array([[[[0.5], [0.5]]]])
_STYLE = np.array([[[[1.0], [1.0]]]])


@public_test(harness=probe_train_step, rtol=1e-5, atol=1e-6)
def test_train_step():
    """train_step(generated_image, feature_model, a_S, a_C, optimizer, style_layers, alpha,
    beta)."""
    return [
        Case(
            "one step with the stand-in feature model, alpha 10, beta 40",
            args=(PIXELS, _GENERATED, _STYLE, _CONTENT, _ONE_STYLE_LAYER),
            expected={
                "costs": np.array([1.7501862515625]),
                "image": np.array([[[[0.53799875], [1.0]]]]),
            },
        ),
        Case(
            "one step, alpha 1, beta 0: the content cost alone (gradient 0 and 0.12375)",
            args=(PIXELS, _GENERATED, _STYLE, _CONTENT, _ONE_STYLE_LAYER),
            kwargs={"alpha": 1, "beta": 0},
            expected={
                "costs": np.array([0.030628125]),
                "image": np.array([[[[0.5], [0.9937625]]]]),
            },
        ),
    ]
