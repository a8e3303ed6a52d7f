"""c5w3a1 (Date translation with attention): the probes, and the weights the lesson loads.

The lesson's functions read their layers from globals; the probes give them fresh
layers for each case and must leave the caller's globals as they were. The
notebook loads `nmt_attention.weights.h5` into the model its reference `modelf`
builds: that only works if the notebook creates the same layers as
`datasets/builders/nmt_dates.py`, which the slow test checks, with the exact match
the manifest records.
"""

from __future__ import annotations

import csv
import warnings

import numpy as np
import pytest

from graders.engine import solution_namespace
from graders.manifest import recorded_metrics
from shared_utils import nmt_utils
from shared_utils.data import data_path
from shared_utils.public_tests import c5w3a1 as probes


def _notebook_namespace() -> dict:
    """The notebook's imports and its reference graded functions."""
    return solution_namespace("c5w3a1")


def test_lesson_globals_are_put_back_after_the_call():
    namespace = {"repeator": "mine"}
    exec("def f():\n    return repeator, densor1", namespace)
    with probes.lesson_globals(namespace["f"], {"repeator": 1, "densor1": 2}):
        assert namespace["f"]() == (1, 2)
    assert namespace["repeator"] == "mine" and "densor1" not in namespace


def test_the_softmax_of_the_activator_runs_over_the_input_positions():
    energies = np.random.default_rng(0).normal(size=(2, 5, 1)).astype(np.float32)
    alphas = np.asarray(nmt_utils.softmax(energies))
    np.testing.assert_allclose(alphas.sum(axis=1), 1.0, rtol=1e-6)
    # Over the last axis (size 1) every weight would be 1: the lesson's warning.
    from shared_utils.frameworks import keras

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # Keras warns about exactly this
        over_last_axis = np.asarray(keras.activations.softmax(energies))
    np.testing.assert_allclose(over_last_axis, 1.0, rtol=1e-6)


@pytest.mark.slow
def test_the_shipped_weights_load_into_the_notebook_model():
    ns = _notebook_namespace()
    _, human_vocab, machine_vocab, _ = nmt_utils.load_dataset(1)
    tx, ty, n_a, n_s = nmt_utils.TX, nmt_utils.TY, 32, 64
    layers = probes.shared_layers(tx, n_s, len(machine_vocab))
    with probes.lesson_globals(ns["modelf"], layers):
        model = ns["modelf"](tx, ty, n_a, n_s, len(human_vocab), len(machine_vocab))
    model.load_weights(data_path("c5/nmt_attention.weights.h5"))
    metrics = recorded_metrics("nmt_dates")
    assert model.count_params() == metrics["params"]
    with open(data_path("c5/dates_heldout.csv"), newline="") as handle:
        rows = list(csv.reader(handle))[:200]
    _, y, xoh, _ = nmt_utils.preprocess_data(rows, human_vocab, machine_vocab)
    zeros = np.zeros((len(rows), n_s), np.float32)
    probs = model.predict([xoh, zeros, zeros], verbose=0)
    predicted = np.stack([np.argmax(p, -1) for p in probs], axis=1)
    exact = 100 * np.mean(np.all(predicted == y, axis=1))
    assert exact == pytest.approx(metrics["heldout_first200_exact_match"], abs=0.5)
