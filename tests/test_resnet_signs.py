"""The pretrained narrow ResNet-50 on SIGNS (datasets/c4/resnet_signs.*), its builder's
network and `shared_utils.resnets_utils`.

The weights are loaded with Keras's own `load_weights`, into the builder's network and
into a network written the way a learner writes the lesson's blocks, and must reproduce
the test accuracy the builder recorded. No importable module may hold working blocks
(they are the answers of c4w2a1): the network lives in the builder only.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from graders.manifest import import_builder, load_manifest, manifest_problems
from shared_utils import resnets_utils
from shared_utils.data import data_path, load_signs

keras = pytest.importorskip("keras")

FILES = ("c4/resnet_signs.weights.h5", "c4/resnet_signs.json")


def builder():
    return import_builder("resnet_signs")


def entry() -> dict:
    return load_manifest()["artifacts"]["resnet_signs"]


@pytest.fixture(scope="module")
def signs_test():
    _, _, test_x, test_y, _ = load_signs()
    return test_x / np.float32(255), test_y.ravel()


@pytest.fixture(scope="module")
def pretrained():
    return builder().load_pretrained(resnets_utils.pretrained_architecture()["width"])


def accuracy(model, x: np.ndarray, y: np.ndarray) -> float:
    return float(np.mean(np.argmax(model.predict(x, batch_size=128, verbose=0), axis=1) == y))


# -------------------------------------------------------------- learner-style blocks


def learner_identity_block(X, f, filters, training=True):
    """Identity block as the lesson asks for it (default layer names)."""
    from keras import layers

    F1, F2, F3 = filters
    X_shortcut = X
    X = layers.Conv2D(F1, 1, strides=1, padding="valid")(X)
    X = layers.BatchNormalization(axis=3)(X, training=training)
    X = layers.Activation("relu")(X)
    X = layers.Conv2D(F2, f, strides=1, padding="same")(X)
    X = layers.BatchNormalization(axis=3)(X, training=training)
    X = layers.Activation("relu")(X)
    X = layers.Conv2D(F3, 1, strides=1, padding="valid")(X)
    X = layers.BatchNormalization(axis=3)(X, training=training)
    X = layers.Add()([X, X_shortcut])
    return layers.Activation("relu")(X)


def learner_convolutional_block(X, f, filters, s=2, training=True):
    """Convolutional block; the shortcut is written first on purpose (creation order must
    not matter, only `Add()([X, X_shortcut])`)."""
    from keras import layers

    F1, F2, F3 = filters
    X_shortcut = layers.Conv2D(F3, 1, strides=s, padding="valid")(X)
    X_shortcut = layers.BatchNormalization(axis=3)(X_shortcut, training=training)
    X = layers.Conv2D(F1, 1, strides=s, padding="valid")(X)
    X = layers.BatchNormalization(axis=3)(X, training=training)
    X = layers.Activation("relu")(X)
    X = layers.Conv2D(F2, f, strides=1, padding="same")(X)
    X = layers.BatchNormalization(axis=3)(X, training=training)
    X = layers.Activation("relu")(X)
    X = layers.Conv2D(F3, 1, strides=1, padding="valid")(X)
    X = layers.BatchNormalization(axis=3)(X, training=training)
    X = layers.Add()([X, X_shortcut])
    return layers.Activation("relu")(X)


def learner_resnet50(width: int):
    from keras import layers

    def w(*filters):
        return [n // width for n in filters]

    X_input = keras.Input((64, 64, 3))
    X = layers.ZeroPadding2D((3, 3))(X_input)
    X = layers.Conv2D(64 // width, (7, 7), strides=(2, 2))(X)
    X = layers.BatchNormalization(axis=3)(X)
    X = layers.Activation("relu")(X)
    X = layers.MaxPooling2D((3, 3), strides=(2, 2))(X)
    for blocks, filters, stride in (
        (3, (64, 64, 256), 1),
        (4, (128, 128, 512), 2),
        (6, (256, 256, 1024), 2),
        (3, (512, 512, 2048), 2),
    ):
        X = learner_convolutional_block(X, 3, w(*filters), s=stride)
        for _ in range(blocks - 1):
            X = learner_identity_block(X, 3, w(*filters))
    X = layers.AveragePooling2D((2, 2))(X)
    X = layers.Flatten()(X)
    X = layers.Dense(6, activation="softmax")(X)
    return keras.Model(inputs=X_input, outputs=X)


# ------------------------------------------------------------------------------ tests


def test_manifest_lists_the_resnet_files_and_their_checksums_match():
    files = entry()["files"]
    assert set(files) == set(FILES)
    assert manifest_problems(FILES) == []
    assert all(info["bytes"] <= 5_000_000 for info in files.values())


def test_full_width_layout_has_the_lessons_parameter_count():
    model = builder().build_resnet50(width=1)
    assert model.count_params() == 23_600_006
    assert len(model.layers) == 177
    assert model.output_shape == (None, 6)


def test_recorded_architecture_describes_a_narrowed_resnet50():
    arch = json.loads(data_path("c4/resnet_signs.json").read_text())
    m = entry()["metrics"]
    assert arch["width"] == m["width"] > 1
    assert arch["stage_blocks"] == [3, 4, 6, 3]
    assert arch["stage_filters"] == builder().stage_filters(arch["width"])
    assert (arch["layers"], arch["conv2d_layers"], arch["batchnorm_layers"]) == (177, 53, 53)
    model = builder().build_resnet50(width=arch["width"])
    assert model.count_params() == arch["params"] == m["params"]
    full = builder().build_resnet50(width=1)
    assert [type(a).__name__ for a in model.layers] == [type(b).__name__ for b in full.layers]


def test_weights_are_stored_as_float16():
    import h5py

    dtypes = set()
    with h5py.File(data_path("c4/resnet_signs.weights.h5"), "r") as f:
        f.visititems(
            lambda _, obj: dtypes.add(obj.dtype) if isinstance(obj, h5py.Dataset) else None
        )
    assert dtypes == {np.dtype("float16")}


def test_recorded_accuracies_meet_the_targets():
    m = entry()["metrics"]
    assert m["test_acc"] >= 0.95
    assert m["heldout_acc"] >= 0.9 and m["heldout_images"] >= 600


@pytest.mark.slow
def test_pretrained_resnet_reproduces_its_recorded_test_accuracy(pretrained, signs_test):
    acc = accuracy(pretrained, *signs_test)
    assert acc == pytest.approx(entry()["metrics"]["test_acc"], abs=1e-4)
    assert acc >= 0.95


@pytest.mark.slow
def test_weights_load_into_a_network_built_from_learner_style_blocks(pretrained, signs_test):
    width = resnets_utils.pretrained_architecture()["width"]
    model = learner_resnet50(width)
    model.load_weights(resnets_utils.pretrained_weights_path())
    x, _ = signs_test
    np.testing.assert_allclose(
        model.predict(x, verbose=0), pretrained.predict(x, verbose=0), atol=1e-5
    )


def test_no_importable_module_builds_residual_blocks():
    """resnets_utils calls no Keras layer (its docstring may name them; its code may not)."""
    import ast

    tree = ast.parse(open(resnets_utils.__file__).read())
    called = {
        node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
    }
    assert not called & {"Add", "Conv2D", "BatchNormalization", "Activation", "Model"}
