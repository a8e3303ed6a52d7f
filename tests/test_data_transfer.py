"""Transfer-learning data of c4w2a2: the "alpaca or not" image tree, the procedural
pretraining set and the pretrained MobileNetV2 backbone.

Figures recorded in `datasets/manifest.json` are checked against the committed files;
a slow test repeats the pretrained-versus-scratch comparison on one seed.
"""

from __future__ import annotations

import io
from functools import cache

import numpy as np
import pytest
from PIL import Image

from graders.manifest import (
    files_under,
    import_builder,
    listed_files,
    load_manifest,
    manifest_problems,
    recorded_metrics,
)
from graders.registry import REPO_ROOT
from shared_utils import transfer_data

ARTEFACTS = ("transfer_alpaca", "mobilenet_backbone")
TRANSFER_DIR = REPO_ROOT / "datasets" / "c4" / "transfer"


def keras_setup():
    import keras
    import tensorflow as tf

    try:
        tf.config.threading.set_intra_op_parallelism_threads(2)
        tf.config.threading.set_inter_op_parallelism_threads(1)
    except RuntimeError:  # already initialised by an earlier test
        pass
    return keras


@cache
def lesson_split():
    """The lesson's training and validation datasets (as the notebook loads them)."""
    keras = keras_setup()
    kwargs = dict(
        shuffle=True,
        batch_size=32,
        image_size=transfer_data.IMG_SIZE,
        validation_split=0.2,
        seed=42,
    )
    folder = transfer_data.dataset_dir()
    train = keras.utils.image_dataset_from_directory(folder, subset="training", **kwargs)
    val = keras.utils.image_dataset_from_directory(folder, subset="validation", **kwargs)
    return train, val


def as_arrays(dataset) -> tuple[np.ndarray, np.ndarray]:
    xs, ys = zip(*[(x.numpy(), y.numpy()) for x, y in dataset], strict=True)
    return np.concatenate(xs), np.concatenate(ys)


# ---------------------------------------------------------------------- manifest


def test_manifest_lists_every_transfer_file_and_their_checksums_match():
    listed = listed_files(ARTEFACTS)
    assert files_under("c4/transfer") == listed
    assert manifest_problems(listed) == []


def test_transfer_files_are_small():
    sizes = [
        info["bytes"]
        for name in ARTEFACTS
        for info in load_manifest()["artifacts"][name]["files"].values()
    ]
    assert max(sizes) <= 5_000_000
    assert sum(sizes) <= 15_000_000


def test_sample_sheets_are_committed_pngs():
    for name in ("alpaca_samples.png", "pretrain_samples.png"):
        with Image.open(TRANSFER_DIR / name) as img:
            assert img.format == "PNG" and img.width >= 600 and img.height >= 400


# ------------------------------------------------------------------ target images


def test_folder_has_the_lessons_classes_and_counts():
    per_class = {
        c: len(list((TRANSFER_DIR / "dataset" / c).glob("*.jpg")))
        for c in transfer_data.CLASS_NAMES
    }
    recorded = recorded_metrics("transfer_alpaca")
    assert per_class == {
        "alpaca": recorded["alpaca_images"],
        "not alpaca": recorded["not_alpaca_images"],
    }
    assert sum(per_class.values()) == 327
    assert 0.4 <= per_class["alpaca"] / 327 <= 0.6
    assert sorted(p.name for p in (TRANSFER_DIR / "dataset").iterdir()) == list(
        transfer_data.CLASS_NAMES
    )


def test_every_image_is_a_160_pixel_rgb_jpeg():
    for path in sorted((TRANSFER_DIR / "dataset").rglob("*.jpg")):
        with Image.open(path) as img:
            assert (img.format, img.mode, img.size) == ("JPEG", "RGB", (160, 160)), path


def test_image_dataset_from_directory_gives_the_lessons_split():
    train, val = lesson_split()
    assert train.class_names == val.class_names == ["alpaca", "not alpaca"]
    x_train, y_train = as_arrays(train)
    x_val, y_val = as_arrays(val)
    assert x_train.shape == (262, 160, 160, 3) and x_val.shape == (65, 160, 160, 3)
    # both classes are well represented on both sides of the split
    for y in (y_train, y_val):
        assert 0.3 <= y.mean() <= 0.7


def test_builder_split_is_the_one_keras_makes():
    """The colour baseline of the builder is measured on the lesson's validation files."""
    images = import_builder("transfer_images")
    train, val = lesson_split()
    paths = images.target_paths()
    files = [p for c in images.CLASS_DIRS for p in sorted(paths[c])]
    train_idx, val_idx, labels = images.lesson_split(paths)
    assert [str(files[i]) for i in val_idx] == [str(p) for p in val.file_paths]
    assert [str(files[i]) for i in train_idx] == [str(p) for p in train.file_paths]
    assert sorted(labels[val_idx].tolist()) == sorted(as_arrays(val)[1].tolist())


def test_builder_redraws_the_committed_images_byte_for_byte():
    images = import_builder("transfer_images")
    paths = images.target_paths()
    for cls, index in (("alpaca", 0), ("alpaca", 77), ("not alpaca", 5), ("not alpaca", 166)):
        img, _ = images.target_image(index, cls == "alpaca")
        buffer = io.BytesIO()
        img.save(buffer, format="JPEG", quality=images.JPEG_QUALITY, optimize=True)
        assert buffer.getvalue() == paths[cls][index].read_bytes(), (cls, index)


def test_colour_alone_does_not_separate_the_classes_well():
    recorded = recorded_metrics("transfer_alpaca")
    assert recorded["colour_histogram_logreg_val_acc"] <= 70


def test_a_small_linear_model_learns_alpacas_above_chance_and_as_recorded():
    measured = import_builder("transfer_images").linear_baselines()
    recorded = recorded_metrics("transfer_alpaca")
    assert measured == {k: recorded[k] for k in measured}
    assert measured["edge_histogram_logreg_val_acc"] >= measured["majority_class_val_acc"] + 8


def test_negatives_show_many_kinds_of_distractors_but_never_an_alpaca():
    shown = recorded_metrics("transfer_alpaca")["negatives_by_subject"]
    assert "alpaca" not in shown and len(shown) >= 10
    assert sum(shown.values()) == 167
    assert shown["sheep"] >= 20  # the closest look-alike is common


# --------------------------------------------------------------- pretraining set


def test_pretraining_set_is_deterministic_balanced_and_has_no_alpaca():
    images = import_builder("transfer_images")
    assert "alpaca" not in images.PRETRAIN_CLASSES and len(images.PRETRAIN_CLASSES) >= 10
    x, y = images.pretraining_set(26, 48, split=3, progress=False)
    again, _ = images.pretraining_set(26, 48, split=3, progress=False)
    assert x.shape == (26, 48, 48, 3) and x.dtype == np.uint8
    assert np.array_equal(x, again)
    assert np.bincount(y).tolist() == [2] * 13
    other, _ = images.pretraining_set(26, 48, split=4, progress=False)
    assert not np.array_equal(x, other)


def test_a_small_linear_model_learns_the_pretraining_classes_above_chance():
    from sklearn.linear_model import LogisticRegression

    images = import_builder("transfer_images")
    x, y = images.pretraining_set(13 * 80, 48, split=5, progress=False)
    xv, yv = images.pretraining_set(13 * 30, 48, split=6, progress=False)
    edges, edges_val = images.orientation_histograms(x), images.orientation_histograms(xv)
    model = LogisticRegression(C=10.0, max_iter=3000).fit(edges, y)
    assert model.score(edges_val, yv) > 2.5 / 13  # chance is 1/13


# ---------------------------------------------------------------------- backbone


def test_backbone_loads_with_keras_and_has_the_recorded_shape():
    keras = keras_setup()
    base = transfer_data.load_pretrained_mobilenet()
    recorded = recorded_metrics("mobilenet_backbone")
    assert len(base.layers) == recorded["backbone_layers"] == 154
    assert base.count_params() == recorded["backbone_params"]
    assert base.output_shape == (None, 5, 5, 1280)
    # (Its name, input_layer or input_layer_N, depends on what the process built before.)
    assert type(base.layers[0]).__name__ == "InputLayer"
    assert base.layers[transfer_data.FINE_TUNE_AT].name.startswith("block_13")
    fresh = keras.applications.MobileNetV2(
        input_shape=(160, 160, 3), alpha=transfer_data.ALPHA, include_top=False, weights=None
    )
    loaded, random = (
        base.get_layer("Conv1").get_weights()[0],
        fresh.get_layer("Conv1").get_weights()[0],
    )
    assert not np.allclose(loaded, random)
    small = transfer_data.load_pretrained_mobilenet((96, 96, 3))  # any size loads
    assert np.array_equal(small.get_layer("Conv1").get_weights()[0], loaded)


def test_frozen_backbone_features_separate_alpacas_with_a_linear_model():
    from sklearn.linear_model import LogisticRegression

    keras = keras_setup()
    base = transfer_data.load_pretrained_mobilenet()
    pool = keras.Sequential([base, keras.layers.GlobalAveragePooling2D()])
    train, val = lesson_split()
    preprocess = keras.applications.mobilenet_v2.preprocess_input
    (x_train, y_train), (x_val, y_val) = as_arrays(train), as_arrays(val)
    f_train = pool.predict(preprocess(x_train), verbose=0)
    f_val = pool.predict(preprocess(x_val), verbose=0)
    clf = LogisticRegression(C=1.0, max_iter=3000).fit(f_train, y_train)
    assert clf.score(f_val, y_val) >= 0.75


def test_keep_batch_norm_frozen_reaches_the_nested_base():
    keras = keras_setup()
    base = keras.applications.MobileNetV2(
        input_shape=(96, 96, 3), alpha=transfer_data.ALPHA, include_top=False, weights=None
    )
    inputs = keras.Input((96, 96, 3))
    model = keras.Model(
        inputs,
        keras.layers.Dense(1)(keras.layers.GlobalAveragePooling2D()(base(inputs, training=False))),
    )
    norms = [la for la in base.layers if isinstance(la, keras.layers.BatchNormalization)]
    assert transfer_data.keep_batch_norm_frozen(model) == len(norms) == 52
    assert not any(layer.trainable for layer in norms)
    assert base.get_layer("Conv1").trainable  # other layers are left alone


def test_recorded_transfer_figures_show_the_lessons_point():
    recorded = recorded_metrics("mobilenet_backbone")
    assert recorded["pretrain_heldout_acc"] >= 85
    assert recorded["gap_pretrained_fine_minus_best_scratch"] >= 10
    assert recorded["pretrained_head_val_acc_mean"] >= 70
    assert recorded["pretrained_fine_val_acc_mean"] > recorded["pretrained_head_val_acc_mean"]
    assert recorded["pretrained_fine_val_acc_mean"] >= 80
    for run in ("pretrained_fine", "scratch_fine", "scratch_full"):
        values = recorded[f"{run}_val_acc_runs"]
        assert len(values) == len(recorded["transfer_seeds"]) >= 3
        assert recorded[f"{run}_val_acc_mean"] == round(sum(values) / len(values), 1)
    assert recorded["backbone_layers"] == 154


@pytest.mark.slow
def test_pretrained_backbone_beats_training_from_scratch_on_one_seed():
    keras = keras_setup()
    backbone = import_builder("mobilenet_backbone")
    train, val = lesson_split()
    train, val = train.cache(), val.cache()
    keras.utils.set_random_seed(1000)
    pretrained = backbone.lesson_protocol(
        transfer_data.load_pretrained_mobilenet(), train, val, "pretrained"
    )
    keras.utils.set_random_seed(1000)
    scratch = backbone.scratch_full(train, val, "scratch")
    assert pretrained["fine_val_acc"] >= scratch["val_acc"] + 10
