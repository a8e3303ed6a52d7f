"""c5w2a2 (Emojify): the lesson's claims.

The notebook quotes the accuracies of the averaging model and its answers on the
lesson's own sentences, says that no training sentence holds a negation, and quotes
the size of the LSTM model. These tests run the
notebook's reference solutions (the numpy model is trained in full, about two
seconds; the Keras model is only built) and check those numbers against the
figures the data builder recorded.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import numpy as np
import pytest

from graders.engine import solution_sources, strip_solution_markers
from graders.manifest import recorded_metrics
from graders.registry import ASSIGNMENTS
from shared_utils import text_data

ASSIGNMENT = ASSIGNMENTS["c5w2a2"]
NUMPY_EXERCISES = ("sentence_to_avg", "model", "sentences_to_indices")


@cache
def solutions(with_keras: bool = False) -> dict[str, Any]:
    namespace: dict[str, Any] = {"np": np, "text_data": text_data}
    if with_keras:
        from shared_utils.frameworks import keras, tf

        namespace.update(keras=keras, tf=tf)
    for name, source in solution_sources(ASSIGNMENT).items():
        if with_keras or name in NUMPY_EXERCISES:
            exec(strip_solution_markers(source), namespace)
    return namespace


@cache
def vectors() -> tuple[dict[str, int], dict[str, np.ndarray]]:
    word_to_index, _, word_to_vec_map = text_data.load_word_vectors()
    return word_to_index, word_to_vec_map


@cache
def trained_v1() -> tuple[np.ndarray, np.ndarray]:
    x_train, y_train, _, _ = text_data.load_emojify()
    return solutions()["model"](x_train, y_train, vectors()[1])


def predict_v1(sentences: np.ndarray) -> np.ndarray:
    W, b = trained_v1()
    to_avg = solutions()["sentence_to_avg"]
    averages = np.stack([to_avg(s, vectors()[1]) for s in sentences])
    return np.argmax(averages @ W.T + b, axis=1)


def test_v1_reproduces_the_recorded_accuracies():
    x_train, y_train, x_test, y_test = text_data.load_emojify()
    recorded = recorded_metrics("emojify")
    train_acc = round(100 * float(np.mean(predict_v1(x_train) == y_train)), 1)
    test_acc = round(100 * float(np.mean(predict_v1(x_test) == y_test)), 1)
    assert (train_acc, test_acc) == (recorded["avg_train_acc"], recorded["avg_test_acc"])


def test_v1_on_the_lessons_own_sentences():
    # The lesson: V1 gets the first four right, and two of the three negated "happy"
    # sentences wrong (smile instead of sad); "i am not sad" gets sad.
    sentences = ["i adore you", "let us watch rugby", "i am starving", "you are amazing"]
    sentences += ["not feeling happy", "i am not happy", "i do not feel happy", "i am not sad"]
    heart, ball, smile, sad, food = range(5)
    want = [heart, ball, food, smile, sad, smile, smile, sad]
    assert predict_v1(np.array(sentences)).tolist() == want
    x_train, _, _, _ = text_data.load_emojify()
    train_words = {w for s in x_train for w in s.split()}
    assert not {"adore", "rugby", "starving", "amazing"} & train_words


def test_no_sentence_of_the_data_holds_a_negation():
    # The lesson says V2 never saw "not" in training.
    x_train, _, x_test, _ = text_data.load_emojify()
    assert not any("not" in s.split() for s in np.concatenate([x_train, x_test]))


def test_every_sentence_fits_in_max_len_10_and_indices_round_trip():
    x_train, _, x_test, _ = text_data.load_emojify()
    word_to_index, _ = vectors()
    index_to_word = {i: w for w, i in word_to_index.items()}
    sentences = np.concatenate([x_train, x_test])
    indices = solutions()["sentences_to_indices"](sentences, word_to_index, 10)
    for sentence, row in zip(sentences, indices, strict=True):
        assert " ".join(index_to_word[i] for i in row if i) == sentence


def test_v2_has_the_recorded_parameter_counts():
    pytest.importorskip("tensorflow")
    word_to_index, word_to_vec_map = vectors()
    model = solutions(with_keras=True)["Emojify_V2"]((10,), word_to_vec_map, word_to_index)
    recorded = recorded_metrics("emojify")
    trainable = sum(int(np.prod(w.shape)) for w in model.trainable_weights)
    assert model.count_params() == recorded["lstm_params_total"]
    assert trainable == recorded["lstm_params_trainable"] == 223_877
