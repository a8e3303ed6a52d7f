"""c5w1a3 (melodies with an LSTM): the numbers the lesson quotes about its models.

The notebook's reference `djmodel` and `music_inference_model` are built with the
lesson's sizes: the training model has 45,530 parameters (39,680 in the LSTM,
5,850 in the dense layer) whatever the number of steps, and the generating model
built from the same layers holds exactly those weights, one LSTM and one Dense.
The probes of the public tests tell a model with a fresh LSTM per step apart, and
the in-key baseline the lesson quotes for uniform random tokens is 0.930.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from graders.engine import solution_namespace
from graders.registry import ASSIGNMENTS
from shared_utils import music_utils

ASSIGNMENT = ASSIGNMENTS["c5w1a3"]


@pytest.fixture(scope="module")
def notebook() -> dict[str, Any]:
    return solution_namespace("c5w1a3")


def test_shared_layers_give_the_quoted_parameter_counts(notebook):
    keras = notebook["keras"]
    lstm_cell, densor, reshaper = notebook["public_tests"].shared_layers(64, 90)
    model = notebook["djmodel"](30, lstm_cell, densor, reshaper)
    assert model.count_params() == 45_530
    assert lstm_cell.count_params() == 39_680 and densor.count_params() == 5_850
    inference = notebook["music_inference_model"](lstm_cell, densor, Ty=5)
    assert inference.count_params() == 45_530
    kinds = [type(layer) for layer in inference.layers]
    assert kinds.count(keras.layers.LSTM) == 1 and kinds.count(keras.layers.Dense) == 1


def test_the_probe_counts_a_fresh_lstm_per_step(notebook):
    keras = notebook["keras"]
    probe = notebook["public_tests"].probe_djmodel

    def fresh_cells(Tx, LSTM_cell, densor, reshaper):
        X = keras.Input(shape=(Tx, densor.units))
        a = a0 = keras.Input(shape=(LSTM_cell.units,))
        c = c0 = keras.Input(shape=(LSTM_cell.units,))
        outputs = []
        for t in range(Tx):
            cell = keras.layers.LSTM(LSTM_cell.units, return_state=True)
            _, a, c = cell(reshaper(X[:, t, :]), initial_state=[a, c])
            outputs.append(densor(a))
        return keras.Model([X, a0, c0], outputs)

    right = probe(notebook["djmodel"], 3, 4, 5)
    wrong = probe(fresh_cells, 3, 4, 5)
    assert right["LSTM layers"] == 1 and right["uses the LSTM_cell passed in"]
    assert wrong["LSTM layers"] == 3 and not wrong["uses the LSTM_cell passed in"]


def test_the_quoted_in_key_baseline_of_uniform_random_tokens():
    _X, _Y, n_values, indices_values = music_utils.load_music_data()
    rng = np.random.default_rng(0)
    tokens = [indices_values[int(i)] for i in rng.integers(0, n_values, size=2000 * 50)]
    assert round(music_utils.in_key_fraction(tokens), 3) == 0.930  # "0.930 for uniform random"
    assert music_utils.in_key_fraction(["C4_1", "R_1", "D4_1", "F#4_1"]) == 2 / 3  # rests ignored
