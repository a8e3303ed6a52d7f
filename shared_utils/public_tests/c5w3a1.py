"""Public tests of c5w3a1, "Date translation with attention".

The lesson's functions use layers created once, outside them, as globals: the
attention layers (`repeator`, `concatenator`, `densor1`, `densor2`, `activator`,
`dotor`) and the decoder's (`post_activation_LSTM_cell`, `output_layer`). Their
sizes depend on the case (`Tx`, `n_s`, the vocabulary), so each probe below
makes fresh layers for the case, exactly as the lesson defines them, puts them in
the function's globals for the duration of the call, and puts the notebook's own
back afterwards:

- `probe_one_step_attention` builds a small Keras model around the learner's
  function (so it must work on symbolic Keras tensors, as inside `modelf`), sets
  the attention network's weights to seeded values, and records the context
  vectors it computes for the case's `a` and `s_prev`;
- `probe_modelf` records what `shared_utils.keras_checks.probe_model` records:
  the model's layers, parameter counts, and its outputs on seeded inputs with
  every weight set to seeded values.

The hidden grader uses the same probes on other sizes and inputs.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import numpy as np

from shared_utils import nmt_utils
from shared_utils.frameworks import keras
from shared_utils.keras_checks import probe_model, with_fixed_weights
from shared_utils.testing import Case, public_test

layers = keras.layers

# --------------------------------------------------------------------------- probes


def shared_layers(Tx: int, n_s: int, machine_vocab_size: int) -> dict[str, Any]:  # noqa: N803
    """Fresh copies of the lesson's shared layers for one case, by their global names."""
    return {
        "repeator": layers.RepeatVector(Tx),
        "concatenator": layers.Concatenate(axis=-1),
        "densor1": layers.Dense(10, activation="tanh"),
        "densor2": layers.Dense(1, activation="relu"),
        "activator": layers.Activation(nmt_utils.softmax, name="attention_weights"),
        "dotor": layers.Dot(axes=1),
        "post_activation_LSTM_cell": layers.LSTM(n_s, return_state=True),
        "output_layer": layers.Dense(machine_vocab_size, activation="softmax"),
    }


_MISSING = object()


@contextlib.contextmanager
def lesson_globals(function: Callable[..., Any], values: Mapping[str, Any]) -> Iterator[None]:
    """Give `function`'s globals these values during the block; restore them after."""
    namespace = getattr(function, "__globals__", {})
    saved = {name: namespace.get(name, _MISSING) for name in values}
    namespace.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is _MISSING:
                namespace.pop(name, None)
            else:
                namespace[name] = value


def probe_one_step_attention(
    function: Callable[..., Any], a: np.ndarray, s_prev: np.ndarray
) -> dict[str, Any]:
    """The context vectors of one_step_attention(a, s_prev) with seeded attention weights.

    The function is called on symbolic inputs `Input((Tx, 2 n_a))` and `Input((n_s,))`,
    as `modelf` calls it; the resulting model then runs on `a` and `s_prev`.
    """
    keras.utils.set_random_seed(0)
    _, Tx, features = a.shape  # noqa: N806 - the lesson's name
    n_s = s_prev.shape[1]
    fresh = shared_layers(Tx, n_s, machine_vocab_size=11)
    a_in = keras.Input(shape=(Tx, features))
    s_in = keras.Input(shape=(n_s,))
    with lesson_globals(function, fresh):
        context = function(a_in, s_in)
    model = keras.Model([a_in, s_in], context)
    with_fixed_weights(model, seed=2)
    out = model([a.astype(np.float32), s_prev.astype(np.float32)], training=False)
    return {"context": np.asarray(out, dtype=np.float64)}


def probe_modelf(
    function: Callable[..., Any],
    Tx: int,  # noqa: N803 - the lesson's names
    Ty: int,  # noqa: N803
    n_a: int,
    n_s: int,
    human_vocab_size: int,
    machine_vocab_size: int,
) -> dict[str, Any]:
    """probe_model(modelf, ...) with fresh shared layers of the case's sizes."""
    keras.utils.set_random_seed(0)
    fresh = shared_layers(Tx, n_s, machine_vocab_size)
    with lesson_globals(function, fresh):
        return probe_model(function, Tx, Ty, n_a, n_s, human_vocab_size, machine_vocab_size)


# --------------------------------------------------------------------------- inputs


def _normal(seed: int, *shape: int) -> np.ndarray:
    return np.random.default_rng(seed).normal(size=shape)


# --------------------------------------------------------------------------- tests


@public_test(returns="one_step_attention", harness=probe_one_step_attention, rtol=1e-4,
             atol=1e-5)  # fmt: skip
def test_one_step_attention() -> list[Case]:
    """one_step_attention(a, s_prev) -> context (m, 1, 2 n_a), through a probe."""
    return [
        Case(
            "m = 2, Tx = 5, n_a = 3, n_s = 4",
            args=(_normal(1, 2, 5, 6), _normal(2, 2, 4)),
            expected=_EXPECTED["one_step_attention"][0],
        ),
        Case(
            "m = 3, Tx = 4, n_a = 2, n_s = 3",
            args=(_normal(3, 3, 4, 4), _normal(4, 3, 3)),
            expected=_EXPECTED["one_step_attention"][1],
        ),
    ]


@public_test(returns="modelf", harness=probe_modelf, rtol=1e-4, atol=1e-5)
def test_modelf() -> list[Case]:
    """modelf(Tx, Ty, n_a, n_s, human_vocab_size, machine_vocab_size), through a probe."""
    return [
        Case(
            "Tx = 6, Ty = 3, n_a = 3, n_s = 5, vocabularies 8 and 4",
            args=(6, 3, 3, 5, 8, 4),
            expected=_EXPECTED["modelf"][0],
        ),
    ]


# --------------------------------------------------------------------------- expected
# Expected outputs of the cases above (written out by running the reference solutions).

_EXPECTED: dict[str, list[Any]] = {  # EXPECTED-BEGIN
    "one_step_attention": [
        {
            "context": np.array(
                [
                    [
                        [
                            -0.8816896081,
                            -0.1776873767,
                            0.007857881486,
                            -0.2142105103,
                            0.4913083017,
                            0.3815178275,
                        ]
                    ],
                    [
                        [
                            0.6055989861,
                            -0.7781224251,
                            0.1836517155,
                            0.2872042358,
                            -0.2097928673,
                            -0.2654978335,
                        ]
                    ],
                ],
                dtype=np.float64,
            )
        },
        {
            "context": np.array(
                [
                    [[0.1553581357, 0.02899174392, -0.497949928, -0.3947679996]],
                    [[0.02388575301, 0.6897384524, 0.7326361537, -0.3145678639]],
                    [[-0.374242872, 0.5345290899, 0.08712688088, -0.2697840035]],
                ],
                dtype=np.float64,
            )
        },
    ],
    "modelf": [
        {
            "kind": "keras.Model",
            "layers": [
                {
                    "class": "InputLayer",
                    "output_shape": (-1, 6, 8),
                    "params": 0,
                    "trainable": True,
                },
                {"class": "InputLayer", "output_shape": (-1, 5), "params": 0, "trainable": True},
                {
                    "class": "Bidirectional",
                    "output_shape": (-1, 6, 6),
                    "params": 288,
                    "trainable": True,
                },
                {
                    "class": "RepeatVector",
                    "output_shape": (-1, 6, 5),
                    "params": 0,
                    "trainable": True,
                    "n": 6,
                },
                {
                    "class": "Concatenate",
                    "output_shape": (-1, 6, 11),
                    "params": 0,
                    "trainable": True,
                    "axis": -1,
                },
                {
                    "class": "Dense",
                    "output_shape": (-1, 6, 10),
                    "params": 120,
                    "trainable": True,
                    "activation": "tanh",
                    "units": 10,
                    "use_bias": True,
                },
                {
                    "class": "Dense",
                    "output_shape": (-1, 6, 1),
                    "params": 11,
                    "trainable": True,
                    "activation": "relu",
                    "units": 1,
                    "use_bias": True,
                },
                {
                    "class": "Activation",
                    "output_shape": (-1, 6, 1),
                    "params": 0,
                    "trainable": True,
                    "activation": "softmax",
                },
                {"class": "Dot", "output_shape": (-1, 1, 6), "params": 0, "trainable": True},
                {"class": "InputLayer", "output_shape": (-1, 5), "params": 0, "trainable": True},
                {
                    "class": "LSTM",
                    "output_shape": None,
                    "params": 240,
                    "trainable": True,
                    "activation": "tanh",
                    "units": 5,
                    "return_sequences": False,
                    "return_state": True,
                    "use_bias": True,
                },
                {
                    "class": "Dense",
                    "output_shape": (-1, 4),
                    "params": 24,
                    "trainable": True,
                    "activation": "softmax",
                    "units": 4,
                    "use_bias": True,
                },
            ],
            "params": 683,
            "trainable_params": 683,
            "outputs": [
                np.array(
                    [
                        [0.273377955, 0.2185285687, 0.2327819169, 0.2753115296],
                        [0.2734933496, 0.2269459069, 0.2207474113, 0.2788133621],
                    ],
                    dtype=np.float64,
                ),
                np.array(
                    [
                        [0.2761773169, 0.2260931581, 0.2272749692, 0.2704545557],
                        [0.2776196599, 0.2297540158, 0.2213414758, 0.2712849081],
                    ],
                    dtype=np.float64,
                ),
                np.array(
                    [
                        [0.2781563699, 0.2293573469, 0.2245781571, 0.2679081559],
                        [0.2793429494, 0.2307286561, 0.2218503803, 0.268078059],
                    ],
                    dtype=np.float64,
                ),
            ],
        }
    ],
}
# EXPECTED-END
