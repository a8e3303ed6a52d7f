"""Given pieces of the Transformer assignment (c5w4a1), and the dates it is tried on.

The lesson's exercises (angles, positional encoding, attention, the encoder and
decoder layers, the Transformer) are not here: only what the notebook hands the
learner ready-made, as the original does (the two masks and the position-wise
feed-forward block), and the plumbing that turns the dates of c5w3a1 into token
ids and reads a trained model's translations back.

Mask convention (the one `keras.layers.MultiHeadAttention` uses): 1 marks a
position that may be attended to, 0 one that may not.

Date tokens: an input character gets its index in `human_vocab` plus one, so
that id 0 is free for padding (what `create_padding_mask` looks for); the
decoder reads the 11 ISO symbols ('-' and the digits, ids 0-10) after a start
token (id 11), so the target vocabulary has 12 entries.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from shared_utils import nmt_utils
from shared_utils.frameworks import keras, tf

PAD_ID = 0  # padding of the encoder input
START_ID = 11  # the decoder's start token: one more than the last ISO symbol
TARGET_VOCAB_SIZE = START_ID + 1


def create_padding_mask(token_ids: Any) -> tf.Tensor:
    """Which tokens are real: 1.0 for a token, 0.0 for padding (id 0).

    Args:
        token_ids: integer array or tensor (m, n).

    Returns:
        float32 tensor (m, 1, n); the middle axis lets the mask broadcast over
        the n query positions of an attention layer.
    """
    ids = tf.convert_to_tensor(token_ids)
    keep = 1.0 - tf.cast(tf.math.equal(ids, PAD_ID), tf.float32)
    return keep[:, tf.newaxis, :]


def create_look_ahead_mask(sequence_length: int) -> tf.Tensor:
    """Which earlier positions each position may look at (itself included).

    Returns:
        float32 tensor (1, n, n) with ones on and below the diagonal: row i has
        ones in columns 0..i, so position i never sees the positions after it.
    """
    ones = tf.ones((1, sequence_length, sequence_length))
    return tf.linalg.band_part(ones, -1, 0)


def FullyConnected(embedding_dim: int, fully_connected_dim: int) -> keras.Sequential:  # noqa: N802
    """The position-wise feed-forward block: Dense(relu) widening, Dense narrowing back.

    Applied to a tensor (m, n, embedding_dim), it acts on each position on its own
    and returns the same shape.
    """
    return keras.Sequential(
        [
            keras.layers.Dense(fully_connected_dim, activation="relu"),
            keras.layers.Dense(embedding_dim),
        ]
    )


# --------------------------------------------------------------------------- dates


def input_vocab_size(human_vocab: dict[str, int]) -> int:
    """Size of the encoder's vocabulary: the human characters (and '<unk>'), plus padding."""
    return len(human_vocab)


def encode_dates(
    texts: list[str], human_vocab: dict[str, int], tx: int = nmt_utils.TX
) -> np.ndarray:
    """Encoder token ids of human dates: vocabulary index + 1, padding 0.

    Args:
        texts: human-readable dates.
        human_vocab: the character vocabulary of `nmt_utils.load_dataset`.
        tx: length the ids are cut or padded to.

    Returns:
        int32 array (m, tx).
    """
    pad = human_vocab[nmt_utils.PAD]
    ids = np.array([nmt_utils.string_to_int(t, tx, human_vocab) for t in texts], dtype=np.int64)
    # '<pad>' is the last index, so every other index + 1 stays below len(human_vocab).
    return np.where(ids == pad, PAD_ID, ids + 1).astype(np.int32)


def encode_isos(isos: list[str], machine_vocab: dict[str, int]) -> np.ndarray:
    """Target ids (m, ty) of ISO dates: the index of each symbol ('-' and digits)."""
    return np.array([[machine_vocab[c] for c in iso] for iso in isos], dtype=np.int32)


def decoder_inputs(target_ids: np.ndarray) -> np.ndarray:
    """What the decoder reads while it learns: the start token, then the targets shifted right.

    Args:
        target_ids: int array (m, ty).

    Returns:
        int32 array (m, ty): column 0 is START_ID, column t is target t - 1.
    """
    start = np.full((len(target_ids), 1), START_ID, dtype=np.int32)
    return np.concatenate([start, np.asarray(target_ids, dtype=np.int32)[:, :-1]], axis=1)


def greedy_translate(
    transformer: Any, encoder_ids: np.ndarray, ty: int = nmt_utils.TY, batch_size: int = 500
) -> np.ndarray:
    """Translate with a trained Transformer one output symbol at a time.

    At step t the decoder reads the start token and the t symbols chosen so far
    (the look-ahead mask hides the unfilled places after them); the most likely
    ISO symbol at position t is kept and fed back at step t + 1.

    Args:
        transformer: a model called as `transformer(input_ids, output_ids, training=...,
            enc_padding_mask=..., look_ahead_mask=..., dec_padding_mask=...)` that
            returns (probabilities (m, ty, vocabulary), attention weights).
        encoder_ids: int array (m, tx) from `encode_dates`.
        ty: number of output symbols.
        batch_size: examples translated at once.

    Returns:
        int array (m, ty) of ISO symbol ids.
    """
    look_ahead = create_look_ahead_mask(ty)
    out = np.zeros((len(encoder_ids), ty), dtype=np.int32)
    for first in range(0, len(encoder_ids), batch_size):
        enc = np.asarray(encoder_ids[first : first + batch_size])
        padding = create_padding_mask(enc)
        dec = np.full((len(enc), ty), START_ID, dtype=np.int32)
        for t in range(ty):
            probs, _ = transformer(
                enc,
                dec,
                training=False,
                enc_padding_mask=padding,
                look_ahead_mask=look_ahead,
                dec_padding_mask=padding,
            )
            # Only ISO symbols can be chosen (never the start token).
            choice = np.argmax(np.asarray(probs)[:, t, :START_ID], axis=-1)
            out[first : first + len(enc), t] = choice
            if t + 1 < ty:
                dec[:, t + 1] = choice
    return out


def exact_match(predicted: np.ndarray, target: np.ndarray) -> float:
    """Percentage of rows whose every symbol is right."""
    return float(100 * np.mean(np.all(np.asarray(predicted) == np.asarray(target), axis=1)))
