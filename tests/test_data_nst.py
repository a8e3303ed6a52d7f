"""Neural style transfer data (c4w4a2): content photographs, drawn style images, the
pretrained feature network and its figures.

The figures the builders recorded in `datasets/manifest.json` are recomputed here from
the committed files where that is cheap, so a rebuilt or damaged file that changes them
fails.
"""

from __future__ import annotations

import hashlib
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
from shared_utils import nst_utils
from shared_utils.data import data_path

ARTEFACTS = ("nst_images", "nst_feature_net")
VGG19_NAMES = [
    f"block{b}_{kind}"
    for b, convs in enumerate(nst_utils.BLOCK_CONVS, 1)
    for kind in [f"conv{c}" for c in range(1, convs + 1)] + ["pool"]
]


@cache
def network(include_top: bool = False):
    return nst_utils.load_feature_network(include_top=include_top)


# ------------------------------------------------------------------------ manifest


def test_manifest_lists_every_nst_file_and_their_checksums_match():
    listed = listed_files(ARTEFACTS)
    assert files_under("c4/nst") == listed
    assert manifest_problems(listed) == []


def test_nst_files_are_small():
    sizes = [
        info["bytes"]
        for name in ARTEFACTS
        for info in load_manifest()["artifacts"][name]["files"].values()
    ]
    assert max(sizes) <= 5_000_000
    assert sum(sizes) <= 20_000_000


# -------------------------------------------------------------------------- images


def test_every_named_image_is_a_400_pixel_square():
    for kind, names in (("content", nst_utils.CONTENT_IMAGES), ("style", nst_utils.STYLE_IMAGES)):
        for name in names:
            with Image.open(nst_utils.image_path(name, kind)) as img:
                assert img.size == (400, 400), name
                assert img.mode == ("L" if name == "camera" else "RGB"), name


def test_every_content_photo_has_its_licence_in_the_manifest():
    notes = load_manifest()["artifacts"]["nst_images"]["notes"]
    for name in nst_utils.CONTENT_IMAGES:
        licence = import_builder("nst_images").CONTENT[name][3]
        assert f"content/{name}.jpg: {licence}" in notes
        assert any(word in licence for word in ("public domain", "CC0", "CC BY 2.0"))
    assert "danielbuechele" in notes and "vultilion" in notes  # CC BY needs attribution


def test_content_photos_are_the_package_images_cropped_and_resized():
    pytest.importorskip("skimage")  # a build-time extra
    images = import_builder("nst_images")
    for name in nst_utils.CONTENT_IMAGES:
        expected = np.asarray(images.content_image(name), float)
        with Image.open(nst_utils.image_path(name)) as img:
            got = np.asarray(img, float)
        assert np.abs(got - expected).mean() < 3, name  # JPEG q92 differences only


def test_style_images_redraw_to_the_same_bytes():
    images = import_builder("nst_images")
    for name in nst_utils.STYLE_IMAGES:
        buffer = io.BytesIO()
        images.style_image(name).save(
            buffer, format="JPEG", quality=images.JPEG_QUALITY, optimize=True, subsampling=0
        )
        digest = hashlib.sha256(buffer.getvalue()).hexdigest()
        entry = load_manifest()["artifacts"]["nst_images"]["files"][f"c4/nst/style/{name}.jpg"]
        assert digest == entry["sha256"], name


def test_style_images_differ_in_colour_and_texture():
    pixels = {n: nst_utils.load_image(n)[0] for n in nst_utils.STYLE_IMAGES}
    recorded = recorded_metrics("nst_images")
    for name, img in pixels.items():
        assert img.std() > 0.1, name
        assert recorded[f"style_{name}_colourfulness"] > 20, name
    means = np.array([img.reshape(-1, 3).mean(axis=0) for img in pixels.values()])
    distances = np.linalg.norm(means[:, None] - means[None], axis=-1)
    assert distances[np.triu_indices(len(means), 1)].min() > 0.05  # palettes differ


def test_load_image_gives_a_batch_of_one_in_zero_one_even_for_greyscale():
    img = nst_utils.load_image("camera", 64)
    assert img.shape == (1, 64, 64, 3) and img.dtype == np.float32
    assert 0 <= img.min() and img.max() <= 1
    assert np.allclose(img[..., 0], img[..., 2])
    with pytest.raises(ValueError, match="no style image"):
        nst_utils.image_path("louvre", "style")


# ------------------------------------------------------------------ feature network


def test_feature_network_has_vgg19_layer_names_and_is_frozen():
    model = network()
    names = [layer.name for layer in model.layers[1:]]
    assert names == VGG19_NAMES
    assert not model.trainable
    assert model.count_params() + 96 * 37 + 37 == recorded_metrics("nst_feature_net")["params"]
    out = model(np.zeros((1, 64, 96, 3), np.float32))
    assert out.shape == (1, 2, 3, nst_utils.WIDTHS[-1])


def test_weights_load_into_a_fresh_architecture_with_keras_load_weights():
    fresh = nst_utils.build_feature_network(include_top=True)
    fresh.load_weights(str(data_path(nst_utils.WEIGHTS_FILE)))
    x = np.random.default_rng(0).random((2, 64, 64, 3)).astype(np.float32)
    np.testing.assert_allclose(fresh(x), network(include_top=True)(x), rtol=1e-5, atol=1e-6)


def test_feature_network_reproduces_its_recorded_heldout_slice_accuracy():
    x, y = import_builder("nst_feature_net").heldout_slice()
    probs = network(include_top=True).predict(x, verbose=0)
    accuracy = np.mean(probs.argmax(axis=1) == y) * 100
    recorded = recorded_metrics("nst_feature_net")
    assert len(y) == recorded["heldout_slice_images"]
    assert abs(accuracy - recorded["heldout_slice_accuracy"]) <= 100 / len(y) + 1e-9
    assert accuracy > 40 * 100 / 37 / 10  # far above chance (1 in 37)


def test_get_layer_outputs_takes_names_or_name_weight_pairs():
    pairs = [("block1_conv1", 0.2), ("block3_conv1", 0.2), ("block5_conv4", 1)]
    outputs = nst_utils.get_layer_outputs(network(), pairs)
    same = nst_utils.get_layer_outputs(network(), [n for n, _ in pairs])
    x = nst_utils.load_image("china", 64)
    got = outputs(x)
    assert [tuple(a.shape) for a in got] == [
        (1, 64, 64, nst_utils.WIDTHS[0]),
        (1, 16, 16, nst_utils.WIDTHS[2]),
        (1, 4, 4, nst_utils.WIDTHS[4]),
    ]
    for a, b in zip(got, same(x), strict=True):
        np.testing.assert_allclose(a, b)
    assert all(float(np.max(a)) > 0 for a in got)  # the layers respond to a photo


def test_clip_and_tensor_to_image():
    clipped = np.asarray(nst_utils.clip_0_1(np.array([[-0.5, 0.3, 1.7]], np.float32)))
    np.testing.assert_allclose(clipped, [[0.0, 0.3, 1.0]], rtol=1e-6)
    image = nst_utils.tensor_to_image(np.full((1, 5, 7, 3), 0.5, np.float32))
    assert image.size == (7, 5) and image.mode == "RGB"
    assert np.asarray(image).max() == 127
    with pytest.raises(ValueError, match="one image"):
        nst_utils.tensor_to_image(np.zeros((2, 4, 4, 3)))


def test_preprocess_noisy_start_and_save_image(tmp_path):
    pixels = np.asarray(Image.open(nst_utils.image_path("chelsea")).resize((32, 32)))
    image = nst_utils.preprocess_image(pixels)
    assert tuple(image.shape) == (1, 32, 32, 3) and image.dtype.name == "float32"
    np.testing.assert_allclose(image[0], pixels / 255.0, atol=1e-6)
    start = np.asarray(nst_utils.noisy_start(image, noise=0.25, seed=1))
    assert 0 <= start.min() and start.max() <= 1
    assert 0.05 < np.abs(start - np.asarray(image)).mean() < 0.25
    path = nst_utils.save_image(image, tmp_path / "out" / "cat.png")
    with Image.open(path) as saved:
        assert saved.size == (32, 32)
        assert np.abs(np.asarray(saved, float) - pixels).max() <= 1


def test_a_short_run_reproduces_its_recorded_costs():
    nfn = import_builder("nst_feature_net")
    run = nfn.check_run(network())
    step, *costs = recorded_metrics("nst_feature_net")["check_run_costs"]
    assert run["curve"][-1][0] == step == nfn.CHECK_RUN[3] - 1
    np.testing.assert_allclose(run["curve"][-1][1:], costs, rtol=2e-3)


def test_a_short_style_transfer_lowers_the_lessons_cost():
    nfn = import_builder("nst_feature_net")
    content, style = nst_utils.load_image("chelsea", 64), nst_utils.load_image("mosaic", 64)
    result, run = nfn.style_transfer(network(), content, style, steps=30, log_every=29)
    (_, j0, _, s0), (_, j1, _, s1) = run["curve"][0], run["curve"][-1]
    assert j1 < 0.7 * j0 and s1 < s0
    assert result.shape == (64, 64, 3) and 0 <= result.min() and result.max() <= 1


# ----------------------------------------------------------------- recorded figures


def test_recorded_run_lowers_both_costs_over_the_lesson_length():
    m = recorded_metrics("nst_feature_net")
    curve = np.array(m["run_costs_every_250_steps"])
    assert curve[-1, 0] == m["run_steps"] - 1 and m["run_image_size"] >= 256
    assert curve[-1, 1] < curve[0, 1] / 10  # total cost
    assert curve[-1, 3] < curve[0, 3] / 5  # style cost


def test_trained_network_beats_the_untrained_one_on_colour_and_texture():
    m = recorded_metrics("nst_feature_net")
    for measure in ("colour", "texture"):  # distances to the style image: lower is better
        assert m[f"compare_trained_{measure}"] < m[f"compare_untrained_{measure}"]
        assert m[f"compare_trained_better_{measure}_pairs"] >= 0.8 * m["compare_pairs"]
        assert m[f"compare_trained_{measure}"] < m[f"compare_content_image_{measure}"]
    assert m["compare_trained_structure"] > 0.75  # the content's shapes are kept


def test_style_transfer_layers_of_the_lesson_exist():
    names = {layer.name for layer in network().layers}
    assert {f"block{b}_conv1" for b in range(1, 6)} | {"block5_conv4"} <= names


def test_demo_figures_are_pngs_of_the_expected_layout():
    with Image.open(data_path("c4/nst/style_transfer_demo.png")) as img:
        assert img.format == "PNG" and img.width > 2.5 * img.height
    with Image.open(data_path("c4/nst/trained_vs_untrained.png")) as img:
        assert img.height > img.width  # one row per pair
    with Image.open(data_path("c4/nst/nst_samples.png")) as img:
        assert img.format == "PNG"


def test_texture_classes_are_drawn_from_their_seed():
    nfn = import_builder("nst_feature_net")
    for c in range(len(nfn.CLASSES)):
        a = nfn.texture(c, np.random.default_rng([1, c]))
        b = nfn.texture(c, np.random.default_rng([1, c]))
        assert a.shape == (64, 64, 3) and a.dtype == np.uint8
        assert np.array_equal(a, b), nfn.CLASS_NAMES[c]
        assert a.std() > 3, nfn.CLASS_NAMES[c]
