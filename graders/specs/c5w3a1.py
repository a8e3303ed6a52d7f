"""Hidden grader spec of c5w3a1, "Date translation with attention".

Both exercises run through the probes of `shared_utils.public_tests.c5w3a1`,
which give the function fresh shared layers of the case's sizes (as globals, the
way the lesson defines them) and set every weight to seeded values. The cases go
beyond the public ones: a single example, one input position, long inputs,
square shapes where a mix-up of `n_a` and `n_s` is not caught by a shape, the
lesson's own sizes for `modelf`, and a single output step.

The mistakes are the slips of the lesson: a softmax over the last axis (size 1,
so every weight is 1) instead of the activator's softmax over the Tx positions,
`s_prev` not repeated across Tx, the concatenation in the other order, the
energies taken from the first Dense layer, a decoder that ignores its previous
state or feeds the cell state to the output layer, a unidirectional encoder, a
new post-attention LSTM at every step, and only the last output returned.

Each job imports TensorFlow once (in the sandbox's zygote) and builds small
models; the time limit leaves room for a loaded machine.
"""

from __future__ import annotations

import numpy as np

from graders.spec import Case, edit, exercise

SEED = 5301
DATA: tuple[str, ...] = ()


@exercise(
    mistakes={
        "softmax_over_last_axis": edit(
            "alphas = activator(energies)",
            "alphas = keras.activations.softmax(energies)",
            hint="the attention weights must sum to 1 over the Tx input positions (axis 1): "
            "use activator; a softmax over the last axis, of size 1, makes every weight 1",
        ),
        "s_prev_not_repeated": edit(
            "concat = concatenator([a, s_repeated])",
            "concat = concatenator([a, s_prev])",
            hint="repeat s_prev Tx times with repeator before concatenating it with a",
        ),
        "concatenated_in_the_other_order": edit(
            "concatenator([a, s_repeated])",
            "concatenator([s_repeated, a])",
            hint="concatenate a first, then the repeated s_prev: [a, s_repeated]",
        ),
        "energies_from_the_first_dense": edit(
            "alphas = activator(energies)",
            "alphas = activator(hidden)",
            hint="the energies come out of densor2, after densor1",
        ),
        "context_from_the_concatenation": edit(
            "context = dotor([alphas, a])",
            "context = dotor([alphas, concat])",
            hint="the context is the weighted sum of a: dotor([alphas, a])",
        ),
    },
    rtol=1e-4,
    atol=1e-5,
    timeout_s=40.0,
)
def one_step_attention(rng: np.random.Generator) -> list[Case]:
    shapes = [  # m, Tx, n_a, n_s
        ((1, 6, 2, 3), "a single example"),
        ((4, 1, 2, 2), "a single input position"),
        ((2, 30, 3, 5), "Tx = 30, as in the lesson"),
        ((3, 4, 2, 4), "2 n_a = n_s"),
        ((2, 7, 5, 2), "n_s smaller than n_a"),
    ]
    return [
        Case(label, (rng.normal(size=(m, tx, 2 * n_a)), rng.normal(size=(m, n_s))))
        for (m, tx, n_a, n_s), label in shapes
    ]


@exercise(
    mistakes={
        "no_initial_state": edit(
            "post_activation_LSTM_cell(context, initial_state=[s, c])",
            "post_activation_LSTM_cell(context)",
            hint="start each step from the previous state: initial_state=[s, c]",
        ),
        "cell_state_to_the_output_layer": edit(
            "out = output_layer(s)",
            "out = output_layer(c)",
            hint="the output layer reads the hidden state s, not the cell state c",
        ),
        "states_swapped": edit(
            "_, s, c = post_activation_LSTM_cell",
            "_, c, s = post_activation_LSTM_cell",
            hint="the LSTM returns its output, then s, then c",
        ),
        "unidirectional_encoder": edit(
            "Bidirectional(LSTM(n_a, return_sequences=True))(X)",
            "LSTM(n_a, return_sequences=True)(X)",
            hint="the encoder is a Bidirectional LSTM: a has 2 * n_a features",
        ),
        "a_new_lstm_at_every_step": edit(
            "post_activation_LSTM_cell(context, initial_state=[s, c])",
            "LSTM(n_s, return_state=True)(context, initial_state=[s, c])",
            hint="use the shared post_activation_LSTM_cell: a new LSTM at every step has "
            "its own weights",
        ),
        "only_the_last_output": edit(
            "outputs=outputs)",
            "outputs=outputs[-1])",
            hint="the model returns the list of all Ty outputs",
        ),
    },
    depends=("one_step_attention",),
    rtol=1e-4,
    atol=1e-5,
    timeout_s=60.0,
)
def modelf(rng: np.random.Generator) -> list[Case]:
    del rng  # the sizes are the cases; the probe seeds the weights and inputs
    return [
        Case(
            "Tx = 30, Ty = 10, n_a = 32, n_s = 64, vocabularies 39 and 11 (the lesson's)",
            (30, 10, 32, 64, 39, 11),
        ),  # fmt: skip
        Case("a single output step", (5, 1, 2, 3, 6, 4)),
        Case("Tx = 1", (1, 3, 2, 2, 5, 3)),
        Case("n_s = 2 n_a", (7, 4, 3, 6, 9, 5)),
    ]
