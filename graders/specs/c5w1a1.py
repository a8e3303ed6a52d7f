"""Hidden grader spec of c5w1a1, "Recurrent neural networks step by step".

The cases go beyond the public tests: other sizes n_x, n_a, n_y, m and T_x,
including one example (m = 1) and one time step (T_x = 1); sizes where a wrong
axis or a swapped weight still broadcasts (n_x = n_a = m, m = T_x); large
weights that saturate the tanh and the gates; zero states. The backward passes
get caches made by a correct forward pass on the same kind of inputs, and
upstream gradients at every step. The mistakes are the slips learners make: tanh
where the prediction needs a softmax, the wrong state passed to the next step,
the output gate inside the tanh, forget and update gates swapped, the tanh or
sigmoid derivative forgotten, the gradient from the next step dropped, weight
gradients overwritten instead of added up, the loop run forwards.
"""

from __future__ import annotations

import numpy as np

from graders.spec import Case, edit, exercise
from shared_utils import rnn_utils

SEED = 5101
# A working character-level RNN (forward and backward) lives there; this notebook
# never imports it, so the sandbox hides it while c5w1a1 is graded.
ANSWER_MODULES = ("shared_utils.char_rnn",)

# (n_x, n_a, n_y, m, T_x, label)
_SIZES = [
    (3, 5, 2, 10, 4, "n_x=3, n_a=5, n_y=2, m=10, T_x=4"),
    (4, 4, 3, 4, 4, "n_x = n_a = m = T_x = 4 (a swapped axis still fits)"),
    (2, 3, 2, 1, 1, "one example and one time step"),
    (1, 6, 4, 3, 5, "a single input feature"),
    (6, 2, 5, 7, 3, "more inputs than hidden units, m=7"),
]


def _inputs(rng: np.random.Generator, n_x: int, n_a: int, m: int, T_x: int):
    return rng.normal(size=(n_x, m, T_x)), rng.normal(0.0, 0.7, size=(n_a, m))


def _rnn_params(rng, n_x, n_a, n_y, scale=None):
    return rnn_utils.random_rnn_parameters(n_a, n_x, n_y, rng, scale=scale)


def _lstm_params(rng, n_x, n_a, n_y, scale=None, forget_bias=0.0):
    return rnn_utils.random_lstm_parameters(
        n_a, n_x, n_y, rng, scale=scale, forget_bias=forget_bias
    )


# A correct forward pass, only to build the caches the backward cases receive.
def _rnn_step(xt, a_prev, p):
    a_next = np.tanh(p["Waa"] @ a_prev + p["Wax"] @ xt + p["ba"])
    return a_next, (a_next, a_prev, xt, p)


def _rnn_caches(x, a0, p):
    caches, a = [], a0
    for t in range(x.shape[2]):
        a, cache = _rnn_step(x[:, :, t], a, p)
        caches.append(cache)
    return (caches, x)


def _lstm_step(xt, a_prev, c_prev, p):
    concat = np.concatenate([a_prev, xt], axis=0)
    ft = rnn_utils.sigmoid(p["Wf"] @ concat + p["bf"])
    it = rnn_utils.sigmoid(p["Wi"] @ concat + p["bi"])
    cct = np.tanh(p["Wc"] @ concat + p["bc"])
    c_next = ft * c_prev + it * cct
    ot = rnn_utils.sigmoid(p["Wo"] @ concat + p["bo"])
    a_next = ot * np.tanh(c_next)
    return a_next, c_next, (a_next, c_next, a_prev, c_prev, ft, it, cct, ot, xt, p)


def _lstm_caches(x, a0, p):
    caches, a, c = [], a0, np.zeros_like(a0)
    for t in range(x.shape[2]):
        a, c, cache = _lstm_step(x[:, :, t], a, c, p)
        caches.append(cache)
    return (caches, x)


# --------------------------------------------------------------------------- forward


_TANH_NOT_SOFTMAX = (
    "y_hat is a probability distribution over the n_y classes: use rnn_utils.softmax, not tanh"
)


@exercise(
    mistakes={
        "tanh_for_y_hat": edit(
            "rnn_utils.softmax(Wya @ a_next + by)",
            "np.tanh(Wya @ a_next + by)",
            hint=_TANH_NOT_SOFTMAX,
        ),
        "weights_swapped": edit("Waa @ a_prev + Wax @ xt", "Waa @ xt + Wax @ a_prev"),
        "bias_missing": edit(
            "Wax @ xt + ba)", "Wax @ xt)", hint="the bias b_a is missing from a_next"
        ),
        "sigmoid_state": edit(
            "np.tanh(Waa @", "rnn_utils.sigmoid(Waa @", hint="the new state uses tanh, not sigmoid"
        ),
        "y_hat_from_previous_state": edit(
            "Wya @ a_next", "Wya @ a_prev", hint="the prediction reads the new state a_next"
        ),
        "cache_order": edit(
            "cache = (a_next, a_prev, xt, parameters)",
            "cache = (a_prev, a_next, xt, parameters)",
            hint="the cache is (a_next, a_prev, xt, parameters), in that order",
        ),
    },
)
def rnn_cell_forward(rng: np.random.Generator) -> list[Case]:
    cases = []
    for n_x, n_a, n_y, m, _T, label in _SIZES:
        x, a0 = _inputs(rng, n_x, n_a, m, 1)
        cases.append(Case(label, (x[:, :, 0], a0, _rnn_params(rng, n_x, n_a, n_y))))
    x, _ = _inputs(rng, 3, 4, 2, 1)
    cases.append(
        Case(
            "large weights (saturated tanh)",
            (x[:, :, 0] * 3, np.zeros((4, 2)), _rnn_params(rng, 3, 4, 3, scale=3.0)),
        )
    )
    return cases


@exercise(
    mistakes={
        "every_step_from_a0": edit(
            "rnn_cell_forward(x[:, :, t], a_next, parameters)",
            "rnn_cell_forward(x[:, :, t], a0, parameters)",
            hint="each step starts from the state the previous step returned, not from a0",
        ),
        "predictions_not_stored": edit("        y_pred[:, :, t] = yt_pred\n", ""),
        "wrong_time_axis": edit("x[:, :, t]", "x[:, t, :]"),
        "states_stored_at_step_0": edit("a[:, :, t] = a_next", "a[:, :, 0] = a_next"),
    },
    depends=("rnn_cell_forward",),
)
def rnn_forward(rng: np.random.Generator) -> list[Case]:
    cases = []
    for n_x, n_a, n_y, m, T_x, label in _SIZES:
        x, a0 = _inputs(rng, n_x, n_a, m, T_x)
        cases.append(Case(label, (x, a0, _rnn_params(rng, n_x, n_a, n_y))))
    x, _ = _inputs(rng, 2, 3, 3, 6)
    cases.append(
        Case("zero initial state, T_x=6", (x, np.zeros((3, 3)), _rnn_params(rng, 2, 3, 2)))
    )
    return cases


@exercise(
    mistakes={
        "output_gate_inside_tanh": edit(
            "a_next = ot * np.tanh(c_next)",
            "a_next = np.tanh(ot * c_next)",
            hint="the output gate scales the squashed memory: a = ot * tanh(c), not tanh(ot * c)",
        ),
        "forget_and_update_swapped": edit(
            "c_next = ft * c_prev + it * cct",
            "c_next = it * c_prev + ft * cct",
            hint="the forget gate ft scales c_prev, the update gate it scales the candidate",
        ),
        "concat_in_the_wrong_order": edit(
            "np.concatenate([a_prev, xt], axis=0)",
            "np.concatenate([xt, a_prev], axis=0)",
            hint="stack a_prev on top of xt: concat = [a_prev; xt]",
        ),
        "candidate_with_sigmoid": edit("cct = np.tanh(", "cct = rnn_utils.sigmoid("),
        "tanh_for_y_hat": edit(
            "rnn_utils.softmax(Wy @ a_next + by)",
            "np.tanh(Wy @ a_next + by)",
            hint=_TANH_NOT_SOFTMAX,
        ),
        "memory_not_squashed": edit(
            "a_next = ot * np.tanh(c_next)",
            "a_next = ot * c_next",
            hint="the state is ot * tanh(c_next): the memory goes through tanh first",
        ),
    },
)
def lstm_cell_forward(rng: np.random.Generator) -> list[Case]:
    cases = []
    for n_x, n_a, n_y, m, _T, label in _SIZES:
        x, a0 = _inputs(rng, n_x, n_a, m, 1)
        c0 = rng.normal(0.0, 1.0, size=(n_a, m))
        cases.append(Case(label, (x[:, :, 0], a0, c0, _lstm_params(rng, n_x, n_a, n_y))))
    x, a0 = _inputs(rng, 3, 4, 2, 1)
    cases.append(
        Case(
            "large weights and an open forget gate",
            (
                x[:, :, 0],
                a0,
                rng.normal(0, 2, (4, 2)),
                _lstm_params(rng, 3, 4, 3, scale=2.0, forget_bias=2.0),
            ),
        )
    )
    return cases


@exercise(
    mistakes={
        "memory_restarts_each_step": edit(
            "lstm_cell_forward(x[:, :, t], a_next, c_next, parameters)",
            "lstm_cell_forward(x[:, :, t], a_next, np.zeros((n_a, m)), parameters)",
            hint="pass the memory c_next of each step on to the next step",
        ),
        "every_step_from_a0": edit(
            "lstm_cell_forward(x[:, :, t], a_next, c_next, parameters)",
            "lstm_cell_forward(x[:, :, t], a0, c_next, parameters)",
            hint="each step starts from the state the previous step returned, not from a0",
        ),
        "c_holds_the_states": edit("c[:, :, t] = c_next", "c[:, :, t] = a_next"),
        "memory_starts_at_a0": edit("c_next = np.zeros((n_a, m))", "c_next = a0"),
    },
    depends=("lstm_cell_forward",),
)
def lstm_forward(rng: np.random.Generator) -> list[Case]:
    cases = []
    for n_x, n_a, n_y, m, T_x, label in _SIZES:
        x, a0 = _inputs(rng, n_x, n_a, m, T_x)
        cases.append(Case(label, (x, a0, _lstm_params(rng, n_x, n_a, n_y, forget_bias=1.0))))
    x, _ = _inputs(rng, 2, 3, 3, 6)
    cases.append(
        Case("zero initial state, T_x=6", (x, np.zeros((3, 3)), _lstm_params(rng, 2, 3, 2)))
    )
    return cases


# --------------------------------------------------------------------------- backward


@exercise(
    mistakes={
        "tanh_derivative_missing": edit(
            "dz = (1 - a_next**2) * da_next",
            "dz = da_next",
            hint="multiply da_next by the derivative of tanh, 1 - a_next**2",
        ),
        "tanh_applied_twice": edit(
            "(1 - a_next**2)",
            "(1 - np.tanh(a_next) ** 2)",
            hint="a_next is already tanh(z): the derivative is 1 - a_next**2",
        ),
        "bias_gradient_not_a_column": edit(
            "np.sum(dz, axis=1, keepdims=True)",
            "np.sum(dz, axis=1)",
            hint="keepdims=True keeps dba a column of shape (n_a, 1)",
        ),
        "bias_gradient_summed_over_units": edit(
            "np.sum(dz, axis=1, keepdims=True)", "np.sum(dz, axis=0, keepdims=True)"
        ),
        "dWaa_from_a_next": edit(
            "dWaa = dz @ a_prev.T",
            "dWaa = dz @ a_next.T",
            hint="W_aa multiplied a_prev in the forward pass: dWaa = dz @ a_prev.T",
        ),
    },
)
def rnn_cell_backward(rng: np.random.Generator) -> list[Case]:
    cases = []
    for n_x, n_a, n_y, m, _T, label in _SIZES:
        x, a0 = _inputs(rng, n_x, n_a, m, 1)
        _a, cache = _rnn_step(x[:, :, 0], a0, _rnn_params(rng, n_x, n_a, n_y))
        cases.append(Case(label, (rng.normal(size=(n_a, m)), cache)))
    x, a0 = _inputs(rng, 3, 4, 2, 1)
    _a, cache = _rnn_step(x[:, :, 0], a0, _rnn_params(rng, 3, 4, 2, scale=3.0))
    cases.append(Case("large weights (saturated tanh)", (rng.normal(size=(4, 2)), cache)))
    return cases


@exercise(
    mistakes={
        "gradient_from_next_step_dropped": edit(
            "da[:, :, t] + da_prevt",
            "da[:, :, t]",
            hint="add da_prevt, the gradient coming back from the later step, to da[:, :, t]",
        ),
        "weight_gradients_overwritten": edit(
            [("dWax += ", "dWax = "), ("dWaa += ", "dWaa = "), ("dba += ", "dba = ")],
            hint="the same weights serve every step: add up (+=) their gradients over the steps",
        ),
        "loop_runs_forwards": edit(
            "reversed(range(T_x))", "range(T_x)", hint="go from the last step back to the first"
        ),
        "da0_left_at_zero": edit("da0 = da_prevt", "da0 = np.zeros((n_a, m))"),
    },
    depends=("rnn_cell_backward",),
)
def rnn_backward(rng: np.random.Generator) -> list[Case]:
    cases = []
    for n_x, n_a, n_y, m, T_x, label in _SIZES:
        x, a0 = _inputs(rng, n_x, n_a, m, T_x)
        caches = _rnn_caches(x, a0, _rnn_params(rng, n_x, n_a, n_y))
        cases.append(Case(label, (rng.normal(size=(n_a, m, T_x)), caches)))
    x, a0 = _inputs(rng, 2, 3, 2, 5)
    caches = _rnn_caches(x, a0, _rnn_params(rng, 2, 3, 2))
    da = np.zeros((3, 2, 5))
    da[:, :, -1] = rng.normal(size=(3, 2))
    cases.append(Case("a gradient at the last step only", (da, caches)))
    return cases


@exercise(
    mistakes={
        "memory_gradient_misses_the_state_path": edit(
            "dc = dc_next + da_next * ot * (1 - tanh_c**2)",
            "dc = dc_next",
            hint="c_next also reaches the loss through a_next = ot * tanh(c_next): add that to dc",
        ),
        "dc_prev_without_forget_gate": edit(
            "dc_prev = dc * ft",
            "dc_prev = dc",
            hint="the memory goes back through the forget gate: dc_prev = dc * ft",
        ),
        "forget_gradient_uses_c_next": edit("dft = dc * c_prev * ft", "dft = dc * c_next * ft"),
        "state_and_input_split_swapped": edit(
            [
                ("da_prev = dconcat[:n_a]", "da_prev = dconcat[-n_a:]"),
                ("dxt = dconcat[n_a:]", "dxt = dconcat[:-n_a]"),
            ],
        ),
        "sigmoid_derivative_as_tanh": edit(
            "dit = dc * cct * it * (1 - it)",
            "dit = dc * cct * (1 - it**2)",
            hint="the update gate is a sigmoid: its derivative is it * (1 - it)",
        ),
    },
)
def lstm_cell_backward(rng: np.random.Generator) -> list[Case]:
    cases = []
    for n_x, n_a, n_y, m, _T, label in _SIZES:
        x, a0 = _inputs(rng, n_x, n_a, m, 1)
        c0 = rng.normal(size=(n_a, m))
        _a, _c, cache = _lstm_step(x[:, :, 0], a0, c0, _lstm_params(rng, n_x, n_a, n_y))
        cases.append(Case(label, (rng.normal(size=(n_a, m)), rng.normal(size=(n_a, m)), cache)))
    x, a0 = _inputs(rng, 3, 4, 2, 1)
    _a, _c, cache = _lstm_step(
        x[:, :, 0], a0, rng.normal(size=(4, 2)), _lstm_params(rng, 3, 4, 2, scale=2.0)
    )
    cases.append(
        Case(
            "no gradient from the next memory", (rng.normal(size=(4, 2)), np.zeros((4, 2)), cache)
        )
    )
    return cases


@exercise(
    mistakes={
        "memory_gradient_not_carried": edit(
            'dc_prevt = step["dc_prev"]',
            "dc_prevt = np.zeros((n_a, m))",
            hint="carry dc_prev from each step back to the step before it",
        ),
        "gradient_from_next_step_dropped": edit(
            "da[:, :, t] + da_prevt",
            "da[:, :, t]",
            hint="add da_prevt, the gradient coming back from the later step, to da[:, :, t]",
        ),
        "weight_gradients_overwritten": edit(
            "totals[name] += step[name]",
            "totals[name] = step[name]",
            hint="the same weights serve every step: add up (+=) their gradients over the steps",
        ),
        "loop_runs_forwards": edit(
            "reversed(range(T_x))", "range(T_x)", hint="go from the last step back to the first"
        ),
    },
    depends=("lstm_cell_backward",),
)
def lstm_backward(rng: np.random.Generator) -> list[Case]:
    cases = []
    for n_x, n_a, n_y, m, T_x, label in _SIZES:
        x, a0 = _inputs(rng, n_x, n_a, m, T_x)
        caches = _lstm_caches(x, a0, _lstm_params(rng, n_x, n_a, n_y, forget_bias=1.0))
        cases.append(Case(label, (rng.normal(size=(n_a, m, T_x)), caches)))
    x, a0 = _inputs(rng, 2, 3, 2, 5)
    caches = _lstm_caches(x, a0, _lstm_params(rng, 2, 3, 2))
    da = np.zeros((3, 2, 5))
    da[:, :, -1] = rng.normal(size=(3, 2))
    cases.append(Case("a gradient at the last step only", (da, caches)))
    return cases
