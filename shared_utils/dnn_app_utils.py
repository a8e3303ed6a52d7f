"""Building blocks of a deep network, ready to use in the cat-classifier application.

These are reference versions of the functions you wrote yourself in the previous
assignment ("Building a deep neural network step by step", c1w4a1). They are
provided here so that this assignment can focus on one thing: assembling them
into complete models and training those models on real images.

Conventions (the same as in c1w4a1):

- inputs ``X`` have shape ``(n_x, m)``, one example per column; labels ``Y`` have
  shape ``(1, m)``;
- ``parameters`` is a dict with ``"W1", "b1", ..., "WL", "bL"``, where ``Wl`` has
  shape ``(n_l, n_{l-1})`` and ``bl`` shape ``(n_l, 1)``;
- the cache of one layer is ``((A_prev, W, b), Z)``: the linear cache, then the
  activation cache;
- ``grads`` holds ``"dA0", ..., "dA{L-1}"``, ``"dW1", ..., "dWL"`` and
  ``"db1", ..., "dbL"``.

One difference from c1w4a1: both initialisers scale the random weights by
``1 / sqrt(n_{l-1})`` instead of ``0.01``. With 12288 inputs per image, weights of
size 0.01 make the pre-activations of deeper layers shrink towards zero and
training stalls for a long time; dividing by ``sqrt(n_{l-1})`` keeps the size of
the activations roughly the same from layer to layer.

Nothing here seeds the random generator: whoever calls an initialiser picks the
seed (``np.random.seed(...)`` right before the call). Importing this module has no
side effects.

Used in: c1w4a2.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence

import numpy as np
from matplotlib.figure import Figure

from shared_utils import plotting
from shared_utils.dnn_utils import relu, relu_backward, sigmoid, sigmoid_backward

LinearCache = tuple[np.ndarray, np.ndarray, np.ndarray]
LayerCache = tuple[LinearCache, np.ndarray]

# --------------------------------------------------------------------------- initialisation


def initialize_parameters(n_x: int, n_h: int, n_y: int) -> dict[str, np.ndarray]:
    """Random weights and zero biases for a 2-layer network n_x -> n_h -> n_y.

    ``W1`` is drawn first, then ``W2``, each as ``np.random.randn(...) / sqrt(n_prev)``.
    This is the scaling the figures of the lesson (and of ``datasets/manifest.json``)
    were measured with; it gives exactly the same parameters as
    ``initialize_parameters_deep([n_x, n_h, n_y])`` after the same seed.

    Args:
        n_x: number of inputs.
        n_h: number of hidden units.
        n_y: number of output units.

    Returns:
        parameters: dict with ``W1`` (n_h, n_x), ``b1`` (n_h, 1), ``W2`` (n_y, n_h)
            and ``b2`` (n_y, 1).

    Used in: c1w4a2.
    """
    W1 = np.random.randn(n_h, n_x) / np.sqrt(n_x)
    W2 = np.random.randn(n_y, n_h) / np.sqrt(n_h)
    return {"W1": W1, "b1": np.zeros((n_h, 1)), "W2": W2, "b2": np.zeros((n_y, 1))}


def initialize_parameters_deep(layer_dims: Sequence[int]) -> dict[str, np.ndarray]:
    """Random weights and zero biases for an L-layer network.

    Weights are drawn layer by layer as ``np.random.randn(n_l, n_{l-1}) / sqrt(n_{l-1})``.

    Args:
        layer_dims: ``[n_0, n_1, ..., n_L]``: the input size, then the size of every layer.

    Returns:
        parameters: dict with ``Wl`` of shape (n_l, n_{l-1}) and ``bl`` of shape
            (n_l, 1) for l = 1, ..., L.

    Used in: c1w4a2.
    """
    parameters: dict[str, np.ndarray] = {}
    for layer in range(1, len(layer_dims)):
        n, n_prev = layer_dims[layer], layer_dims[layer - 1]
        parameters[f"W{layer}"] = np.random.randn(n, n_prev) / np.sqrt(n_prev)
        parameters[f"b{layer}"] = np.zeros((n, 1))
    return parameters


# --------------------------------------------------------------------------- forward pass


def linear_activation_forward(
    A_prev: np.ndarray, W: np.ndarray, b: np.ndarray, activation: str
) -> tuple[np.ndarray, LayerCache]:
    """One layer forward: ``Z = W A_prev + b``, then ``A = g(Z)``.

    Args:
        A_prev: activations of the previous layer (or the inputs), shape (n_prev, m).
        W: weights, shape (n, n_prev).
        b: biases, shape (n, 1).
        activation: ``"relu"`` or ``"sigmoid"``.

    Returns:
        A: activations of this layer, shape (n, m).
        cache: ``((A_prev, W, b), Z)``, kept for the backward pass.

    Raises:
        ValueError: for an unknown activation name.

    Used in: c1w4a2.
    """
    Z = W @ A_prev + b
    if activation == "relu":
        A, activation_cache = relu(Z)
    elif activation == "sigmoid":
        A, activation_cache = sigmoid(Z)
    else:
        raise ValueError(f"unknown activation {activation!r}; use 'relu' or 'sigmoid'")
    return A, ((A_prev, W, b), activation_cache)


def L_model_forward(
    X: np.ndarray, parameters: dict[str, np.ndarray]
) -> tuple[np.ndarray, list[LayerCache]]:
    """Forward pass of [LINEAR -> RELU] x (L-1) -> LINEAR -> SIGMOID.

    Args:
        X: inputs, shape (n_x, m).
        parameters: dict with ``W1, b1, ..., WL, bL``.

    Returns:
        AL: output probabilities, shape (n_L, m).
        caches: the L layer caches, layer 1 first.

    Used in: c1w4a2.
    """
    L = len(parameters) // 2
    caches = []
    A = X
    for layer in range(1, L + 1):
        activation = "sigmoid" if layer == L else "relu"
        A, cache = linear_activation_forward(
            A, parameters[f"W{layer}"], parameters[f"b{layer}"], activation
        )
        caches.append(cache)
    return A, caches


# --------------------------------------------------------------------------- cost


def compute_cost(AL: np.ndarray, Y: np.ndarray) -> float:
    """Cross-entropy cost averaged over the examples.

    Args:
        AL: predicted probabilities, shape (1, m), entries strictly between 0 and 1.
        Y: true labels 0 or 1, shape (1, m).

    Returns:
        cost: ``-(1/m) * sum(Y log AL + (1 - Y) log(1 - AL))`` as a Python float.

    Used in: c1w4a2.
    """
    m = Y.shape[1]
    cost = -np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m
    return float(cost)


# --------------------------------------------------------------------------- backward pass


def linear_activation_backward(
    dA: np.ndarray, cache: LayerCache, activation: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One layer backward: from ``dA`` of this layer to ``dA_prev``, ``dW`` and ``db``.

    Args:
        dA: gradient of the cost with respect to this layer's activations, shape (n, m).
        cache: ``((A_prev, W, b), Z)`` from ``linear_activation_forward``.
        activation: the activation this layer used, ``"relu"`` or ``"sigmoid"``.

    Returns:
        dA_prev: gradient with respect to the previous activations, shape (n_prev, m).
        dW: gradient with respect to ``W``, shape (n, n_prev).
        db: gradient with respect to ``b``, shape (n, 1).

    Raises:
        ValueError: for an unknown activation name.

    Used in: c1w4a2.
    """
    (A_prev, W, _), Z = cache
    if activation == "relu":
        dZ = relu_backward(dA, Z)
    elif activation == "sigmoid":
        dZ = sigmoid_backward(dA, Z)
    else:
        raise ValueError(f"unknown activation {activation!r}; use 'relu' or 'sigmoid'")
    m = A_prev.shape[1]
    dW = dZ @ A_prev.T / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = W.T @ dZ
    return dA_prev, dW, db


def L_model_backward(
    AL: np.ndarray, Y: np.ndarray, caches: list[LayerCache]
) -> dict[str, np.ndarray]:
    """Gradients of the cross-entropy cost for [LINEAR -> RELU] x (L-1) -> LINEAR -> SIGMOID.

    Args:
        AL: output of ``L_model_forward``, shape (1, m).
        Y: true labels 0 or 1, shape (1, m).
        caches: the L caches returned by ``L_model_forward``.

    Returns:
        grads: dict with ``dA{l-1}``, ``dW{l}`` and ``db{l}`` for l = 1, ..., L.

    Used in: c1w4a2.
    """
    grads: dict[str, np.ndarray] = {}
    L = len(caches)
    Y = Y.reshape(AL.shape)
    dA = -(Y / AL - (1 - Y) / (1 - AL))
    for layer in range(L, 0, -1):
        activation = "sigmoid" if layer == L else "relu"
        dA, dW, db = linear_activation_backward(dA, caches[layer - 1], activation)
        grads[f"dA{layer - 1}"] = dA
        grads[f"dW{layer}"] = dW
        grads[f"db{layer}"] = db
    return grads


def update_parameters(
    params: dict[str, np.ndarray], grads: dict[str, np.ndarray], learning_rate: float
) -> dict[str, np.ndarray]:
    """One gradient-descent step on every weight and bias.

    Args:
        params: dict with ``W1, b1, ..., WL, bL`` (left unchanged).
        grads: dict with ``dW1, db1, ..., dWL, dbL``.
        learning_rate: the step size alpha.

    Returns:
        parameters: a new dict with ``Wl - alpha * dWl`` and ``bl - alpha * dbl``.

    Used in: c1w4a2.
    """
    parameters = copy.deepcopy(params)
    for layer in range(1, len(parameters) // 2 + 1):
        parameters[f"W{layer}"] = parameters[f"W{layer}"] - learning_rate * grads[f"dW{layer}"]
        parameters[f"b{layer}"] = parameters[f"b{layer}"] - learning_rate * grads[f"db{layer}"]
    return parameters


# --------------------------------------------------------------------------- using a model


def predict(
    X: np.ndarray, y: np.ndarray, parameters: dict[str, np.ndarray], print_accuracy: bool = True
) -> np.ndarray:
    """Predict 0/1 labels with a trained L-layer network and print its accuracy on (X, y).

    Args:
        X: inputs, shape (n_x, m).
        y: true labels 0 or 1, shape (1, m).
        parameters: trained parameters ``W1, b1, ..., WL, bL``.
        print_accuracy: print the share of correct predictions.

    Returns:
        p: predictions, float array of shape (1, m) holding 0.0 or 1.0
            (1 where the predicted probability is above 0.5).

    Used in: c1w4a2.
    """
    probs, _ = L_model_forward(X, parameters)
    p = (probs > 0.5).astype(float)
    if print_accuracy:
        print(f"Accuracy: {np.mean(p == y):.1%}")
    return p


def print_mislabeled_images(
    classes: np.ndarray, X: np.ndarray, y: np.ndarray, p: np.ndarray, limit: int = 10
) -> Figure | None:
    """Show the examples whose prediction differs from the label.

    Args:
        classes: class names as bytes, e.g. ``[b"non-cat", b"cat"]``.
        X: flattened images, shape (num_px * num_px * 3, m), values in [0, 1]; column i
            is image i flattened in numpy's order (as ``image.reshape(-1)``).
        y: true labels 0 or 1, shape (1, m).
        p: predicted labels 0 or 1, shape (1, m).
        limit: show at most this many images.

    Returns:
        The figure (``plotting.show_images``), or None when nothing is mislabelled.

    Used in: c1w4a2.
    """
    wrong = np.flatnonzero(np.ravel(p) != np.ravel(y))
    print(f"{wrong.size} of {np.size(y)} images are mislabelled.")
    if wrong.size == 0:
        return None
    wrong = wrong[:limit]
    num_px = int(round(np.sqrt(X.shape[0] / 3)))
    images = X[:, wrong].T.reshape(-1, num_px, num_px, 3)
    names = [c.decode() if isinstance(c, bytes) else str(c) for c in classes]
    labels = [
        f"#{i}\nlabel: {names[int(np.ravel(y)[i])]}\nguess: {names[int(np.ravel(p)[i])]}"
        for i in wrong
    ]
    return plotting.show_images(np.clip(images, 0.0, 1.0), labels, ncols=5)
