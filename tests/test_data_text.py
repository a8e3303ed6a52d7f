"""Course 5 text data: dinosaur names, word vectors and their benchmark, Emojify
sentences, the date generator and the pretrained date-translation attention model.

The figures the builders recorded in `datasets/manifest.json` are recomputed here from
the committed files, so a rebuilt or damaged file that changes them fails.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from functools import cache

import numpy as np
import pytest

from graders.manifest import (
    files_under,
    import_builder,
    listed_files,
    load_manifest,
    manifest_problems,
    recorded_metrics,
)
from shared_utils import nmt_utils, text_data
from shared_utils.data import data_path

ARTEFACTS = ("dinos", "word_vectors", "emojify", "nmt_dates")


@cache
def word_vectors():
    return text_data.load_word_vectors()


# ---------------------------------------------------------------------- manifest


def test_manifest_lists_every_course5_text_file_and_their_checksums_match():
    listed = listed_files(ARTEFACTS)
    assert listed <= files_under("c5")
    assert manifest_problems(listed) == []


@pytest.mark.parametrize("artefact", ARTEFACTS)
def test_course5_files_stay_under_five_megabytes(artefact):
    for rel, info in load_manifest()["artifacts"][artefact]["files"].items():
        assert info["bytes"] <= 5_000_000, rel


# ------------------------------------------------------------------------ dinos


def test_dinos_are_at_least_1200_unique_lowercase_names_with_27_symbols():
    text = text_data.dinos_path().read_text()
    names = text_data.load_dinos()
    assert len(names) >= 1200 and len(set(names)) == len(names)
    assert all(re.fullmatch(r"[a-z]+", n) for n in names)
    assert set(text) == set("abcdefghijklmnopqrstuvwxyz\n")
    assert len(set(text)) == 27 == recorded_metrics("dinos")["symbols"]


def test_dino_file_is_the_marked_real_genera_plus_names_composed_from_roots():
    dinos = import_builder("dinos")
    real = set(dinos.REAL_GENERA)
    names = set(text_data.load_dinos())
    composed = names - real
    assert real <= names
    assert len(real) == recorded_metrics("dinos")["real_genera"]
    assert len(composed) == recorded_metrics("dinos")["composed_names"]
    roots = {dinos.join(p, s) for p in dinos.ROOT_PREFIXES for s in dinos.ROOT_SUFFIXES}
    assert composed <= roots


def test_dino_char_rnn_samples_were_mostly_name_like():
    assert recorded_metrics("dinos")["samples_name_like_pct"] >= 60
    assert recorded_metrics("dinos")["rnn_loss_last"] < recorded_metrics("dinos")["rnn_loss_first"]


def test_name_like_rule_rejects_unpronounceable_strings():
    name_like = import_builder("dinos").name_like
    assert name_like("tyrannosaurus") and name_like("cryovenator")
    assert not name_like("xkcdzq") and not name_like("aaaa") and not name_like("abc")


# ----------------------------------------------------------------- word vectors


def test_word_vectors_are_50d_frequency_ordered_whole_words():
    word_to_index, index_to_word, word_to_vec = word_vectors()
    assert len(word_to_vec) == recorded_metrics("word_vectors")["words"] >= 20_000
    assert {v.shape for v in word_to_vec.values()} == {(50,)}
    assert min(word_to_index.values()) == 1  # 0 is left for padding
    assert index_to_word[1] == "the"
    assert all(re.fullmatch(r"[a-z]+", w) for w in word_to_vec)


def test_every_benchmark_and_emojify_word_has_a_vector():
    _, _, word_to_vec = word_vectors()
    bench = text_data.load_word_benchmark()
    words = {w for items in bench["analogies"].values() for q in items for w in q}
    words |= {w for a, b, _ in bench["similarity"] for w in (a, b)}
    words |= {w for pair in bench["gender_pairs"] + bench["equalize_pairs"] for w in pair}
    words |= set(bench["occupations_female_coded"] + bench["occupations_male_coded"])
    x_train, _, x_test, _ = text_data.load_emojify()
    words |= {w for s in np.concatenate([x_train, x_test]) for w in s.split()}
    assert sorted(words - set(word_to_vec)) == []


def test_benchmark_has_enough_analogies_in_every_category_and_similarity_pairs():
    bench = text_data.load_word_benchmark()
    assert sum(len(v) for v in bench["analogies"].values()) >= 40
    assert set(bench["analogies"]) == {
        "gender",
        "capitals",
        "languages",
        "comparatives",
        "plurals",
        "tenses",
    }
    assert len(bench["similarity"]) >= 20


def test_analogy_benchmark_reproduces_the_recorded_figures():
    recorded = recorded_metrics("word_vectors")
    builder = import_builder("word_vectors")
    measured = builder.measure(word_vectors()[2], text_data.load_word_benchmark())
    assert measured["analogy_top1_acc"] == recorded["analogy_top1_acc"] >= 60
    assert measured["king_man_woman_is_queen"] == 1
    assert measured["similarity_spearman"] == recorded["similarity_spearman"] > 0.5
    assert measured["cos_father_mother"] > measured["cos_ball_crocodile"] + 0.3


def test_gender_direction_separates_occupations_and_debiasing_moves_projections():
    m = import_builder("word_vectors").measure(word_vectors()[2], text_data.load_word_benchmark())
    assert m["g_mean_female_occupations_min_cos"] > 0 > m["g_mean_male_occupations_max_cos"]
    assert m["g_mean_receptionist_cos"] > 0.1
    assert abs(m["g_mean_receptionist_cos_after_neutralize"]) < 1e-6
    for male, female in text_data.load_word_benchmark()["equalize_pairs"]:
        after = (m[f"equalize_{male}_cos_after"], m[f"equalize_{female}_cos_after"])
        before = (m[f"equalize_{male}_cos_before"], m[f"equalize_{female}_cos_before"])
        assert after[0] == pytest.approx(-after[1], abs=1e-3)  # symmetric after equalizing
        assert before[0] != pytest.approx(-before[1], abs=0.05)  # and not before


def test_parse_word_vectors_reads_plain_glove_text(tmp_path):
    path = tmp_path / "tiny.txt"
    path.write_text("cat 0.1 0.2\ndog -0.3 0.4\n")
    word_to_index, index_to_word, word_to_vec = text_data.parse_word_vectors(path)
    assert word_to_index == {"cat": 1, "dog": 2} and index_to_word[2] == "dog"
    np.testing.assert_allclose(word_to_vec["dog"], [-0.3, 0.4])


# ----------------------------------------------------------------------- emojify


def test_emojify_has_130_train_and_56_test_sentences_over_five_classes():
    x_train, y_train, x_test, y_test = text_data.load_emojify()
    assert (len(x_train), len(x_test)) == (130, 56)
    assert set(y_train) == set(y_test) == set(range(5))
    assert not set(x_train) & set(x_test)
    assert max(len(s.split()) for s in np.concatenate([x_train, x_test])) <= 10
    assert [text_data.label_to_emoji(i) for i in range(5)] == list(text_data.EMOJI_LABELS)


def test_emojify_averaging_model_reproduces_its_recorded_accuracy():
    emojify = import_builder("emojify")
    _, _, word_to_vec = word_vectors()
    x_train, y_train, x_test, y_test = text_data.load_emojify()
    w, b = emojify.train_averaging_model(x_train, y_train, word_to_vec)
    acc = 100 * np.mean(emojify.predict_averaging(x_test, w, b, word_to_vec) == y_test)
    assert round(float(acc), 1) == recorded_metrics("emojify")["avg_test_acc"] >= 80
    assert recorded_metrics("emojify")["lstm_test_acc"] >= 80


def test_convert_to_one_hot_gives_one_row_per_label():
    np.testing.assert_array_equal(
        text_data.convert_to_one_hot(np.array([2, 0]), 3), [[0, 0, 1], [1, 0, 0]]
    )


# ------------------------------------------------------------------------- dates


def test_date_generator_is_seeded_and_writes_valid_iso_targets():
    data, human_vocab, machine_vocab, inv_machine_vocab = nmt_utils.load_dataset(300, seed=5)
    again, *_ = nmt_utils.load_dataset(300, seed=5)
    assert data == again
    assert (len(human_vocab), len(machine_vocab)) == (39, 11)
    assert inv_machine_vocab[machine_vocab["7"]] == "7"
    for human, iso in data:
        date = dt.date.fromisoformat(iso)
        assert len(human) <= nmt_utils.TX and human == human.lower()
        assert str(date.year) in human
        assert set(human) <= set(human_vocab)
    assert len({h for h, _ in data}) > 290  # formats vary


def test_date_generator_can_leave_out_given_dates():
    train, *_ = nmt_utils.load_dataset(200, seed=1)
    held, *_ = nmt_utils.load_dataset(200, seed=2, exclude={iso for _, iso in train})
    assert not {iso for _, iso in train} & {iso for _, iso in held}


def test_string_to_int_pads_cuts_and_marks_unknown_characters():
    _, human_vocab, *_ = nmt_utils.load_dataset(1)
    ints = nmt_utils.string_to_int("3 May!", 8, human_vocab)
    assert ints[:2] == [human_vocab["3"], human_vocab[" "]]
    assert ints[5] == human_vocab["<unk>"] and ints[6:] == [human_vocab["<pad>"]] * 2
    assert len(nmt_utils.string_to_int("x" * 40, 30, human_vocab)) == 30


def test_preprocess_data_gives_index_and_one_hot_arrays():
    data, hv, mv, inv = nmt_utils.load_dataset(20, seed=3)
    x, y, xoh, yoh = nmt_utils.preprocess_data(data, hv, mv, 30, 10)
    assert x.shape == (20, 30) and y.shape == (20, 10)
    assert xoh.shape == (20, 30, 39) and yoh.shape == (20, 10, 11)
    np.testing.assert_array_equal(xoh.argmax(-1), x)
    assert "".join(nmt_utils.int_to_string(y[0], inv)) == data[0][1]


def heldout() -> list[tuple[str, str]]:
    with open(data_path("c5/dates_heldout.csv"), newline="") as fh:
        return [tuple(row) for row in csv.reader(fh)]


@pytest.fixture(scope="module")
def date_model():
    """The lesson's model rebuilt from code and loaded with `model.load_weights`."""
    pytest.importorskip("keras")
    nmt = import_builder("nmt_dates")
    _, human_vocab, machine_vocab, inv = nmt_utils.load_dataset(1)
    model = nmt.build_model(len(human_vocab), len(machine_vocab))
    model.load_weights(data_path("c5/nmt_attention.weights.h5"))
    return nmt, model, human_vocab, machine_vocab, inv


def test_date_model_architecture_matches_the_recorded_layer_table(date_model):
    nmt, model, *_ = date_model
    recorded = json.loads(data_path("c5/nmt_attention_layers.json").read_text())
    assert nmt.layer_table(model) == recorded
    assert model.count_params() == recorded_metrics("nmt_dates")["params"]


def test_pretrained_date_model_reproduces_its_heldout_accuracy(date_model):
    nmt, model, human_vocab, machine_vocab, _ = date_model
    data = heldout()
    assert len(data) == 1000
    _, y, xoh, _ = nmt_utils.preprocess_data(data, human_vocab, machine_vocab)
    acc = nmt.exact_match(model, xoh, y)
    assert acc == recorded_metrics("nmt_dates")["heldout_exact_match"] >= 98


def test_attention_weights_are_distributions_that_follow_the_year(date_model):
    _, model, human_vocab, _, _ = date_model
    text = "27th april 2005"
    x = np.array([nmt_utils.string_to_int(text, 30, human_vocab)])
    xoh = np.eye(len(human_vocab), dtype=np.float32)[x]
    zeros = np.zeros((1, 64), dtype=np.float32)
    alphas = nmt_utils.attention_weights(model, "attention_weights", [xoh, zeros, zeros])
    assert alphas.shape == (1, 10, 30)
    np.testing.assert_allclose(alphas.sum(-1), 1, atol=1e-5)
    year = range(text.index("2005"), text.index("2005") + 4)
    assert all(int(alphas[0, step].argmax()) in year for step in range(4))
