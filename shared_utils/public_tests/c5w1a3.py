"""Public tests of c5w1a3, "Writing melodies with an LSTM".

The graded functions build Keras models from layers they are given, so each
test goes through a probe (the hidden grader uses the same probes):

- `probe_djmodel` and `probe_inference_model` create fresh shared layers of a
  small size (`shared_layers`), build the learner's model with them, set the
  shared layers' weights to fixed values, and record the model's input shapes,
  its outputs on fixed inputs, and how many LSTM and Dense layers it holds
  (exactly one of each, and the ones passed in: a model that creates a new layer
  at each time step has many, with weights of their own);
- `probe_predict_and_sample` runs the learner's function on a small stand-in
  model with the inputs and outputs of an inference model (a dense layer
  reading the starting note and state; no LSTM: the stand-in gives no answer
  away).

The hidden grader uses other sizes: one time step, one value, wide and narrow
states, longer melodies.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from shared_utils.frameworks import keras
from shared_utils.testing import Case, public_test

RTOL, ATOL = 1e-4, 1e-6  # float32 arithmetic


def shared_layers(n_a: int, n_values: int) -> tuple[Any, Any, Any]:
    """(LSTM_cell, densor, reshaper), created as the lesson creates them."""
    return (
        keras.layers.LSTM(n_a, return_state=True),
        keras.layers.Dense(n_values, activation="softmax"),
        keras.layers.Reshape((1, n_values)),
    )


def fix_weights(layer: Any, seed: int, scale: float = 0.5) -> None:
    """Set every weight of a built layer to seeded values, uniform in ±scale."""
    rng = np.random.default_rng(seed)
    for weight in layer.weights:
        weight.assign(rng.uniform(-scale, scale, size=tuple(weight.shape)).astype("float32"))


def _one_hot_rows(rng: np.random.Generator, shape: tuple[int, ...], n_values: int) -> np.ndarray:
    return np.eye(n_values, dtype="float32")[rng.integers(0, n_values, size=shape)]


def _structure(model: Any, lstm_cell: Any, densor: Any) -> dict[str, Any]:
    lstms = [layer for layer in model.layers if isinstance(layer, keras.layers.LSTM)]
    denses = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]
    return {
        "inputs": [tuple(-1 if d is None else int(d) for d in t.shape) for t in model.inputs],
        "number of outputs": len(model.outputs),
        "LSTM layers": len(lstms),
        "Dense layers": len(denses),
        "uses the LSTM_cell passed in": any(layer is lstm_cell for layer in lstms),
        "uses the densor passed in": any(layer is densor for layer in denses),
        "parameters": int(model.count_params()),
    }


def _stacked(outputs: Any) -> np.ndarray:
    outputs = outputs if isinstance(outputs, (list, tuple)) else [outputs]
    return np.stack([np.asarray(o, dtype=np.float64) for o in outputs])


def probe_djmodel(djmodel: Any, Tx: int, n_a: int, n_values: int, batch: int = 2) -> dict:
    """Build djmodel(Tx, ...) with fresh shared layers; its structure and outputs."""
    keras.utils.set_random_seed(0)
    lstm_cell, densor, reshaper = shared_layers(n_a, n_values)
    model = djmodel(Tx, lstm_cell, densor, reshaper)
    if not isinstance(model, keras.Model):
        return {"kind": type(model).__name__}
    fix_weights(lstm_cell, seed=1)
    fix_weights(densor, seed=2)
    rng = np.random.default_rng(3)
    X = _one_hot_rows(rng, (batch, Tx), n_values)
    a0 = rng.normal(0.0, 0.5, (batch, n_a)).astype("float32")
    c0 = rng.normal(0.0, 0.5, (batch, n_a)).astype("float32")
    return {
        "kind": "keras.Model",
        **_structure(model, lstm_cell, densor),
        "outputs": _stacked(model([X, a0, c0], training=False)),
    }


def probe_inference_model(
    music_inference_model: Any, n_a: int, n_values: int, Ty: int, batch: int = 2
) -> dict:
    """Build music_inference_model(...) with fresh shared layers; its structure and outputs."""
    keras.utils.set_random_seed(0)
    lstm_cell, densor, _reshaper = shared_layers(n_a, n_values)
    model = music_inference_model(lstm_cell, densor, Ty=Ty)
    if not isinstance(model, keras.Model):
        return {"kind": type(model).__name__}
    fix_weights(lstm_cell, seed=1)
    fix_weights(densor, seed=2)
    rng = np.random.default_rng(4)
    x0 = _one_hot_rows(rng, (batch, 1), n_values)
    a0 = rng.normal(0.0, 0.5, (batch, n_a)).astype("float32")
    c0 = rng.normal(0.0, 0.5, (batch, n_a)).astype("float32")
    return {
        "kind": "keras.Model",
        **_structure(model, lstm_cell, densor),
        "outputs": _stacked(model([x0, a0, c0], training=False)),
    }


def stand_in_inference_model(n_a: int, n_values: int, Ty: int, seed: int) -> Any:
    """A small model with the inputs and outputs of an inference model (no LSTM inside)."""
    x0 = keras.Input(shape=(1, n_values))
    a0 = keras.Input(shape=(n_a,))
    c0 = keras.Input(shape=(n_a,))
    joined = keras.layers.Concatenate()([keras.layers.Flatten()(x0), a0, c0])
    scores = keras.layers.Reshape((Ty, n_values))(keras.layers.Dense(Ty * n_values)(joined))
    probs = keras.layers.Softmax(axis=-1)(scores)
    model = keras.Model([x0, a0, c0], [probs[:, t, :] for t in range(Ty)])
    for layer in model.layers:
        fix_weights(layer, seed, scale=1.5)
    return model


def probe_predict_and_sample(
    predict_and_sample: Any, n_a: int, n_values: int, Ty: int, seed: int
) -> Any:
    """Run predict_and_sample on a seeded stand-in model, one starting note and state."""
    model = stand_in_inference_model(n_a, n_values, Ty, seed)
    rng = np.random.default_rng(seed)
    x_initializer = _one_hot_rows(rng, (1, 1), n_values)
    a_initializer = rng.normal(0.0, 1.0, (1, n_a)).astype("float32")
    c_initializer = rng.normal(0.0, 1.0, (1, n_a)).astype("float32")
    return predict_and_sample(model, x_initializer, a_initializer, c_initializer)


@public_test(returns="model", harness=probe_djmodel, rtol=RTOL, atol=ATOL)
def test_djmodel() -> list[Case]:
    """djmodel(Tx, LSTM_cell, densor, reshaper) -> keras.Model, built on the shared layers."""
    return EXPECTED_DJMODEL


@public_test(returns="inference_model", harness=probe_inference_model, rtol=RTOL, atol=ATOL)
def test_music_inference_model() -> list[Case]:
    """music_inference_model(LSTM_cell, densor, Ty) -> keras.Model feeding back its argmax."""
    return EXPECTED_INFERENCE


@public_test(
    returns=("results", "indices"), harness=probe_predict_and_sample, rtol=RTOL, atol=ATOL
)
def test_predict_and_sample() -> list[Case]:
    """predict_and_sample(model, x, a, c) -> (results (Ty, n_values), indices (Ty, 1))."""
    return EXPECTED_PREDICT


# Computed once with a correct implementation (10 significant digits).

EXPECTED_DJMODEL: list[Case] = [
    Case(
        "Tx=3, n_a=4, 5 values",
        args=(3, 4, 5),
        expected={
            "kind": "keras.Model",
            "inputs": [(-1, 3, 5), (-1, 4), (-1, 4)],
            "number of outputs": 3,
            "LSTM layers": 1,
            "Dense layers": 1,
            "uses the LSTM_cell passed in": True,
            "uses the densor passed in": True,
            "parameters": 185,
            "outputs": np.array(
                [
                    [
                        [0.146777302, 0.1839730293, 0.2679499984, 0.2410586476, 0.1602410227],
                        [0.1774882674, 0.1835328043, 0.2482271492, 0.2292288542, 0.16152291],
                    ],
                    [
                        [0.1480424404, 0.2002564669, 0.2747069001, 0.2357667238, 0.1412274539],
                        [0.1617806107, 0.1927342117, 0.2655373216, 0.2319852561, 0.1479625851],
                    ],
                    [
                        [0.1509256959, 0.2052602619, 0.274122417, 0.232600525, 0.1370910853],
                        [0.161428377, 0.1813463718, 0.2643657029, 0.2312237769, 0.161635682],
                    ],
                ]
            ),
        },
    ),
    Case(
        "Tx=2, n_a=3, 6 values",
        args=(2, 3, 6),
        expected={
            "kind": "keras.Model",
            "inputs": [(-1, 2, 6), (-1, 3), (-1, 3)],
            "number of outputs": 2,
            "LSTM layers": 1,
            "Dense layers": 1,
            "uses the LSTM_cell passed in": True,
            "uses the densor passed in": True,
            "parameters": 144,
            "outputs": np.array(
                [
                    [
                        [
                            0.1404784173,
                            0.1130964607,
                            0.1241278872,
                            0.1823417544,
                            0.2468682826,
                            0.1930871606,
                        ],
                        [
                            0.1535768062,
                            0.1243789643,
                            0.1340018064,
                            0.1626405865,
                            0.2178832889,
                            0.207518518,
                        ],
                    ],
                    [
                        [
                            0.1417772919,
                            0.118016392,
                            0.1383333951,
                            0.1526327431,
                            0.233580336,
                            0.2156598568,
                        ],
                        [
                            0.1509181857,
                            0.1250646561,
                            0.1342695206,
                            0.1570897847,
                            0.2207997739,
                            0.2118581086,
                        ],
                    ],
                ]
            ),
        },
    ),
]

EXPECTED_INFERENCE: list[Case] = [
    Case(
        "n_a=4, 5 values, Ty=3",
        args=(4, 5, 3),
        expected={
            "kind": "keras.Model",
            "inputs": [(-1, 1, 5), (-1, 4), (-1, 4)],
            "number of outputs": 3,
            "LSTM layers": 1,
            "Dense layers": 1,
            "uses the LSTM_cell passed in": True,
            "uses the densor passed in": True,
            "parameters": 185,
            "outputs": np.array(
                [
                    [
                        [0.1621536613, 0.1705022454, 0.2708382607, 0.2393924892, 0.1571132839],
                        [0.1418873072, 0.1549915224, 0.2795816064, 0.261234194, 0.1623053551],
                    ],
                    [
                        [0.1698762327, 0.1719782054, 0.2543105781, 0.2388016731, 0.1650333107],
                        [0.1625398993, 0.1732787937, 0.2560744584, 0.2451687008, 0.1629380882],
                    ],
                    [
                        [0.1704728901, 0.1743460149, 0.2510815561, 0.2366534024, 0.167446062],
                        [0.1680455059, 0.1779816002, 0.2511731684, 0.2377898991, 0.1650097519],
                    ],
                ]
            ),
        },
    ),
    Case(
        "n_a=3, 6 values, Ty=4",
        args=(3, 6, 4),
        expected={
            "kind": "keras.Model",
            "inputs": [(-1, 1, 6), (-1, 3), (-1, 3)],
            "number of outputs": 4,
            "LSTM layers": 1,
            "Dense layers": 1,
            "uses the LSTM_cell passed in": True,
            "uses the densor passed in": True,
            "parameters": 144,
            "outputs": np.array(
                [
                    [
                        [
                            0.14467673,
                            0.1258634627,
                            0.1380873173,
                            0.1413373351,
                            0.2250906974,
                            0.2249444872,
                        ],
                        [
                            0.1433764994,
                            0.1159158349,
                            0.1299839914,
                            0.1716683507,
                            0.2380935699,
                            0.2009617537,
                        ],
                    ],
                    [
                        [
                            0.1455102861,
                            0.1275247186,
                            0.1345460415,
                            0.1440624297,
                            0.2258724868,
                            0.2224840075,
                        ],
                        [
                            0.1466945708,
                            0.1238020808,
                            0.1320712864,
                            0.1567081809,
                            0.2285157591,
                            0.2122080922,
                        ],
                    ],
                    [
                        [
                            0.1458828598,
                            0.128070578,
                            0.1323001385,
                            0.146626249,
                            0.2268759906,
                            0.2202442437,
                        ],
                        [
                            0.1478033364,
                            0.1273285747,
                            0.131549567,
                            0.1519181877,
                            0.2255127728,
                            0.2158875018,
                        ],
                    ],
                    [
                        [
                            0.1460794359,
                            0.1284569055,
                            0.1311223358,
                            0.1478006691,
                            0.2273257822,
                            0.2192148566,
                        ],
                        [
                            0.1478326321,
                            0.1286048889,
                            0.1308561116,
                            0.150415659,
                            0.2252542824,
                            0.2170364559,
                        ],
                    ],
                ]
            ),
        },
    ),
]

EXPECTED_PREDICT: list[Case] = [
    Case(
        "n_a=4, 5 values, Ty=6",
        args=(4, 5, 6, 1),
        expected=(
            np.array(
                [
                    [0.0, 0.0, 0.0, 1.0, 0.0],
                    [0.0, 0.0, 0.0, 0.0, 1.0],
                    [0.0, 0.0, 1.0, 0.0, 0.0],
                    [0.0, 0.0, 0.0, 0.0, 1.0],
                    [1.0, 0.0, 0.0, 0.0, 0.0],
                    [0.0, 0.0, 0.0, 1.0, 0.0],
                ]
            ),
            np.array([[3], [4], [2], [4], [0], [3]]),
        ),
    ),
    Case(
        "n_a=3, 7 values, Ty=4",
        args=(3, 7, 4, 2),
        expected=(
            np.array(
                [
                    [0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0],
                    [1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
                    [0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0],
                    [0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0],
                ]
            ),
            np.array([[3], [0], [4], [3]]),
        ),
    ),
]
