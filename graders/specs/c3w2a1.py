"""Hidden grader spec of c3w2a1, "Autonomous driving: error analysis, mismatched data,
transfer and multi-task learning".

Hidden cases: other numbers of examples, tags and tasks than the public ones, and the
edge cases the lesson names: no error at all, an example with several tags or none,
a source whose examples all go to dev and test, ties between gaps, whole rows or
columns of unlabelled entries, predictions near 0 and 1.
"""

from __future__ import annotations

import numpy as np

from graders.spec import Case, draw_seed, edit, exercise

SEED = 3201


# --------------------------------------------------------------------------- exercise 1


def _errors_and_tags(rng: np.random.Generator, m: int, k: int, rate: float):
    errors = rng.random(m) < rate
    tags = rng.random((m, k)) < rng.uniform(0.1, 0.6, k)
    return errors, tags


@exercise(
    mistakes={
        "share_over_all_examples": edit(
            "share = np.sum(tags[errors], axis=0) / n_errors",
            "share = np.sum(tags[errors], axis=0) / errors.shape[0]",
            hint="share is a fraction of the ERRORS: divide by the number of errors, "
            "not by the number of dev examples",
        ),
        "tag_frequency_not_errors": edit(
            "share = np.sum(tags[errors], axis=0) / n_errors",
            "share = np.sum(tags, axis=0) / errors.shape[0]",
            hint="count the tags of the misclassified examples only (tags[errors])",
        ),
        "ceiling_is_share": edit(
            "ceiling = error_rate * share",
            "ceiling = share",
            hint="the ceiling is in error-rate units: the error rate times the share",
        ),
        "ceiling_is_error_left": edit(
            "ceiling = error_rate * share",
            "ceiling = error_rate * (1 - share)",
            hint="the ceiling is how much the error can DROP (error rate x share), not the "
            "error that would be left",
        ),
        "no_zero_guard": edit(
            "    if n_errors == 0:\n"
            "        return np.zeros(tags.shape[1]), np.zeros(tags.shape[1])\n",
            "",
        ),
    },
)
def error_analysis_table(rng):
    cases = []
    for m, k, rate in ((10, 2, 0.4), (120, 6, 0.15), (500, 9, 0.05)):
        cases.append(Case(f"{m} examples, {k} tags", _errors_and_tags(rng, m, k, rate)))
    errors, tags = _errors_and_tags(rng, 30, 4, 0.3)
    cases += [
        Case("no error at all", (np.zeros(30, dtype=bool), tags)),
        Case("every example wrong", (np.ones(30, dtype=bool), tags)),
        Case("untagged errors", (errors, np.zeros((30, 4), dtype=bool))),
        Case("every error carries every tag", (errors, np.ones((30, 4), dtype=bool))),
        Case("a single tag", (errors, tags[:, :1].copy())),
    ]
    return cases


# --------------------------------------------------------------------------- exercise 2


@exercise(
    mistakes={
        "train_dev_from_target": edit(
            [
                (
                    "train_dev = np.sort(pool[:n_train_dev])",
                    "train_dev = np.sort(shuffled[n_dev + n_test : n_dev + n_test + n_train_dev])",
                ),
                (
                    "train = np.sort(pool[n_train_dev:])",
                    "train = np.sort(np.setdiff1d(pool, train_dev))",
                ),
            ],
            hint="train-dev must come from the training distribution (the pool of training "
            "examples), not from the target source",
        ),
        "train_dev_left_in_train": edit(
            "train = np.sort(pool[n_train_dev:])",
            "train = np.sort(pool)",
            hint="the train-dev examples must be held out of train",
        ),
        "dev_test_overlap": edit(
            "test = np.sort(shuffled[n_dev : n_dev + n_test])",
            "test = np.sort(shuffled[:n_test])",
            hint="dev and test share examples: test must start where dev ends",
        ),
        "target_leftover_dropped": edit(
            "np.concatenate([np.flatnonzero(sources != target), shuffled[n_dev + n_test :]])",
            "np.flatnonzero(sources != target)",
            hint="the target examples left after dev and test belong in the training pool",
        ),
        "pool_not_shuffled": edit(
            "pool = rng.permutation(np.sort(pool))",
            "pool = np.sort(pool)",
            hint="shuffle the training pool (rng.permutation) before taking train-dev from it",
        ),
    },
)
def split_with_train_dev(rng):
    cases = []
    for n_other, n_target, sizes in (
        (40, 20, (6, 5, 5)),
        (300, 120, (30, 40, 40)),
        (9, 11, (2, 4, 3)),
    ):
        sources = rng.permutation(np.array(["day"] * n_other + ["evening"] * n_target))
        cases.append(
            Case(f"{n_other} + {n_target} examples", (sources, "evening", sizes, draw_seed(rng)))
        )
    cases += [
        Case(
            "every target example used by dev and test",
            (
                rng.permutation(np.array(["day"] * 20 + ["evening"] * 10)),
                "evening",
                (4, 5, 5),
                draw_seed(rng),
            ),
        ),
        Case(
            "no train-dev",
            (
                rng.permutation(np.array(["web"] * 25 + ["car"] * 15)),
                "car",
                (0, 5, 5),
                draw_seed(rng),
            ),
        ),
        Case(
            "three sources",
            (
                rng.permutation(np.array(["a"] * 12 + ["b"] * 14 + ["c"] * 9)),
                "c",
                (5, 3, 3),
                draw_seed(rng),
            ),
        ),
    ]
    return cases


# --------------------------------------------------------------------------- exercise 3


@exercise(
    mistakes={
        "mismatch_from_train": edit(
            '"data mismatch": dev_error - train_dev_error',
            '"data mismatch": dev_error - train_error',
            hint="data mismatch is the gap from train-dev error to dev error (same model, "
            "unseen data, other distribution), not from training error",
        ),
        "variance_to_dev": edit(
            '"variance": train_dev_error - train_error',
            '"variance": dev_error - train_error',
            hint="variance is measured on train-dev (unseen data from the training "
            "distribution), not on dev",
        ),
        "dev_overfit_sign": edit(
            '"overfitting to dev": test_error - dev_error',
            '"overfitting to dev": dev_error - test_error',
        ),
        "largest_by_smallest": edit(
            "largest = max(gaps, key=gaps.get)",
            "largest = min(gaps, key=gaps.get)",
        ),
    },
)
def diagnose_mismatch(rng):
    cases = []
    for _ in range(3):
        levels = np.cumsum(np.round(rng.uniform(0, 0.06, 5), 4))
        cases.append(Case("increasing errors", tuple(float(v) for v in levels)))
    cases += [
        Case("mismatch dominates", (0.01, 0.02, 0.03, 0.12, 0.12)),
        Case("variance dominates", (0.01, 0.02, 0.09, 0.10, 0.11)),
        Case("dev set overfitted", (0.01, 0.02, 0.025, 0.03, 0.08)),
        Case("dev easier than train-dev", (0.01, 0.05, 0.08, 0.06, 0.065)),
        Case("ties (exact binary fractions)", (0.0, 0.25, 0.5, 0.75, 0.75)),
    ]
    return cases


# --------------------------------------------------------------------------- exercise 4


def _multitask(rng: np.random.Generator, k: int, m: int, missing: float):
    Y = (rng.random((k, m)) < 0.4).astype(np.float64)
    Y[rng.random((k, m)) < missing] = np.nan
    Y_hat = rng.uniform(0.02, 0.98, (k, m))
    return Y, Y_hat


@exercise(
    mistakes={
        "unlabelled_as_zero": edit(
            "losses = -(y * np.log(Y_hat) + (1 - y) * np.log(1 - Y_hat))\n"
            "    loss = float(np.sum(np.where(labelled, losses, 0.0)) / m)",
            "losses = -(y * np.log(Y_hat) + (1 - y) * np.log(1 - Y_hat))\n"
            "    loss = float(np.sum(losses) / m)",
            hint="the unlabelled entries ('?') count as 0 labels here: leave them out of the sum",
        ),
        "divides_by_labelled_count": edit(
            "loss = float(np.sum(np.where(labelled, losses, 0.0)) / m)",
            "loss = float(np.sum(np.where(labelled, losses, 0.0)) / np.sum(labelled))",
            hint="divide by m, the number of examples, as the lesson's formula does, not by "
            "the number of labelled entries",
        ),
        "divides_by_k_m": edit(
            "loss = float(np.sum(np.where(labelled, losses, 0.0)) / m)",
            "loss = float(np.sum(np.where(labelled, losses, 0.0)) / Y.size)",
            hint="divide by m, not by k * m",
        ),
        "per_task_array": edit(
            "loss = float(np.sum(np.where(labelled, losses, 0.0)) / m)",
            "loss = np.sum(np.where(labelled, losses, 0.0), axis=1) / m",
            hint="return one number: the sum over every labelled entry (all tasks), over m",
        ),
        "sign_flipped": edit(
            "losses = -(y * np.log(Y_hat) + (1 - y) * np.log(1 - Y_hat))",
            "losses = y * np.log(Y_hat) + (1 - y) * np.log(1 - Y_hat)",
        ),
    },
)
def multitask_loss(rng):
    cases = [
        Case(f"{k} tasks, {m} examples", _multitask(rng, k, m, p))
        for k, m, p in ((4, 10, 0.2), (2, 50, 0.5), (7, 3, 0.1))
    ]
    Y, Y_hat = _multitask(rng, 4, 8, 0.0)
    Y_rows = Y.copy()
    Y_rows[1] = np.nan
    Y_cols = Y.copy()
    Y_cols[:, [0, 5]] = np.nan
    cases += [
        Case("every entry labelled", (Y, Y_hat)),
        Case("a task never labelled", (Y_rows, Y_hat)),
        Case("examples with no label at all", (Y_cols, Y_hat)),
        Case("confident predictions", (Y, np.clip(Y, 0.001, 0.999))),
        Case("a single example", (Y[:, :1].copy(), Y_hat[:, :1].copy())),
    ]
    return cases


# --------------------------------------------------------------------------- exercise 5


def _curves(rng: np.random.Generator, k: int):
    sizes = np.cumsum(rng.integers(5, 200, k))
    scratch = np.sort(np.round(rng.uniform(0.05, 0.4, k), 3))[::-1].copy()
    transfer = np.round(scratch + rng.uniform(-0.15, 0.05, k), 3)
    return sizes, scratch, transfer


@exercise(
    mistakes={
        "gain_sign": edit(
            "gains = np.asarray(scratch_errors) - np.asarray(transfer_errors)",
            "gains = np.asarray(transfer_errors) - np.asarray(scratch_errors)",
            hint="a gain is the error transfer saves: scratch error minus transfer error",
        ),
        "tie_counts": edit(
            "helped = np.flatnonzero(gains > 0)",
            "helped = np.flatnonzero(gains >= 0)",
            hint="a gain of exactly 0 is no gain: transfer pays off only where it is "
            "strictly better",
        ),
        "first_size": edit(
            "int(sizes[helped[-1]])",
            "int(sizes[helped[0]])",
            hint="pays_up_to is the LARGEST size where transfer still helps",
        ),
        "index_not_size": edit(
            "int(sizes[helped[-1]])",
            "int(helped[-1])",
            hint="return the size (sizes[i]), not its position i",
        ),
    },
)
def transfer_pays_off(rng):
    cases = [Case(f"{k} sizes", _curves(rng, k)) for k in (3, 6, 10)]
    sizes = np.array([8, 16, 32, 64, 128])
    scratch = np.array([0.4, 0.3, 0.2, 0.125, 0.0625])
    cases += [
        Case("transfer always helps", (sizes, scratch, scratch / 2)),
        Case("transfer never helps", (sizes, scratch, scratch + 0.01)),
        Case(
            "ties at the large sizes", (sizes, scratch, np.array([0.25, 0.25, 0.2, 0.125, 0.0625]))
        ),
        Case("helps, hurts, helps again", (sizes, scratch, np.array([0.3, 0.35, 0.1, 0.2, 0.05]))),
        Case("a single size", (np.array([50]), np.array([0.2]), np.array([0.1]))),
    ]
    return cases
