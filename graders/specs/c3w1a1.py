"""Hidden grader spec of c3w1a1, "Bird detection: metrics, splits, human-level performance".

Hidden cases use other sizes, class balances and limits than the public ones, and the
edge cases the lesson names: nothing predicted "bird", no bird at all, a candidate
exactly at a limit, no acceptable candidate, ties, an empty leftover of the target
source, human estimates given as a list or an array, negative avoidable bias.
"""

from __future__ import annotations

import numpy as np

from graders.spec import Case, draw_seed, edit, exercise, random_labels

SEED = 3101


# --------------------------------------------------------------------------- exercise 1


@exercise(
    mistakes={
        "precision_recall_swapped": edit(
            [
                (
                    "precision = float(true_pos / predicted_pos) if predicted_pos > 0 else 0.0",
                    "precision = float(true_pos / actual_pos) if actual_pos > 0 else 0.0",
                ),
                (
                    "recall = float(true_pos / actual_pos) if actual_pos > 0 else 0.0",
                    "recall = float(true_pos / predicted_pos) if predicted_pos > 0 else 0.0",
                ),
            ],
            hint="precision and recall are swapped: precision divides by the frames "
            "predicted 'bird', recall by the frames that show one",
        ),
        "f1_arithmetic_mean": edit(
            "f1 = 2 * precision * recall / (precision + recall)",
            "f1 = (precision + recall) / 2",
            hint="F1 is the harmonic mean 2PR / (P + R), not the average (P + R) / 2",
        ),
        "true_pos_counts_agreements": edit(
            "true_pos = np.sum((y_true == 1) & (y_pred == 1))",
            "true_pos = np.sum(y_true == y_pred)",
            hint="TP counts frames that show a bird AND are predicted 'bird'; "
            "y_true == y_pred also counts the correct 'no bird' frames",
        ),
        "no_zero_guard": edit(
            [
                (
                    "precision = float(true_pos / predicted_pos) if predicted_pos > 0 else 0.0",
                    "precision = float(true_pos / predicted_pos)",
                ),
                (
                    "recall = float(true_pos / actual_pos) if actual_pos > 0 else 0.0",
                    "recall = float(true_pos / actual_pos)",
                ),
            ]
        ),
        "fp_in_recall": edit(
            "recall = float(true_pos / actual_pos) if actual_pos > 0 else 0.0",
            "recall = float(true_pos / len(y_true))",
        ),
    },
)
def precision_recall_f1(rng):
    cases = []
    for m, rate in ((7, 0.5), (40, 0.3), (300, 0.1)):
        y_true = (rng.random(m) < rate).astype(np.int64)
        y_pred = np.where(rng.random(m) < 0.8, y_true, 1 - y_true)
        cases.append(Case(f"{m} frames", (y_true, y_pred)))
    y_true = random_labels(rng, 25)[0]
    cases += [
        Case("nothing predicted 'bird'", (y_true, np.zeros(25, dtype=np.int64))),
        Case("no bird at all", (np.zeros(12, dtype=np.int64), random_labels(rng, 12)[0])),
        Case(
            "no bird and nothing predicted",
            (np.zeros(5, dtype=np.int64), np.zeros(5, dtype=np.int64)),
        ),
        Case("perfect predictions", (y_true, y_true.copy())),
        Case("every prediction wrong", (y_true, 1 - y_true)),
        Case("int8 labels", (y_true.astype(np.int8), np.roll(y_true, 3).astype(np.int8))),
    ]
    return cases


# --------------------------------------------------------------------------- exercise 2


def _candidates(rng: np.random.Generator, m: int) -> dict:
    return {
        "name": [f"model-{k}" for k in range(m)],
        "f1": np.round(rng.uniform(0.4, 0.95, m), 3),
        "runtime_ms": np.round(rng.uniform(0.5, 40, m), 1),
        "size_mb": np.round(rng.uniform(0.01, 8, m), 2),
    }


@exercise(
    mistakes={
        "limits_inclusive": edit(
            [
                ("< max_runtime_ms", "<= max_runtime_ms"),
                ("< max_size_mb", "<= max_size_mb"),
            ],
            hint="a candidate exactly at a limit does not meet it: the limits are strict (<)",
        ),
        "ignores_size": edit(
            "acceptable = fast & small",
            "acceptable = fast",
            hint="both limits must hold: run time AND size",
        ),
        "ignores_limits": edit(
            'np.where(acceptable, candidates["f1"], -np.inf)',
            'candidates["f1"]',
            hint="the best F1 must be chosen among the acceptable candidates only",
        ),
        "index_into_filtered": edit(
            'scores = np.where(acceptable, candidates["f1"], -np.inf)',
            'scores = candidates["f1"][acceptable]',
            hint="argmax over the acceptable F1s gives a position among them, not in "
            "the full list of names",
        ),
        "optimises_runtime": edit(
            'scores = np.where(acceptable, candidates["f1"], -np.inf)',
            'scores = np.where(acceptable, -candidates["runtime_ms"], -np.inf)',
        ),
    },
)
def pick_model(rng):
    cases = []
    for m in (3, 8, 20):
        c = _candidates(rng, m)
        cases.append(Case(f"{m} candidates", (c, 20.0, 4.0)))
    c = _candidates(rng, 6)
    c["f1"][:] = [0.5, 0.9, 0.7, 0.95, 0.6, 0.8]
    c["runtime_ms"][:] = [2.0, 10.0, 3.0, 9.9, 1.0, 5.0]
    c["size_mb"][:] = [0.5, 1.0, 0.8, 2.0, 0.1, 0.9]
    cases += [
        Case("best F1 exactly at the run-time limit", (c, 10.0, 3.0)),
        Case("best F1 exactly at the size limit", (c, 12.0, 2.0)),
        Case("no candidate is fast enough", (c, 0.5, 10.0)),
        Case("no candidate is small enough", (c, 50.0, 0.1)),
        Case("every candidate acceptable", (c, 100.0, 100.0)),
    ]
    t = _candidates(rng, 4)
    t["f1"][:] = [0.8, 0.9, 0.9, 0.7]
    t["runtime_ms"][:] = [1.0, 2.0, 3.0, 4.0]
    t["size_mb"][:] = [1.0, 1.0, 1.0, 1.0]
    cases.append(Case("two candidates tie on F1", (t, 5.0, 2.0)))
    return cases


# --------------------------------------------------------------------------- exercise 3


def _sources(
    rng: np.random.Generator, n_web: int, n_city: int, names=("web", "city")
) -> np.ndarray:
    return rng.permutation(np.array([names[0]] * n_web + [names[1]] * n_city))


@exercise(
    mistakes={
        "dev_test_from_other_source": edit(
            [
                (
                    "target_idx = np.flatnonzero(sources == target)",
                    "target_idx = np.flatnonzero(sources != target)",
                ),
                (
                    "np.flatnonzero(sources != target), rest",
                    "np.flatnonzero(sources == target), rest",
                ),
            ],
            hint="dev and test must come from the target source only; here the target "
            "examples end up in train",
        ),
        "dev_test_from_all_sources": edit(
            [
                (
                    "target_idx = np.flatnonzero(sources == target)",
                    "target_idx = np.arange(len(sources))",
                ),
                ("np.concatenate([np.flatnonzero(sources != target), rest])", "rest"),
            ],
            hint="dev and test must be drawn from the target source only, not from every source",
        ),
        "test_overlaps_dev": edit(
            "test = np.sort(shuffled[n_dev : n_dev + n_test])",
            "test = np.sort(shuffled[:n_test])",
            hint="dev and test share examples: test must start where dev ends",
        ),
        "test_leaks_into_train": edit(
            "rest = shuffled[n_dev + n_test :]",
            "rest = shuffled[n_dev:]",
            hint="the test examples are in train too: only the target examples after "
            "dev and test go to train",
        ),
        "leftover_target_dropped": edit(
            "train = np.sort(np.concatenate([np.flatnonzero(sources != target), rest]))",
            "train = np.flatnonzero(sources != target)",
            hint="the target examples left after dev and test belong in train",
        ),
        "unsorted": edit(
            [
                ("dev = np.sort(shuffled[:n_dev])", "dev = shuffled[:n_dev]"),
                (
                    "test = np.sort(shuffled[n_dev : n_dev + n_test])",
                    "test = shuffled[n_dev : n_dev + n_test]",
                ),
            ],
            hint="return each index array sorted (np.sort)",
        ),
        "global_generator": edit(
            "shuffled = rng.permutation(target_idx)",
            "shuffled = np.random.permutation(target_idx)",
        ),
    },
)
def make_splits(rng):
    cases = []
    for n_web, n_city, sizes in ((30, 20, (5, 5)), (200, 90, (25, 30)), (7, 13, (4, 3))):
        cases.append(
            Case(
                f"{n_web} web and {n_city} city examples",
                (_sources(rng, n_web, n_city), "city", sizes, draw_seed(rng)),
            )
        )
    cases += [
        Case(
            "every target example used by dev and test",
            (_sources(rng, 10, 8), "city", (5, 3), draw_seed(rng)),
        ),
        Case(
            "other source names",
            (_sources(rng, 15, 25, ("lab", "field")), "field", (6, 6), draw_seed(rng)),
        ),
        Case(
            "target listed first",
            (np.array(["city"] * 12 + ["web"] * 9), "city", (3, 4), draw_seed(rng)),
        ),
        Case(
            "three sources",
            (
                rng.permutation(np.array(["a"] * 8 + ["b"] * 9 + ["c"] * 10)),
                "b",
                (3, 3),
                draw_seed(rng),
            ),
        ),
    ]
    return cases


# --------------------------------------------------------------------------- exercise 4


@exercise(
    mistakes={
        "average_human": edit(
            "bayes_proxy = float(np.min(human_errors))",
            "bayes_proxy = float(np.mean(human_errors))",
            hint="Bayes error is at most the BEST human error (np.min), not the average one",
        ),
        "worst_human": edit(
            "bayes_proxy = float(np.min(human_errors))",
            "bayes_proxy = float(np.max(human_errors))",
        ),
        "variance_from_human": edit(
            "variance = dev_error - train_error",
            "variance = dev_error - bayes_proxy",
            hint="variance is the gap from training error to dev error",
        ),
        "swapped_outputs": edit(
            "return avoidable_bias, variance",
            "return variance, avoidable_bias",
        ),
    },
)
def avoidable_bias_and_variance(rng):
    cases = []
    for k in (2, 3, 5):
        humans = list(np.round(rng.uniform(0.005, 0.08, k), 4))
        train = float(np.round(rng.uniform(0.0, 0.2), 4))
        cases.append(
            Case(f"{k} human estimates", (humans, train, train + float(rng.uniform(0, 0.1))))
        )
    cases += [
        Case("estimates as an array", (np.array([0.03, 0.01, 0.02]), 0.05, 0.12)),
        Case("model better than every human", ([0.02, 0.015], 0.01, 0.03)),
        Case("one human estimate", ([0.04], 0.04, 0.04)),
        Case("dev error below training error", ([0.05, 0.1], 0.08, 0.07)),
    ]
    return cases


# --------------------------------------------------------------------------- exercise 5


@exercise(
    depends=("avoidable_bias_and_variance",),
    mistakes={
        "ignores_dev_test_gap": edit(
            [
                (
                    "gaps = [avoidable_bias, variance, dev_overfit]",
                    "gaps = [avoidable_bias, variance]",
                ),
                ("[BIGGER_MODEL, MORE_DATA, BIGGER_DEV_SET]", "[BIGGER_MODEL, MORE_DATA]"),
            ],
            hint="a test error well above the dev error means the dev set was overfitted: "
            "compare that gap too",
        ),
        "actions_swapped": edit(
            "[BIGGER_MODEL, MORE_DATA, BIGGER_DEV_SET]",
            "[MORE_DATA, BIGGER_MODEL, BIGGER_DEV_SET]",
            hint="a large avoidable bias calls for a bigger model or longer training; a large "
            "variance for regularisation or more data",
        ),
        "train_error_as_bias": edit(
            "gaps = [avoidable_bias, variance, dev_overfit]",
            "gaps = [train_error, variance, dev_overfit]",
            hint="compare the avoidable bias (training error minus the best human error), "
            "not the training error itself",
        ),
        "dev_gap_sign": edit(
            "dev_overfit = test_error - dev_error",
            "dev_overfit = dev_error - test_error",
        ),
    },
)
def next_step(rng):
    cases = []
    for _ in range(4):
        humans = list(np.round(rng.uniform(0.005, 0.05, 3), 4))
        train = float(np.round(min(humans) + rng.uniform(0, 0.1), 4))
        dev = float(np.round(train + rng.uniform(0, 0.1), 4))
        test = float(np.round(dev + rng.uniform(-0.01, 0.08), 4))
        cases.append(Case("random errors", (humans, train, dev, test)))
    cases += [
        Case("bias dominates", ([0.01, 0.02], 0.09, 0.10, 0.10)),
        Case("variance dominates", ([0.01, 0.03], 0.02, 0.10, 0.105)),
        Case("dev set overfitted", ([0.01], 0.02, 0.03, 0.09)),
        Case("bias hidden by a poor human estimate", ([0.08, 0.01], 0.07, 0.10, 0.10)),
        Case("a hard task: high human error, variance larger", ([0.06, 0.05], 0.08, 0.12, 0.12)),
        Case("bias and variance tie", ([0.0], 0.05, 0.10, 0.10)),
    ]
    return cases
