"""The face photos and the pretrained face encoder of c4w4a1 (datasets/c4/faces/) and
their helpers in `shared_utils.face_utils`.

Checks the files against the manifest, the people file the lesson relies on, that the
renderer gives stable identities with varied photos, and that the committed encoder,
loaded with Keras's `load_weights`, reproduces the figures its builder recorded.
"""

from __future__ import annotations

import io
import json

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
from shared_utils import face_utils
from shared_utils.data import data_path

ARTEFACTS = ("faces", "face_encoder")


# ---------------------------------------------------------------------- manifest


def test_manifest_lists_every_face_file_and_their_checksums_match():
    listed = listed_files(ARTEFACTS)
    assert files_under("c4/faces") == listed
    assert manifest_problems(listed) == []


def test_face_files_are_small():
    sizes = [
        info["bytes"]
        for name in ARTEFACTS
        for info in load_manifest()["artifacts"][name]["files"].values()
    ]
    assert max(sizes) <= 5_000_000
    assert sum(sizes) <= 15_000_000
    assert recorded_metrics("face_encoder")["weights_bytes"] <= 3_000_000


# ------------------------------------------------------------------------ people


def test_people_file_names_ten_residents_and_thirty_camera_photos():
    people = face_utils.people()
    residents = people["residents"]
    assert len(residents) == 10 == recorded_metrics("faces")["residents"]
    assert all(file == f"{name}.jpg" for name, file in residents.items())
    visitors = people["visitors"]
    assert [v["file"] for v in visitors] == [f"camera_{k}.jpg" for k in range(30)]
    shown = [v["person"] for v in visitors if v["resident"]]
    assert sorted(shown) == sorted(list(residents) * 2)  # every resident comes twice
    strangers = [v["person"] for v in visitors if not v["resident"]]
    assert len(strangers) == 10 and not set(strangers) & set(residents)
    assert visitors[0]["resident"]  # the lesson opens the door for camera_0 first


def test_photos_are_96_by_96_rgb_and_load_scaled_to_unit_range():
    paths = list(face_utils.resident_photos().values()) + face_utils.camera_photos()
    assert len(paths) == 40
    for path in paths:
        with Image.open(path) as img:
            assert img.size == (96, 96) and img.mode == "RGB"
    x = face_utils.load_image(paths[0])
    assert x.shape == (96, 96, 3) and x.dtype == np.float32
    assert 0.0 <= x.min() and x.max() <= 1.0 and x.std() > 0.05


def test_camera_truth_maps_strangers_to_none():
    truth = face_utils.camera_truth()
    residents = set(face_utils.resident_photos())
    assert {t for t in truth.values() if t} == residents
    assert sum(t is None for t in truth.values()) == 10


# ---------------------------------------------------------------------- renderer


def test_renderer_gives_the_committed_photos_again():
    faces = import_builder("faces")
    name, index = "chen", list(faces.RESIDENTS).index("chen")
    photo = faces.render(faces.RESIDENT, index, faces.DATABASE_PHOTO, calm=True)
    assert photo.shape == (96, 96, 3) and photo.dtype == np.uint8
    committed = face_utils.resident_photos()[name].read_bytes()
    assert faces.jpeg_bytes(photo) == committed
    visit = faces.visitor_plan()[0]
    assert (
        faces.jpeg_bytes(faces.visitor_photo(visit)) == face_utils.camera_photos()[0].read_bytes()
    )


def test_identity_traits_are_stable_and_differ_between_groups():
    faces = import_builder("faces")
    assert faces.identity_traits(faces.TRAIN, 5) == faces.identity_traits(faces.TRAIN, 5)
    assert faces.identity_traits(faces.TRAIN, 5) != faces.identity_traits(faces.HELDOUT, 5)
    assert faces.identity_traits(faces.TRAIN, 5) != faces.identity_traits(faces.TRAIN, 6)


def test_no_single_colour_names_a_person():
    faces = import_builder("faces")
    traits = [faces.identity_traits(faces.TRAIN, i) for i in range(100)]
    for key, palette in (("skin_index", faces.SKIN), ("hair_index", faces.HAIR)):
        counts = np.bincount([t[key] for t in traits], minlength=len(palette))
        assert counts.min() >= 3, (key, counts)  # every colour is shared by several people
    styles = {t["hair_style"] for t in traits}
    assert len(styles) == len(faces.HAIR_STYLES)


def test_photos_of_one_person_vary_more_than_pixels_of_noise():
    faces = import_builder("faces")
    photos = faces.render_set_person(faces.TRAIN, 0, 4).astype(np.float64)
    assert len({p.tobytes() for p in photos}) == 4
    assert np.abs(photos[0] - photos[1]).mean() > 15  # pose, light and scene change


# ------------------------------------------------------------------------ encoder


@pytest.fixture(scope="module")
def encoder():
    pytest.importorskip("keras")
    return face_utils.load_face_encoder()


def test_encoder_architecture_has_the_recorded_size(encoder):
    assert encoder.input_shape == (None, 96, 96, 3)
    assert encoder.output_shape == (None, 128)
    assert encoder.count_params() == recorded_metrics("face_encoder")["params"]


def test_img_to_encoding_gives_a_unit_length_128_vector(encoder):
    enc = face_utils.img_to_encoding(face_utils.camera_photos()[0], encoder)
    assert enc.shape == (1, 128) and enc.dtype == np.float32
    assert np.linalg.norm(enc) == pytest.approx(1.0, abs=1e-5)


def test_recorded_threshold_is_the_one_face_utils_gives():
    m = recorded_metrics("face_encoder")
    assert m["threshold"] == face_utils.THRESHOLD
    assert m["valid_acc_at_threshold"] >= m["valid_best_acc"] - 0.5


def test_triplet_loss_went_down_in_both_mining_phases():
    m = recorded_metrics("face_encoder")
    for phase in ("batch_all", "batch_hard"):
        losses = m[f"loss_{phase}_every_100_steps"]
        assert len(losses) >= 10
        assert np.mean(losses[-3:]) < 0.9 * np.mean(losses[:3]), phase


def test_batch_all_triplet_loss_averages_the_violating_triplets():
    pytest.importorskip("keras")
    fe = import_builder("face_encoder")
    angles = np.array([0.0, 1.2, 1.0, 2.5])  # some triplets violate the margin
    emb = np.stack([np.cos(angles), np.sin(angles)], axis=1).astype(np.float32)
    labels = np.array([0, 0, 1, 1], dtype=np.float32)
    d2 = ((emb[:, None] - emb[None]) ** 2).sum(-1)
    losses = [
        max(d2[a, p] - d2[a, n] + fe.ALPHA, 0.0)
        for a in range(4)
        for p in range(4)
        for n in range(4)
        if p != a and labels[p] == labels[a] and labels[n] != labels[a]
    ]
    positive = [v for v in losses if v > 0]
    expected = sum(positive) / len(positive)
    got = float(fe.batch_all_triplet_loss(labels, emb))
    assert got == pytest.approx(expected, abs=1e-5)


def test_batch_hard_triplet_loss_picks_the_hardest_pairs():
    pytest.importorskip("keras")
    fe = import_builder("face_encoder")
    # two people, two photos each, on the unit circle
    angles = np.array([0.0, 1.2, 1.0, 2.5])  # some triplets violate the margin
    emb = np.stack([np.cos(angles), np.sin(angles)], axis=1).astype(np.float32)
    labels = np.array([0, 0, 1, 1], dtype=np.float32)
    d2 = ((emb[:, None] - emb[None]) ** 2).sum(-1)
    same = labels[:, None] == labels[None]
    expected = np.mean(
        np.maximum(np.where(same, d2, 0).max(1) - np.where(same, np.inf, d2).min(1) + fe.ALPHA, 0)
    )
    got = float(fe.batch_hard_triplet_loss(labels, emb))
    assert got == pytest.approx(expected, abs=1e-5)


def test_encoder_reproduces_its_heldout_verification_accuracy(encoder):
    """The first 200 of the builder's 2,000 held-out pairs, rendered again from their seeds."""
    fe, faces = import_builder("face_encoder"), import_builder("faces")
    m = recorded_metrics("face_encoder")
    rows = fe.pairs(fe.N_HELDOUT, fe.PHOTOS_EVAL, fe.HELDOUT_PAIRS, seed=12)[:200]
    needed = sorted(
        {(int(r[0]), int(r[1])) for r in rows} | {(int(r[2]), int(r[3])) for r in rows}
    )
    images = np.stack([faces.render(faces.HELDOUT, i, k) for i, k in needed])
    codes = dict(zip(needed, fe.encode(encoder, images), strict=True))
    dist = np.array([np.linalg.norm(codes[(a, pa)] - codes[(b, pb)]) for a, pa, b, pb, _ in rows])
    acc = fe.accuracy(dist, rows[:, 4], m["threshold"])
    assert acc == pytest.approx(m["heldout_first200_verification_acc"], abs=0.5)
    assert m["heldout_verification_acc"] >= 95 and m["heldout_pairs"] >= 1000


def test_encoder_reproduces_who_is_it_on_the_camera_photos(encoder):
    fe = import_builder("face_encoder")
    m = recorded_metrics("face_encoder")
    database = {
        name: face_utils.img_to_encoding(path, encoder)
        for name, path in face_utils.resident_photos().items()
    }
    truth = face_utils.camera_truth()
    paths = face_utils.camera_photos()
    codes = [face_utils.img_to_encoding(p, encoder) for p in paths]
    acc = fe.who_is_it_accuracy(codes, [truth[p.name] for p in paths], database, m["threshold"])
    assert acc == m["camera_who_is_it_acc"] >= 95
    assert m["extra_who_is_it_acc"] >= 95


def test_demonstration_and_sample_sheets_are_pngs():
    for rel in ("c4/faces/faces_samples.png", "c4/faces/verification_pairs.png"):
        with Image.open(io.BytesIO(data_path(rel).read_bytes())) as img:
            assert img.format == "PNG" and min(img.size) > 300
    sheet = json.loads(data_path("c4/faces/people.json").read_text())
    assert sheet["image_size"] == [96, 96, 3]
