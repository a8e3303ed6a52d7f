"""Hidden grader spec of c5w2a2, "Emojify".

Every case builds its own small vocabulary here (2- to 50-d random vectors, up to
36 words), never the course's 21,736-word map, so the numpy exercises grade in
milliseconds and each Keras model is small. The cases go beyond the public ones:
repeated, unknown and capitalised words, sentences without a known word, extra
spaces; training runs with 2 to 5 classes, other learning rates and epochs;
index matrices with sentences longer than `max_len`, `max_len` 1, vocabularies
whose indices are not in insertion order; embeddings and models of other sizes.
The Keras exercises are compared through the public tests' probes (layer table
with trainable flags and `return_sequences`, parameter counts, outputs on seeded
word indices with fixed weights).
"""

from __future__ import annotations

import numpy as np

from graders.spec import Case, edit, exercise

SEED = 5202

_WORDS = ["i", "love", "you", "the", "game", "was", "great", "food", "sad", "today", "we"]
_WORDS += ["won", "pizza", "so", "happy", "my", "dog", "ate", "cake", "ball", "not", "feel"]
_WORDS += ["tired", "play", "tennis", "dinner", "heart", "smile", "cry", "lunch", "team"]
_WORDS += ["kiss", "joke", "rain", "bread", "goal"]


def _vocab(rng: np.random.Generator, n_words: int, dim: int) -> dict[str, np.ndarray]:
    """`n_words` of the words above with random vectors of size `dim`."""
    return {w: rng.normal(0.0, 0.5, size=dim) for w in _WORDS[:n_words]}


def _sentences(
    rng: np.random.Generator, words: list[str], m: int, low: int, high: int
) -> list[str]:
    """`m` sentences of `low` to `high` words drawn from `words`."""
    return [" ".join(rng.choice(words, size=int(rng.integers(low, high + 1)))) for _ in range(m)]


def _shuffled_index(rng: np.random.Generator, words: list[str]) -> dict[str, int]:
    """word -> index 1..n, the indices in a random order (not the insertion order)."""
    return {w: int(i) + 1 for w, i in zip(words, rng.permutation(len(words)), strict=True)}


# --------------------------------------------------------------------------- V1

_DIVIDE = "    if count > 0:\n        avg = avg / count\n"


@exercise(
    mistakes={
        "divides_by_a_fixed_length": edit(
            "avg = avg / count",
            "avg = avg / 10",
            hint="divide by the number of words you added up, not by a fixed length",
        ),
        "counts_words_without_a_vector": edit(
            "avg = avg / count",
            "avg = avg / len(words)",
            hint="only the words that have a vector count in the average",
        ),
        "unknown_words_crash": edit(
            "        if w in word_to_vec_map:\n            avg += word_to_vec_map[w]\n"
            "            count += 1\n",
            "        avg += word_to_vec_map[w]\n        count += 1\n",
            hint="skip the words that have no vector (the lesson's rule)",
        ),
        "no_lowercasing": edit(
            "sentence.lower().split()",
            "sentence.split()",
            hint="lower-case the sentence first: the vocabulary is lower case",
        ),
        "sum_not_mean": edit(_DIVIDE, "", hint="divide the sum by the number of words"),
        "no_known_word_gives_nan": edit(
            _DIVIDE,
            "    avg = avg / count\n",
            hint="when no word has a vector, return the zero vector (do not divide by 0)",
        ),
    },
)
def sentence_to_avg(rng: np.random.Generator) -> list[Case]:
    vocab50 = _vocab(rng, 12, 50)
    vocab4 = _vocab(rng, 8, 4)
    scales = [0.01, 1.0, 30.0, 2.0, 0.5]
    mixed = {w: v * s for (w, v), s in zip(_vocab(rng, 5, 6).items(), scales, strict=True)}
    return [
        Case("a 50-d vocabulary, six words", (" ".join(_WORDS[:6]), vocab50)),
        Case("a one-word sentence", ("game", vocab50)),
        Case("repeated words count every time", ("love love love you", vocab4)),
        Case("capitals and words without a vector", ("I LOVE Zebras and You", vocab4)),
        Case("no word has a vector", ("zebras eat grass", vocab4)),
        Case("extra spaces between the words", ("  i   love  the   game ", vocab4)),
        Case("vectors of very different lengths", ("i you the love game", mixed)),
    ]


@exercise(
    mistakes={
        "gradient_ascent": edit(
            [
                ("W = W - learning_rate * dW", "W = W + learning_rate * dW"),
                ("b = b - learning_rate * db", "b = b + learning_rate * db"),
            ],
            hint="step against the gradient: W - learning_rate * dW",
        ),
        "no_softmax": edit(
            "            a = np.exp(z - np.max(z))\n            a = a / np.sum(a)\n",
            "            a = z\n",
            hint="turn z into probabilities with the softmax before comparing with the label",
        ),
        "integer_label_instead_of_one_hot": edit(
            "dz = a - Y_oh[i]",
            "dz = a - Y[i]",
            hint="subtract the one-hot label Y_oh[i], not the integer label Y[i]",
        ),
        "dW_transposed": edit("dW = np.outer(dz, avg)", "dW = np.outer(avg, dz)"),
        "no_learning_rate": edit(
            [("learning_rate * dW", "dW"), ("learning_rate * db", "db")],
            hint="scale each step by the learning rate",
        ),
        "biases_never_updated": edit(
            "            b = b - learning_rate * db\n",
            "",
            hint="update b too: b - learning_rate * db",
        ),
    },
    depends=("sentence_to_avg",),
)
def model(rng: np.random.Generator) -> list[Case]:
    cases = []
    for m, n_classes, dim, lr, epochs, label in [
        (6, 3, 4, None, 5, "6 sentences, 3 classes, the default learning rate, 5 epochs"),
        (10, 5, 6, 0.05, 20, "10 sentences, 5 classes, learning_rate 0.05, 20 epochs"),
        (1, 2, 3, 0.5, 2, "a single sentence, 2 classes, 2 epochs"),
        (8, 4, 10, 0.2, 12, "8 sentences with unknown words, 4 classes, 12 epochs"),
    ]:
        vocab = _vocab(rng, 10, dim)
        words = list(vocab) + (["zebra", "quartz"] if "unknown" in label else [])
        X = np.array(_sentences(rng, words, m, 2, 6))
        Y = rng.integers(0, n_classes, size=m)
        Y[-1] = n_classes - 1  # the largest label is present: n_y = n_classes
        kwargs = {"num_iterations": epochs} | ({"learning_rate": lr} if lr else {})
        cases.append(Case(label, (X, Y, vocab), kwargs))
    return cases


# --------------------------------------------------------------------------- V2


@exercise(
    mistakes={
        "indices_start_at_zero": edit(
            "X_indices[i, j] = word_to_index[w]",
            "X_indices[i, j] = word_to_index[w] - 1",
            hint="word_to_index already starts at 1: index 0 is kept for padding",
        ),
        "unknown_words_crash": edit(
            "if w in word_to_index and j < max_len:",
            "if j < max_len:",
            hint="skip the words that have no index",
        ),
        "no_cut_at_max_len": edit(
            "if w in word_to_index and j < max_len:",
            "if w in word_to_index:",
            hint="stop after max_len words: longer sentences are cut",
        ),
        "no_lowercasing": edit(
            "X[i].lower().split()",
            "X[i].split()",
            hint="lower-case each sentence first: the vocabulary is lower case",
        ),
        "position_not_reset": edit(
            [
                ("        j = 0\n", ""),
                ("    for i in range(m):\n", "    j = 0\n    for i in range(m):\n"),
            ],
            hint="start again at position 0 for every sentence",
        ),
    },
)
def sentences_to_indices(rng: np.random.Generator) -> list[Case]:
    words = _WORDS[:30]
    index = _shuffled_index(rng, words)
    return [
        Case(
            "sentences longer than max_len are cut",
            (np.array(_sentences(rng, words, 3, 8, 12)), index, 5),
        ),  # fmt: skip
        Case("max_len 1", (np.array(["we won the game", "love"]), index, 1)),
        Case(
            "capitals and words without an index",
            (np.array(["I LOVE Zebras", "Pizza is great"]), index, 4),
        ),  # fmt: skip
        Case("5 sentences, max_len 10", (np.array(_sentences(rng, words, 5, 1, 10)), index, 10)),
        Case("a sentence of unknown words only", (np.array(["zebras eat grass", "i"]), index, 3)),
    ]


@exercise(
    mistakes={
        "left_trainable": edit(
            "trainable=False",
            "trainable=True",
            hint="freeze the layer (trainable=False): the pretrained vectors must not change",
        ),
        "rows_shifted": edit(
            "emb_matrix[idx, :] = word_to_vec_map[word]",
            "emb_matrix[idx - 1, :] = word_to_vec_map[word]",
            hint="row i holds the vector of the word whose index is i; row 0 stays zero",
        ),
        "no_padding_row": edit(
            "vocab_size = len(word_to_index) + 1", "vocab_size = len(word_to_index)"
        ),
        "weights_never_set": edit(
            "    embedding_layer.set_weights([emb_matrix])\n",
            "",
            hint="copy emb_matrix into the layer with set_weights (after build)",
        ),
    },
    rtol=1e-5,
    atol=1e-6,
)
def pretrained_embedding_layer(rng: np.random.Generator) -> list[Case]:
    cases = []
    for n_words, dim, label in [
        (7, 5, "7 words, 5-d vectors, indices not in insertion order"),
        (1, 3, "a single word"),
        (36, 50, "36 words, 50-d vectors"),
    ]:
        vocab = _vocab(rng, n_words, dim)
        cases.append(Case(label, (vocab, _shuffled_index(rng, list(vocab)))))
    return cases


@exercise(
    mistakes={
        "first_lstm_returns_its_last_output_only": edit(
            "keras.layers.LSTM(128, return_sequences=True)(embeddings)",
            "keras.layers.LSTM(128, return_sequences=False)(embeddings)",
            hint="the first LSTM passes its whole sequence on (return_sequences=True)",
        ),
        "second_lstm_returns_sequences": edit(
            "keras.layers.LSTM(128, return_sequences=False)(X)",
            "keras.layers.LSTM(128, return_sequences=True)(X)",
            hint="the second LSTM returns only its last output (return_sequences=False)",
        ),
        "no_dropout": edit(
            "    X = keras.layers.Dropout(0.5)(X)\n",
            "",
            every=True,
            hint="add Dropout(0.5) after each LSTM",
        ),
        "no_softmax": edit(
            '    X = keras.layers.Activation("softmax")(X)\n',
            "",
            hint="end with Activation('softmax'): the outputs are probabilities over 5 emoji",
        ),
        "fresh_embedding": edit(
            "embedding_layer = pretrained_embedding_layer(word_to_vec_map, word_to_index)",
            "embedding_layer = keras.layers.Embedding(len(word_to_index) + 1, "
            "next(iter(word_to_vec_map.values())).shape[0])",
            hint="use pretrained_embedding_layer: the pretrained vectors, frozen",
        ),
        "embedding_unfrozen": edit(
            "embedding_layer = pretrained_embedding_layer(word_to_vec_map, word_to_index)\n",
            "embedding_layer = pretrained_embedding_layer(word_to_vec_map, word_to_index)\n"
            "    embedding_layer.trainable = True\n",
        ),
    },
    depends=("pretrained_embedding_layer",),
    rtol=1e-4,
    atol=1e-6,
    timeout_s=40.0,
)
def Emojify_V2(rng: np.random.Generator) -> list[Case]:  # noqa: N802 - the lesson's name
    cases = []
    for n_words, dim, max_len, label in [
        (5, 3, 4, "5 words with 3-d vectors, sentences of 4 words"),
        (8, 6, 10, "8 words with 6-d vectors, sentences of 10 words"),
        (1, 2, 1, "a single word with 2-d vectors, sentences of 1 word"),
    ]:
        vocab = _vocab(rng, n_words, dim)
        cases.append(Case(label, ((max_len,), vocab, _shuffled_index(rng, list(vocab)))))
    return cases
