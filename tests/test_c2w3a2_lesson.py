"""c2w3a2 (Hyperparameter tuning and batch normalisation): the lesson's claims.

The notebook says that log-scale sampling gives every decade the same share, that
its batch-norm layer agrees with a numerical gradient and with Keras's
`BatchNormalization` in training mode, and it reads the scatter plot of its random
search by regions, quoting numbers. These tests run the notebook's own cells (the
reference solutions, `train`, `search` and the search and check cells) and check
those claims with margins, so a change to the data, the network or the search
that breaks the story fails here.
"""

from __future__ import annotations

import contextlib
import io
from typing import Any

import numpy as np
import pytest

from graders.engine import solution_namespace
from graders.notebooks import read_notebook
from graders.registry import ASSIGNMENTS
from shared_utils import planar
from shared_utils import three_layer_net as net
from shared_utils.gc_utils import THRESHOLD, numerical_gradients, relative_difference

ASSIGNMENT = ASSIGNMENTS["c2w3a2"]


def _code_cells() -> list[str]:
    nb = read_notebook(ASSIGNMENT.source_notebook)
    return [cell.source for cell in nb.cells if cell.cell_type == "code"]


def _cell(prefix: str) -> str:
    (source,) = [s for s in _code_cells() if s.startswith(prefix)]
    return source


def _run(source: str, namespace: dict[str, Any]) -> str:
    """Execute one notebook cell in `namespace`; return what it printed."""
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(source, namespace)
    return printed.getvalue()


@pytest.fixture(scope="module")
def notebook() -> dict[str, Any]:
    """The notebook's imports and reference solutions."""
    return solution_namespace("c2w3a2")


@pytest.fixture(scope="module")
def searched(notebook) -> dict[str, Any]:
    """The namespace after the notebook's data, `train`, `search` and both search rounds."""
    namespace = dict(notebook)
    _run(_cell("X_train, Y_train = planar.load_moons"), namespace)
    _run(_cell("started = time.process_time()\ncoarse_lr"), namespace)
    _run(_cell("good = coarse_acc"), namespace)
    return namespace


# --------------------------------------------------------------------------- sampling


def test_log_scale_sampling_gives_every_decade_the_same_share(notebook):
    learning_rates, betas = notebook["sample_hyperparameters"](40_000, seed=11)
    decades, _ = np.histogram(learning_rates, bins=[1e-4, 1e-3, 1e-2, 1e-1, 1.0])
    np.testing.assert_allclose(decades / 40_000, 0.25, atol=0.01)
    assert np.mean(betas > 0.99) == pytest.approx(0.5, abs=0.01)
    assert 0.9 <= betas.min() and betas.max() <= 0.999
    # Uniform draws, as the lesson says, leave the small values almost empty.
    uniform = np.random.default_rng(2).uniform(1e-4, 1.0, size=40_000)
    assert np.mean(uniform >= 0.1) == pytest.approx(0.9, abs=0.01)
    assert np.mean(np.random.default_rng(2).uniform(0.9, 0.999, 40_000) > 0.99) < 0.1


def test_the_sampler_is_reproducible_and_leaves_numpy_global_state_alone(notebook):
    sample = notebook["sample_hyperparameters"]
    np.random.seed(0)
    before = np.random.get_state()[1].copy()
    first, again = sample(5, seed=3), sample(5, seed=3)
    np.testing.assert_array_equal(first[0], again[0])
    np.testing.assert_array_equal(first[1], again[1])
    np.testing.assert_array_equal(np.random.get_state()[1], before)


# --------------------------------------------------------------------------- batch norm


@pytest.mark.parametrize(("n", "m", "epsilon"), [(3, 5, 1e-5), (1, 7, 1e-3), (4, 2, 0.5)])
def test_reference_batchnorm_agrees_with_centred_differences(notebook, n, m, epsilon):
    rng = np.random.default_rng(n * m)
    Z = rng.normal(1.0, 2.0, size=(n, m))
    gamma, beta = rng.normal(1.0, 0.5, size=(n, 1)), rng.normal(size=(n, 1))
    R = rng.normal(size=(n, m))
    forward, backward = notebook["batchnorm_forward"], notebook["batchnorm_backward"]

    def cost(arrays: dict[str, np.ndarray]) -> float:
        return float(np.sum(R * forward(arrays["Z"], arrays["gamma"], arrays["beta"], epsilon)[0]))

    dZ, dgamma, dbeta = backward(R, forward(Z, gamma, beta, epsilon)[1])
    numeric = numerical_gradients(cost, {"Z": Z, "gamma": gamma, "beta": beta})
    analytic = {"Z": dZ, "gamma": dgamma, "beta": dbeta}
    assert relative_difference(analytic, numeric) < THRESHOLD / 10


def test_batchnorm_output_has_mean_0_and_variance_just_below_1_per_unit(notebook):
    rng = np.random.default_rng(0)
    Z = rng.normal(loc=[[5.0], [-2.0], [40.0]], scale=[[0.1], [3.0], [20.0]], size=(3, 64))
    Z_tilde, cache = notebook["batchnorm_forward"](Z, np.ones((3, 1)), np.zeros((3, 1)))
    np.testing.assert_allclose(Z_tilde.mean(axis=1), 0.0, atol=1e-12)
    var = cache[3].ravel()
    np.testing.assert_allclose(Z_tilde.var(axis=1), var / (var + 1e-5), rtol=1e-12)


def test_treating_the_statistics_as_constants_fails_only_for_dz(notebook):
    # What the lesson says after its numerical check.
    rng = np.random.default_rng(7)
    Z, R = rng.normal(1.0, 2.0, size=(3, 5)), rng.normal(size=(3, 5))
    gamma, beta = rng.normal(1.0, 0.5, size=(3, 1)), rng.normal(size=(3, 1))
    forward = notebook["batchnorm_forward"]
    _, (_, Z_norm, _, var, _, _, epsilon) = forward(Z, gamma, beta)
    numeric = numerical_gradients(
        lambda a: float(np.sum(R * forward(a["Z"], a["gamma"], a["beta"])[0])),
        {"Z": Z, "gamma": gamma, "beta": beta},
    )
    wrong_dZ = gamma * R / np.sqrt(var + epsilon)
    assert relative_difference(wrong_dZ, numeric["Z"]) > 0.1
    assert relative_difference(np.sum(R * Z_norm, axis=1, keepdims=True), numeric["gamma"]) < 1e-8


def test_the_lesson_check_cells_print_what_the_text_says(notebook):
    namespace = dict(notebook)
    namespace["THRESHOLD"] = THRESHOLD
    namespace["numerical_gradients"] = numerical_gradients
    namespace["relative_difference"] = relative_difference
    printed = _run(_cell("rng = np.random.default_rng(7)"), namespace)
    assert printed.count("ok") == 3 and "WRONG" not in printed
    assert all(1e-11 < d < 1e-7 for d in namespace["check_differences"].values())


def test_reference_batchnorm_matches_keras_in_training_mode(notebook):
    from shared_utils.frameworks import keras, tf

    namespace = dict(notebook)
    namespace.update(
        tf=tf,
        keras=keras,
        THRESHOLD=THRESHOLD,
        numerical_gradients=numerical_gradients,
        relative_difference=relative_difference,
    )
    _run(_cell("rng = np.random.default_rng(7)"), namespace)
    printed = _run(_cell("epsilon = 1e-5\nlayer = keras.layers.BatchNormalization"), namespace)
    assert max(namespace["keras_gaps"].values()) < 1e-12
    running, expected = printed.strip().splitlines()[-2:]
    assert running.split(":")[1].split() == expected.split(":")[1].split()


# --------------------------------------------------------------------------- the search


def test_the_coarse_round_shows_the_regions_the_lesson_describes(searched):
    lr, beta, acc = searched["coarse_lr"], searched["coarse_beta"], searched["coarse_acc"]
    assert 0.96 <= acc.max() <= 0.975  # the lesson quotes 96.8 %
    assert np.all(acc[lr < 0.1] < 0.9)  # too slow on the left
    assert np.all(acc[(beta >= 0.98) & (lr >= 0.1) & (lr <= 5)] < 0.9)  # momentum near 1
    assert np.all(acc[lr > 20] <= 0.6)  # blown up on the far right
    good = searched["good"]
    assert good.sum() == 7
    assert lr[good].min() == pytest.approx(0.3, abs=0.05)
    assert lr[good].max() == pytest.approx(8.0, abs=0.5)
    assert beta[good].max() == pytest.approx(0.93, abs=0.01)


def test_the_fine_round_confirms_a_flat_top(searched):
    fine_acc, coarse_acc = searched["fine_acc"], searched["coarse_acc"]
    assert np.median(fine_acc) >= 0.96
    assert coarse_acc.max() <= fine_acc.max() <= coarse_acc.max() + 0.005
    weakest = np.argmin(fine_acc)
    assert fine_acc[weakest] < 0.93 and searched["fine_lr"][weakest] > 5  # near the cliff


# --------------------------------------------------------------------------- issue 15 claims


def test_uniform_sampling_puts_0_09_percent_in_the_first_decade():
    share = (1e-3 - 1e-4) / (1.0 - 1e-4)
    assert share == pytest.approx(0.0009, abs=1e-6)


def _bayes_posterior(X: np.ndarray, noise: float = 0.2, points: int = 2000) -> np.ndarray:
    """P(class 1 | x) for make_moons: each class is its half-circle blurred by the noise."""
    t = np.linspace(0, np.pi, points)
    arcs = {0: np.stack([np.cos(t), np.sin(t)]), 1: np.stack([1 - np.cos(t), 0.5 - np.sin(t)])}
    posterior = []
    for start in range(0, X.shape[1], 1000):
        chunk = X[:, start : start + 1000]
        density = {}
        for label, arc in arcs.items():
            gaps = ((chunk[:, :, None] - arc[:, None, :]) ** 2).sum(axis=0)
            density[label] = np.exp(-gaps / (2 * noise**2)).mean(axis=1)
        posterior.append(density[1] / (density[0] + density[1]))
    return np.concatenate(posterior)


def test_the_best_possible_rule_scores_about_97_percent_and_more_on_this_dev_set():
    X_dev, Y_dev = planar.load_moons(m=1000, seed=4)
    assert np.mean((_bayes_posterior(X_dev) > 0.5) == Y_dev[0]) == pytest.approx(0.977, abs=0.001)
    X_big, Y_big = planar.load_moons(m=20000, seed=99)
    assert np.mean((_bayes_posterior(X_big) > 0.5) == Y_big[0]) == pytest.approx(0.969, abs=0.003)


def test_a_larger_step_budget_rescues_half_of_the_high_momentum_runs(searched):
    lr, beta = searched["coarse_lr"], searched["coarse_beta"]
    chosen = np.flatnonzero((beta >= 0.98) & (lr >= 0.1) & (lr <= 5))
    assert chosen.size == 8
    with np.errstate(over="ignore", invalid="ignore"):
        longer = [
            net.predict(
                searched["X_dev"],
                searched["Y_dev"],
                searched["train"](
                    searched["X_train"], searched["Y_train"], lr[i], beta[i], num_iterations=2000
                ),
            )[1]
            for i in chosen
        ]
    assert sum(0.925 <= acc <= 0.965 for acc in longer) == 4  # "four of these eight: 93 to 96 %"


@pytest.fixture(scope="module")
def with_batch_norm(searched) -> dict[str, Any]:
    """The namespace after the lesson's batch-norm search (figure left out)."""
    namespace = dict(searched)
    source = [s for s in _code_cells() if s.startswith("def train_bn(")]
    (source,) = source
    _run(source.split("fig, axes = plt.subplots")[0], namespace)
    return namespace


def test_batch_norm_widens_the_good_region_of_the_search(with_batch_norm):
    plain, bn = with_batch_norm["coarse_acc"], with_batch_norm["bn_acc"]
    lr, beta = with_batch_norm["coarse_lr"], with_batch_norm["coarse_beta"]
    assert np.sum(plain >= 0.95) == 7 and np.sum(bn >= 0.95) == 21
    assert bn.max() == pytest.approx(0.974, abs=5e-4)
    good = bn >= 0.95
    assert lr[good].min() == pytest.approx(0.03, abs=0.005)
    assert beta[good].max() == pytest.approx(0.998, abs=0.0005)
    assert np.all(bn[lr > 20] <= 0.6)


def test_batch_norm_inference_uses_the_running_averages(with_batch_norm):
    namespace = dict(with_batch_norm)
    (source,) = [s for s in _code_cells() if s.startswith("parameters_bn, running_bn")]
    printed = _run(source, namespace)
    assert "the same predictions point by point: True" in printed
    assert "a point normalised on its own gives exactly beta: True" in printed
