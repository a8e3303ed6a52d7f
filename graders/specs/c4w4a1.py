"""Hidden grader spec of c4w4a1, "Face recognition".

`triplet_loss` gets batches of random unit-length 128-number encodings (1 to 16
triplets) with several margins, through the public test's probe (loss and its
gradient with respect to the anchors). `verify` and `who_is_it` get the real
pretrained encoder with the door-camera photos and the residents' database
(residents who say who they are, residents who claim another name, strangers),
and the public test's mean-colour stand-in encoder with databases drawn here.

Mistakes are edits of the notebook's solutions: the triplet loss squared twice,
summed before the max with 0, averaged instead of summed, with plain instead of
squared distances or with the margin subtracted; verify comparing with the wrong
resident, on the squared distance or with the decision reversed; who_is_it
keeping the farthest resident, starting its search at 0, or naming the last
resident it looked at.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

import shared_utils
from graders.spec import FLOAT32_NETWORK, Case, Fixture, edit, exercise
from shared_utils import face_utils

SEED = 4401
DATA = ("datasets/c4/faces",)

# The public tests' plain-colour photos (not imported from the public-test module, which
# imports TensorFlow: the grader's own process never does).
_PHOTOS = Path(shared_utils.__file__).resolve().parent / "public_tests" / "c4w4a1_photos"
SLATE, LIME, VIOLET = (str(_PHOTOS / f"{name}.ppm") for name in ("slate", "lime", "violet"))

ENCODER = Fixture("face_encoder", copy=False)
COLOUR = Fixture("colour_encoder", copy=False)
RESIDENTS = Fixture("resident_database")


def _unit(rng: np.random.Generator, m: int, n: int = 128) -> np.ndarray:
    x = rng.normal(size=(m, n))
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


def _near(rng: np.random.Generator, x: np.ndarray, spread: float) -> np.ndarray:
    y = x + rng.normal(0, spread, size=x.shape)
    return (y / np.linalg.norm(y, axis=1, keepdims=True)).astype(np.float32)


# --------------------------------------------------------------------------- triplet_loss


@exercise(
    mistakes={
        "distances_squared_twice": edit(
            "basic_loss = pos_dist - neg_dist + alpha",
            "basic_loss = tf.square(pos_dist) - tf.square(neg_dist) + alpha",
            hint="the distances are squared once: sum the squared differences, "
            "then use the sums as they are",
        ),
        "summed_before_the_max": edit(
            "loss = tf.reduce_sum(tf.maximum(basic_loss, 0.0))",
            "loss = tf.maximum(tf.reduce_sum(basic_loss), 0.0)",
            hint="take max(basic_loss, 0) for every example first, then sum over the examples",
        ),
        "averaged_instead_of_summed": edit(
            "loss = tf.reduce_sum(tf.maximum(basic_loss, 0.0))",
            "loss = tf.reduce_mean(tf.maximum(basic_loss, 0.0))",
            hint="the loss is the sum over the examples, not the mean",
        ),
        "distances_not_squared": edit(
            [
                (
                    "pos_dist = tf.reduce_sum(tf.square(anchor - positive), axis=-1)",
                    "pos_dist = tf.norm(anchor - positive, axis=-1)",
                ),
                (
                    "neg_dist = tf.reduce_sum(tf.square(anchor - negative), axis=-1)",
                    "neg_dist = tf.norm(anchor - negative, axis=-1)",
                ),
            ],
            hint="use squared distances: the sum of the squared differences, no square root",
        ),
        "summed_over_the_examples_axis": edit(
            [
                (
                    "pos_dist = tf.reduce_sum(tf.square(anchor - positive), axis=-1)",
                    "pos_dist = tf.reduce_sum(tf.square(anchor - positive), axis=0)",
                ),
                (
                    "neg_dist = tf.reduce_sum(tf.square(anchor - negative), axis=-1)",
                    "neg_dist = tf.reduce_sum(tf.square(anchor - negative), axis=0)",
                ),
            ],
            hint="sum the squared differences over the encoding (axis=-1), one distance "
            "per example",
        ),
        "margin_subtracted": edit(
            "basic_loss = pos_dist - neg_dist + alpha",
            "basic_loss = pos_dist - neg_dist - alpha",
            hint="add the margin alpha: the negative must be farther by at least alpha",
        ),
    },
)
def triplet_loss(rng: np.random.Generator) -> list[Case]:
    cases = []
    for m, alpha, spread in ((8, 0.2, 0.08), (16, 0.5, 0.1), (3, 0.05, 0.05)):
        anchor = _unit(rng, m)
        positive = _near(rng, anchor, spread)
        negative = np.where(rng.random((m, 1)) < 0.5, _near(rng, anchor, spread), _unit(rng, m))
        cases.append(
            Case(
                f"{m} random triplets of 128-number encodings, alpha {alpha}",
                (None, [anchor, positive, negative.astype(np.float32)]),
                {"alpha": alpha},
            )
        )
    anchor = _unit(rng, 1)
    cases.append(
        Case(
            "one triplet, default alpha",
            (None, [anchor, _near(rng, anchor, 0.05), _near(rng, anchor, 0.06)]),
        )
    )
    anchor = _unit(rng, 5)
    cases.append(
        Case(
            "5 triplets whose negatives are all far away: the loss is 0",
            (None, [anchor, _near(rng, anchor, 0.01), -anchor]),
        )
    )
    return cases


# --------------------------------------------------------------------------- verify and who_is_it


def _visitors() -> list[dict]:
    return face_utils.people()["visitors"]


def _photo(entry: dict) -> str:
    return str(face_utils.images_dir() / entry["file"])


def _colour_database(rng: np.random.Generator, names: list[str]) -> dict[str, np.ndarray]:
    """Residents with unit-length 3-number encodings, as the stand-in encoder makes them."""
    return {name: _unit(rng, 1, 3) for name in names}


@exercise(
    **FLOAT32_NETWORK,
    mistakes={
        "squared_distance": edit(
            "dist = np.linalg.norm(encoding - database[identity])",
            "dist = np.sum(np.square(encoding - database[identity]))",
            hint="the threshold 0.7 is for the plain L2 distance (np.linalg.norm), not its square",
        ),
        "compared_with_the_first_resident": edit(
            "database[identity]",
            "next(iter(database.values()))",
            hint="compare with the encoding of the person the visitor claims to be",
        ),
        "decision_reversed": edit(
            "door_open = dist < 0.7",
            "door_open = dist > 0.7",
            hint="the door opens when the distance is below the threshold",
        ),
        "outputs_swapped": edit(
            "return dist, door_open",
            "return door_open, dist",
            hint="return (dist, door_open), in that order",
        ),
        "threshold_of_one": edit(
            "door_open = dist < 0.7",
            "door_open = dist < 1.0",
            hint="the door opens below a distance of 0.7",
        ),
    },
)
def verify(rng: np.random.Generator) -> list[Case]:
    visitors = _visitors()
    residents = sorted(face_utils.people()["residents"])
    own = [v for v in visitors if v["resident"]][:3]
    strangers = [v for v in visitors if not v["resident"]][:2]
    cases = []
    for v in own:
        args = (_photo(v), v["person"], RESIDENTS, ENCODER)
        cases.append(Case("a resident's door photo, claiming their own name", args))
    for v in strangers:
        claimed = residents[int(rng.integers(len(residents)))]
        args = (_photo(v), claimed, RESIDENTS, ENCODER)
        cases.append(Case("a stranger's door photo, claiming a resident's name", args))
    other = next(name for name in residents if name != own[0]["person"])
    args = (_photo(own[0]), other, RESIDENTS, ENCODER)
    cases.append(Case("a resident's door photo, claiming another resident's name", args))
    database = _colour_database(rng, ["kai", "lou", "mo", "nia"])
    for photo, name in ((SLATE, "lou"), (VIOLET, "nia")):
        args = (photo, name, database, COLOUR)
        cases.append(Case("a plain-colour photo, the stand-in encoder, four residents", args))
    # Violet encodes to (0.6, 0, 0.8): distance sqrt(0.72) = 0.849 from "bo", between 0.7 and 1.
    between = {
        "ana": np.array([[0.8, 0.6, 0.0]], dtype=np.float32),
        "bo": np.array([[0.0, 0.6, 0.8]], dtype=np.float32),
    }
    args = (VIOLET, "bo", between, COLOUR)
    cases.append(Case("a plain-colour photo at distance 0.85 from the claimed resident", args))
    return cases


@exercise(
    **FLOAT32_NETWORK,
    mistakes={
        "farthest_instead_of_nearest": edit(
            "if dist < min_dist:",
            "if dist > min_dist:",
            hint="keep the resident whose encoding is the nearest (smallest distance)",
        ),
        "squared_distance": edit(
            "dist = np.linalg.norm(encoding - db_enc)",
            "dist = np.sum(np.square(encoding - db_enc))",
            hint="use the plain L2 distance (np.linalg.norm), not its square",
        ),
        "search_starts_at_zero": edit(
            "min_dist = 100",
            "min_dist = 0",
            hint="start min_dist above every possible distance (e.g. 100), so that the "
            "first resident can replace it",
        ),
        "names_the_last_resident": edit(
            "            min_dist = dist\n            identity = name\n",
            "            min_dist = dist\n        identity = name\n",
            hint="update identity only when a resident is nearer, together with min_dist",
        ),
        "outputs_swapped": edit(
            "return min_dist, identity",
            "return identity, min_dist",
            hint="return (min_dist, identity), in that order",
        ),
    },
)
def who_is_it(rng: np.random.Generator) -> list[Case]:
    visitors = _visitors()
    residents = [v for v in visitors if v["resident"]]
    strangers = [v for v in visitors if not v["resident"]]
    chosen = [residents[0], residents[5], residents[11], strangers[0], strangers[4]]
    cases = [
        Case(
            "a door photo, the residents' database" + ("" if v["resident"] else " (a stranger)"),
            (_photo(v), RESIDENTS, ENCODER),
        )
        for v in chosen
    ]
    for photo, names in ((LIME, ["kai", "lou", "mo"]), (SLATE, ["kai", "lou", "mo", "nia", "oz"])):
        args = (photo, _colour_database(rng, names), COLOUR)
        label = f"a plain-colour photo, the stand-in encoder, {len(names)} residents"
        cases.append(Case(label, args))
    return cases
