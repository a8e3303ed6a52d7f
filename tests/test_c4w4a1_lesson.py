"""c4w4a1 (face recognition): the notebook's solutions at the door, and the stand-in photos.

The notebook's own `who_is_it`, with the pretrained encoder and the residents'
database, must give the right verdict (the resident's name, or "not in the database"
for a stranger) on at least 29 of the 30 door photos, as the encoder's builder
recorded. The public tests' plain-colour photos must encode to the unit vectors their
expected values assume.
"""

from __future__ import annotations

import contextlib
import io
from functools import cache

import numpy as np

from graders.engine import solution_namespace
from shared_utils import face_utils


@cache
def reference() -> dict:
    """The notebook's graded solutions, defined after running its import cell."""
    return solution_namespace("c4w4a1")


def test_reference_who_is_it_is_right_on_29_of_the_30_door_photos():
    who_is_it = reference()["who_is_it"]
    encoder = face_utils.load_face_encoder()
    database = {
        name: face_utils.img_to_encoding(path, encoder)
        for name, path in face_utils.resident_photos().items()
    }
    right = 0
    for path, visitor in zip(
        face_utils.camera_photos(), face_utils.people()["visitors"], strict=True
    ):
        with contextlib.redirect_stdout(io.StringIO()):
            min_dist, identity = who_is_it(str(path), database, encoder)
        verdict = identity if min_dist <= face_utils.THRESHOLD else None
        right += verdict == (visitor["person"] if visitor["resident"] else None)
    assert right >= 29


def test_stand_in_photos_encode_to_the_documented_unit_vectors():
    from shared_utils.public_tests import c4w4a1 as public

    encoder = public.MeanColourEncoder()
    for path, expected in (
        (public.SLATE, [0.48, 0.6, 0.64]),
        (public.LIME, [0.6, 0.8, 0.0]),
        (public.VIOLET, [0.6, 0.0, 0.8]),
    ):
        encoding = face_utils.img_to_encoding(path, encoder)
        np.testing.assert_allclose(encoding, [expected], atol=1e-6)
