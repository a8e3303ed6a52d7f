"""Helpers for gradient checking (c2w1a3): flattening parameters, the network's forward pass.

Gradient checking compares the gradient a backward pass computes with a numerical
estimate built from many forward passes, one parameter at a time. The parameters
live in a dict (``W1``, ``b1``, ``W2``, ...), so this module turns such a dict into
one column vector and back, and provides the forward pass and cost of the network
that the notebook checks:

- ``dictionary_to_vector(parameters)`` -> ``(theta, keys)``, ``theta`` of shape (n, 1);
- ``vector_to_dictionary(theta, like)`` -> a dict with the keys and shapes of ``like``;
- ``gradients_to_vector(gradients)`` -> the ``dW``/``db`` entries as one (n, 1) vector,
  in the same order as ``dictionary_to_vector``;
- ``forward_propagation_n(X, Y, parameters)`` -> ``(cost, cache)`` for a network of
  ReLU layers with a sigmoid output and the cross-entropy cost;
- ``print_check_report(...)``: the verdict of a gradient check and, per parameter,
  where the two gradients disagree;
- ``numerical_gradients(cost, arrays)`` and ``relative_difference(a, b)``: the same
  check for any scalar function of named arrays (not only ``W1``, ``b1``, ...), e.g.
  a batch-norm layer with inputs ``Z``, ``gamma``, ``beta``.

The order of the entries is always ``W1, b1, W2, b2, ..., WL, bL``, each array read
row by row (numpy's default order). All functions return new arrays and never
modify their inputs. Importing this module has no side effects.

Used in: c2w1a3, c2w3a2.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np

from shared_utils.activations import sigmoid

#: A relative difference below this means the backward pass is almost surely right.
THRESHOLD = 2e-7


def relu(z: np.ndarray) -> np.ndarray:
    """``max(0, z)``, element-wise."""
    return np.maximum(0.0, z)


def _num_layers(mapping: Mapping[str, np.ndarray], prefix: str) -> int:
    """How many layers a dict describes: the number of keys ``<prefix>1, <prefix>2, ...``."""
    layers = 0
    while f"{prefix}{layers + 1}" in mapping:
        layers += 1
    if layers == 0:
        raise KeyError(f"no key {prefix}1: expected {prefix}1, {prefix}2, ...")
    return layers


def parameter_keys(parameters: Mapping[str, np.ndarray]) -> list[str]:
    """The keys ``["W1", "b1", ..., "WL", "bL"]`` of a parameter dict, in vector order."""
    layers = _num_layers(parameters, "W")
    return [key for layer in range(1, layers + 1) for key in (f"W{layer}", f"b{layer}")]


def dictionary_to_vector(parameters: Mapping[str, np.ndarray]) -> tuple[np.ndarray, list[str]]:
    """Stack every parameter into one column vector.

    Args:
        parameters: dict with ``W1``, ``b1``, ..., ``WL``, ``bL`` (other keys are ignored).

    Returns:
        theta: float array of shape (n, 1), n the total number of parameters, in the
            order ``W1, b1, ..., WL, bL``, each array read row by row.
        keys: for every entry of ``theta``, the name of the parameter it comes from.
    """
    pieces, keys = [], []
    for key in parameter_keys(parameters):
        values = np.asarray(parameters[key], dtype=float).reshape(-1, 1)
        pieces.append(values)
        keys.extend([key] * values.shape[0])
    return np.concatenate(pieces, axis=0), keys


def vector_to_dictionary(
    theta: np.ndarray, like: Mapping[str, np.ndarray]
) -> dict[str, np.ndarray]:
    """Cut a column vector back into parameters shaped like ``like``.

    The inverse of ``dictionary_to_vector``:
    ``vector_to_dictionary(dictionary_to_vector(p)[0], p)`` equals ``p``.

    Args:
        theta: array with n entries (shape (n, 1) or (n,)).
        like: a parameter dict giving the keys and the shapes (its values are not used).

    Returns:
        A new dict ``{"W1": ..., "b1": ..., ...}``; every array is a copy.

    Raises:
        ValueError: if ``theta`` does not have exactly as many entries as ``like``.
    """
    flat = np.asarray(theta, dtype=float).reshape(-1)
    keys = parameter_keys(like)
    needed = sum(np.size(like[key]) for key in keys)
    if flat.size != needed:
        raise ValueError(f"theta has {flat.size} entries, the parameters need {needed}")
    out, start = {}, 0
    for key in keys:
        shape = np.shape(like[key])
        size = int(np.prod(shape))
        out[key] = flat[start : start + size].reshape(shape).copy()
        start += size
    return out


def gradients_to_vector(gradients: Mapping[str, np.ndarray]) -> np.ndarray:
    """Stack ``dW1, db1, ..., dWL, dbL`` into one column vector (other keys are ignored).

    The order matches ``dictionary_to_vector``, so entry i of both vectors belongs
    to the same parameter.

    Returns:
        float array of shape (n, 1).
    """
    layers = _num_layers(gradients, "dW")
    pieces = [
        np.asarray(gradients[key], dtype=float).reshape(-1, 1)
        for layer in range(1, layers + 1)
        for key in (f"dW{layer}", f"db{layer}")
    ]
    return np.concatenate(pieces, axis=0)


def forward_propagation_n(
    X: np.ndarray, Y: np.ndarray, parameters: Mapping[str, np.ndarray]
) -> tuple[float, dict[str, np.ndarray]]:
    """Forward pass and cost of a network of ReLU layers with one sigmoid output layer.

    Layers ``1 .. L-1`` compute ``A = relu(W A_prev + b)``, layer ``L`` computes
    ``A = sigmoid(W A_prev + b)``, and the cost is the mean cross-entropy
    ``-(1/m) sum(Y log A + (1 - Y) log(1 - A))``.

    Args:
        X: inputs, shape (n_x, m), one example per column.
        Y: labels 0 or 1, shape (1, m).
        parameters: ``W1``, ``b1``, ..., ``WL``, ``bL`` with ``W{l}`` of shape
            (n_l, n_{l-1}) and ``b{l}`` of shape (n_l, 1).

    Returns:
        cost: the cross-entropy, a Python float.
        cache: dict with ``A0`` (= X), and ``Z{l}``, ``A{l}``, ``W{l}``, ``b{l}`` for
            every layer, what a backward pass needs.
    """
    layers = _num_layers(parameters, "W")
    m = X.shape[1]
    cache: dict[str, np.ndarray] = {"A0": X}
    A = X
    for layer in range(1, layers + 1):
        W, b = parameters[f"W{layer}"], parameters[f"b{layer}"]
        Z = W @ A + b
        A = sigmoid(Z) if layer == layers else relu(Z)
        cache.update({f"Z{layer}": Z, f"A{layer}": A, f"W{layer}": W, f"b{layer}": b})
    cost = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m
    return float(cost), cache


def print_check_report(
    difference: float,
    grad: np.ndarray | None = None,
    gradapprox: np.ndarray | None = None,
    parameters: Mapping[str, np.ndarray] | None = None,
) -> None:
    """Print the verdict of a gradient check, and per parameter where it disagrees.

    Args:
        difference: the relative difference of the whole check.
        grad: the gradient from backpropagation as a column vector (optional).
        gradapprox: the numerical estimate, same shape (optional).
        parameters: the parameter dict the vectors were made from; with ``grad`` and
            ``gradapprox`` it adds one line per parameter (``W1``, ``b1``, ...).
    """
    if difference < THRESHOLD:
        print(f"\u2705 Backpropagation looks right: difference = {difference:.3e} < {THRESHOLD}")
    else:
        print(f"\u274c Backpropagation is wrong: difference = {difference:.3e} >= {THRESHOLD}")
    if grad is None or gradapprox is None or parameters is None:
        return
    backprop = vector_to_dictionary(grad, parameters)
    numeric = vector_to_dictionary(gradapprox, parameters)
    for key in parameter_keys(parameters):
        gap = np.linalg.norm(backprop[key] - numeric[key])
        scale = np.linalg.norm(backprop[key]) + np.linalg.norm(numeric[key])
        local = gap / scale if scale > 0 else 0.0
        flag = "  <-- check this one" if local >= THRESHOLD else ""
        print(f"   d{key:<4} relative difference {local:.3e}{flag}")


def relative_difference(
    grad: np.ndarray | Mapping[str, np.ndarray], gradapprox: np.ndarray | Mapping[str, np.ndarray]
) -> float:
    """``||grad - gradapprox|| / (||grad|| + ||gradapprox||)``, 0 when both are zero.

    Args:
        grad: an array, or a dict of arrays (all entries count, matched by key).
        gradapprox: the same kind of value with the same shapes (and keys).

    Returns:
        The relative difference, a float between 0 and 1.

    Raises:
        ValueError: if the shapes (or the keys) differ.

    Used in: c2w3a2.
    """
    if isinstance(grad, Mapping) or isinstance(gradapprox, Mapping):
        if not (isinstance(grad, Mapping) and isinstance(gradapprox, Mapping)):
            raise ValueError("compare a dict with a dict, or an array with an array")
        if set(grad) != set(gradapprox):
            raise ValueError(f"different keys: {sorted(grad)} and {sorted(gradapprox)}")
        keys = sorted(grad)
        for key in keys:
            if np.shape(grad[key]) != np.shape(gradapprox[key]):
                raise ValueError(f"{key}: the two shapes differ")
        a = np.concatenate([np.asarray(grad[k], dtype=float).ravel() for k in keys])
        b = np.concatenate([np.asarray(gradapprox[k], dtype=float).ravel() for k in keys])
    else:
        a, b = np.asarray(grad, dtype=float), np.asarray(gradapprox, dtype=float)
        if a.shape != b.shape:
            raise ValueError(f"shapes {a.shape} and {b.shape} differ")
    scale = np.linalg.norm(a) + np.linalg.norm(b)
    return float(np.linalg.norm(a - b) / scale) if scale > 0 else 0.0


def numerical_gradients(
    cost: Callable[[dict[str, np.ndarray]], float],
    arrays: Mapping[str, np.ndarray],
    epsilon: float = 1e-7,
) -> dict[str, np.ndarray]:
    """Centred-difference estimate of the gradient of ``cost`` with respect to every entry.

    For each entry ``x`` of each array, ``(cost(x + epsilon) - cost(x - epsilon)) /
    (2 epsilon)`` with everything else unchanged: two calls of ``cost`` per entry,
    so keep the arrays small.

    Args:
        cost: a function of a dict with the same keys as ``arrays``, returning a number.
        arrays: name -> float array (left unchanged; ``cost`` gets nudged copies).
        epsilon: the shift.

    Returns:
        name -> array of the shape of ``arrays[name]``, the estimated partial derivatives.

    Used in: c2w3a2.
    """
    base = {key: np.array(value, dtype=float) for key, value in arrays.items()}
    estimates = {}
    for key, value in base.items():
        estimate = np.zeros_like(value)
        for index in np.ndindex(value.shape):
            shifted = {**base, key: value.copy()}
            shifted[key][index] = value[index] + epsilon
            cost_plus = float(cost(shifted))
            shifted[key][index] = value[index] - epsilon
            cost_minus = float(cost(shifted))
            estimate[index] = (cost_plus - cost_minus) / (2 * epsilon)
        estimates[key] = estimate
    return estimates
