"""Helpers for neural style transfer (c4w4a2): the feature network and image utilities.

The lesson's feature network has VGG19's layout and layer names (`block1_conv1`, ...,
`block5_conv4`, `block5_pool`; 2, 2, 4, 4 and 4 convolutions of 3 x 3 with ReLU, each
block closed by a 2 x 2 max pool) but far fewer filters per block, so a whole style
transfer runs on a laptop CPU. Its weights were trained here on procedurally drawn
textures and shapes (`datasets/builders/nst_feature_net.py`) and are read with Keras'
own `load_weights`. It expects RGB images with values in [0, 1] (no mean subtraction).

Nothing here computes a cost or takes a training step: those are the lesson's exercises.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

NST_DIR = "c4/nst"  # data folder, relative to datasets/
WEIGHTS_FILE = f"{NST_DIR}/feature_net.weights.h5"
BLOCK_CONVS = (2, 2, 4, 4, 4)  # convolutions per block, as in VGG19
WIDTHS = (16, 32, 64, 96, 96)  # filters per block (VGG19 has 64, 128, 256, 512, 512)
N_CLASSES = 37  # texture classes the network was trained to tell apart
CONTENT_IMAGES = ("astronaut", "camera", "chelsea", "china", "coffee", "flower", "rocket")
STYLE_IMAGES = ("cubist", "impressionist", "mosaic", "stained_glass", "swirls")


def build_feature_network(
    input_shape: tuple[int | None, int | None, int] = (None, None, 3),
    include_top: bool = False,
    widths: Sequence[int] = WIDTHS,
    classes: int = N_CLASSES,
):
    """The feature network's architecture with fresh (untrained) weights.

    Args:
        input_shape: (height, width, 3); None lets one model take any image size.
        include_top: add the texture classifier after `block5_pool`
            (`avg_pool`: global average pooling, `predictions`: softmax over `classes`).
        widths: filters of the convolutions of each of the five blocks.
        classes: outputs of the classifier (only with include_top).

    Returns:
        A `keras.Model` named "vgg19_narrow" from images (m, height, width, 3) in [0, 1]
        to `block5_pool` (m, height / 32, width / 32, widths[4]), or to class
        probabilities (m, classes) with include_top.

    Used in: c4w4a2.
    """
    import keras
    from keras import layers

    inputs = keras.Input(shape=input_shape, name="input_layer")
    x = inputs
    for block, (filters, convs) in enumerate(zip(widths, BLOCK_CONVS, strict=True), start=1):
        for conv in range(1, convs + 1):
            x = layers.Conv2D(
                filters, 3, padding="same", activation="relu", name=f"block{block}_conv{conv}"
            )(x)
        x = layers.MaxPooling2D(2, strides=2, name=f"block{block}_pool")(x)
    if include_top:
        x = layers.GlobalAveragePooling2D(name="avg_pool")(x)
        x = layers.Dense(classes, activation="softmax", name="predictions")(x)
    return keras.Model(inputs, x, name="vgg19_narrow")


def load_feature_network(
    input_shape: tuple[int | None, int | None, int] = (None, None, 3),
    include_top: bool = False,
    weights: str | Path | None = None,
):
    """The pretrained feature network, frozen (`trainable = False`).

    Loads the committed weights (checksum verified against the manifest) with Keras'
    `load_weights` into `build_feature_network(include_top=True)`; without the top the
    returned model shares those layers and ends at `block5_pool`, like
    `keras.applications.VGG19(include_top=False)`.

    Args:
        input_shape: (height, width, 3) of the images, e.g. (256, 256, 3); None sizes
            accept any image.
        include_top: keep the texture classifier (`avg_pool`, `predictions`).
        weights: another `.weights.h5` file to load instead of the committed one.

    Returns:
        A frozen `keras.Model`.

    Used in: c4w4a2.
    """
    import keras

    if weights is None:
        from shared_utils.data import data_path

        weights = data_path(WEIGHTS_FILE)
    full = build_feature_network(input_shape, include_top=True)
    full.load_weights(str(weights))
    full.trainable = False
    if include_top:
        return full
    model = keras.Model(full.input, full.get_layer("block5_pool").output, name="vgg19_narrow")
    model.trainable = False
    return model


def get_layer_outputs(model, layer_names: Sequence):
    """A model from the network's input to the outputs of some of its layers.

    Args:
        model: a Keras model, e.g. the feature network.
        layer_names: names of layers, or (name, weight) pairs such as STYLE_LAYERS
            (the weights are ignored here).

    Returns:
        A `keras.Model` whose output is the list of those layers' outputs, in order.

    Used in: c4w4a2.
    """
    import keras

    names = [item[0] if isinstance(item, (tuple, list)) else item for item in layer_names]
    outputs = [model.get_layer(name).output for name in names]
    return keras.Model(model.input, outputs)


def clip_0_1(image):
    """The image with every value clipped into [0, 1] (same shape and dtype).

    Used in: c4w4a2.
    """
    import tensorflow as tf

    return tf.clip_by_value(image, clip_value_min=0.0, clip_value_max=1.0)


def tensor_to_image(tensor):
    """A PIL image from a tensor or array of values in [0, 1].

    Args:
        tensor: (height, width, 3) or (1, height, width, 3).

    Returns:
        `PIL.Image.Image` in RGB mode (values scaled to 0..255 and rounded down).

    Used in: c4w4a2.
    """
    from PIL import Image

    pixels = np.asarray(tensor, dtype=np.float32)
    if pixels.ndim == 4:
        if pixels.shape[0] != 1:
            raise ValueError(f"expected one image, got a batch of {pixels.shape[0]}")
        pixels = pixels[0]
    return Image.fromarray(np.clip(pixels * 255, 0, 255).astype(np.uint8))


def image_path(name: str, kind: str = "content") -> Path:
    """Path of a bundled image (checksum verified), e.g. image_path("china").

    Args:
        name: one of CONTENT_IMAGES (kind "content") or STYLE_IMAGES (kind "style").
        kind: "content" or "style".

    Used in: c4w4a2.
    """
    from shared_utils.data import data_path

    names = CONTENT_IMAGES if kind == "content" else STYLE_IMAGES
    if kind not in ("content", "style") or name not in names:
        raise ValueError(f"no {kind} image {name!r}; choose from {names}")
    return data_path(f"{NST_DIR}/{kind}/{name}.jpg")


def load_image(path: str | Path, size: int | None = None) -> np.ndarray:
    """An image file as a batch of one, values in [0, 1].

    Args:
        path: image file (greyscale files are turned into RGB), or the name of a bundled
            content or style image.
        size: resize to size x size (Lanczos) when given.

    Returns:
        float32 array (1, size, size, 3) with values in [0, 1].

    Used in: c4w4a2.
    """
    from PIL import Image

    path = Path(path)
    if not path.exists() and str(path) in CONTENT_IMAGES + STYLE_IMAGES:
        path = image_path(str(path), "content" if str(path) in CONTENT_IMAGES else "style")
    with Image.open(path) as img:
        img = img.convert("RGB")
        if size is not None:
            img = img.resize((size, size), Image.LANCZOS)
        pixels = np.asarray(img, dtype=np.float32) / 255.0
    return pixels[None]


def preprocess_image(pixels):
    """The lesson's preprocessing: pixels to a float32 batch of one in [0, 1].

    Args:
        pixels: uint8 (values 0..255) or float (values already in [0, 1]) array or
            tensor of shape (height, width, 3) or (1, height, width, 3).

    Returns:
        float32 `tf.Tensor` (1, height, width, 3) with values in [0, 1]; the network
        takes it as it is (no mean subtraction).

    Used in: c4w4a2.
    """
    import tensorflow as tf

    image = tf.convert_to_tensor(pixels)
    if image.shape.rank == 3:
        image = image[None]
    return tf.image.convert_image_dtype(image, tf.float32)


def noisy_start(content, noise: float = 0.25, seed: int | None = None):
    """The lesson's starting image: the content image plus uniform noise, clipped.

    Args:
        content: float32 (1, height, width, 3) in [0, 1].
        noise: half-width of the uniform noise, U(-noise, noise) per value.
        seed: op seed for `tf.random.uniform` (the lesson sets the global seed instead).

    Returns:
        float32 `tf.Tensor` of the content's shape, values in [0, 1].

    Used in: c4w4a2.
    """
    import tensorflow as tf

    content = tf.convert_to_tensor(content, tf.float32)
    start = content + tf.random.uniform(tf.shape(content), -noise, noise, seed=seed)
    return clip_0_1(start)


def save_image(image, path: str | Path) -> Path:
    """Write an image in [0, 1] ((h, w, 3) or a batch of one) as a PNG or JPEG file.

    Creates the folder when needed and returns the path.

    Used in: c4w4a2.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tensor_to_image(image).save(path)
    return path
