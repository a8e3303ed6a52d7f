"""Hidden grader spec of c5w4a1, "The Transformer".

`get_angles` is compared by value; every other exercise runs through a probe of
`shared_utils.public_tests.c5w4a1`. The layer probes build the learner's class
with small sizes, create its weights with one call, set every weight to seeded
values, and record the weight shapes and the outputs with `training=False` and
with `training=True` (dropout on, Keras's generator seeded before the layer is
built). Only the `call` methods are the exercises; the `__init__`s are given.

Hidden cases go beyond the public ones: odd sizes and single positions for the
encodings, positions far from 0, attention on 2-D, 3-D and 4-D (per-head)
tensors, keys whose depth differs from their number, masks of every kind (none,
all ones, padding, look-ahead), dropout rates from 0 to 0.5, one to three layers,
target and input lengths that differ (a mask sent to the wrong attention then
fails), encodings computed for more positions than the sentence has, and a
decoder padding mask that differs from the encoder's.

Mistakes: angles with 2k or k/2 in the exponent, another base, a product for a
quotient; sine and cosine swapped or sine everywhere, positions from 1, no batch
axis, float64 or numpy returned; attention without the square root, the mask
added without the -1e9 scale, with the wrong sign or not inverted, the softmax
over the queries, d_k read from the sequence length, no transpose; missing
residual connections or layer normalisations, dropout active at inference or
missing, masks ignored or sent to the wrong attention, queries and keys swapped
in the encoder-decoder attention, the embeddings not scaled or scaled after the
positional encoding, no positional encoding, the first layer reused, the
attention weights numbered from 0, the decoder reading the input sentence, no
final layer.
"""

from __future__ import annotations

import numpy as np

from graders.spec import Case, edit, exercise

SEED = 5401
LAYER_TIMEOUT_S = 60.0  # TensorFlow's first operations in a fresh job, on a loaded machine


# The masks as create_padding_mask and create_look_ahead_mask give them, in numpy: the
# spec runs in the grader's own process, which never imports TensorFlow.
def padding_mask(ids: np.ndarray) -> np.ndarray:
    return (np.asarray(ids) != 0).astype(np.float32)[:, np.newaxis, :]


def look_ahead_mask(n: int) -> np.ndarray:
    return np.tril(np.ones((n, n), dtype=np.float32))[np.newaxis]


def _f32(rng: np.random.Generator, *shape: int) -> np.ndarray:
    return rng.normal(size=shape).astype(np.float32)


def _ids(rng: np.random.Generator, m: int, n: int, vocab: int, pads: list[int]) -> np.ndarray:
    """Token ids (m, n) in 1..vocab-1, with the last pads[i] positions of row i set to 0."""
    ids = rng.integers(1, vocab, size=(m, n))
    for row, pad in enumerate(pads):
        if pad:
            ids[row, n - pad :] = 0
    return ids


def _layer(d: int, heads: int, ff: int, rate: float, eps: float = 1e-6) -> dict:
    return {
        "embedding_dim": d,
        "num_heads": heads,
        "fully_connected_dim": ff,
        "dropout_rate": rate,
        "layernorm_eps": eps,
    }


# --------------------------------------------------------------------------- encodings


@exercise(
    mistakes={
        "exponent_2k": edit(
            "2 * i / d",
            "2 * k / d",
            hint="both dimensions of a pair share one frequency: the exponent is "
            "2 * (k // 2) / d, not 2k / d",
        ),
        "k_over_2_not_floored": edit(
            "i = k // 2", "i = k / 2", hint="i is the index of the pair, k // 2 (an integer)"
        ),
        "exponent_without_the_2": edit(
            "2 * i / d", "i / d", hint="the exponent is 2i / d, with i = k // 2"
        ),
        "base_1000": edit("np.power(10000,", "np.power(1000,"),
        "multiplied": edit("pos / np.power", "pos * np.power", hint="divide pos by 10000^(2i/d)"),
    },
    rtol=1e-6,
)
def get_angles(rng: np.random.Generator) -> list[Case]:
    return [
        Case("one position, d = 1", (np.array([[0]]), np.array([[0]]), 1)),
        Case("10 positions, d = 8", (np.arange(10)[:, None], np.arange(8)[None, :], 8)),
        Case("odd d = 7", (np.arange(5)[:, None], np.arange(7)[None, :], 7)),
        Case(
            "positions far from 0",
            (np.array([[1000], [5000], [12345]]), np.arange(6)[None, :], 6),
        ),
        Case("some dimensions only", (np.arange(3)[:, None], np.array([[3, 4, 5, 9]]), 10)),
        Case(
            "random positions, d = 16",
            (rng.integers(0, 200, size=(4, 1)), np.arange(16)[None, :], 16),
        ),
    ]


@exercise(
    mistakes={
        "sin_and_cos_swapped": edit(
            [
                ("np.sin(angles[:, 0::2])", "np.cos(angles[:, 0::2])"),
                ("np.cos(angles[:, 1::2])", "np.sin(angles[:, 1::2])"),
            ],
            hint="sine on the even dimensions (0::2), cosine on the odd ones (1::2)",
        ),
        "sine_everywhere": edit(
            "np.cos(angles[:, 1::2])",
            "np.sin(angles[:, 1::2])",
            hint="the odd dimensions (1::2) take the cosine",
        ),
        "positions_from_1": edit(
            "np.arange(positions)",
            "np.arange(1, positions + 1)",
            hint="positions start at 0: np.arange(positions)",
        ),
        "no_batch_axis": edit(
            "angles[np.newaxis, ...]",
            "angles",
            hint="add a batch axis in front: the shape is (1, positions, d)",
        ),
        "float64": edit(
            "tf.cast(angles[np.newaxis, ...], dtype=tf.float32)",
            "tf.constant(angles[np.newaxis, ...])",
            hint="cast to tf.float32: numpy computes in float64",
        ),
        "numpy_returned": edit(
            "tf.cast(angles[np.newaxis, ...], dtype=tf.float32)",
            "angles[np.newaxis, ...].astype(np.float32)",
            hint="return a tf.Tensor (tf.cast gives one), not a numpy array",
        ),
    },
    depends=("get_angles",),
    rtol=1e-5,
    atol=1e-6,
    timeout_s=30.0,
)
def positional_encoding(rng: np.random.Generator) -> list[Case]:
    del rng
    return [
        Case("1 position, d = 1", (1, 1)),
        Case("1 position, d = 2", (1, 2)),
        Case("odd d = 7", (7, 7)),
        Case("50 positions, d = 16", (50, 16)),
        Case("10 positions, d = 32", (10, 32)),
    ]


# --------------------------------------------------------------------------- attention


@exercise(
    mistakes={
        "no_scaling": edit(
            "matmul_qk / tf.math.sqrt(dk)",
            "matmul_qk",
            hint="divide the scores by sqrt(d_k)",
        ),
        "mask_without_the_1e9_scale": edit(
            "(1.0 - mask) * -1.0e9",
            "(1.0 - mask) * -1.0",
            hint="masked positions get -1e9 added, so that their weight is 0 after the softmax",
        ),
        "mask_with_the_wrong_sign": edit(
            "* -1.0e9",
            "* 1.0e9",
            hint="add -1e9 (not +1e9) where the mask is 0",
        ),
        "mask_not_inverted": edit(
            "(1.0 - mask) * -1.0e9",
            "mask * -1.0e9",
            hint="the mask is 1 where attention is allowed: add (1 - mask) * -1e9",
        ),
        "softmax_over_the_queries": edit(
            "axis=-1)",
            "axis=-2)",
            hint="the softmax runs over the keys, the last axis: each query's weights sum to 1",
        ),
        "dk_from_the_sequence_length": edit(
            "tf.shape(k)[-1]",
            "tf.shape(k)[-2]",
            hint="d_k is the depth of the keys, their last axis",
        ),
        "no_transpose": edit(
            "tf.matmul(q, k, transpose_b=True)",
            "tf.matmul(q, k)",
            hint="the scores are q times the transpose of k: transpose_b=True",
        ),
    },
    rtol=1e-5,
    atol=1e-6,
    timeout_s=30.0,
)
def scaled_dot_product_attention(rng: np.random.Generator) -> list[Case]:
    cases = [
        Case(
            "one query, no batch axis", (_f32(rng, 1, 3), _f32(rng, 4, 3), _f32(rng, 4, 2), None)
        ),
        Case(
            "square q and k, look-ahead mask",
            (_f32(rng, 4, 4), _f32(rng, 4, 4), _f32(rng, 4, 3), look_ahead_mask(4)[0]),
        ),
    ]
    q, k, v = _f32(rng, 3, 2, 6), _f32(rng, 3, 7, 6), _f32(rng, 3, 7, 5)
    ids = _ids(rng, 3, 7, 9, [0, 3, 6])
    cases.append(Case("batch of 3, padding mask", (q, k, v, padding_mask(ids))))
    cases.append(Case("a mask of ones", (q, k, v, np.ones((3, 1, 7), np.float32))))
    q, k, v = _f32(rng, 2, 2, 3, 4), _f32(rng, 2, 2, 5, 4), _f32(rng, 2, 2, 5, 3)
    mask = padding_mask(_ids(rng, 2, 5, 9, [2, 0]))[:, np.newaxis]
    cases.append(Case("per-head tensors (2 heads), padding mask", (q, k, v, mask)))
    cases.append(
        Case(
            "large scores",
            (4 * _f32(rng, 1, 3, 8), 4 * _f32(rng, 1, 3, 8), _f32(rng, 1, 3, 2), None),
        )
    )
    return cases


# --------------------------------------------------------------------------- layers

_DROPOUT_FFN = "self.dropout_ffn(ffn_output, training=training)"


@exercise(
    mistakes={
        "no_residual_around_attention": edit(
            "self.layernorm1(x + self_mha_output)",
            "self.layernorm1(self_mha_output)",
            hint="add the input back before the first normalisation: layernorm1(x + attention)",
        ),
        "no_residual_around_the_ffn": edit(
            "self.layernorm2(skip_x_attention + ffn_output)",
            "self.layernorm2(ffn_output)",
            hint="add the block's input back before the second normalisation",
        ),
        "no_first_layer_norm": edit(
            "skip_x_attention = self.layernorm1(x + self_mha_output)",
            "skip_x_attention = x + self_mha_output",
            hint="normalise x + attention with layernorm1",
        ),
        "dropout_at_inference": edit(
            _DROPOUT_FFN,
            "self.dropout_ffn(ffn_output, training=True)",
            hint="pass training=training: dropout must be off at inference",
        ),
        "dropout_missing": edit(
            f"        ffn_output = {_DROPOUT_FFN}\n",
            "",
            hint="apply dropout_ffn to the feed-forward output while training",
        ),
        "mask_ignored": edit(
            "attention_mask=mask", "attention_mask=None", hint="pass the mask to the attention"
        ),
        "ffn_on_the_input": edit(
            "self.ffn(skip_x_attention)",
            "self.ffn(x)",
            hint="the feed-forward block reads the output of the first add & norm",
        ),
    },
    rtol=1e-4,
    atol=1e-5,
    timeout_s=LAYER_TIMEOUT_S,
)
def EncoderLayer(rng: np.random.Generator) -> list[Case]:  # noqa: N802 - the exercise's name
    ids = _ids(rng, 2, 5, 9, [2, 0])
    return [
        Case(
            "3 heads of 6, padding mask",
            (_layer(6, 3, 10, 0.3), _f32(rng, 2, 5, 6), padding_mask(ids)),
        ),  # fmt: skip
        Case("a single position, no mask", (_layer(4, 2, 4, 0.1), _f32(rng, 1, 1, 4), None)),
        Case("no dropout, one head", (_layer(8, 1, 4, 0.0), _f32(rng, 3, 2, 8), None)),
        Case(
            "larger layer-norm epsilon, all but one position padded",
            (
                _layer(4, 2, 6, 0.2, 1e-2),
                _f32(rng, 2, 4, 4),
                padding_mask(_ids(rng, 2, 4, 9, [3, 3])),
            ),
        ),
    ]


_ENCODER_SCALE = "        x *= tf.math.sqrt(tf.cast(self.embedding_dim, tf.float32))\n"
_ENCODER_PE = "        x += self.pos_encoding[:, :seq_len, :]\n"


def _stack_mistakes(layers_attr: str) -> dict:
    """Mistakes common to the Encoder and the Decoder (both embed, scale, encode, drop)."""
    return {
        "embeddings_not_scaled": edit(
            _ENCODER_SCALE,
            "",
            hint="multiply the embeddings by sqrt(embedding_dim)",
        ),
        "scaled_after_the_positional_encoding": edit(
            _ENCODER_SCALE + _ENCODER_PE,
            _ENCODER_PE + _ENCODER_SCALE,
            hint="scale the embeddings first, then add the positional encoding",
        ),
        "no_positional_encoding": edit(
            _ENCODER_PE, "", hint="add the positional encoding of the first seq_len positions"
        ),
        "dropout_at_inference": edit(
            "x = self.dropout(x, training=training)",
            "x = self.dropout(x, training=True)",
            hint="pass training=training: dropout must be off at inference",
        ),
        "first_layer_reused": edit(
            f"self.{layers_attr}[i](",
            f"self.{layers_attr}[0](",
            hint="run every layer of the stack in turn",
        ),
    }


@exercise(
    mistakes={
        **_stack_mistakes("enc_layers"),
        "mask_not_passed": edit(
            "training=training, mask=mask)",
            "training=training, mask=None)",
            hint="pass the padding mask to every encoder layer",
        ),
    },
    depends=("positional_encoding", "EncoderLayer"),
    rtol=1e-4,
    atol=1e-5,
    timeout_s=LAYER_TIMEOUT_S,
)
def Encoder(rng: np.random.Generator) -> list[Case]:  # noqa: N802 - the exercise's name
    def config(layers, d, heads, ff, rate, vocab, max_pos):
        return {"num_layers": layers, **_layer(d, heads, ff, rate),
                "input_vocab_size": vocab, "maximum_position_encoding": max_pos}  # fmt: skip

    ids = _ids(rng, 3, 5, 12, [0, 2, 4])
    short = _ids(rng, 2, 2, 6, [0, 1])
    return [
        Case("1 layer, padding mask", (config(1, 6, 2, 8, 0.2, 12, 5), ids, padding_mask(ids))),
        Case(
            "3 layers, encodings for 20 positions",
            (config(3, 4, 2, 4, 0.1, 12, 20), ids, padding_mask(ids)),
        ),
        Case("2 layers, no dropout", (config(2, 8, 4, 6, 0.0, 6, 2), short, padding_mask(short))),
        Case("no mask", (config(2, 4, 1, 4, 0.5, 12, 8), ids, None)),
    ]


@exercise(
    mistakes={
        "look_ahead_mask_in_the_second_block": edit(
            "attention_mask=padding_mask",
            "attention_mask=look_ahead_mask",
            hint="the second block attends over the input's positions: it takes the padding mask",
        ),
        "padding_mask_in_the_first_block": edit(
            "attention_mask=look_ahead_mask",
            "attention_mask=padding_mask",
            hint="the first block is masked self-attention: it takes the look-ahead mask",
        ),
        "queries_from_the_encoder": edit(
            "Q1, enc_output, enc_output,",
            "enc_output, Q1, Q1,",
            hint="in the second block the queries come from the decoder (Q1), the keys and "
            "values from enc_output",
        ),
        "no_residual_in_the_second_block": edit(
            "self.layernorm2(mult_attn_out2 + Q1)",
            "self.layernorm2(mult_attn_out2)",
            hint="add Q1 back before layernorm2",
        ),
        "no_third_layer_norm": edit(
            "out3 = self.layernorm3(ffn_output + mult_attn_out2)",
            "out3 = ffn_output + mult_attn_out2",
            hint="normalise the last sum with layernorm3",
        ),
        "dropout_at_inference": edit(
            _DROPOUT_FFN,
            "self.dropout_ffn(ffn_output, training=True)",
            hint="pass training=training: dropout must be off at inference",
        ),
    },
    rtol=1e-4,
    atol=1e-5,
    timeout_s=LAYER_TIMEOUT_S,
)
def DecoderLayer(rng: np.random.Generator) -> list[Case]:  # noqa: N802 - the exercise's name
    ids = _ids(rng, 2, 5, 9, [1, 3])
    same = _ids(rng, 2, 3, 9, [1, 0])
    return [
        Case(
            "3 target positions, 5 input positions",
            (
                _layer(6, 2, 8, 0.3),
                _f32(rng, 2, 3, 6),
                _f32(rng, 2, 5, 6),
                look_ahead_mask(3),
                padding_mask(ids),
            ),  # fmt: skip
        ),
        Case(
            "as many target as input positions",
            (
                _layer(4, 2, 4, 0.1),
                _f32(rng, 2, 3, 4),
                _f32(rng, 2, 3, 4),
                look_ahead_mask(3),
                padding_mask(same),
            ),  # fmt: skip
        ),
        Case(
            "a single target position, no dropout",
            (
                _layer(4, 1, 6, 0.0),
                _f32(rng, 1, 1, 4),
                _f32(rng, 1, 4, 4),
                look_ahead_mask(1),
                np.ones((1, 1, 4), np.float32),
            ),  # fmt: skip
        ),
        Case(
            "no masks",
            (_layer(8, 4, 4, 0.2), _f32(rng, 3, 4, 8), _f32(rng, 3, 2, 8), None, None),
        ),
    ]


@exercise(
    mistakes={
        **_stack_mistakes("dec_layers"),
        "layers_numbered_from_0": edit(
            "decoder_layer{i + 1}",
            "decoder_layer{i}",
            every=True,
            hint="number the layers from 1 in the keys: decoder_layer1_block1_self_att, ...",
        ),
        "masks_swapped": edit(
            "look_ahead_mask=look_ahead_mask,\n                padding_mask=padding_mask,",
            "look_ahead_mask=padding_mask,\n                padding_mask=look_ahead_mask,",
            hint="look_ahead_mask goes to look_ahead_mask, padding_mask to padding_mask",
        ),
    },
    depends=("positional_encoding", "DecoderLayer"),
    rtol=1e-4,
    atol=1e-5,
    timeout_s=LAYER_TIMEOUT_S,
)
def Decoder(rng: np.random.Generator) -> list[Case]:  # noqa: N802 - the exercise's name
    def config(layers, d, heads, ff, rate, vocab, max_pos):
        return {"num_layers": layers, **_layer(d, heads, ff, rate),
                "target_vocab_size": vocab, "maximum_position_encoding": max_pos}  # fmt: skip

    ids = _ids(rng, 2, 5, 9, [0, 2])
    same = _ids(rng, 2, 4, 9, [1, 0])
    return [
        Case(
            "1 layer, 3 target and 5 input positions",
            (
                config(1, 6, 2, 8, 0.2, 7, 3),
                rng.integers(0, 7, size=(2, 3)),
                _f32(rng, 2, 5, 6),
                look_ahead_mask(3),
                padding_mask(ids),
            ),  # fmt: skip
        ),
        Case(
            "3 layers, encodings for 12 positions",
            (
                config(3, 4, 2, 4, 0.1, 9, 12),
                rng.integers(0, 9, size=(2, 4)),
                _f32(rng, 2, 4, 4),
                look_ahead_mask(4),
                padding_mask(same),
            ),  # fmt: skip
        ),
        Case(
            "2 layers, no dropout",
            (
                config(2, 4, 1, 6, 0.0, 5, 2),
                rng.integers(0, 5, size=(1, 2)),
                _f32(rng, 1, 3, 4),
                look_ahead_mask(2),
                np.ones((1, 1, 3), np.float32),
            ),  # fmt: skip
        ),
    ]


@exercise(
    mistakes={
        "decoder_reads_the_input": edit(
            "output_sentence, enc_output,",
            "input_sentence, enc_output,",
            hint="the decoder reads output_sentence; the encoder reads input_sentence",
        ),
        "encoder_without_mask": edit(
            "mask=enc_padding_mask)", "mask=None)", hint="pass enc_padding_mask to the encoder"
        ),
        "decoder_masks_swapped": edit(
            "look_ahead_mask=look_ahead_mask,\n            padding_mask=dec_padding_mask,",
            "look_ahead_mask=dec_padding_mask,\n            padding_mask=look_ahead_mask,",
            hint="the decoder takes look_ahead_mask for its self-attention and "
            "dec_padding_mask for its attention over the encoder",
        ),
        "encoder_mask_in_the_decoder": edit(
            "padding_mask=dec_padding_mask", "padding_mask=enc_padding_mask"
        ),
        "no_final_layer": edit(
            "final_output = self.final_layer(dec_output)",
            "final_output = dec_output",
            hint="apply final_layer (a softmax over the target vocabulary) to the decoder output",
        ),
        "dropout_at_inference": edit(
            "self.encoder(input_sentence, training=training,",
            "self.encoder(input_sentence, training=True,",
            hint="pass training=training: dropout must be off at inference",
        ),
    },
    depends=("Encoder", "Decoder"),
    rtol=1e-4,
    atol=1e-5,
    timeout_s=LAYER_TIMEOUT_S,
)
def Transformer(rng: np.random.Generator) -> list[Case]:  # noqa: N802 - the exercise's name
    def config(layers, d, heads, ff, rate, vocab_in, vocab_out, pos_in, pos_out):
        return {"num_layers": layers, **_layer(d, heads, ff, rate),
                "input_vocab_size": vocab_in, "target_vocab_size": vocab_out,
                "max_positional_encoding_input": pos_in,
                "max_positional_encoding_target": pos_out}  # fmt: skip

    ids = _ids(rng, 2, 5, 8, [2, 0])
    target = rng.integers(0, 6, size=(2, 3))
    mask = padding_mask(ids)
    square = _ids(rng, 3, 4, 8, [1, 0, 2])
    return [
        Case(
            "1 layer, 5 input and 3 target positions",
            (config(1, 4, 2, 8, 0.2, 8, 6, 5, 3), ids, target, mask, look_ahead_mask(3), mask),
        ),
        Case(
            "2 layers, as many input as target positions",
            (
                config(2, 6, 3, 4, 0.1, 8, 9, 10, 10),
                square,
                rng.integers(0, 9, size=(3, 4)),
                padding_mask(square),
                look_ahead_mask(4),
                padding_mask(square),
            ),  # fmt: skip
        ),
        Case(
            "a decoder padding mask that differs from the encoder's",
            (
                config(1, 4, 1, 4, 0.0, 8, 6, 6, 4),
                ids,
                target,
                mask,
                look_ahead_mask(3),
                np.ones((2, 1, 5), np.float32),
            ),  # fmt: skip
        ),
    ]
