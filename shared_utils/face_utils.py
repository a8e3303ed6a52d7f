"""Face recognition helpers for c4w4a1: the pretrained face encoder and the house's photos.

The encoder is a small ConvNet trained here with the triplet loss
(`datasets/builders/face_encoder.py`) on drawn faces of people who are neither the
residents nor the visitors. It maps a 96 x 96 RGB face (values scaled to [0, 1]) to a
128-number encoding of length 1, so the plain (not squared) L2 distance between two
encodings lies between 0 and 2; two photos of one person are closer than
`THRESHOLD` (0.7), photos of two people are farther apart.

The graded functions of the lesson (`triplet_loss`, `verify`, `who_is_it`) are not here.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from shared_utils.data import data_path

IMAGE_SIZE = 96
EMBEDDING_SIZE = 128
THRESHOLD = 0.7  # distance below which two faces are taken for the same person
WEIGHTS = "c4/faces/face_encoder.weights.h5"
PEOPLE = "c4/faces/people.json"


def face_encoder_model(input_shape: tuple[int, int, int] = (IMAGE_SIZE, IMAGE_SIZE, 3)):
    """The encoder's architecture (untrained): image in [0, 1] -> unit-length 128-vector.

    Five conv-BN-ReLU stages with max pooling (96 -> 48 -> 24 -> 12 -> 6), global average
    pooling, a Dense layer of 128 units and an L2 normalisation layer.
    """
    import keras
    from keras import layers

    def stage(x, filters: int, convs: int, name: str):
        for k in range(convs):
            x = layers.Conv2D(
                filters, 3, padding="same", use_bias=False, name=f"{name}_conv{k + 1}"
            )(x)
            x = layers.BatchNormalization(name=f"{name}_bn{k + 1}")(x)
            x = layers.ReLU(name=f"{name}_relu{k + 1}")(x)
        return x

    inputs = keras.Input(shape=input_shape, name="face")
    x = layers.Conv2D(32, 5, strides=2, padding="same", use_bias=False, name="stem_conv")(inputs)
    x = layers.BatchNormalization(name="stem_bn")(x)
    x = layers.ReLU(name="stem_relu")(x)
    x = layers.MaxPooling2D(2, name="pool1")(x)  # 24 x 24
    x = stage(x, 64, 2, "block1")
    x = layers.MaxPooling2D(2, name="pool2")(x)  # 12 x 12
    x = stage(x, 128, 2, "block2")
    x = layers.MaxPooling2D(2, name="pool3")(x)  # 6 x 6
    x = stage(x, 192, 1, "block3")
    x = layers.GlobalAveragePooling2D(name="gap")(x)
    x = layers.Dense(EMBEDDING_SIZE, name="embedding")(x)
    outputs = layers.UnitNormalization(axis=-1, name="l2_normalize")(x)
    return keras.Model(inputs, outputs, name="face_encoder")


def load_face_encoder():
    """The pretrained encoder: the architecture above with the committed weights loaded
    by Keras's own `load_weights` (file checked against the manifest first)."""
    model = face_encoder_model()
    model.load_weights(data_path(WEIGHTS))
    return model


def load_image(image_path) -> np.ndarray:
    """An image file as float32 (IMAGE_SIZE, IMAGE_SIZE, 3) in [0, 1] (resized if needed)."""
    from PIL import Image

    with Image.open(image_path) as img:
        img = img.convert("RGB")
        if img.size != (IMAGE_SIZE, IMAGE_SIZE):
            img = img.resize((IMAGE_SIZE, IMAGE_SIZE), Image.BILINEAR)
        return np.asarray(img, dtype=np.float32) / 255.0


def img_to_encoding(image_path, model) -> np.ndarray:
    """The encoding of the face in `image_path`: float32 array of shape (1, 128), length 1."""
    x = load_image(image_path)[np.newaxis]
    return np.asarray(model(x, training=False))


def people() -> dict:
    """`people.json`: residents (name -> file) and the door-camera photos with the truth."""
    return json.loads(data_path(PEOPLE).read_text())


def images_dir() -> Path:
    """Folder holding the residents' photos and the camera photos."""
    return data_path(PEOPLE).parent / "images"


def resident_photos() -> dict[str, Path]:
    """Name -> path of each resident's database photo (one per person)."""
    return {
        name: data_path(f"c4/faces/images/{file}") for name, file in people()["residents"].items()
    }


def camera_photos() -> list[Path]:
    """Paths of the door-camera photos camera_0.jpg, camera_1.jpg, ... in order."""
    return [data_path(f"c4/faces/images/{v['file']}") for v in people()["visitors"]]


def camera_truth() -> dict[str, str | None]:
    """Camera file name -> the resident it shows, or None for a stranger."""
    return {v["file"]: (v["person"] if v["resident"] else None) for v in people()["visitors"]}
