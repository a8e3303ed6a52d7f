"""Data loaders: every file is looked up in `datasets/manifest.json` and its sha256
checked on first use, so a damaged or stale file fails loudly with a clear message
instead of training on garbage. Nothing is ever downloaded.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

REPO_ROOT = Path(__file__).resolve().parent.parent


def datasets_dir() -> Path:
    """Folder holding the data files (`$DLS_DATASETS` overrides the repository's)."""
    return Path(os.environ.get("DLS_DATASETS", REPO_ROOT / "datasets"))


class DataFileError(RuntimeError):
    """A data file is missing, not in the manifest, or does not match its checksum."""


@cache
def manifest() -> dict[str, Any]:
    """The parsed `datasets/manifest.json`."""
    path = datasets_dir() / "manifest.json"
    if not path.exists():
        raise DataFileError(f"no dataset manifest at {path}")
    return json.loads(path.read_text())


def file_entry(relpath: str) -> dict[str, Any]:
    """Manifest entry (sha256, bytes) of a data file given relative to `datasets/`."""
    for artifact in manifest()["artifacts"].values():
        if relpath in artifact["files"]:
            return artifact["files"][relpath]
    raise DataFileError(f"{relpath} is not listed in datasets/manifest.json")


def sha256_of(path: Path) -> str:
    """Hex sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@cache
def data_path(relpath: str) -> Path:
    """Absolute path of a verified data file (checked once per session)."""
    entry = file_entry(relpath)
    path = datasets_dir() / relpath
    if not path.exists():
        raise DataFileError(f"data file {path} is missing; rebuild it with `dls data build`")
    if sha256_of(path) != entry["sha256"]:
        raise DataFileError(
            f"data file {path} does not match its checksum in the manifest; "
            "it is damaged or was rebuilt without updating the manifest"
        )
    return path


def _load_course_h5(
    train_file: str, test_file: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Images, (1, m) labels and class names from a pair of files in the course's h5 layout."""
    import h5py

    with h5py.File(data_path(train_file), "r") as train:
        train_x = np.array(train["train_set_x"])
        train_y = np.array(train["train_set_y"]).reshape(1, -1)
    with h5py.File(data_path(test_file), "r") as test:
        test_x = np.array(test["test_set_x"])
        test_y = np.array(test["test_set_y"]).reshape(1, -1)
        classes = np.array(test["list_classes"])
    return train_x, train_y, test_x, test_y, classes


def load_catvnoncat() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The cat / non-cat images of Course 1.

    Returns:
        train_x: uint8 array (209, 64, 64, 3); train_y: int array (1, 209) of 0/1;
        test_x: uint8 array (50, 64, 64, 3); test_y: int array (1, 50);
        classes: bytes array [b"non-cat", b"cat"].

    Used in: c1w2a2, c1w4a2.
    """
    return _load_course_h5("c1/train_catvnoncat.h5", "c1/test_catvnoncat.h5")


def load_happy() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The smiling / not-smiling faces of Course 4 (drawn by `datasets/builders/happy.py`).

    Returns:
        train_x: uint8 array (600, 64, 64, 3); train_y: int array (1, 600) of 0/1
        (1 = smiling); test_x: uint8 array (150, 64, 64, 3); test_y: int array (1, 150);
        classes: bytes array [b"not smiling", b"smiling"].

    Used in: c4w1a2.
    """
    return _load_course_h5("c4/train_happy.h5", "c4/test_happy.h5")


def load_signs() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The SIGNS hand images: a hand holding up 0 to 5 fingers, label = the count.

    Returns:
        train_x: uint8 array (1080, 64, 64, 3); train_y: int array (1, 1080) of 0-5;
        test_x: uint8 array (120, 64, 64, 3); test_y: int array (1, 120);
        classes: bytes array [b"0", b"1", b"2", b"3", b"4", b"5"].

    Used in: c2w3a1, c4w1a2, c4w2a1.
    """
    return _load_course_h5("c2/train_signs.h5", "c2/test_signs.h5")
