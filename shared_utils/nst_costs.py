"""The style cost over several layers, given to the neural style transfer lesson (c4w4a2).

It lives in a module, not in a notebook cell, because the graded `train_step` calls it
and a graded function may only rely on what the notebook's import cell imports. It
takes the per-layer cost as an argument, so the lesson passes its own
`compute_layer_style_cost`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any


def compute_style_cost(
    style_image_output: Sequence[Any],
    generated_image_output: Sequence[Any],
    style_layers: Sequence[tuple[str, float]],
    layer_style_cost: Callable[[Any, Any], Any],
) -> Any:
    """The weighted sum of the style costs of the style layers.

    Args:
        style_image_output: the feature model's outputs for the style image: one tensor
            (1, n_H, n_W, n_C) per style layer, in the order of `style_layers`, then the
            content layer's output (last, not used here).
        generated_image_output: the same outputs for the generated image.
        style_layers: [(layer name, weight), ...], e.g. [("block1_conv1", 0.2), ...].
        layer_style_cost: the cost of one layer, `layer_style_cost(a_S, a_G)` (the
            lesson's `compute_layer_style_cost`).

    Returns:
        J_style: a scalar tensor, sum over the style layers of weight * layer cost.

    Used in: c4w4a2.
    """
    a_S = style_image_output[:-1]
    a_G = generated_image_output[:-1]
    J_style = 0.0
    for (_, weight), style_activation, generated_activation in zip(
        style_layers, a_S, a_G, strict=True
    ):
        J_style += weight * layer_style_cost(style_activation, generated_activation)
    return J_style
