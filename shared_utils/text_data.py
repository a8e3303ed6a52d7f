"""Text data of Course 5: dinosaur names, word vectors and the Emojify sentences.

Every file is looked up through `shared_utils.data.data_path` (checksum verified against
`datasets/manifest.json`); nothing is downloaded. The builders are in `datasets/builders/`
(`dinos.py`, `word_vectors.py`, `emojify.py`).
"""

from __future__ import annotations

import csv
import gzip
import json
from pathlib import Path

import numpy as np

from shared_utils.data import data_path

WORD_VECTORS = "c5/word_vectors_50d.txt.gz"
WORD_BENCHMARK = "c5/word_benchmark.json"
DINOS = "c5/dinos.txt"
EMOJIFY_TRAIN = "c5/emojify_train.csv"
EMOJIFY_TEST = "c5/emojify_test.csv"

# Emojify classes, in label order: heart, ball, smile, sad face, fork and knife.
EMOJI_LABELS = ("\u2764\ufe0f", "\u26be", "\U0001f604", "\U0001f61e", "\U0001f374")
EMOJI_NAMES = ("heart", "ball", "smile", "sad", "food")


def load_dinos() -> list[str]:
    """The dinosaur names of c5w1a2, lower case a-z, in file order.

    The file itself (`dinos.txt`, one name per line) is what the lesson reads as one
    string; this helper is for tests and quick looks.
    """
    return data_path(DINOS).read_text().split()


def dinos_path() -> Path:
    """Verified path of `dinos.txt` (27 symbols: a-z and the newline)."""
    return data_path(DINOS)


def parse_word_vectors(
    path: Path | str,
) -> tuple[dict[str, int], dict[int, str], dict[str, np.ndarray]]:
    """Read a GloVe-like text file (optionally gzipped): `word v1 ... vd` per line.

    Returns:
        word_to_index: word -> index, from 1 in file order (index 0 is left for padding);
        index_to_word: the inverse map;
        word_to_vec_map: word -> float64 vector of shape (d,).
    """
    path = Path(path)
    opener = gzip.open if path.suffix == ".gz" else open
    word_to_vec_map: dict[str, np.ndarray] = {}
    with opener(path, "rt", encoding="ascii") as fh:
        for line in fh:
            word, *values = line.split()
            word_to_vec_map[word] = np.array(values, dtype=np.float64)
    word_to_index = {word: i for i, word in enumerate(word_to_vec_map, start=1)}
    index_to_word = {i: word for word, i in word_to_index.items()}
    return word_to_index, index_to_word, word_to_vec_map


def load_word_vectors() -> tuple[dict[str, int], dict[int, str], dict[str, np.ndarray]]:
    """The course's 50-d word vectors (21,736 English words, most frequent first).

    Derived from the input embeddings of all-MiniLM-L6-v2 (see the builder). Returns
    `(word_to_index, index_to_word, word_to_vec_map)` as `parse_word_vectors` does.

    Used in: c5w2a1 (analogies, debiasing), c5w2a2 (Emojify).
    """
    return parse_word_vectors(data_path(WORD_VECTORS))


def load_word_benchmark() -> dict:
    """Our analogy and similarity benchmark and the debiasing word lists.

    Keys: `analogies` (category -> list of [a, b, c, d]: a is to b as c is to d),
    `similarity` ([word, word, rating 0-10]), `gender_pairs` ([male, female]),
    `occupations_female_coded`, `occupations_male_coded`, `equalize_pairs`.
    """
    return json.loads(data_path(WORD_BENCHMARK).read_text())


def parse_emojify_csv(path: Path | str) -> tuple[np.ndarray, np.ndarray]:
    """Sentences (object array of str) and integer labels 0-4 of an Emojify CSV file."""
    with open(path, newline="") as fh:
        rows = list(csv.reader(fh))
    sentences = np.array([row[0] for row in rows], dtype=object)
    labels = np.array([int(row[1]) for row in rows], dtype=np.int64)
    return sentences, labels


def load_emojify() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The Emojify sentences: `X_train, Y_train, X_test, Y_test`.

    X are object arrays of lower-case sentences, Y integer arrays of labels 0-4 in the
    order of `EMOJI_NAMES` (heart, ball, smile, sad, food). Every word of every sentence
    has a vector in `load_word_vectors()`.

    Used in: c5w2a2.
    """
    x_train, y_train = parse_emojify_csv(data_path(EMOJIFY_TRAIN))
    x_test, y_test = parse_emojify_csv(data_path(EMOJIFY_TEST))
    return x_train, y_train, x_test, y_test


def label_to_emoji(label: int) -> str:
    """The emoji of a class label (0 heart, 1 ball, 2 smile, 3 sad face, 4 fork and knife)."""
    return EMOJI_LABELS[int(label)]


def convert_to_one_hot(y: np.ndarray, c: int) -> np.ndarray:
    """Integer labels of shape (m,) as one-hot rows of shape (m, c)."""
    return np.eye(c)[np.asarray(y).reshape(-1)]
