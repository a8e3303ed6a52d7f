"""The given parts of the character-level language model of c5w1a2 (dinosaur names).

The model reads one name at a time, one character per time step, with batch size
m = 1, so the shapes follow the Course 5 convention with m = 1:

- a name of T characters is a list of T + 1 indices ``X = [None, i_1, ..., i_T]``
  (``None``: the first input is the zero vector) and its targets
  ``Y = [i_1, ..., i_T, i_newline]``: at every step the next character;
- inputs ``x`` (vocab_size, 1, T + 1), hidden states ``a`` (n_a, 1, T + 1) and
  predictions ``y_hat`` (vocab_size, 1, T + 1);
- parameters ``Wax`` (n_a, vocab_size), ``Waa`` (n_a, n_a), ``Wya``
  (vocab_size, n_a), ``b`` (n_a, 1), ``by`` (vocab_size, 1).

The forward pass, the backward pass and the update are given in the lesson (the
graded exercises are clipping, sampling, one optimisation step and the training
loop); they are written out here so the notebook stays short.

Importing this module has no side effects.

Used in: c5w1a2.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import numpy as np

from shared_utils.rnn_utils import softmax


def one_hot_column(index: int | None, vocab_size: int) -> np.ndarray:
    """Column (vocab_size, 1) with a 1 at ``index``; all zeros when ``index`` is None."""
    x = np.zeros((vocab_size, 1))
    if index is not None:
        x[index, 0] = 1.0
    return x


def rnn_forward(
    X: Sequence[int | None],
    Y: Sequence[int],
    a0: np.ndarray,
    parameters: Mapping[str, np.ndarray],
) -> tuple[float, dict[str, np.ndarray]]:
    """Run the RNN over one name and add up the cross-entropy of every prediction.

    At step t: ``a_t = tanh(Wax x_t + Waa a_{t-1} + b)``,
    ``y_hat_t = softmax(Wya a_t + by)``, loss ``-log y_hat_t[Y[t]]``.

    Args:
        X: input indices, ``X[0]`` None (zero input), length T + 1.
        Y: target indices, same length as ``X``.
        a0: hidden state before the first step, (n_a, 1).
        parameters: ``Wax, Waa, Wya, b, by`` (see the module docstring); the
            vocabulary size is the number of columns of ``Wax``.

    Returns:
        loss: the summed cross-entropy over the T + 1 steps (a float).
        cache: ``x`` (vocab_size, 1, T + 1), ``a`` (n_a, 1, T + 1), ``a0`` (n_a, 1)
        and ``y_hat`` (vocab_size, 1, T + 1), for `rnn_backward`.
    """
    Wax, Waa, Wya = parameters["Wax"], parameters["Waa"], parameters["Wya"]
    b, by = parameters["b"], parameters["by"]
    steps = len(X)
    n_a, vocab_size = Wax.shape
    x = np.zeros((vocab_size, 1, steps))
    a = np.zeros((n_a, 1, steps))
    y_hat = np.zeros((vocab_size, 1, steps))
    a_prev = a0
    loss = 0.0
    for t in range(steps):
        x[:, :, t] = one_hot_column(X[t], vocab_size)
        a_prev = np.tanh(Wax @ x[:, :, t] + Waa @ a_prev + b)
        a[:, :, t] = a_prev
        y_hat[:, :, t] = softmax(Wya @ a_prev + by)
        loss -= float(np.log(y_hat[Y[t], 0, t]))
    return loss, {"x": x, "a": a, "a0": a0, "y_hat": y_hat}


def rnn_backward(
    X: Sequence[int | None],
    Y: Sequence[int],
    parameters: Mapping[str, np.ndarray],
    cache: Mapping[str, np.ndarray],
) -> dict[str, np.ndarray]:
    """Gradients of the loss of `rnn_forward` with respect to every parameter.

    Backpropagation through time: from the last step to the first, the gradient
    reaching ``a_t`` is what its own prediction sends back plus what the next
    step sends back through ``Waa``.

    Args:
        X, Y: the same index lists as for `rnn_forward`.
        parameters: the parameters used in the forward pass.
        cache: what `rnn_forward` returned.

    Returns:
        gradients: ``dWax, dWaa, dWya, db, dby``, shaped like the parameters.
    """
    Waa, Wya = parameters["Waa"], parameters["Wya"]
    x, a, y_hat = cache["x"], cache["a"], cache["y_hat"]
    gradients = {
        "dWax": np.zeros_like(parameters["Wax"]),
        "dWaa": np.zeros_like(Waa),
        "dWya": np.zeros_like(Wya),
        "db": np.zeros_like(parameters["b"]),
        "dby": np.zeros_like(parameters["by"]),
    }
    da_next = np.zeros_like(cache["a0"])
    for t in reversed(range(len(X))):
        dy = y_hat[:, :, t].copy()
        dy[Y[t], 0] -= 1.0  # softmax + cross-entropy: y_hat - one_hot(target)
        a_t = a[:, :, t]
        a_before = a[:, :, t - 1] if t > 0 else cache["a0"]
        gradients["dWya"] += dy @ a_t.T
        gradients["dby"] += dy
        dz = (1.0 - a_t**2) * (Wya.T @ dy + da_next)  # through tanh
        gradients["dWax"] += dz @ x[:, :, t].T
        gradients["dWaa"] += dz @ a_before.T
        gradients["db"] += dz
        da_next = Waa.T @ dz
    return gradients


def update_parameters(
    parameters: dict[str, np.ndarray], gradients: Mapping[str, np.ndarray], learning_rate: float
) -> dict[str, np.ndarray]:
    """One gradient-descent step, made *in place* on the arrays of ``parameters``.

    Args:
        parameters: ``Wax, Waa, Wya, b, by``; each array is changed in place.
        gradients: ``dWax, dWaa, dWya, db, dby``.
        learning_rate: the step size.

    Returns:
        The same ``parameters`` dict.
    """
    for name in ("Wax", "Waa", "Wya", "b", "by"):
        parameters[name] -= learning_rate * gradients["d" + name]
    return parameters


def get_initial_loss(vocab_size: int, seq_length: int) -> float:
    """Loss of a model that guesses uniformly, for ``seq_length`` characters.

    Each character then costs ``log(vocab_size)``; it is where the smoothed loss
    curve starts.
    """
    return float(-np.log(1.0 / vocab_size) * seq_length)


def smooth(loss: float, cur_loss: float, beta: float = 0.999) -> float:
    """Exponentially weighted average of the loss: ``beta * loss + (1 - beta) * cur_loss``."""
    return beta * loss + (1.0 - beta) * cur_loss


def indices_to_text(indices: Sequence[int], ix_to_char: Mapping[int, str]) -> str:
    """The characters of a list of indices, without the final newline."""
    return "".join(ix_to_char[int(i)] for i in indices).rstrip("\n")


def name_like(name: str) -> bool:
    """A rough "looks like a name" test: 4 to 20 letters, at least one vowel, no
    run of four consonants or three vowels, no letter three times in a row.

    The same rule as the dataset builder's check (see `datasets/manifest.json`).
    """
    return (
        4 <= len(name) <= 20
        and re.search(r"[aeiouy]", name) is not None
        and re.search(r"[^aeiouy]{4}", name) is None
        and re.search(r"[aeiou]{3}", name) is None
        and re.search(r"(.)\1\1", name) is None
    )
