"""Activation functions of a deep network, each with its forward and backward step.

Every layer of the networks built in C1 W4 follows one contract:

- **forward** takes the layer's input and returns ``(output, cache)``; the cache
  holds whatever the backward step will need later;
- **backward** takes ``(upstream gradient, cache)``: the gradient of the cost with
  respect to the layer's output and the cache its own forward step returned, and
  returns the gradient(s) with respect to the layer's input (and parameters).

For the activations below the cache is simply ``Z``, the pre-activation that was
passed in, and the backward step returns ``dZ = dA * g'(Z)``. All functions work
element-wise on arrays of any shape, usually ``(n_l, m)``: ``n_l`` units of layer
``l`` for ``m`` examples. They return new arrays and never modify their inputs.

Importing this module has no side effects (no seeding, no plotting settings).

Used in: c1w4a1, c1w4a2.
"""

from __future__ import annotations

import numpy as np

from shared_utils.activations import sigmoid as logistic


def sigmoid(Z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sigmoid activation, ``A = 1 / (1 + exp(-Z))``, element-wise.

    Computed in a form that never overflows, even for large negative ``Z``.

    Args:
        Z: pre-activation, numpy array of any shape, usually (n_l, m).

    Returns:
        A: the sigmoid of every entry, same shape as ``Z``, values in (0, 1).
        cache: ``Z`` itself, kept for ``sigmoid_backward``.

    Used in: c1w4a1, c1w4a2.
    """
    return logistic(Z), Z


def relu(Z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """ReLU activation, ``A = max(0, Z)``, element-wise.

    Args:
        Z: pre-activation, numpy array of any shape, usually (n_l, m).

    Returns:
        A: ``Z`` with every negative entry replaced by 0, same shape as ``Z``.
        cache: ``Z`` itself, kept for ``relu_backward``.

    Used in: c1w4a1, c1w4a2.
    """
    A = np.maximum(0.0, Z)
    return A, Z


def sigmoid_backward(dA: np.ndarray, cache: np.ndarray) -> np.ndarray:
    """Backward step of a sigmoid unit: ``dZ = dA * s * (1 - s)`` with ``s = sigmoid(Z)``.

    Args:
        dA: gradient of the cost with respect to the activation ``A``, shape of ``Z``.
        cache: ``Z``, as returned by ``sigmoid``; same shape as ``dA``.

    Returns:
        dZ: gradient of the cost with respect to ``Z``, same shape as ``Z``.

    Used in: c1w4a1, c1w4a2.
    """
    s, _ = sigmoid(cache)
    dZ = dA * s * (1.0 - s)
    return dZ


def relu_backward(dA: np.ndarray, cache: np.ndarray) -> np.ndarray:
    """Backward step of a ReLU unit: ``dZ = dA`` where ``Z > 0`` and 0 elsewhere.

    The derivative of ReLU is 1 for positive inputs and 0 for negative ones; at
    exactly ``Z = 0`` we use 0.

    Args:
        dA: gradient of the cost with respect to the activation ``A``, shape of ``Z``.
        cache: ``Z``, as returned by ``relu``; same shape as ``dA``.

    Returns:
        dZ: gradient of the cost with respect to ``Z``, same shape as ``Z``.

    Used in: c1w4a1, c1w4a2.
    """
    dZ = np.where(cache > 0, dA, 0.0)
    return dZ
