"""Helpers shared by the numpy recurrent-network lessons of Course 5, Week 1.

Nothing here is graded: these are the small pieces both notebooks lean on
(activations, parameter initialisation, Adam) so that the graded cells can focus
on the recurrences themselves.

Shape conventions (the same in both notebooks):

- a sequence batch ``x`` has shape ``(n_x, m, T_x)``: ``n_x`` input features,
  ``m`` sequences, ``T_x`` time steps; one step ``x[:, :, t]`` is ``(n_x, m)``;
- a hidden state ``a`` (and an LSTM memory cell ``c``) has shape ``(n_a, m)``;
- a prediction ``y_hat`` has shape ``(n_y, m)``, one probability column per example;
- weights map *from* columns *to* rows: ``Wax`` is ``(n_a, n_x)``, ``Waa`` is
  ``(n_a, n_a)``, ``Wya`` is ``(n_y, n_a)``; biases are columns ``(n, 1)``.

Importing this module has no side effects (no seeding, no plotting settings).

Used in: c5w1a1, c5w1a2.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from shared_utils.activations import sigmoid  # noqa: F401 - part of this module's API


def softmax(x: np.ndarray) -> np.ndarray:
    """Softmax over the first axis: every column becomes a probability distribution.

    The largest entry of each column is subtracted first, so large scores never
    overflow.

    Args:
        x: scores, shape (n_y, m) (or (n_y,) for one example).

    Returns:
        Probabilities of the same shape; every column is positive and sums to 1.

    Used in: c5w1a1 (RNN and LSTM outputs), c5w1a2 (next-character distribution).
    """
    shifted = x - np.max(x, axis=0, keepdims=True)
    e = np.exp(shifted)
    return e / np.sum(e, axis=0, keepdims=True)


# --------------------------------------------------------------------------- parameters


def initialize_parameters(n_a: int, n_x: int, n_y: int, seed: int = 1) -> dict[str, np.ndarray]:
    """Small random weights and zero biases for a character-level RNN.

    Weights are standard normal numbers times 0.01, drawn from
    ``np.random.default_rng(seed)`` in the order Wax, Waa, Wya (the global numpy
    generator is not touched).

    Args:
        n_a: number of hidden units.
        n_x: size of one input vector (the vocabulary size).
        n_y: size of one output vector (the vocabulary size).
        seed: seed of the generator the weights are drawn from.

    Returns:
        parameters: ``Wax`` (n_a, n_x), ``Waa`` (n_a, n_a), ``Wya`` (n_y, n_a),
        ``b`` (n_a, 1) zeros, ``by`` (n_y, 1) zeros.

    Used in: c5w1a2.
    """
    rng = np.random.default_rng(seed)
    return {
        "Wax": rng.standard_normal((n_a, n_x)) * 0.01,
        "Waa": rng.standard_normal((n_a, n_a)) * 0.01,
        "Wya": rng.standard_normal((n_y, n_a)) * 0.01,
        "b": np.zeros((n_a, 1)),
        "by": np.zeros((n_y, 1)),
    }


def random_rnn_parameters(
    n_a: int, n_x: int, n_y: int, rng: np.random.Generator, scale: float | None = None
) -> dict[str, np.ndarray]:
    """Random parameters of the basic RNN cell of c5w1a1.

    Args:
        n_a, n_x, n_y: hidden, input and output sizes.
        rng: generator the values are drawn from (Waa, Wax, Wya, ba, by in that order).
        scale: standard deviation of the weights; None gives ``1 / sqrt(n_a + n_x)``,
            which keeps ``Waa a + Wax x`` of order 1 when ``a`` and ``x`` are.

    Returns:
        parameters: ``Waa`` (n_a, n_a), ``Wax`` (n_a, n_x), ``Wya`` (n_y, n_a),
        ``ba`` (n_a, 1), ``by`` (n_y, 1). Biases are small but not zero.

    Used in: c5w1a1.
    """
    std = 1.0 / np.sqrt(n_a + n_x) if scale is None else scale
    return {
        "Waa": rng.normal(0.0, std, (n_a, n_a)),
        "Wax": rng.normal(0.0, std, (n_a, n_x)),
        "Wya": rng.normal(0.0, std, (n_y, n_a)),
        "ba": rng.normal(0.0, 0.1, (n_a, 1)),
        "by": rng.normal(0.0, 0.1, (n_y, 1)),
    }


def random_lstm_parameters(
    n_a: int,
    n_x: int,
    n_y: int,
    rng: np.random.Generator,
    scale: float | None = None,
    forget_bias: float = 0.0,
) -> dict[str, np.ndarray]:
    """Random parameters of the LSTM cell of c5w1a1.

    Every gate weight acts on the stacked vector ``[a_prev; x_t]`` of size n_a + n_x.

    Args:
        n_a, n_x, n_y: hidden, input and output sizes.
        rng: generator the values are drawn from (Wf, bf, Wi, bi, Wc, bc, Wo, bo,
            Wy, by in that order).
        scale: standard deviation of the weights; None gives ``1 / sqrt(n_a + n_x)``.
        forget_bias: added to the forget-gate bias ``bf``. A positive value starts
            the network with its forget gates mostly open (Keras adds 1 by default).

    Returns:
        parameters: ``Wf, Wi, Wc, Wo`` (n_a, n_a + n_x), ``bf, bi, bc, bo`` (n_a, 1),
        ``Wy`` (n_y, n_a), ``by`` (n_y, 1).

    Used in: c5w1a1.
    """
    std = 1.0 / np.sqrt(n_a + n_x) if scale is None else scale
    parameters = {}
    for gate in "fico":
        parameters[f"W{gate}"] = rng.normal(0.0, std, (n_a, n_a + n_x))
        parameters[f"b{gate}"] = rng.normal(0.0, 0.1, (n_a, 1))
    parameters["bf"] = parameters["bf"] + forget_bias
    parameters["Wy"] = rng.normal(0.0, std, (n_y, n_a))
    parameters["by"] = rng.normal(0.0, 0.1, (n_y, 1))
    return parameters


# --------------------------------------------------------------------------- Adam


def initialize_adam(
    parameters: Mapping[str, np.ndarray],
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Zero first and second moment estimates for Adam.

    Args:
        parameters: name -> array (e.g. ``Wf`` (n_a, n_a + n_x), ``by`` (n_y, 1)).

    Returns:
        v, s: dicts with keys ``"d" + name`` (``dWf``, ``dby``...), zeros shaped like
        the parameters: the running averages of the gradients and of their squares.

    Used in: no graded cell; offered for experiments beyond c5w1a1 and c5w1a2.
    """
    v = {"d" + name: np.zeros_like(value, dtype=float) for name, value in parameters.items()}
    s = {"d" + name: np.zeros_like(value, dtype=float) for name, value in parameters.items()}
    return v, s


def update_parameters_with_adam(
    parameters: Mapping[str, np.ndarray],
    grads: Mapping[str, np.ndarray],
    v: Mapping[str, np.ndarray],
    s: Mapping[str, np.ndarray],
    t: int,
    learning_rate: float = 0.01,
    beta1: float = 0.9,
    beta2: float = 0.999,
    epsilon: float = 1e-8,
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray], dict[str, np.ndarray]]:
    """One Adam step for every parameter that has a gradient ``"d" + name`` in ``grads``.

    ``v <- beta1 v + (1 - beta1) g``, ``s <- beta2 s + (1 - beta2) g**2``, then
    ``p <- p - lr * v_hat / (sqrt(s_hat) + eps)`` with the bias corrections
    ``v_hat = v / (1 - beta1**t)`` and ``s_hat = s / (1 - beta2**t)``. Parameters
    without a gradient are copied unchanged. Nothing is modified in place.

    Args:
        parameters: name -> array.
        grads: ``"d" + name`` -> gradient, same shape as the parameter.
        v, s: moment estimates from `initialize_adam` or the previous step.
        t: number of this step, counted from 1.
        learning_rate, beta1, beta2, epsilon: Adam's hyperparameters.

    Returns:
        parameters, v, s: new dicts with the updated arrays.

    Used in: no graded cell; offered for experiments beyond c5w1a1 and c5w1a2.
    """
    new_params = dict(parameters)
    new_v, new_s = dict(v), dict(s)
    for name, value in parameters.items():
        key = "d" + name
        if key not in grads:
            continue
        g = grads[key]
        new_v[key] = beta1 * v[key] + (1 - beta1) * g
        new_s[key] = beta2 * s[key] + (1 - beta2) * g**2
        v_hat = new_v[key] / (1 - beta1**t)
        s_hat = new_s[key] / (1 - beta2**t)
        new_params[name] = value - learning_rate * v_hat / (np.sqrt(s_hat) + epsilon)
    return new_params, new_v, new_s
