"""c5w4a1 (The Transformer): the given helpers, and the trained weights the lesson loads.

The notebook hands learners the two masks and the feed-forward block, tokenises the
dates of c5w3a1 and translates them greedily with `shared_utils.transformer_utils`.
Its last section loads weights built by `datasets/builders/dates_transformer.py`
into a Transformer made from the notebook's own classes: that only works if the
builder and the notebook build the model attribute for attribute alike, which the
last test checks with the notebook's reference solutions.
"""

from __future__ import annotations

import csv

import numpy as np
import pytest

from graders.engine import solution_namespace
from graders.manifest import recorded_metrics
from shared_utils import nmt_utils, transformer_utils
from shared_utils.data import data_path
from shared_utils.frameworks import keras


def test_padding_mask_marks_real_tokens_with_ones():
    mask = np.asarray(transformer_utils.create_padding_mask(np.array([[7, 6, 0], [0, 1, 2]])))
    assert mask.shape == (2, 1, 3)
    np.testing.assert_array_equal(mask[:, 0], [[1, 1, 0], [0, 1, 1]])


def test_look_ahead_mask_lets_each_position_see_itself_and_the_past():
    mask = np.asarray(transformer_utils.create_look_ahead_mask(3))
    np.testing.assert_array_equal(mask, [[[1, 0, 0], [1, 1, 0], [1, 1, 1]]])


def test_fully_connected_keeps_the_shape():
    block = transformer_utils.FullyConnected(embedding_dim=4, fully_connected_dim=9)
    out = block(np.ones((2, 3, 4), np.float32))
    assert tuple(out.shape) == (2, 3, 4)
    assert [tuple(w.shape) for w in block.weights] == [(4, 9), (9,), (9, 4), (4,)]


def test_date_tokens_keep_zero_for_padding():
    _, human_vocab, machine_vocab, _ = nmt_utils.load_dataset(1)
    ids = transformer_utils.encode_dates(["9/23/2001", "x" * 40], human_vocab)
    assert ids.shape == (2, nmt_utils.TX)
    assert (ids[0, 9:] == 0).all() and (ids[0, :9] > 0).all()
    assert ids.max() < transformer_utils.input_vocab_size(human_vocab)
    target = transformer_utils.encode_isos(["2001-09-23"], machine_vocab)
    dec = transformer_utils.decoder_inputs(target)
    assert dec[0, 0] == transformer_utils.START_ID
    np.testing.assert_array_equal(dec[0, 1:], target[0, :-1])


def test_greedy_translation_feeds_each_choice_back():
    # A fake model whose most likely symbol at position t is (decoder input t) + 1: the
    # start token (11) gives 0, and each choice fed back gives the next number.
    def fake(enc, dec, training, enc_padding_mask, look_ahead_mask, dec_padding_mask):
        assert training is False
        probs = np.zeros(dec.shape + (transformer_utils.TARGET_VOCAB_SIZE,), np.float32)
        nxt = (np.asarray(dec) + 1) % transformer_utils.TARGET_VOCAB_SIZE
        np.put_along_axis(probs, nxt[..., None], 1.0, axis=-1)
        return probs, {}

    out = transformer_utils.greedy_translate(fake, np.ones((3, 5), np.int32), ty=4)
    np.testing.assert_array_equal(out, [[0, 1, 2, 3]] * 3)
    assert transformer_utils.exact_match(out, out) == 100.0


@pytest.mark.slow
def test_the_shipped_weights_load_into_the_notebook_transformer():
    namespace = solution_namespace("c5w4a1")
    builder = recorded_metrics("dates_transformer")
    keras.utils.set_random_seed(0)
    model = namespace["Transformer"](**builder["config"])
    _, human_vocab, machine_vocab, _ = nmt_utils.load_dataset(1)
    with open(data_path("c5/dates_heldout.csv"), newline="") as handle:
        rows = list(csv.reader(handle))[:200]
    enc = transformer_utils.encode_dates([h for h, _ in rows], human_vocab)
    target = transformer_utils.encode_isos([t for _, t in rows], machine_vocab)
    pad = transformer_utils.create_padding_mask(enc[:1])
    model(enc[:1], transformer_utils.decoder_inputs(target[:1]), training=False,
          enc_padding_mask=pad, look_ahead_mask=transformer_utils.create_look_ahead_mask(10),
          dec_padding_mask=pad)  # fmt: skip
    model.load_weights(data_path("c5/dates_transformer.weights.h5"))
    assert model.count_params() == builder["params"]
    predicted = transformer_utils.greedy_translate(model, enc)
    assert transformer_utils.exact_match(predicted, target) == pytest.approx(
        builder["heldout_first200_exact_match"], abs=0.5
    )
