"""Hidden grader spec of c4w4a2, "Neural style transfer".

The costs get random activations of other shapes (one position, one channel,
wide and tall maps, lists of several layer outputs), through the public tests'
probes (cost and gradient with respect to the generated activations); the Gram
matrix gets square, wide and tall matrices; the total cost gets other weights,
zeros and negative weights. `train_step` runs two or three steps with the
stand-in feature model (pixels near 0 and 1, so that clipping matters) and with
the real pretrained feature network on 32 x 32 images.

Mistakes are edits of the notebook's solutions: the first output taken for the
content layer, the factor 4 or the normalisation of the style cost left out or
not squared, activations unrolled without the transpose, the Gram matrix
A^T A instead of A A^T, numpy inside, the weights swapped or not passed on, the
image not clipped, the content cost compared with the style image, a step up
the gradient.
"""

from __future__ import annotations

import numpy as np

from graders.spec import Case, Fixture, edit, exercise

SEED = 4402
DATA = ("datasets/c4/nst/feature_net.weights.h5",)

PIXELS = Fixture("pixel_features", copy=False)
NETWORK = Fixture("feature_outputs", copy=False)
STYLE_LAYERS = [(f"block{b}_conv1", 0.2) for b in range(1, 6)]


def _activations(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    """ReLU-like activations: non-negative, some zeros."""
    return np.maximum(rng.normal(0.3, 1.0, size=shape), 0.0).astype(np.float32)


# --------------------------------------------------------------------------- compute_content_cost


@exercise(
    mistakes={
        "first_output_instead_of_last": edit(
            [
                ("a_C = content_output[-1]", "a_C = content_output[0]"),
                ("a_G = generated_output[-1]", "a_G = generated_output[0]"),
            ],
            hint="the content layer's output is the last one of each list ([-1])",
        ),
        "factor_4_missing": edit(
            "/ (4 * n_H * n_W * n_C)",
            "/ (n_H * n_W * n_C)",
            hint="divide by 4 n_H n_W n_C: the factor 4 is missing",
        ),
        "absolute_instead_of_squared": edit(
            "tf.reduce_sum(tf.square(a_C - a_G))",
            "tf.reduce_sum(tf.abs(a_C - a_G))",
            hint="sum the squared differences",
        ),
        "channels_left_out_of_the_normalisation": edit(
            "/ (4 * n_H * n_W * n_C)",
            "/ (4 * n_H * n_W)",
        ),
    },
)
def compute_content_cost(rng: np.random.Generator) -> list[Case]:
    cases = []
    layouts = (((1, 4, 6, 8), 2), ((1, 1, 1, 5), 3), ((1, 7, 3, 2), 1), ((1, 5, 5, 16), 6))
    for shape, n_layers in layouts:
        content = [_activations(rng, (1, 3, 3, 4)) for _ in range(n_layers - 1)]
        generated = [_activations(rng, (1, 3, 3, 4)) for _ in range(n_layers - 1)]
        content.append(_activations(rng, shape))
        generated.append(_activations(rng, shape))
        label = f"{n_layers} outputs, the content layer of shape {shape}"
        cases.append(Case(label, (content, generated)))
    same = [_activations(rng, (1, 2, 3, 4))]
    cases.append(Case("identical activations: the cost is 0", (same, [a.copy() for a in same])))
    return cases


# --------------------------------------------------------------------------- gram_matrix


@exercise(
    mistakes={
        "transposed_the_wrong_way": edit(
            "GA = tf.matmul(A, tf.transpose(A))",
            "GA = tf.matmul(tf.transpose(A), A)",
            hint="A has shape (n_C, n_H * n_W): its Gram matrix A A^T has shape (n_C, n_C)",
        ),
        "numpy_inside": edit(
            "GA = tf.matmul(A, tf.transpose(A))",
            "GA = np.dot(np.asarray(A), np.asarray(A).T)",
            hint="use TensorFlow operations (tf.matmul, tf.transpose): the style transfer "
            "needs a gradient through the Gram matrix",
        ),
        "element_wise_product": edit(
            "GA = tf.matmul(A, tf.transpose(A))",
            "GA = A * A",
            hint="the Gram matrix is a matrix product, A A^T, not an element-wise one",
        ),
    },
)
def gram_matrix(rng: np.random.Generator) -> list[Case]:
    return [
        Case("a square matrix (4, 4)", (rng.normal(size=(4, 4)).astype(np.float32),)),
        Case("a wide matrix (3, 10)", (rng.normal(size=(3, 10)).astype(np.float32),)),
        Case("a tall matrix (6, 2)", (rng.normal(size=(6, 2)).astype(np.float32),)),
        Case("one channel (1, 7)", (rng.normal(size=(1, 7)).astype(np.float32),)),
    ]


# ---------------------------------------------------------------- compute_layer_style_cost


@exercise(
    mistakes={
        "unrolled_without_transposing": edit(
            [
                (
                    "a_S = tf.transpose(tf.reshape(a_S, shape=[n_H * n_W, n_C]))",
                    "a_S = tf.reshape(a_S, shape=[n_C, n_H * n_W])",
                ),
                (
                    "a_G = tf.transpose(tf.reshape(a_G, shape=[n_H * n_W, n_C]))",
                    "a_G = tf.reshape(a_G, shape=[n_C, n_H * n_W])",
                ),
            ],
            hint="reshape to (n_H * n_W, n_C) first, then transpose: reshaping straight to "
            "(n_C, n_H * n_W) mixes the channels",
        ),
        "normalisation_missing": edit(
            " / (4 * n_C**2 * (n_H * n_W) ** 2)",
            "",
            hint="divide by 4 n_C^2 (n_H n_W)^2",
        ),
        "positions_not_squared": edit(
            "(n_H * n_W) ** 2",
            "(n_H * n_W)",
            hint="the normalisation squares the number of positions: (n_H n_W)^2",
        ),
        "channels_not_squared": edit(
            "4 * n_C**2",
            "4 * n_C",
            hint="the normalisation squares the number of channels: n_C^2",
        ),
        "style_gram_used_twice": edit("GG = gram_matrix(a_G)", "GG = gram_matrix(a_S)"),
    },
    depends=("gram_matrix",),
)
def compute_layer_style_cost(rng: np.random.Generator) -> list[Case]:
    cases = []
    for shape in ((1, 4, 4, 3), (1, 2, 5, 6), (1, 3, 2, 4), (1, 6, 6, 8)):
        a_S, a_G = _activations(rng, shape), _activations(rng, shape)
        cases.append(Case(f"activations of shape {shape}", (a_S, a_G)))
    cases.append(
        Case("one position and one channel", (np.array([[[[2.0]]]]), np.array([[[[0.5]]]])))
    )
    return cases


# --------------------------------------------------------------------------- total_cost


@exercise(
    mistakes={
        "weights_swapped": edit(
            "J = alpha * J_content + beta * J_style",
            "J = beta * J_content + alpha * J_style",
            hint="alpha weighs the content cost and beta the style cost",
        ),
        "weights_left_out": edit(
            "J = alpha * J_content + beta * J_style",
            "J = J_content + J_style",
            hint="weigh the costs: alpha * J_content + beta * J_style",
        ),
        "one_weight_for_both": edit(
            "J = alpha * J_content + beta * J_style",
            "J = alpha * (J_content + J_style)",
        ),
    },
)
def total_cost(rng: np.random.Generator) -> list[Case]:
    return [
        Case("default weights", (float(rng.uniform(0, 5)), float(rng.uniform(0, 5)))),
        Case("alpha 1, beta 1000", (0.75, 0.004), {"alpha": 1, "beta": 1000}),
        Case("both costs 0", (0.0, 0.0)),
        Case("alpha 0.5, beta 0", (3.0, 2.0), {"alpha": 0.5, "beta": 0}),
        Case("weights given by position", (1.5, 2.5, 3.0, 7.0)),
    ]


# --------------------------------------------------------------------------- train_step


@exercise(
    mistakes={
        "image_not_clipped": edit(
            "    generated_image.assign(clip_0_1(generated_image))\n",
            "",
            hint="clip the image back into [0, 1] after every step (clip_0_1)",
        ),
        "weights_not_passed": edit(
            "J = total_cost(J_content, J_style, alpha=alpha, beta=beta)",
            "J = total_cost(J_content, J_style)",
            hint="pass alpha and beta on to total_cost",
        ),
        "content_compared_with_the_style_image": edit(
            "J_content = compute_content_cost(a_C, a_G)",
            "J_content = compute_content_cost(a_S, a_G)",
            hint="the content cost compares the generated image with the content image (a_C)",
        ),
        "step_up_the_gradient": edit(
            "optimizer.apply_gradients([(grad, generated_image)])",
            "optimizer.apply_gradients([(-grad, generated_image)])",
            hint="apply the gradient itself: the optimiser steps against it",
        ),
        "returns_the_style_cost": edit("return J", "return J_style"),
    },
    depends=("compute_content_cost", "gram_matrix", "compute_layer_style_cost", "total_cost"),
    timeout_s=20.0,
)
def train_step(rng: np.random.Generator) -> list[Case]:
    one_layer = [("pixels", 1.0)]
    cases = []
    for alpha, beta in ((10, 40), (1, 100)):
        near_edges = rng.choice([0.002, 0.5, 0.998], size=(1, 3, 3, 3))
        generated = np.clip(near_edges + rng.normal(0, 0.001, size=(1, 3, 3, 3)), 0, 1)
        style, content = rng.uniform(0, 1, size=(2, 1, 3, 3, 3))
        args = (PIXELS, generated, style, content, one_layer)
        settings = {"steps": 3, "learning_rate": 0.05, "alpha": alpha, "beta": beta}
        label = f"3 steps, the stand-in feature model, pixels near 0 and 1, beta {beta}"
        cases.append(Case(label, args, settings))
    for alpha, beta in ((10, 40), (5, 200)):
        generated, style, content = rng.uniform(0, 1, size=(3, 1, 32, 32, 3))
        args = (NETWORK, generated, style, content, STYLE_LAYERS)
        settings = {"steps": 2, "alpha": alpha, "beta": beta}
        label = f"2 steps, the pretrained network, 32 x 32 images, alpha {alpha}, beta {beta}"
        cases.append(Case(label, args, settings, rtol=1e-4, atol=1e-6))
    return cases
