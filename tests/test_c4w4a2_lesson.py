"""c4w4a2 (neural style transfer): the given style cost, and the notebook's step on the
real network.

`shared_utils.nst_costs.compute_style_cost` must weigh each style layer's cost and
ignore the last output (the content layer); the notebook's own `train_step`, run with
the pretrained feature network on small images, must lower the total cost and keep the
image in [0, 1].
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pytest

from graders.engine import solution_namespace
from shared_utils.nst_costs import compute_style_cost


@cache
def reference() -> dict:
    """The notebook's graded solutions, defined after running its import cell."""
    return solution_namespace("c4w4a2")


def test_style_cost_weighs_the_layers_and_leaves_out_the_content_layer():
    def layer_cost(a_s, a_g):
        return float(np.sum(a_s) - np.sum(a_g))

    style = [np.full(2, 3.0), np.full(2, 1.0), np.full(2, 100.0)]
    generated = [np.zeros(2), np.zeros(2), np.zeros(2)]
    layers = [("first", 0.25), ("second", 2.0)]
    assert compute_style_cost(style, generated, layers, layer_cost) == pytest.approx(
        0.25 * 6.0 + 2.0 * 2.0
    )
    with pytest.raises(ValueError):  # a style layer without its outputs
        compute_style_cost(style[1:], generated[1:], layers, layer_cost)


def test_reference_train_step_lowers_the_cost_on_the_feature_network():
    from shared_utils.frameworks import keras, tf
    from shared_utils.nst_utils import get_layer_outputs, load_feature_network

    ns = reference()
    style_layers = [(f"block{b}_conv1", 0.2) for b in range(1, 6)]
    model = get_layer_outputs(load_feature_network(), style_layers + [("block5_conv4", 1)])
    # A smooth colour ramp as the content and noise as the style: a large style cost to lower.
    ramp = np.linspace(0.0, 1.0, 64, dtype=np.float32)
    x, y = np.meshgrid(ramp, ramp)
    content = np.stack([x, y, np.full_like(x, 0.5)], axis=-1)[None]
    style = np.random.default_rng(0).uniform(0, 1, size=(1, 64, 64, 3)).astype(np.float32)
    a_C, a_S = model(content), model(style)
    image = tf.Variable(content)
    optimizer = keras.optimizers.Adam(learning_rate=0.01)
    costs = [
        float(ns["train_step"](image, model, a_S, a_C, optimizer, style_layers)) for _ in range(20)
    ]
    assert costs[-1] < costs[0]
    assert 0.0 <= float(tf.reduce_min(image)) and float(tf.reduce_max(image)) <= 1.0
