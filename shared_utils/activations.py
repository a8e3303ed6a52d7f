"""The logistic sigmoid, written once for the helper modules of every week."""

from __future__ import annotations

import numpy as np


def sigmoid(z: np.ndarray) -> np.ndarray:
    """Element-wise ``1 / (1 + exp(-z))``, without overflow for any sign of ``z``.

    Args:
        z: numpy array of any shape, e.g. (n_l, m) pre-activations or (n_a, m) gates.

    Returns:
        Array of the same shape with values in [0, 1] (exactly 0 or 1 once ``|z|``
        exceeds about 37, where float64 can no longer tell the result from 0 or 1).
    """
    e = np.exp(-np.abs(z))  # in (0, 1]: never overflows
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
