"""Public tests of c4w4a1, "Face recognition".

`triplet_loss` is called on float32 tensors through a probe that also records the
gradient of the loss with respect to the anchors: the loss trains the encoder, so
it must be built from TensorFlow operations that a gradient can flow through.
Its cases are worked out by hand: two examples of 3-number encodings, one of
which already satisfies the margin, and a single 4-number example.

`verify` and `who_is_it` get a stand-in encoder instead of the real one, so that
every distance can be checked by hand: it encodes a photo by its mean colour,
scaled to length 1. The photos are plain-colour pictures stored next to this
module (slate RGB (120, 150, 160), lime (150, 200, 0), violet (150, 0, 200)),
whose encodings are (0.48, 0.6, 0.64), (0.6, 0.8, 0) and (0.6, 0, 0.8). The
residents' encodings are written out below. The hidden grader also uses the
real encoder on the door-camera photos.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from shared_utils.frameworks import tf
from shared_utils.testing import Case, Fixture, public_test

PHOTOS = Path(__file__).resolve().parent / "c4w4a1_photos"
SLATE = str(PHOTOS / "slate.ppm")  # encodes to (0.48, 0.6, 0.64)
LIME = str(PHOTOS / "lime.ppm")  # encodes to (0.6, 0.8, 0.0)
VIOLET = str(PHOTOS / "violet.ppm")  # encodes to (0.6, 0.0, 0.8)


# --------------------------------------------------------------------------- fixtures


class MeanColourEncoder:
    """Stand-in face encoder: a photo's mean colour, scaled to length 1.

    Called like the real encoder, `encoder(images, training=False)` with images
    (m, 96, 96, 3) in [0, 1]; returns float32 (m, 3).
    """

    def __call__(self, images: Any, training: bool = False) -> np.ndarray:
        colour = np.asarray(images, dtype=np.float64).mean(axis=(1, 2))
        return (colour / np.linalg.norm(colour, axis=-1, keepdims=True)).astype(np.float32)


@cache
def _face_encoder() -> Any:
    from shared_utils.face_utils import load_face_encoder

    return load_face_encoder()


def _resident_database() -> dict[str, np.ndarray]:
    """The residents' database encodings by the real encoder, as the lesson builds them."""
    from shared_utils.face_utils import img_to_encoding, resident_photos

    encoder = _face_encoder()
    return {name: img_to_encoding(path, encoder) for name, path in resident_photos().items()}


FIXTURES = {
    "colour_encoder": MeanColourEncoder,
    "face_encoder": _face_encoder,
    "resident_database": _resident_database,
}


def _encoding(*values: float) -> np.ndarray:
    return np.array([values], dtype=np.float32)


DATABASE = {
    "ana": _encoding(0.8, 0.6, 0.0),
    "bo": _encoding(0.0, 0.6, 0.8),
    "cy": _encoding(0.8, 0.0, 0.6),
}
SMALL_DATABASE = {"ana": DATABASE["ana"], "bo": DATABASE["bo"]}
ENCODER = Fixture("colour_encoder", copy=False)


# --------------------------------------------------------------------------- triplet_loss


def probe_triplet_loss(
    triplet_loss: Any, y_true: Any, y_pred: Any, *args: Any, **kwargs: Any
) -> dict[str, Any]:
    """Call triplet_loss on float32 tensors; record the loss and d(loss)/d(anchor).

    The gradient is None when the loss is not a tensor that depends on the anchors
    through TensorFlow operations (numpy inside, for example).
    """
    anchor, positive, negative = (tf.constant(np.asarray(v, dtype=np.float32)) for v in y_pred)
    with tf.GradientTape() as tape:
        tape.watch(anchor)
        loss = triplet_loss(y_true, [anchor, positive, negative], *args, **kwargs)
    gradient = tape.gradient(loss, anchor) if tf.is_tensor(loss) else None
    return {
        "loss": float(np.asarray(loss)),
        "gradient": None if gradient is None else np.asarray(gradient, dtype=np.float64),
    }


_ANCHOR = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]], dtype=np.float32)
_POSITIVE = np.array([[0.8, 0.6, 0.0], [0.0, 0.6, 0.8]], dtype=np.float32)
_NEGATIVE = np.array([[0.0, 1.0, 0.0], [0.0, 0.8, 0.6]], dtype=np.float32)
# Squared distances: positive 0.4 and 0.8, negative 2.0 and 0.4. Only the second example
# breaks the margin; its gradient with respect to the anchor is 2 (negative - positive).
_GRADIENT = np.array([[0.0, 0.0, 0.0], [0.0, 0.4, -0.4]])


@public_test(harness=probe_triplet_loss, rtol=1e-5, atol=1e-6)
def test_triplet_loss():
    """triplet_loss(y_true, [anchor, positive, negative], alpha) and its gradient."""
    y_pred = [_ANCHOR, _POSITIVE, _NEGATIVE]
    return [
        Case(
            "2 examples, alpha 0.2: max(0.4 - 2.0 + 0.2, 0) + max(0.8 - 0.4 + 0.2, 0)",
            args=(None, y_pred),
            expected={"loss": 0.6, "gradient": _GRADIENT},
        ),
        Case(
            "the same examples, alpha 0.5",
            args=(None, y_pred),
            kwargs={"alpha": 0.5},
            expected={"loss": 0.9, "gradient": _GRADIENT},
        ),
        Case(
            "one example whose negative is exactly as far as its positive",
            args=(
                None,
                [
                    np.array([[0.5, 0.5, 0.5, 0.5]], dtype=np.float32),
                    np.array([[0.5, 0.5, 0.5, -0.5]], dtype=np.float32),
                    np.array([[0.5, 0.5, -0.5, 0.5]], dtype=np.float32),
                ],
            ),
            expected={"loss": 0.2, "gradient": np.array([[0.0, 0.0, -2.0, 2.0]])},
        ),
    ]


# --------------------------------------------------------------------------- verify


@public_test(returns=("dist", "door_open"), rtol=1e-5, atol=1e-6)
def test_verify():
    """verify(image_path, identity, database, model) with the mean-colour stand-in encoder."""
    return [
        Case(
            "slate photo claiming to be ana: distance sqrt(0.512), above 0.7",
            args=(SLATE, "ana", DATABASE, ENCODER),
            expected=(0.7155417527999327, False),
        ),
        Case(
            "lime photo claiming to be ana: distance sqrt(0.08)",
            args=(LIME, "ana", DATABASE, ENCODER),
            expected=(0.28284271247461906, True),
        ),
        Case(
            "slate photo claiming to be cy: distance sqrt(0.464)",
            args=(SLATE, "cy", DATABASE, ENCODER),
            expected=(0.6811754546370561, True),
        ),
    ]


# --------------------------------------------------------------------------- who_is_it


@public_test(returns=("min_dist", "identity"), rtol=1e-5, atol=1e-6)
def test_who_is_it():
    """who_is_it(image_path, database, model) with the mean-colour stand-in encoder."""
    return [
        Case(
            "slate photo, three residents (distances 0.716, 0.506, 0.681)",
            args=(SLATE, DATABASE, ENCODER),
            expected=(0.5059644256269407, "bo"),
        ),
        Case(
            "lime photo, two residents (distances 0.283, 1.020)",
            args=(LIME, SMALL_DATABASE, ENCODER),
            expected=(0.28284271247461906, "ana"),
        ),
        Case(
            "violet photo, two residents: nobody is close (distances 1.020, 0.849)",
            args=(VIOLET, SMALL_DATABASE, ENCODER),
            expected=(0.848528137423857, "bo"),
        ),
    ]
