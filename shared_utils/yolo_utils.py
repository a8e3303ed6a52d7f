"""YOLO helpers for the car-detection lesson (c4w3a1): the road detector and its plumbing.

The detector is a small YOLOv2-style network trained here on the procedural dash-camera
scenes (`datasets/builders/yolo_detector.py`). It looks at a 256 x 256 RGB image (values
in [0, 1]) and answers with a grid of 16 x 16 cells; each cell has 5 anchor boxes, and
each anchor box 5 + 6 numbers:

    t_x, t_y, t_w, t_h, t_o, then one logit per class (car, bus, truck, pedestrian,
    traffic_light, traffic_sign).

`yolo_head` turns those raw numbers into boxes and probabilities:

    centre   = (cell index + sigmoid(t_x, t_y)) / 16          (fractions of the image)
    size     = anchor * exp(t_w, t_h) / 16                    (anchors in grid cells)
    p_object = sigmoid(t_o),   p(class | object) = softmax(class logits)

Box conventions: boxes handed between these functions are corners in the order
(y_min, x_min, y_max, x_max), first as fractions of the image, then (after
`scale_boxes`) in pixels, where a pixel corner runs from 0 to the image's width or
height. That is the order `tf.image.non_max_suppression` expects.

The lesson's graded functions (`yolo_filter_boxes`, `iou`, `yolo_non_max_suppression`,
`yolo_eval`) are not here: you write them.
"""

from __future__ import annotations

import colorsys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from shared_utils.data import data_path

MODEL_IMAGE_SIZE = (256, 256)  # (height, width) of the detector's input
GRID = 16  # cells per side of the output grid (input / 16)
DET_DIR = "c4/road/detection"
WEIGHTS = f"{DET_DIR}/road_yolo.weights.h5"
CLASSES_FILE = f"{DET_DIR}/road_classes.txt"
ANCHORS_FILE = f"{DET_DIR}/road_anchors.txt"


# ----------------------------------------------------------------------- small files


def read_classes(classes_path: str | Path) -> list[str]:
    """Class names from a classes file, one name a line.

    Args:
        classes_path: path of a text file such as `road_classes.txt`.

    Returns:
        The names in file order; the position of a name is its class index.

    Used in: c4w3a1.
    """
    lines = Path(classes_path).read_text().splitlines()
    return [line.strip() for line in lines if line.strip()]


def read_anchors(anchors_path: str | Path) -> np.ndarray:
    """Anchor box shapes from an anchors file of one line `w1,h1, w2,h2, ...`.

    Args:
        anchors_path: path of a text file such as `road_anchors.txt`.

    Returns:
        float array of shape (n_anchors, 2): (width, height) of each anchor, measured in
        grid cells.

    Used in: c4w3a1.
    """
    text = Path(anchors_path).read_text().replace("\n", ",")
    values = [float(v) for v in text.split(",") if v.strip()]
    return np.array(values, dtype=np.float64).reshape(-1, 2)


def road_classes() -> list[str]:
    """The detector's 6 class names (from the verified `road_classes.txt`)."""
    return read_classes(data_path(CLASSES_FILE))


def road_anchors() -> np.ndarray:
    """The detector's 5 anchors, shape (5, 2), in grid cells (verified file)."""
    return read_anchors(data_path(ANCHORS_FILE))


# --------------------------------------------------------------------------- the model


def road_yolo_body(input_size: int = MODEL_IMAGE_SIZE[0], n_anchors: int = 5, n_classes: int = 6):
    """The detector's architecture (untrained), a small YOLOv2-style network.

    Darknet-style blocks (3 x 3 convolution, batch normalisation, leaky ReLU with slope
    0.1) shrink the image 16 times; YOLOv2's "passthrough" brings finer features from
    the 8-times-shrunk map (reorganised, space to depth) for small objects; a last
    1 x 1 convolution gives n_anchors * (5 + n_classes) numbers per cell.

    Args:
        input_size: side of the square input image in pixels (a multiple of 16).
        n_anchors: anchor boxes per grid cell.
        n_classes: number of classes.

    Returns:
        A `keras.Model` from images (m, input_size, input_size, 3) in [0, 1] to raw
        outputs (m, S, S, n_anchors, 5 + n_classes) with S = input_size / 16.

    Used in: c4w3a1.
    """
    import keras
    from keras import layers

    grid = input_size // 16

    def block(x, filters: int, size: int, name: str, strides: int = 1):
        x = layers.Conv2D(
            filters, size, strides=strides, padding="same", use_bias=False, name=f"{name}_conv"
        )(x)
        x = layers.BatchNormalization(name=f"{name}_bn")(x)
        return layers.LeakyReLU(negative_slope=0.1, name=f"{name}_leaky")(x)

    inputs = keras.Input(shape=(input_size, input_size, 3), name="image")
    x = block(inputs, 16, 3, "stem", strides=2)  # /2
    x = block(x, 32, 3, "down4", strides=2)  # /4
    x = block(x, 64, 3, "c4")
    x = layers.MaxPooling2D(2, name="pool8")(x)  # /8
    x = block(x, 128, 3, "c8a")
    x = block(x, 64, 1, "c8b")
    fine = block(x, 128, 3, "c8c")
    x = layers.MaxPooling2D(2, name="pool16")(fine)  # /16
    x = block(x, 192, 3, "c16a")
    x = block(x, 96, 1, "c16b")
    x = block(x, 192, 3, "c16c")
    # Passthrough: 1 x 1 conv to 32 channels, then every 2 x 2 block of the 8-times map
    # becomes 4 x 32 channels of one cell of the 16-times map.
    p = block(fine, 32, 1, "pass")
    p = layers.Reshape((grid, 2, grid, 2, 32), name="pass_split")(p)
    p = layers.Permute((1, 3, 2, 4, 5), name="pass_order")(p)
    p = layers.Reshape((grid, grid, 128), name="pass_stack")(p)
    x = layers.Concatenate(name="merge")([x, p])
    x = block(x, 160, 3, "head")
    # Start with objectness ~0.01 everywhere (most cells hold no object), as RetinaNet does.
    bias = np.zeros((n_anchors, 5 + n_classes), dtype="float32")
    bias[:, 4] = -4.6
    x = layers.Conv2D(
        n_anchors * (5 + n_classes),
        1,
        bias_initializer=keras.initializers.Constant(bias.ravel()),
        name="predict",
    )(x)
    outputs = layers.Reshape((grid, grid, n_anchors, 5 + n_classes), name="grid")(x)
    return keras.Model(inputs, outputs, name="road_yolo")


def load_road_yolo():
    """The pretrained road detector: `road_yolo_body()` with the committed weights loaded
    by Keras's own `load_weights` (the file is checked against the manifest first).

    Returns:
        A `keras.Model`, images (m, 256, 256, 3) in [0, 1] -> (m, 16, 16, 5, 11).

    Used in: c4w3a1.
    """
    model = road_yolo_body()
    model.load_weights(data_path(WEIGHTS))
    return model


# ------------------------------------------------------------------- decoding outputs


def yolo_head(feats, anchors: np.ndarray, num_classes: int):
    """Raw network output -> box centres, sizes, objectness and class probabilities.

    Args:
        feats: raw output, shape (m, S, S, n_anchors, 5 + num_classes).
        anchors: (n_anchors, 2) anchor widths and heights in grid cells.
        num_classes: number of classes.

    Returns:
        box_xy: (m, S, S, n_anchors, 2) box centres (x, y) as fractions of the image;
        box_wh: (m, S, S, n_anchors, 2) box widths and heights as fractions of the image;
        box_confidence: (m, S, S, n_anchors, 1) probability that the box holds an object;
        box_class_probs: (m, S, S, n_anchors, num_classes) class probabilities given an
        object.

    Used in: c4w3a1.
    """
    from keras import ops

    feats = ops.convert_to_tensor(feats, dtype="float32")
    grid_h, grid_w = feats.shape[1], feats.shape[2]
    cols, rows = np.meshgrid(np.arange(grid_w), np.arange(grid_h))
    cell = np.stack([cols, rows], axis=-1)[:, :, None, :].astype("float32")  # (S, S, 1, 2)
    grid_size = np.array([grid_w, grid_h], dtype="float32")
    anchors = np.asarray(anchors, dtype="float32").reshape(1, 1, -1, 2)

    box_xy = (ops.sigmoid(feats[..., 0:2]) + cell) / grid_size
    box_wh = anchors * ops.exp(feats[..., 2:4]) / grid_size
    box_confidence = ops.sigmoid(feats[..., 4:5])
    box_class_probs = ops.softmax(feats[..., 5 : 5 + num_classes], axis=-1)
    return box_xy, box_wh, box_confidence, box_class_probs


def yolo_boxes_to_corners(box_xy, box_wh):
    """Centres and sizes -> corners (y_min, x_min, y_max, x_max), same units.

    Args:
        box_xy: (..., 2) centres (x, y).
        box_wh: (..., 2) widths and heights.

    Returns:
        (..., 4) corners in the order (y_min, x_min, y_max, x_max).

    Used in: c4w3a1.
    """
    from keras import ops

    box_mins = box_xy - box_wh / 2.0
    box_maxes = box_xy + box_wh / 2.0
    return ops.concatenate(
        [box_mins[..., 1:2], box_mins[..., 0:1], box_maxes[..., 1:2], box_maxes[..., 0:1]],
        axis=-1,
    )


def scale_boxes(boxes, image_shape: Sequence[float]):
    """Corners as fractions of the image -> corners in pixels of an image of that shape.

    Args:
        boxes: (n, 4) corners (y_min, x_min, y_max, x_max) as fractions in [0, 1].
        image_shape: (height, width) of the image the boxes are drawn on, in pixels.

    Returns:
        (n, 4) corners in pixels, same order.

    Used in: c4w3a1.
    """
    from keras import ops

    height, width = float(image_shape[0]), float(image_shape[1])
    dims = ops.convert_to_tensor([height, width, height, width], dtype=boxes.dtype)
    return boxes * dims


# ----------------------------------------------------------------- images and drawing


def preprocess_image(
    img_path: str | Path, model_image_size: Sequence[int] = MODEL_IMAGE_SIZE
) -> tuple[object, np.ndarray]:
    """An image file, and the same image squashed to the model's input size as a batch.

    The frame is resized to (height, width) = model_image_size without keeping its aspect
    ratio, as the detector was trained; boxes found on it are fractions of the image, so
    `scale_boxes` maps them straight back onto the original frame.

    Args:
        img_path: path of a JPEG or PNG frame.
        model_image_size: (height, width) of the detector's input.

    Returns:
        image: the original frame as a PIL image (RGB);
        image_data: float32 array (1, height, width, 3) with values in [0, 1].

    Used in: c4w3a1.
    """
    from PIL import Image

    with Image.open(img_path) as img:
        image = img.convert("RGB")
    height, width = int(model_image_size[0]), int(model_image_size[1])
    resized = image.resize((width, height), Image.BICUBIC)
    image_data = np.asarray(resized, dtype=np.float32)[None] / 255.0
    return image, image_data


def get_colors_for_classes(num_classes: int) -> list[tuple[int, int, int]]:
    """One bright, distinct RGB colour per class (evenly spaced hues, fixed order).

    Used in: c4w3a1.
    """
    colors = []
    for k in range(num_classes):
        r, g, b = colorsys.hsv_to_rgb(k / max(num_classes, 1), 0.85, 1.0)
        colors.append((int(r * 255), int(g * 255), int(b * 255)))
    return colors


def draw_boxes(
    image,
    boxes: np.ndarray,
    box_classes: Sequence[int],
    class_names: Sequence[str],
    scores: Sequence[float] | None = None,
    colors: Sequence[tuple[int, int, int]] | None = None,
    width: int = 2,
):
    """Draw labelled boxes on a copy of an image.

    Args:
        image: a PIL image, or a uint8 array (height, width, 3).
        boxes: (n, 4) corners (y_min, x_min, y_max, x_max) in pixels of `image`.
        box_classes: (n,) class indices.
        class_names: all class names (index -> name).
        scores: optional (n,) scores, written after the class name.
        colors: optional colour per class; by default `get_colors_for_classes`.
        width: line width in pixels.

    Returns:
        A new PIL image with the boxes and labels drawn.

    Used in: c4w3a1.
    """
    from PIL import Image, ImageDraw, ImageFont

    if not isinstance(image, Image.Image):
        image = Image.fromarray(np.asarray(image, dtype=np.uint8))
    out = image.convert("RGB").copy()
    draw = ImageDraw.Draw(out)
    font = ImageFont.load_default(size=max(10, out.height // 40))
    colors = list(colors) if colors is not None else get_colors_for_classes(len(class_names))
    boxes = np.asarray(boxes, dtype=np.float64).reshape(-1, 4)
    for k, (y1, x1, y2, x2) in enumerate(boxes):
        cls = int(box_classes[k])
        label = class_names[cls] if scores is None else f"{class_names[cls]} {scores[k]:.2f}"
        x1, x2 = max(0.0, x1), min(out.width - 1.0, x2)
        y1, y2 = max(0.0, y1), min(out.height - 1.0, y2)
        draw.rectangle((x1, y1, x2, y2), outline=colors[cls], width=width)
        left, top, right, bottom = draw.textbbox((0, 0), label, font=font)
        text_y = y1 - (bottom - top) - 3 if y1 - (bottom - top) - 3 >= 0 else y1 + 1
        draw.rectangle(
            (x1, text_y, x1 + right - left + 4, text_y + bottom - top + 3), fill=colors[cls]
        )
        draw.text((x1 + 2, text_y - top + 1), label, fill=(0, 0, 0), font=font)
    return out
