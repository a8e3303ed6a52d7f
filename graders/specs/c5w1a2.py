"""Hidden grader spec of c5w1a2, "Character-level language model: dinosaur names".

The cases go beyond the public tests: other vocabulary sizes and numbers of
hidden units, gradients that are all inside or all outside the clipping range,
a bound of zero; models whose newline is likely (short names), unlikely (the
50-character cap is what stops the sampler) or certain; names of one letter;
training runs longer than the list of names, so the loop must go round it.
Clipping is checked through the caller's own dictionary, `optimize` through the
parameters it updates in place. The mistakes are the slips learners make:
`np.clip` without `out=` (the caller never sees the clipped arrays), some
gradients left out, argmax instead of drawing from the distribution, a sampler
that does not stop at the newline or at 50 characters, no clipping before the
update, the first instead of the last hidden state, inputs or targets built
without the start or the end of the name.
"""

from __future__ import annotations

import numpy as np

from graders.spec import Case, draw_seed, edit, exercise

SEED = 5102

_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _vocab(letters: str) -> tuple[dict[str, int], dict[int, str]]:
    chars = ["\n", *sorted(letters)]
    return {c: i for i, c in enumerate(chars)}, dict(enumerate(chars))


def _parameters(rng: np.random.Generator, n_a: int, vocab: int, scale: float = 0.5):
    return {
        "Wax": rng.normal(0.0, scale, (n_a, vocab)),
        "Waa": rng.normal(0.0, scale, (n_a, n_a)),
        "Wya": rng.normal(0.0, scale, (vocab, n_a)),
        "b": rng.normal(0.0, 0.2, (n_a, 1)),
        "by": rng.normal(0.0, 0.2, (vocab, 1)),
    }


def _gradients(rng: np.random.Generator, n_a: int, vocab: int, scale: float):
    p = _parameters(rng, n_a, vocab, scale)
    return {"d" + key: value * 1.0 for key, value in p.items()}


# --------------------------------------------------------------------------- clip


_IN_PLACE = (
    "clip the arrays in place (np.clip(..., out=...)): the caller's dictionary was not clipped"
)


@exercise(
    mistakes={
        "returns_copies": edit(
            "        np.clip(gradients[name], -maxValue, maxValue, out=gradients[name])",
            "        gradients = {**gradients, name: np.clip(gradients[name], -maxValue, maxValue)}",  # noqa: E501
            hint=_IN_PLACE,
        ),
        "clipped_array_thrown_away": edit(
            "        np.clip(gradients[name], -maxValue, maxValue, out=gradients[name])",
            "        gradient = np.clip(gradients[name], -maxValue, maxValue)",
            hint="np.clip without out= returns a new array: nothing in the dictionary was clipped",
        ),
        "biases_not_clipped": edit(
            '["dWaa", "dWax", "dWya", "db", "dby"]',
            '["dWaa", "dWax", "dWya"]',
            hint="clip all five gradients, the biases db and dby too",
        ),
        "fixed_bound_of_5": edit(
            "-maxValue, maxValue, out=", "-5, 5, out=", hint="clip to the maxValue argument"
        ),
        "upper_bound_only": edit("-maxValue, maxValue, out=", "None, maxValue, out="),
    },
)
def clip(rng: np.random.Generator) -> list[Case]:
    cases = [
        Case(
            "maxValue 5, n_a=7, vocabulary 27",
            (_gradients(rng, 7, 27, 6.0), 5),
            inputs_unchanged=False,
        ),
        Case(
            "maxValue 1, n_a=3, vocabulary 5",
            (_gradients(rng, 3, 5, 2.0), 1),
            inputs_unchanged=False,
        ),
        Case(
            "maxValue 50: nothing to clip",
            (_gradients(rng, 4, 6, 3.0), 50),
            inputs_unchanged=False,
        ),
        Case(
            "maxValue 0.5: almost everything clipped",
            (_gradients(rng, 2, 4, 10.0), 0.5),
            inputs_unchanged=False,
        ),
        Case(
            "maxValue 0: everything becomes 0",
            (_gradients(rng, 3, 3, 1.0), 0),
            inputs_unchanged=False,
        ),
        Case("a float bound 2.5", (_gradients(rng, 5, 8, 4.0), 2.5), inputs_unchanged=False),
    ]
    return cases


# --------------------------------------------------------------------------- sample


@exercise(
    mistakes={
        "argmax_instead_of_drawing": edit(
            "int(rng.choice(vocab_size, p=y.ravel()))",
            "int(np.argmax(y))",
            hint="draw the next character at random from y (rng.choice with p=...), "
            "not the most likely one",
        ),
        "does_not_stop_at_newline": edit(
            "while idx != newline_character and counter != 50:",
            "while counter != 50:",
            hint="stop as soon as the newline character is drawn",
        ),
        "no_50_character_cap": edit(
            "while idx != newline_character and counter != 50:",
            "while idx != newline_character:",
            hint="stop after 50 characters even when no newline was drawn",
        ),
        "cap_without_final_newline": edit(
            "        indices.append(newline_character)\n",
            "        pass\n",
            hint="when the 50-character cap stops the loop, end the list with the newline index",
        ),
        "drawn_character_not_fed_back": edit(
            "        x[idx] = 1\n", "", hint="feed the drawn character back in as the next input"
        ),
        "state_not_carried": edit("        a_prev = a\n", ""),
        "global_generator": edit("rng.choice(vocab_size", "np.random.choice(vocab_size"),
    },
)
def sample(rng: np.random.Generator) -> list[Case]:
    full_ix, _ = _vocab(_LETTERS)
    small_ix, _ = _vocab("aeiklmnorstu")
    cases = []
    for n_a, char_to_ix, label in [
        (10, full_ix, "n_a=10, the 27 symbols"),
        (4, small_ix, "n_a=4, 13 symbols"),
        (25, full_ix, "n_a=25, the 27 symbols"),
    ]:
        p = _parameters(rng, n_a, len(char_to_ix), scale=0.8)
        for k in range(2):
            cases.append(Case(f"{label}, seed {k + 1}", (p, char_to_ix, draw_seed(rng))))
    # The newline is unlikely: the 50-character cap stops the sampler.
    p = _parameters(rng, 6, len(small_ix), scale=0.3)
    p["by"][small_ix["\n"]] = -7.0
    cases.append(Case("a model that rarely ends a name", (p, small_ix, draw_seed(rng))))
    # The newline is certain at the first step.
    p = _parameters(rng, 5, len(full_ix), scale=0.1)
    p["by"][full_ix["\n"]] = 40.0
    cases.append(Case("a model that ends every name at once", (p, full_ix, draw_seed(rng))))
    # Peaked, but not deterministic, distributions.
    p = _parameters(rng, 8, len(full_ix), scale=2.5)
    cases.append(Case("large weights (confident predictions)", (p, full_ix, draw_seed(rng))))
    return cases


# --------------------------------------------------------------------------- optimize


def _name_lists(char_to_ix: dict[str, int], name: str) -> tuple[list, list]:
    X = [None] + [char_to_ix[c] for c in name]
    return X, X[1:] + [char_to_ix["\n"]]


@exercise(
    mistakes={
        "no_clipping": edit(
            "    gradients = clip(gradients, 5)\n",
            "",
            hint="clip the gradients to [-5, 5] before the update",
        ),
        "clipped_at_1": edit("clip(gradients, 5)", "clip(gradients, 1)"),
        "learning_rate_ignored": edit(
            "update_parameters(parameters, gradients, learning_rate)",
            "update_parameters(parameters, gradients, 0.01)",
            hint="update with the learning_rate argument",
        ),
        "first_hidden_state_returned": edit(
            'cache["a"][:, :, -1]',
            'cache["a"][:, :, 0]',
            hint="return the hidden state of the last step, cache['a'][:, :, -1]",
        ),
        "no_update": edit(
            "    char_rnn.update_parameters(parameters, gradients, learning_rate)\n",
            "",
            hint="update the parameters (char_rnn.update_parameters) before returning",
        ),
    },
    depends=("clip",),
)
def optimize(rng: np.random.Generator) -> list[Case]:
    full_ix, _ = _vocab(_LETTERS)
    small_ix, _ = _vocab("aeiklmnorstu")
    cases = []
    for name, n_a, char_to_ix, scale, lr, label in [
        ("tyrannosaurus", 12, full_ix, 1.5, 0.01, "a long name, large weights (clipping matters)"),
        ("rex", 5, full_ix, 0.5, 0.05, "a short name, learning rate 0.05"),
        ("a", 3, full_ix, 0.3, 0.01, "a name of one letter"),
        ("misolka", 7, small_ix, 2.0, 0.1, "13 symbols, learning rate 0.1"),
        ("kentrosaurus", 30, full_ix, 0.05, 0.01, "small weights, n_a=30"),
    ]:
        X, Y = _name_lists(char_to_ix, name)
        a_prev = rng.normal(0.0, 0.5, (n_a, 1))
        p = _parameters(rng, n_a, len(char_to_ix), scale)
        cases.append(Case(label, (X, Y, a_prev, p, lr), inputs_unchanged=False))
    return cases


# --------------------------------------------------------------------------- model


_NAMES = [
    "aardonyx",
    "bagaceratops",
    "coloradisaurus",
    "dromiceiomimus",
    "eoraptor",
    "fukuiraptor",
    "gallimimus",
    "huaxiagnathus",
    "irritator",
    "jobaria",
    "kol",
    "lambeosaurus",
    "minmi",
    "nodosaurus",
    "ouranosaurus",
    "pegomastax",
    "quaesitosaurus",
    "rugops",
    "spinosaurus",
    "tawa",
    "utahraptor",
    "velociraptor",
    "wuerhosaurus",
    "xenotarsosaurus",
    "yi",
    "zupaysaurus",
]


@exercise(
    mistakes={
        "no_start_input": edit(
            "X = [None] + single_example_ix",
            "X = single_example_ix",
            hint="X starts with None (the zero input), so the first letter is predicted too",
        ),
        "raw_loss_recorded": edit(
            "loss = char_rnn.smooth(loss, curr_loss)",
            "loss = curr_loss",
            hint="keep the smoothed loss: loss = char_rnn.smooth(loss, curr_loss)",
        ),
        "state_not_passed_on": edit(
            "curr_loss, gradients, a_prev = optimize(",
            "curr_loss, gradients, a_last = optimize(",
            hint="keep the state optimize returns as the next a_prev",
        ),
        "list_not_cycled": edit("idx = j % len(examples)", "idx = j"),
        "no_end_of_name_target": edit(
            'Y = X[1:] + [char_to_ix["\\n"]]',
            "Y = X[1:] + [X[-1]]",
            hint="the last target is the newline: Y = X[1:] + [newline index]",
        ),
    },
    depends=("clip", "sample", "optimize"),
)
def model(rng: np.random.Generator) -> list[Case]:
    full_ix, full_xi = _vocab(_LETTERS)
    cases = []
    for count, iterations, n_a, label in [
        (26, 40, 6, "26 names, 40 iterations, n_a=6"),
        (5, 23, 4, "5 names, 23 iterations (more than 4 rounds of the list)"),
        (1, 3, 3, "one name, 3 iterations"),
        (12, 12, 10, "12 names, one round, n_a=10"),
    ]:
        chosen = [str(n) for n in rng.choice(_NAMES, size=count, replace=False)]
        if count > 1:
            chosen[0] = chosen[0] + "\n"  # lines as read from a file
        kwargs = {"num_iterations": iterations, "n_a": n_a, "vocab_size": 27}
        cases.append(Case(label, (chosen, full_xi, full_ix), kwargs))
    letters = "adkmnopr"
    small_ix, small_xi = _vocab(letters)
    data = ["pod", "drak", "madrok", "nok", "porkan"]
    cases.append(
        Case(
            "a 9-symbol alphabet, 15 iterations",
            (data, small_xi, small_ix),
            {"num_iterations": 15, "n_a": 5, "vocab_size": 9},
        )
    )
    return cases
