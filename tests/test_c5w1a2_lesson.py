"""c5w1a2 (dinosaur names): the given model pieces and the claims the lesson makes.

`shared_utils.char_rnn` holds the forward and backward passes the lesson gives;
its gradient must match a numerical one. The notebook's reference solutions are
run on a short training run on the real names: the smoothed loss falls, the
sampler is reproducible, and samples from an untrained model are long random
strings (the lesson says so before training).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from graders.engine import solution_namespace
from graders.registry import ASSIGNMENTS
from shared_utils import char_rnn, rnn_utils
from shared_utils.text_data import load_dinos

ASSIGNMENT = ASSIGNMENTS["c5w1a2"]
CHARS = ["\n", *"abcdefghijklmnopqrstuvwxyz"]
CHAR_TO_IX = {c: i for i, c in enumerate(CHARS)}
IX_TO_CHAR = dict(enumerate(CHARS))


@pytest.fixture(scope="module")
def notebook() -> dict[str, Any]:
    """Namespace with the notebook's imports and reference solutions."""
    return solution_namespace("c5w1a2")


def test_char_rnn_backward_matches_the_numeric_gradient():
    rng = np.random.default_rng(3)
    params = {
        "Wax": rng.normal(0, 0.5, (4, 6)),
        "Waa": rng.normal(0, 0.5, (4, 4)),
        "Wya": rng.normal(0, 0.5, (6, 4)),
        "b": rng.normal(0, 0.1, (4, 1)),
        "by": rng.normal(0, 0.1, (6, 1)),
    }
    X, Y = [None, 2, 5, 1], [2, 5, 1, 0]
    a0 = rng.normal(size=(4, 1))
    grads = char_rnn.rnn_backward(X, Y, params, char_rnn.rnn_forward(X, Y, a0, params)[1])
    eps = 1e-6
    for name, array in params.items():
        numeric = np.zeros_like(array)
        for index in np.ndindex(array.shape):
            saved = array[index]
            array[index] = saved + eps
            plus = char_rnn.rnn_forward(X, Y, a0, params)[0]
            array[index] = saved - eps
            minus = char_rnn.rnn_forward(X, Y, a0, params)[0]
            array[index] = saved
            numeric[index] = (plus - minus) / (2 * eps)
        assert np.allclose(numeric, grads["d" + name], atol=1e-7), name


def test_update_parameters_changes_the_callers_arrays():
    params = rnn_utils.initialize_parameters(3, 5, 5, seed=0)
    before = params["Wax"]
    grads = {"d" + k: np.ones_like(v) for k, v in params.items()}
    char_rnn.update_parameters(params, grads, 0.5)
    assert params["Wax"] is before and np.allclose(params["b"], -0.5)


def test_name_like_rule():
    assert char_rnn.name_like("tyrannosaurus") and char_rnn.name_like("kol") is False
    assert not char_rnn.name_like("xkcdrstu") and not char_rnn.name_like("aaab")


def test_untrained_samples_are_long_random_strings(notebook):
    untrained = rnn_utils.initialize_parameters(50, 27, 27, seed=1)
    lengths = [len(notebook["sample"](untrained, CHAR_TO_IX, seed)) for seed in range(40)]
    assert np.mean(lengths) > 12 and max(lengths) <= 51


def test_sampling_is_reproducible_and_seed_dependent(notebook):
    params = rnn_utils.initialize_parameters(8, 27, 27, seed=4)
    for key in params:
        params[key] = params[key] * 100  # confident but not deterministic predictions
    first = [notebook["sample"](params, CHAR_TO_IX, seed) for seed in range(5)]
    again = [notebook["sample"](params, CHAR_TO_IX, seed) for seed in range(5)]
    assert first == again and len({tuple(s) for s in first}) > 1
    assert all(s[-1] == 0 for s in first)


def test_a_short_run_on_the_dinosaur_names_lowers_the_smoothed_loss(notebook):
    names = load_dinos()
    _parameters, losses = notebook["model"](names, IX_TO_CHAR, CHAR_TO_IX, num_iterations=1500)
    assert len(losses) == 1500
    assert losses[-1] < losses[0] - 0.5
