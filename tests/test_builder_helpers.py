"""The builders' shared file writers give the same bytes for the same contents."""

from __future__ import annotations

import sys
import time

import h5py
import numpy as np
import pytest

from graders.manifest import import_builder

course_files = import_builder("course_files")
palette = import_builder("palette")


def _write_weights(path, values: np.ndarray) -> None:
    # As Keras does: objects record their modification times.
    with h5py.File(path, "w", libver="latest") as f:
        group = f.create_group("layers").create_group("dense")
        group.create_dataset("kernel", data=values, track_times=True)


def test_rewritten_h5_files_with_equal_contents_have_equal_bytes(tmp_path):
    values = np.arange(12, dtype=np.float32).reshape(3, 4) / 7
    first, second = tmp_path / "a.weights.h5", tmp_path / "b.weights.h5"
    _write_weights(first, values)
    time.sleep(1.1)  # h5py records whole seconds: the plain files now differ
    _write_weights(second, values)
    assert first.read_bytes() != second.read_bytes()
    course_files.rewrite_h5_without_timestamps(first)
    time.sleep(1.1)  # a rewrite that kept times would now differ too
    course_files.rewrite_h5_without_timestamps(second)
    assert first.read_bytes() == second.read_bytes()
    with h5py.File(first) as f:
        np.testing.assert_array_equal(f["layers/dense/kernel"][()], values)


def test_float16_rewrite_halves_float32_arrays_only(tmp_path):
    path = tmp_path / "w.h5"
    with h5py.File(path, "w") as f:
        f.create_dataset("w", data=np.linspace(0, 1, 5, dtype=np.float32))
        f.create_dataset("step", data=np.int64(3))
    course_files.rewrite_h5_without_timestamps(path, float16=True)
    with h5py.File(path) as f:
        assert f["w"].dtype == np.float16 and f["step"].dtype == np.int64
        np.testing.assert_allclose(f["w"][()], np.linspace(0, 1, 5), atol=1e-3)


def test_course_h5_has_the_lessons_keys_and_class_names(tmp_path):
    x = np.zeros((3, 4, 4, 3), np.uint8)
    course_files.write_course_h5(
        tmp_path / "t.h5", "test_set", x, np.array([0, 1, 1]), classes=[b"non-cat", b"cat"]
    )
    with h5py.File(tmp_path / "t.h5") as f:
        assert set(f) == {"test_set_x", "test_set_y", "list_classes"}
        assert list(f["list_classes"][()]) == [b"non-cat", b"cat"]


@pytest.mark.parametrize("amount", [0, 5])
def test_jitter_stays_within_its_amount_and_the_colour_range(amount):
    rng = np.random.default_rng(0)
    for color in [(0, 128, 255), (3, 250, 100)]:
        for _ in range(50):
            moved = palette.jitter(rng, color, amount)
            assert all(
                0 <= c <= 255 and abs(c - o) <= amount or c in (0, 255)
                for c, o in zip(moved, color, strict=True)
            )
    assert palette.jitter(rng, (10, 20, 30), 0) == (10, 20, 30)


def test_builders_folder_is_importable_by_plain_name():
    assert sys.modules["palette"] is palette
