"""c4w2a1 (Residual networks): the claims the lesson makes, checked on its own solutions.

- the learner's `ResNet50` at full width has the original's 23,600,006 parameters in
  177 layers (53 convolutions), and `width_divisor=8` gives the 385,654 of the shipped
  weights;
- built from the notebook's blocks, the narrow network orders its layers exactly as
  the builder's network does, so Keras's `load_weights` fills it and it reproduces the
  builder's predictions and recorded test accuracy;
- adding the shortcut first (`Add()([X_shortcut, X])`) changes that order: the lesson's
  warning is real;
- in the skip experiment, the plain stack's gradient vanishes towards the input and the
  stack with skips keeps it.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from graders.engine import solution_namespace, solution_sources
from graders.manifest import import_builder, recorded_metrics
from graders.notebooks import read_notebook
from graders.registry import ASSIGNMENTS
from shared_utils.data import load_signs
from shared_utils.resnets_utils import pretrained_architecture, pretrained_weights_path

keras = pytest.importorskip("keras")

ASSIGNMENT = ASSIGNMENTS["c4w2a1"]


@pytest.fixture(scope="module")
def cells() -> list[str]:
    nb = read_notebook(ASSIGNMENT.source_notebook)
    return [cell.source for cell in nb.cells if cell.cell_type == "code"]


@pytest.fixture(scope="module")
def notebook() -> dict[str, Any]:
    """Namespace holding the notebook's imports and reference solutions."""
    return solution_namespace("c4w2a1")


def _kinds(model) -> list[str]:
    return [type(layer).__name__ for layer in model.layers]


def test_full_width_resnet50_has_the_original_parameter_count(notebook):
    model = notebook["ResNet50"]((64, 64, 3), 6)
    kinds = _kinds(model)
    assert model.count_params() == 23_600_006
    assert len(kinds) == 177 and kinds.count("Conv2D") == 53 and kinds.count("Add") == 16
    assert model.output_shape == (None, 6)


def test_narrow_resnet50_lines_up_with_the_builders_network(notebook):
    width = pretrained_architecture()["width"]
    ours = notebook["ResNet50"]((64, 64, 3), 6, width_divisor=width)
    theirs = import_builder("resnet_signs").build_resnet50(width=width)
    recorded = recorded_metrics("resnet_signs")["params"]
    assert ours.count_params() == theirs.count_params() == recorded
    assert _kinds(ours) == _kinds(theirs)
    assert [w.shape for w in ours.weights] == [w.shape for w in theirs.weights]


def test_shortcut_added_first_changes_the_layer_order(notebook):
    source = solution_sources(ASSIGNMENT)["convolutional_block"]
    wrong = source.replace("Add()([X, X_shortcut])", "Add()([X_shortcut, X])")
    assert wrong != source
    namespace = dict(notebook)
    exec(wrong, namespace)

    def shapes(block) -> list[tuple]:
        inputs = keras.Input((8, 8, 3))
        model = keras.Model(inputs, block(inputs, 3, [2, 2, 6], s=2))
        return [tuple(w.shape) for w in model.weights]

    right = shapes(notebook["convolutional_block"])
    shortcut_first = shapes(namespace["convolutional_block"])
    assert sorted(right) == sorted(shortcut_first) and right != shortcut_first


@pytest.mark.slow
def test_pretrained_weights_load_into_the_learners_network(notebook):
    arch = pretrained_architecture()
    model = notebook["ResNet50"](
        tuple(arch["input_shape"]), arch["classes"], width_divisor=arch["width"]
    )
    model.load_weights(pretrained_weights_path())
    reference = import_builder("resnet_signs").load_pretrained(arch["width"])
    _, _, test_x, test_y, _ = load_signs()
    x = test_x.astype("float32") / 255.0
    ours = model.predict(x, verbose=0)
    np.testing.assert_allclose(ours, reference.predict(x, verbose=0), atol=1e-5)
    accuracy = float(np.mean(np.argmax(ours, axis=1) == test_y.ravel()))
    assert accuracy == pytest.approx(recorded_metrics("resnet_signs")["test_acc"], abs=1e-4)


def test_skips_keep_the_gradient_that_the_plain_stack_loses(cells):
    (experiment,) = [source for source in cells if "def input_gradient_norms" in source]
    namespace: dict[str, Any] = {}
    exec(cells[0], namespace)
    exec(experiment.replace("plt.show()", "plt.close(fig)"), namespace)
    plain, skips = namespace["plain_norms"], namespace["skip_norms"]
    assert plain[0] / plain[-1] < 1e-6  # vanished after 30 sigmoid layers
    assert skips[0] / skips[-1] > 0.5  # kept (or grown) by the identity paths
