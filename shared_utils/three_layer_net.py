"""The small, fixed three-layer network that Course 2 (Weeks 1 and 2) experiments with.

Architecture: LINEAR -> RELU -> LINEAR -> RELU -> LINEAR -> SIGMOID, for two-class
problems. The assignments keep this network fixed and change one thing around it
(how the weights start, a regularisation term, dropout, the optimiser), so the
effect of that one thing is easy to see.

Conventions (the same as in Course 1):

- inputs ``X`` have shape ``(n_x, m)``, one example per column; labels ``Y`` have
  shape ``(1, m)`` with values 0 and 1;
- ``parameters`` is a dict with ``"W1", "b1", "W2", "b2", "W3", "b3"``, where ``Wl``
  has shape ``(n_l, n_{l-1})`` and ``bl`` shape ``(n_l, 1)``;
- the cache of a forward pass is the 12-tuple
  ``(Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)``;
- ``grads`` holds ``"dZ3", "dW3", "db3", "dA2", "dZ2", "dW2", "db2", "dA1", "dZ1",
  "dW1", "db1"``.

Nothing here touches numpy's global random state: ``initialize_parameters`` draws
from its own generator built from ``seed``. Importing the module has no side effects.

Used in: c2w1a1, c2w1a2, c2w2a1.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from shared_utils.activations import sigmoid

Parameters = dict[str, np.ndarray]
Cache = tuple[np.ndarray, ...]


def relu(Z: np.ndarray) -> np.ndarray:
    """Element-wise ``max(0, Z)``.

    Args:
        Z: numpy array of any shape.

    Returns:
        Array of the same shape with every negative entry replaced by 0.

    Used in: c2w1a1, c2w1a2, c2w2a1.
    """
    return np.maximum(0.0, Z)


def initialize_parameters(layers_dims: Sequence[int], seed: int = 3) -> Parameters:
    """Random weights scaled by ``1 / sqrt(n_{l-1})`` and zero biases, from a private generator.

    This is the plain scaling that keeps activations from growing or shrinking
    layer after layer for roughly linear units; Course 2 Week 1 asks you to
    derive the variant suited to ReLU networks yourself.

    Args:
        layers_dims: sizes ``[n_x, n_1, n_2, n_3]`` of the input and of the three layers.
        seed: seed of the private ``numpy.random.Generator`` (same seed, same weights);
            numpy's global random state is left alone.

    Returns:
        parameters: dict with ``Wl`` of shape ``(n_l, n_{l-1})`` (standard normal
        entries divided by ``sqrt(n_{l-1})``) and ``bl`` of shape ``(n_l, 1)`` (zeros),
        for l = 1, ..., len(layers_dims) - 1.

    Used in: c2w1a2, c2w2a1.
    """
    rng = np.random.default_rng(seed)
    parameters: Parameters = {}
    for layer in range(1, len(layers_dims)):
        n_prev, n = int(layers_dims[layer - 1]), int(layers_dims[layer])
        parameters[f"W{layer}"] = rng.standard_normal((n, n_prev)) / np.sqrt(n_prev)
        parameters[f"b{layer}"] = np.zeros((n, 1))
    return parameters


def forward_propagation(X: np.ndarray, parameters: Parameters) -> tuple[np.ndarray, Cache]:
    """Forward pass LINEAR -> RELU -> LINEAR -> RELU -> LINEAR -> SIGMOID.

    Args:
        X: inputs, shape ``(n_x, m)``.
        parameters: ``W1, b1, W2, b2, W3, b3``.

    Returns:
        A3: predicted probabilities of class 1, shape ``(1, m)``.
        cache: ``(Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)`` for the backward pass.

    Used in: c2w1a1, c2w1a2, c2w2a1.
    """
    W1, b1 = parameters["W1"], parameters["b1"]
    W2, b2 = parameters["W2"], parameters["b2"]
    W3, b3 = parameters["W3"], parameters["b3"]
    Z1 = W1 @ X + b1
    A1 = relu(Z1)
    Z2 = W2 @ A1 + b2
    A2 = relu(Z2)
    Z3 = W3 @ A2 + b3
    A3 = sigmoid(Z3)
    cache = (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)
    return A3, cache


def backward_propagation(X: np.ndarray, Y: np.ndarray, cache: Cache) -> dict[str, np.ndarray]:
    """Gradients of the mean cross-entropy cost with respect to every parameter.

    With a sigmoid output and the cross-entropy cost, the gradient with respect to
    ``Z3`` simplifies to ``A3 - Y``; each ReLU passes the gradient through where
    its input was positive and blocks it elsewhere.

    Args:
        X: inputs, shape ``(n_x, m)``.
        Y: true labels 0 or 1, shape ``(1, m)``.
        cache: the cache returned by ``forward_propagation``.

    Returns:
        grads: dict with ``dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1``,
        each of the shape of the quantity it differentiates.

    Used in: c2w1a1, c2w1a2, c2w2a1.
    """
    m = X.shape[1]
    (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache
    dZ3 = A3 - Y
    dW3 = dZ3 @ A2.T / m
    db3 = np.sum(dZ3, axis=1, keepdims=True) / m
    dA2 = W3.T @ dZ3
    dZ2 = dA2 * (Z2 > 0)
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dA1 = W2.T @ dZ2
    dZ1 = dA1 * (Z1 > 0)
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {
        "dZ3": dZ3,
        "dW3": dW3,
        "db3": db3,
        "dA2": dA2,
        "dZ2": dZ2,
        "dW2": dW2,
        "db2": db2,
        "dA1": dA1,
        "dZ1": dZ1,
        "dW1": dW1,
        "db1": db1,
    }


def compute_cost(A3: np.ndarray, Y: np.ndarray) -> float:
    """Mean cross-entropy ``-(1/m) sum(Y log A3 + (1 - Y) log(1 - A3))``.

    A network with very large weights can saturate its sigmoid so that some
    probability is exactly 0 or 1. An example that is then confidently *right*
    contributes 0 (the ``0 * log 0`` term is taken as 0, its limit), and one that
    is confidently *wrong* makes the cost ``float("inf")``: an infinite cost is the
    honest value of ``-log 0``, so it is returned as such, without a runtime
    warning. Plots simply leave such points out.

    Args:
        A3: predicted probabilities, shape ``(1, m)``, entries in [0, 1].
        Y: true labels 0 or 1, shape ``(1, m)``.

    Returns:
        cost: the mean cross-entropy as a Python float (``inf`` as explained above).

    Used in: c2w1a1, c2w1a2, c2w2a1.
    """
    m = Y.shape[1]
    with np.errstate(divide="ignore", invalid="ignore"):
        # np.where picks 0 where a label's weight is 0, so 0 * log(0) never turns into nan.
        positive = np.where(Y > 0, Y * np.log(A3), 0.0)
        negative = np.where(Y < 1, (1 - Y) * np.log(1 - A3), 0.0)
    # "+ 0.0" turns the -0.0 of a perfect prediction into a plain 0.0.
    return float(-np.sum(positive + negative) / m) + 0.0


def update_parameters(
    parameters: Parameters, grads: dict[str, np.ndarray], learning_rate: float
) -> Parameters:
    """One gradient-descent step ``Wl -= alpha * dWl``, ``bl -= alpha * dbl`` for every layer.

    Args:
        parameters: ``W1, b1, ..., WL, bL`` (left unchanged).
        grads: ``dW1, db1, ..., dWL, dbL`` (other keys are ignored).
        learning_rate: the step size alpha.

    Returns:
        parameters: a new dict holding the updated arrays.

    Used in: c2w1a1, c2w1a2, c2w2a1.
    """
    updated: Parameters = {}
    for layer in range(1, len(parameters) // 2 + 1):
        updated[f"W{layer}"] = parameters[f"W{layer}"] - learning_rate * grads[f"dW{layer}"]
        updated[f"b{layer}"] = parameters[f"b{layer}"] - learning_rate * grads[f"db{layer}"]
    return updated


def predict_dec(parameters: Parameters, X: np.ndarray) -> np.ndarray:
    """Predicted labels (1 where the probability is above 0.5), for decision-boundary plots.

    Use it as ``plotting.plot_decision_boundary(lambda P: predict_dec(parameters, P), X, Y)``.

    Args:
        parameters: trained ``W1, b1, W2, b2, W3, b3``.
        X: points, shape ``(n_x, k)``.

    Returns:
        Integer array of shape ``(1, k)`` holding 0 or 1.

    Used in: c2w1a1, c2w1a2, c2w2a1.
    """
    A3, _ = forward_propagation(X, parameters)
    return (A3 > 0.5).astype(np.int64)


def predict(X: np.ndarray, Y: np.ndarray, parameters: Parameters) -> tuple[np.ndarray, float]:
    """Predict labels with a trained network and measure its accuracy on ``(X, Y)``.

    Args:
        X: inputs, shape ``(n_x, m)``.
        Y: true labels 0 or 1, shape ``(1, m)``.
        parameters: trained ``W1, b1, W2, b2, W3, b3``.

    Returns:
        predictions: integer array of shape ``(1, m)`` holding 0 or 1.
        accuracy: share of correct predictions, a float between 0 and 1.

    Used in: c2w1a1, c2w1a2, c2w2a1.
    """
    predictions = predict_dec(parameters, X)
    accuracy = float(np.mean(predictions == np.asarray(Y).reshape(predictions.shape)))
    return predictions, accuracy
