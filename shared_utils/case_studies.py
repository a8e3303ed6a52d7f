"""Data and small helpers of the two Course 3 case studies (c3w1a1 birds, c3w2a1 driving).

- `load_bird_cameras()`: the bird-detection project: where each image comes from, its
  label, the team's split and six classifiers' measured predictions, errors, run times,
  sizes and learning curve (built by `datasets/builders/bird_cameras.py`).
- `BIGGER_MODEL`, `MORE_DATA`, `BIGGER_DEV_SET`: the three next steps of c3w1a1.
- `load_driving_case()`: the road detector's real mistakes on day and evening frames,
  multi-task labels with gaps, and the inputs of a small transfer-learning task (built
  by `datasets/builders/driving_case.py`).
- `train_logistic_regression` (returns a `LogisticModel`): the small model c3w2a1 trains
  to measure when transfer learning pays off.

Every file is checked against `datasets/manifest.json` before use; nothing is downloaded.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from shared_utils.data import data_path

BIRD_FILE = "c3/bird_cameras.npz"
DRIVING_FILE = "c3/driving_case.npz"

# The three moves of c3w1a1's `next_step`, in the order the lesson checks them.
BIGGER_MODEL = "bigger model / train longer"
MORE_DATA = "regularise / more data"
BIGGER_DEV_SET = "bigger dev set"


def _load_npz(relpath: str) -> dict[str, np.ndarray]:
    with np.load(data_path(relpath), allow_pickle=False) as npz:
        return {name: npz[name] for name in npz.files}


def load_bird_cameras() -> dict[str, np.ndarray]:
    """Everything the bird-detection team measured, as a dict of arrays.

    Keys (m = 6,500 images in the collection, 6 classifiers, 250 dev and 250 test frames):
        sources (m,) str: "web" or "city"; labels (m,) int8: 1 = bird.
        split_seed: seed of the team's split; dev_idx, test_idx (250,): its dev and
            test indices into the collection.
        model_names (6,) str; params (6,) int; runtime_ms (6,): milliseconds per frame
            on the camera; size_mb (6,): float32 weights in MB.
        train_error (6,): error on the camera frames of the training set; dev_error,
            test_error (6,); web_dev_error (6,): error on 250 web photos none of them
            was trained on.
        dev_pred, test_pred (6, 250) int8: each classifier's predictions.
        curve_model: the classifier of the learning curve; curve_sizes (k,) int;
            curve_train_error, curve_dev_error (k,).
        human_names (3,) str, human_error (3,): three human estimates on the dev frames.
        sample_images (24, 32, 32, 3) uint8, sample_sources (24,), sample_labels (24,).

    Used in: c3w1a1.
    """
    return _load_npz(BIRD_FILE)


def load_driving_case() -> dict[str, np.ndarray]:
    """The road detector's measured mistakes and the inputs of the c3w2a1 lesson.

    Keys (see `datasets/builders/driving_case.py` for every detail):
        obj_set, obj_frame, obj_class, obj_missed, obj_confused, obj_height,
            obj_visible, obj_edge, obj_weather (n,): one entry per true object of the
            train, train-dev, dev and test frames; set_names, classes, weathers name the
            integer codes.
        tasks (4,) str; mt_Y (4, 200) with 1, 0 or nan ("?"); mt_Y_hat (4, 200): the
            detector's probabilities, for the 200 dev frames.
        tl_features (N, 320) float16: the detector's features of N day frames;
            tl_pixels (N, 36, 48) uint8: the same frames, grey and small; tl_labels (N,):
            1 = fog or rain (poor visibility); tl_dev (N,) bool: the frames of the task's
            dev set.

    Used in: c3w2a1.
    """
    return _load_npz(DRIVING_FILE)


@dataclass(frozen=True)
class LogisticModel:
    """A trained logistic regression: standardisation, then w . x + b."""

    mean: np.ndarray  # (n,)
    std: np.ndarray  # (n,)
    w: np.ndarray  # (n,)
    b: float

    def predict(self, X: np.ndarray) -> np.ndarray:
        """0/1 predictions, shape (m,), for inputs X of shape (m, n)."""
        Z = ((np.asarray(X, np.float64) - self.mean) / self.std) @ self.w + self.b
        return (Z > 0).astype(np.int64)

    def error(self, X: np.ndarray, y: np.ndarray) -> float:
        """Share of the examples of (X, y) it gets wrong."""
        return float(np.mean(self.predict(X) != np.asarray(y)))


def train_logistic_regression(
    X: np.ndarray,
    y: np.ndarray,
    num_iterations: int = 300,
    learning_rate: float = 0.1,
    lambd: float = 1.0,
) -> LogisticModel:
    """Logistic regression by full-batch gradient descent on standardised features.

    Args:
        X: inputs, shape (m, n), one example a row.
        y: labels 0 or 1, shape (m,).
        num_iterations: gradient-descent steps.
        learning_rate: step size.
        lambd: L2 penalty lambda / (2m) * ||w||^2 (the bias is not penalised).

    Returns:
        The trained `LogisticModel` (its `predict` and `error` standardise new inputs
        with the training inputs' mean and standard deviation).

    Used in: c3w2a1.
    """
    X = np.asarray(X, np.float64)
    y = np.asarray(y, np.float64)
    mean, std = X.mean(axis=0), X.std(axis=0) + 1e-6
    Xs = (X - mean) / std
    m, n = Xs.shape
    w, b = np.zeros(n), 0.0
    for _ in range(num_iterations):
        A = 1 / (1 + np.exp(-(Xs @ w + b)))
        dZ = A - y
        w -= learning_rate * (Xs.T @ dZ / m + lambd / m * w)
        b -= learning_rate * float(np.mean(dZ))
    return LogisticModel(mean, std, w, b)
