"""Hidden grader spec of c5w2a1, "Operations on word vectors, with debiasing".

The cases go beyond the public tests: 50-d and 1-d vectors, large and tiny
magnitudes, zero vectors; analogies in the course's 50-d vectors (words in mixed
case) and in vocabularies built here where an input word would win if it were not
skipped, or where every candidate has a negative cosine; bias directions of any
length, words parallel to them, pairs on the same side of the bias axis and of
very different lengths. The course's vectors come as `Fixture("word_to_vec_map")`
(loaded once per grading run, deep-copied for every call, so neither debiasing
function can change what the next case sees); the small vocabularies are plain
dicts, so a function that changes its `word_to_vec_map` in place is caught.
"""

from __future__ import annotations

import numpy as np

from graders.spec import Case, Fixture, edit, exercise

SEED = 5201
DATA = ("datasets/c5/word_vectors_50d.txt.gz",)

VECTORS = Fixture("word_to_vec_map")


def _unit(v: np.ndarray) -> np.ndarray:
    return v / np.linalg.norm(v)


def _orthogonal_to(v: np.ndarray, direction: np.ndarray) -> np.ndarray:
    """`v` without its component along `direction`."""
    d = _unit(direction)
    return v - (v @ d) * d


def _random_map(rng: np.random.Generator, words: list[str], dim: int) -> dict[str, np.ndarray]:
    return {w: rng.normal(0.0, 0.4, size=dim) for w in words}


# --------------------------------------------------------------------------- cosine

_COSINE = "cosine_similarity = dot / (norm_u * norm_v)"


@exercise(
    mistakes={
        "no_norms": edit(
            _COSINE,
            "cosine_similarity = dot",
            hint="divide the dot product by both norms, ||u|| * ||v||",
        ),
        "norm_of_the_sum": edit(
            "dot / (norm_u * norm_v)",
            "dot / np.sqrt(np.sum((u + v) ** 2))",
            hint="the denominator is the product of the two norms ||u|| * ||v||, "
            "not the norm of u + v",
        ),
        "squared_norms": edit(
            [
                ("norm_u = np.sqrt(np.sum(u * u))", "norm_u = np.sum(u * u)"),
                ("norm_v = np.sqrt(np.sum(v * v))", "norm_v = np.sum(v * v)"),
            ],
            hint="a norm is the square root of the sum of squares",
        ),
        "one_norm_only": edit("dot / (norm_u * norm_v)", "dot / norm_u"),
        "no_zero_vector_rule": edit(
            "    if norm_u == 0 or norm_v == 0:\n        return 0.0\n",
            "",
            hint="a zero vector has no direction: return 0.0 when u or v is zero",
        ),
    },
)
def cosine_similarity(rng: np.random.Generator) -> list[Case]:
    u50, v50 = rng.normal(size=50), rng.normal(size=50)
    big, small = rng.normal(size=10) * 1e3, rng.normal(size=7) * 1e-3
    u = rng.normal(size=6)
    return [
        Case("two 50-d vectors", (u50, v50)),
        Case("2-d vectors at an obtuse angle", (np.array([1.5, 0.4]), np.array([-2.0, 1.1]))),
        Case("large entries (about 1000)", (big, rng.normal(size=10) * 1e3)),
        Case("tiny entries (about 0.001)", (small, rng.normal(size=7) * 1e-3)),
        Case("v is the zero vector", (rng.normal(size=5), np.zeros(5))),
        Case("a vector with itself", (u, u.copy())),
        Case("v = 3.5 u", (u, 3.5 * u)),
        Case("one-dimensional vectors of opposite signs", (np.array([2.5]), np.array([-0.4]))),
    ]


# --------------------------------------------------------------------------- analogies


def _input_word_would_win(rng: np.random.Generator) -> dict[str, np.ndarray]:
    """walk : walked :: talk : ? where "walked" beats the true answer "talked"
    unless the input words are skipped (talk sits right next to walk)."""
    dim = 6
    a = rng.normal(size=dim)
    step = 2.0 * _unit(rng.normal(size=dim))
    c = a + 0.05 * rng.normal(size=dim)
    side = _unit(_orthogonal_to(rng.normal(size=dim), step))
    vocab = {}
    for word in ("table", "river", "green", "seven", "under"):
        r = rng.normal(size=dim)
        r -= (max(r @ _unit(step), 0.0) + 0.5) * _unit(step)  # negative cosine with step
        vocab[word] = c + r
    vocab.update(walk=a, walked=a + step, talk=c, talked=c + step + side)
    return vocab


_NEGATIVE = {  # every candidate has a negative cosine; "longer" is the least bad
    "short": np.array([1.0, 0.0, 0.0]),
    "shorter": np.array([1.0, 0.0, 1.5]),
    "long": np.array([0.0, 1.0, 1.0]),
    "longer": np.array([0.5, 1.8, 0.6]),
    "rope": np.array([0.0, -1.0, 0.0]),
    "wide": np.array([2.0, 1.0, -0.5]),
}

_WORDS = ["river", "stone", "cloud", "tiger", "maple", "piano", "lemon", "rocket"]
_WORDS += ["violet", "harbor", "candle", "meadow"]


@exercise(
    mistakes={
        "returns_an_input_word": edit(
            "        if w in (word_a, word_b, word_c):\n            continue\n",
            "",
            hint="skip the three input words: the answer must be a fourth word",
        ),
        "no_lowercasing": edit(
            "    word_a, word_b, word_c = word_a.lower(), word_b.lower(), word_c.lower()\n",
            "",
            hint="lower-case the three words first: the vocabulary is lower case",
        ),
        "differences_reversed": edit(
            "cosine_similarity(e_b - e_a, word_to_vec_map[w] - e_c)",
            "cosine_similarity(e_a - e_b, word_to_vec_map[w] - e_c)",
            hint="compare e_b - e_a with e_w - e_c: the same order on both sides",
        ),
        "compares_with_e_w": edit(
            "word_to_vec_map[w] - e_c)",
            "word_to_vec_map[w])",
            hint="compare e_b - e_a with the difference e_w - e_c, not with e_w itself",
        ),
        "best_starts_at_zero": edit(
            "best_similarity = -np.inf",
            "best_similarity = 0",
            hint="start below every possible cosine (-np.inf): all of them may be negative",
        ),
    },
    depends=("cosine_similarity",),
    timeout_s=30.0,
)
def complete_analogy(rng: np.random.Generator) -> list[Case]:
    random_vocab = _random_map(rng, _WORDS, 8)
    larger_vocab = _random_map(rng, [f"{w}{i}" for i in range(3) for w in _WORDS], 10)
    return [
        Case(
            "France : Paris :: Italy : ? (course vectors, mixed case)",
            ("France", "PARIS", "italy", VECTORS),
        ),  # fmt: skip
        Case("man : woman :: boy : ? (course vectors)", ("man", "woman", "boy", VECTORS)),
        Case(
            "small : smaller :: large : ? (course vectors)", ("small", "smaller", "large", VECTORS)
        ),  # fmt: skip
        Case(
            "an input word lies closest to the answer",
            ("walk", "walked", "talk", _input_word_would_win(rng)),
        ),  # fmt: skip
        Case("every candidate has a negative cosine", ("short", "shorter", "long", _NEGATIVE)),
        Case(
            "12 random 8-d words, capitals in the input", ("RIVER", "Stone", "cloud", random_vocab)
        ),  # fmt: skip
        Case("36 random 10-d words", ("tiger1", "maple0", "piano2", larger_vocab)),
    ]


# --------------------------------------------------------------------------- neutralize

_PROJECTION = "np.dot(e, g) / np.sum(g * g) * g"


@exercise(
    mistakes={
        "projection_on_the_word_vector": edit(
            _PROJECTION,
            "np.dot(e, g) / np.sum(e * e) * e",
            hint="project on g: (e . g / ||g||^2) g is the part of e along g",
        ),
        "g_treated_as_a_unit_vector": edit(
            _PROJECTION,
            "np.dot(e, g) * g",
            hint="g is not a unit vector: divide the projection by ||g||^2",
        ),
        "divided_by_the_norm_not_its_square": edit(
            "/ np.sum(g * g)",
            "/ np.sqrt(np.sum(g * g))",
            hint="divide by the squared norm ||g||^2, not by the norm",
        ),
        "returns_the_bias_component": edit(
            "e_debiased = e - e_biascomponent",
            "e_debiased = e_biascomponent",
            hint="return e minus its bias component, not the bias component itself",
        ),
        "changes_the_map_in_place": edit(
            "    e_debiased = e - e_biascomponent\n",
            "    e -= e_biascomponent\n    e_debiased = e\n",
        ),
    },
)
def neutralize(rng: np.random.Generator) -> list[Case]:
    words = ["nurse", "pilot", "doctor", "teacher", "chef"]
    vocab = _random_map(rng, words, 50)
    g50 = 3.0 * _unit(rng.normal(size=50))
    short_g = 0.01 * _unit(rng.normal(size=50))
    g8 = rng.normal(size=8)
    parallel = {"judge": -2.5 * g8, "baker": rng.normal(size=8)}
    axis = np.zeros(8)
    axis[3] = 4.0
    return [
        Case("50-d vectors, a bias direction of length 3", ("doctor", g50, vocab)),
        Case("a bias direction of length 0.01", ("chef", short_g, dict(vocab))),
        Case("a word parallel to g", ("judge", g8, parallel)),
        Case("8-d, g along one axis", ("baker", axis, parallel)),
        Case(
            "course vectors: receptionist",
            ("receptionist", 0.6 * _unit(rng.normal(size=50)), VECTORS),
        ),  # fmt: skip
        Case("course vectors: engineer", ("engineer", rng.normal(0, 0.3, size=50), VECTORS)),
    ]


# --------------------------------------------------------------------------- equalize


def _same_side_pair(rng: np.random.Generator, g: np.ndarray) -> dict[str, np.ndarray]:
    """Two words whose projections on g are both positive (and different)."""
    gu = _unit(g)
    return {
        "uncle": _orthogonal_to(rng.normal(size=g.size), g) + 2.0 * gu,
        "aunt": _orthogonal_to(rng.normal(size=g.size), g) + 0.5 * gu,
    }


@exercise(
    mistakes={
        "no_rescaling": edit(
            "scale = np.sqrt(np.abs(1 - np.sum(mu_orth * mu_orth)))",
            "scale = 1",
            hint="multiply the bias parts by sqrt(|1 - ||mu_orth||^2|): without it e_1 "
            "and e_2 are not unit vectors",
        ),
        "not_normalised_first": edit(
            [
                (
                    "word_to_vec_map[w1] / np.linalg.norm(word_to_vec_map[w1])",
                    "word_to_vec_map[w1]",
                ),
                (
                    "word_to_vec_map[w2] / np.linalg.norm(word_to_vec_map[w2])",
                    "word_to_vec_map[w2]",
                ),
            ],  # fmt: skip
            hint="normalise both word vectors to length 1 first",
        ),
        "bias_axis_treated_as_a_unit_vector": edit(
            "g_squared = np.sum(bias_axis * bias_axis)",
            "g_squared = 1",
            hint="the bias axis is not a unit vector: divide the projections by ||g||^2",
        ),
        "mu_orth_left_out": edit(
            [
                ("e_1 = mu_orth + corrected_e_w1B", "e_1 = corrected_e_w1B"),
                ("e_2 = mu_orth + corrected_e_w2B", "e_2 = corrected_e_w2B"),
            ],
            hint="add mu_orth back: both words keep the part they share orthogonal to the axis",
        ),
        "bias_parts_not_centred": edit(
            [
                ("(e_w1B - mu_B) / np.linalg.norm(e_w1B - mu_B)", "e_w1B / np.linalg.norm(e_w1B)"),
                ("(e_w2B - mu_B) / np.linalg.norm(e_w2B - mu_B)", "e_w2B / np.linalg.norm(e_w2B)"),
            ],  # fmt: skip
            hint="subtract mu_B from each bias part before normalising it",
        ),
        "first_word_used_twice": edit(
            "corrected_e_w2B = scale * (e_w2B - mu_B) / np.linalg.norm(e_w2B - mu_B)",
            "corrected_e_w2B = scale * (e_w1B - mu_B) / np.linalg.norm(e_w1B - mu_B)",
        ),
        "normalises_in_place": edit(
            [
                (
                    "    e_w1 = word_to_vec_map[w1] / np.linalg.norm(word_to_vec_map[w1])\n",
                    "    e_w1 = word_to_vec_map[w1]\n    e_w1 /= np.linalg.norm(e_w1)\n",
                ),
                (
                    "    e_w2 = word_to_vec_map[w2] / np.linalg.norm(word_to_vec_map[w2])\n",
                    "    e_w2 = word_to_vec_map[w2]\n    e_w2 /= np.linalg.norm(e_w2)\n",
                ),
            ]
        ),
    },
)
def equalize(rng: np.random.Generator) -> list[Case]:
    pair50 = _random_map(rng, ["actor", "actress", "waiter"], 50)
    g50 = 2.3 * _unit(rng.normal(size=50))
    g10 = rng.normal(size=10)
    lengths = {
        "husband": 0.1 * _unit(rng.normal(size=12)),
        "wife": 10.0 * _unit(rng.normal(size=12)),
    }
    return [
        Case("a 50-d pair, bias axis of length 2.3", (("actor", "actress"), g50, pair50)),
        Case(
            "both words on the same side of the axis",
            (("uncle", "aunt"), g10, _same_side_pair(rng, g10)),
        ),  # fmt: skip
        Case("words of lengths 0.1 and 10", (("husband", "wife"), rng.normal(size=12), lengths)),
        Case(
            "3-d words",
            (
                ("he", "she"),
                np.array([0.3, -1.2, 0.5]),
                {"he": np.array([0.9, 0.4, -0.2]), "she": np.array([-0.3, -0.8, 0.6])},
            ),
        ),  # fmt: skip
        Case(
            "course vectors: actor / actress",
            (("actor", "actress"), rng.normal(0, 0.2, size=50), VECTORS),
        ),  # fmt: skip
        Case(
            "course vectors: king / queen",
            (("king", "queen"), 0.8 * _unit(rng.normal(size=50)), VECTORS),
        ),  # fmt: skip
    ]
