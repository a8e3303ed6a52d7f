"""Hidden grader spec of c5w1a3, "Writing melodies with an LSTM".

Every case goes through the public test module's probes (structure of the
model, number of LSTM and Dense layers, outputs with fixed weights on fixed
inputs), with sizes the public tests do not use: one time step, a single value,
a hidden state wider than the vocabulary, longer sequences. The mistakes are the
slips learners make with shared layers: a fresh LSTM (or Dense) layer created at
every step, the state of the first step passed to every step, the memory c fed
to the dense layer, the same input step read every time; in the generating
model, probabilities fed back instead of the one-hot of the most likely value,
or no feedback at all; and `predict_and_sample` returning indices where the
one-hot results are expected, or taking the argmax over the wrong axis.
"""

from __future__ import annotations

import numpy as np

from graders.spec import Case, draw_seed, edit, exercise

SEED = 5103

_FRESH_LSTM = (
    "call the LSTM_cell passed in at every step: a new LSTM layer per step has weights of its own"
)


@exercise(
    mistakes={
        "fresh_lstm_each_step": edit(
            "_, a, c = LSTM_cell(x, initial_state=[a, c])",
            "_, a, c = keras.layers.LSTM(n_a, return_state=True)(x, initial_state=[a, c])",
            hint=_FRESH_LSTM,
        ),
        "fresh_dense_each_step": edit(
            "out = densor(a)",
            'out = keras.layers.Dense(n_values, activation="softmax")(a)',
            hint="apply the densor passed in at every step: a new Dense layer has its own weights",
        ),
        "state_of_first_step_every_time": edit(
            "initial_state=[a, c])",
            "initial_state=[a0, c0])",
            hint="pass the state a, c returned by the previous step to the next one",
        ),
        "memory_fed_to_dense": edit("out = densor(a)", "out = densor(c)"),
        "first_input_step_every_time": edit(
            "reshaper(X[:, t, :])",
            "reshaper(X[:, 0, :])",
            hint="read the input of step t, X[:, t, :]",
        ),
    },
    rtol=1e-4,
    atol=1e-6,
    timeout_s=30.0,
)
def djmodel(rng: np.random.Generator) -> list[Case]:
    return [
        Case("Tx=5, n_a=6, 7 values", (5, 6, 7)),
        Case("one time step", (1, 4, 5)),
        Case("a state wider than the vocabulary: Tx=4, n_a=9, 3 values", (4, 9, 3)),
    ]


@exercise(
    mistakes={
        "fresh_lstm_each_step": edit(
            "_, a, c = LSTM_cell(x, initial_state=[a, c])",
            "_, a, c = keras.layers.LSTM(n_a, return_state=True)(x, initial_state=[a, c])",
            hint=_FRESH_LSTM,
        ),
        "probabilities_fed_back": edit(
            "x = keras.ops.one_hot(keras.ops.argmax(out, axis=-1), n_values)",
            "x = out",
            hint="feed back the one-hot vector of the most likely value, not the probabilities",
        ),
        "prediction_not_fed_back": edit(
            "x = keras.ops.expand_dims(x, axis=1)",
            "x = x0",
            hint="the next input is the value just predicted",
        ),
        "state_of_first_step_every_time": edit(
            "initial_state=[a, c])",
            "initial_state=[a0, c0])",
            hint="pass the state a, c returned by the previous step to the next one",
        ),
    },
    rtol=1e-4,
    atol=1e-6,
    timeout_s=30.0,
)
def music_inference_model(rng: np.random.Generator) -> list[Case]:
    return [
        Case("n_a=6, 7 values, Ty=6", (6, 7, 6)),
        Case("Ty=1", (4, 5, 1)),
        Case("n_a=3, 9 values, Ty=8", (3, 9, 8)),
    ]


@exercise(
    mistakes={
        "indices_returned_as_results": edit(
            "results = keras.utils.to_categorical(indices, num_classes=n_values)",
            "results = indices",
            hint="results is the one-hot form of indices, shape (Ty, n_values): "
            "keras.utils.to_categorical(indices, num_classes=n_values)",
        ),
        "argmax_over_time": edit(
            "np.argmax(np.array(pred), axis=-1)",
            "np.argmax(np.array(pred), axis=0)",
            hint="take the argmax over the values (the last axis), once per step",
        ),
        "results_keep_the_batch_axis": edit(
            "results = keras.utils.to_categorical(indices, num_classes=n_values)",
            "results = np.eye(n_values)[indices]",
            hint="results has shape (Ty, n_values): one row per step",
        ),
        "least_likely_value": edit(
            "np.argmax(np.array(pred), axis=-1)", "np.argmin(np.array(pred), axis=-1)"
        ),
    },
    rtol=1e-4,
    atol=1e-6,
    timeout_s=30.0,
)
def predict_and_sample(rng: np.random.Generator) -> list[Case]:
    return [
        Case("n_a=5, 8 values, Ty=12", (5, 8, 12, draw_seed(rng))),
        Case("Ty=1", (3, 6, 1, draw_seed(rng))),
        Case("the lesson's sizes: n_a=64, 90 values, Ty=20", (64, 90, 20, draw_seed(rng))),
        Case("two values only, Ty=7", (4, 2, 7, draw_seed(rng))),
    ]
