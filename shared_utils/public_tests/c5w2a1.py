"""Public tests of c5w2a1, "Operations on word vectors, with debiasing".

The cases use small vocabularies written out below (2 to 4 dimensions), chosen so
that every expected output can be checked by hand: cosines of 4/9, 1 and -1, an
analogy whose answer would be one of its own input words if those were not
skipped, one where every candidate has a negative cosine, and projections on
bias directions that are not unit vectors. One analogy case uses the course's
50-d word vectors (`Fixture("word_to_vec_map")`, loaded once per kernel). The
hidden grader uses other vectors, dimensions, directions and words.
"""

from __future__ import annotations

import numpy as np

from shared_utils.testing import Case, Fixture, public_test


def load_word_to_vec_map() -> dict[str, np.ndarray]:
    """The course's 50-d word vectors (21,736 words): the `word_to_vec_map` fixture."""
    from shared_utils.text_data import load_word_vectors

    return load_word_vectors()[2]


FIXTURES = {"word_to_vec_map": load_word_to_vec_map}


# --------------------------------------------------------------------------- cosine


@public_test(returns="cosine_similarity")
def test_cosine_similarity():
    """cosine_similarity(u, v) -> a number in [-1, 1] (0.0 for a zero vector)."""
    return [
        Case(
            "u = (1, 2, 2) and v = (2, -1, 2), both of length 3",
            args=(np.array([1.0, 2.0, 2.0]), np.array([2.0, -1.0, 2.0])),
            expected=4 / 9,
        ),
        Case(
            "same direction, different lengths",
            args=(np.array([3.0, 4.0]), np.array([6.0, 8.0])),
            expected=1.0,
        ),
        Case(
            "opposite directions",
            args=(np.array([1.0, -2.0, 0.0, 2.0]), np.array([-2.0, 4.0, 0.0, -4.0])),
            expected=-1.0,
        ),
        Case(
            "orthogonal vectors",
            args=(np.array([1.0, 1.0, 0.0]), np.array([1.0, -1.0, 5.0])),
            expected=0.0,
        ),
        Case(
            "u is the zero vector",
            args=(np.zeros(3), np.array([1.0, 2.0, 3.0])),
            expected=0.0,
        ),
    ]


# --------------------------------------------------------------------------- analogies

# man -> woman is the step (0, 1, 0); so is king -> queen.
_ROYAL = {
    "man": np.array([1.0, 0.0, 0.0]),
    "woman": np.array([1.0, 1.0, 0.0]),
    "king": np.array([1.0, 0.0, 1.0]),
    "queen": np.array([1.0, 1.0, 1.0]),
    "cat": np.array([0.0, 0.5, 2.0]),
    "apple": np.array([-1.0, -0.5, 0.0]),
}

# "dog" sits next to "cat", so "cats" - "dog" is closer to cats - cat (cosine 0.995)
# than "dogs" - "dog" is (0.894): only skipping the input words gives "dogs".
_PLURALS = {
    "cat": np.array([1.0, 0.0, 0.0]),
    "cats": np.array([1.0, 1.0, 0.0]),
    "dog": np.array([1.0, 0.0, 0.1]),
    "dogs": np.array([1.4, 1.0, 0.4]),
    "tree": np.array([0.0, 0.0, 1.0]),
}

# Every candidate's difference from "warm" has a negative cosine with colder - cold;
# the best of them ("warmer", -0.447) still wins.
_NEGATIVE = {
    "cold": np.array([2.0, 0.0]),
    "colder": np.array([2.0, 1.2]),
    "warm": np.array([0.0, 2.0]),
    "warmer": np.array([1.0, 1.5]),
    "ice": np.array([-1.0, 0.0]),
}


@public_test(returns="best_word")
def test_complete_analogy():
    """complete_analogy(word_a, word_b, word_c, word_to_vec_map) -> best_word."""
    return [
        Case("man : woman :: king : ?", args=("man", "woman", "king", _ROYAL), expected="queen"),
        Case(
            "cat : cats :: dog : ? (the answer is never an input word)",
            args=("cat", "cats", "dog", _PLURALS),
            expected="dogs",
        ),
        Case(
            "words given in upper and mixed case",
            args=("Man", "WOMAN", "King", _ROYAL),
            expected="queen",
        ),
        Case(
            "every candidate has a negative cosine",
            args=("cold", "colder", "warm", _NEGATIVE),
            expected="warmer",
        ),
        Case(
            "he : she :: king : ? with the course's 50-d vectors",
            args=("he", "she", "king", Fixture("word_to_vec_map")),
            expected="queen",
        ),
    ]


# --------------------------------------------------------------------------- debiasing


@public_test(returns="e_debiased")
def test_neutralize():
    """neutralize(word, g, word_to_vec_map) -> e_debiased."""
    return [
        Case(
            "e = (1, 2, 3), g = (0, 0, 2)",
            args=(
                "nurse",
                np.array([0.0, 0.0, 2.0]),
                {"nurse": np.array([1.0, 2.0, 3.0]), "pilot": np.array([1.0, 0.0, -1.0])},
            ),
            expected=np.array([1.0, 2.0, 0.0]),
        ),
        Case(
            "e = (2, -1, 0, 1), g = (1, 1, 1, 1)",
            args=(
                "pilot",
                np.array([1.0, 1.0, 1.0, 1.0]),
                {
                    "nurse": np.array([0.5, 0.0, 0.0, 1.0]),
                    "pilot": np.array([2.0, -1.0, 0.0, 1.0]),
                },
            ),
            expected=np.array([1.5, -1.5, -0.5, 0.5]),
        ),
        Case(
            "a word already orthogonal to g is unchanged",
            args=(
                "teacher",
                np.array([2.0, 0.0, 0.0]),
                {"teacher": np.array([0.0, 3.0, -1.0])},
            ),
            expected=np.array([0.0, 3.0, -1.0]),
        ),
    ]


@public_test(returns=("e_1", "e_2"))
def test_equalize():
    """equalize(pair, bias_axis, word_to_vec_map) -> (e_1, e_2)."""
    # Worked example 1: the unit vectors are (-0.6, 0.8, 0) and (0.8, 0.6, 0);
    # mu = (0.1, 0.7, 0), mu_B = (0.1, 0, 0), mu_orth = (0, 0.7, 0), and the bias
    # parts become -/+ sqrt(1 - 0.49) along the first axis.
    return [
        Case(
            "actor / actress, bias axis (2, 0, 0), vectors of lengths 2 and 3",
            args=(
                ("actor", "actress"),
                np.array([2.0, 0.0, 0.0]),
                {"actor": np.array([-1.2, 1.6, 0.0]), "actress": np.array([2.4, 1.8, 0.0])},
            ),
            expected=(
                np.array([-np.sqrt(0.51), 0.7, 0.0]),
                np.array([np.sqrt(0.51), 0.7, 0.0]),
            ),
        ),
        Case(
            "a pair that is already symmetric, bias axis (0, 1, 1, 0)",
            args=(
                ("grandfather", "grandmother"),
                np.array([0.0, 1.0, 1.0, 0.0]),
                {
                    "grandfather": np.array([1.5, -1.5, -1.5, 1.5]),
                    "grandmother": np.array([0.25, 0.25, 0.25, 0.25]),
                },
            ),
            expected=(
                np.array([0.5, -0.5, -0.5, 0.5]),
                np.array([0.5, 0.5, 0.5, 0.5]),
            ),
        ),
    ]
