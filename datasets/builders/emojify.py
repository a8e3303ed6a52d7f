"""Build the Emojify sentences of Course 5 (c5w2a2) and measure the lesson's two models.

What it makes (under `datasets/c5/`):
    emojify_train.csv   130 rows `sentence,label` (26 per class)
    emojify_test.csv    56 rows (11 or 12 per class)

Labels: 0 heart (love), 1 ball (sport), 2 smile (joy), 3 sad face, 4 fork and knife
(food). Every sentence was written here, lower case, no punctuation, 2 to 10 words, and
every word has a vector in `c5/word_vectors_50d.txt.gz` (checked; the build fails
otherwise). Test sentences are new sentences, not rewordings of training ones, and some
rely on words never seen in training (the point of pretrained vectors).

Measured on the files as written, with the course's word vectors:
- the averaging model of the lesson (mean of the word vectors -> softmax over 5
  classes, plain SGD one sentence at a time, lr 0.01, 400 epochs, numpy);
- the LSTM model of the lesson (frozen pretrained Embedding -> LSTM 128 returning
  sequences -> Dropout 0.5 -> LSTM 128 -> Dropout 0.5 -> Dense 5 -> softmax; Adam,
  categorical cross-entropy, 50 epochs, batch 32, max_len 10, Keras seed 1).
Both architectures are graded exercises, so they live here, never in shared_utils.

Run from the repository root:  .venv/bin/python datasets/builders/emojify.py
"""

from __future__ import annotations

import csv
import io
import os
import sys
import time
from pathlib import Path

import numpy as np

REPO_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_ROOT))

from graders.manifest import record_artifact  # noqa: E402

OUT_DIR = REPO_ROOT / "datasets" / "c5"
TRAIN_FILE = OUT_DIR / "emojify_train.csv"
TEST_FILE = OUT_DIR / "emojify_test.csv"
SEED = 1
MAX_LEN = 10

HEART, BALL, SMILE, SAD, FOOD = range(5)

TRAIN: dict[int, list[str]] = {
    HEART: [
        "i love you",
        "i really like my little sister",
        "you are the love of my life",
        "my heart belongs to you",
        "i miss you so much my dear",
        "we are so in love",
        "she is my sweetheart",
        "i really love my family",
        "you mean the world to me",
        "my darling wife",
        "he gave me a kiss",
        "i care about you deeply",
        "my grandmother loves me",
        "i treasure every moment with you",
        "love is in the air",
        "you are my valentine",
        "i want to hug you",
        "i love my dog so much",
        "our romance began last summer",
        "he is the man i love",
        "we got married in june",
        "my boyfriend is so sweet",
        "you have my heart forever",
        "i fell in love with her",
        "sending you all my love",
        "i worship you",
    ],
    BALL: [
        "let us play football",
        "he scored a goal",
        "the team won the match",
        "we play tennis every sunday",
        "she hit a home run",
        "the baseball game starts at noon",
        "i want to play soccer",
        "who won the game last night",
        "our coach is very strict",
        "he kicked the ball hard",
        "basketball practice is at five",
        "the players are on the field",
        "she is the best pitcher on the team",
        "we lost the final",
        "they are training for the championship",
        "he threw the ball to me",
        "the stadium was full of fans",
        "i watched the golf tournament",
        "she plays volleyball at school",
        "the referee blew the whistle",
        "our league starts next week",
        "he is a great athlete",
        "let us go to the stadium",
        "the hockey season is over",
        "the striker missed a penalty",
        "sports are fun",
    ],
    SMILE: [
        "i am so happy",
        "this is wonderful news",
        "what a great day",
        "i got the job",
        "we had a fantastic time",
        "you made me laugh",
        "i passed the exam",
        "that joke was hilarious",
        "i feel great today",
        "she is always cheerful",
        "congratulations on your success",
        "this party is awesome",
        "i am excited about the trip",
        "we won the lottery",
        "what a pleasant surprise",
        "he is in a good mood",
        "the weather is lovely today",
        "i am proud of you",
        "everything went perfectly",
        "that was so funny",
        "i am glad you came",
        "we are celebrating tonight",
        "good job",
        "you did it",
        "life is good",
        "i smile every morning",
    ],
    SAD: [
        "i am so sad",
        "this is terrible news",
        "i feel lonely",
        "she is very upset",
        "i failed the test",
        "what a bad day",
        "i lost my wallet",
        "he is depressed",
        "my cat died",
        "nobody came to my party",
        "i am disappointed in you",
        "we missed the train",
        "that movie made me cry",
        "i feel awful",
        "she broke my heart",
        "everything went wrong",
        "i hate rainy days",
        "he was fired today",
        "i am tired and unhappy",
        "my best friend moved away",
        "the news made me miserable",
        "i feel so bad",
        "this is a disaster",
        "i regret what i said",
        "we are very worried",
        "she is crying",
    ],
    FOOD: [
        "let us have dinner",
        "i am hungry",
        "what is for lunch",
        "this pizza is delicious",
        "we should eat something",
        "the restaurant serves great pasta",
        "i cooked soup tonight",
        "breakfast is ready",
        "she made a chocolate cake",
        "do you want a sandwich",
        "he ordered a burger and fries",
        "the chicken tastes good",
        "i want some rice",
        "let us grab a bite",
        "they are having a barbecue",
        "i love eating salad",
        "dinner is served",
        "can we get some food",
        "the bread is fresh",
        "we ate at a nice restaurant",
        "my mother makes the best cookies",
        "i need a snack",
        "he eats cereal every morning",
        "the meal was delightful",
        "we will cook fish tonight",
        "pass me the cheese",
    ],
}

TEST: dict[int, list[str]] = {
    HEART: [
        "i love my wife",
        "you are my darling",
        "i miss my mom",
        "we are in love",
        "he loves her so much",
        "my heart is yours",
        "i love my kids",
        "she kissed me",
        "i love my grandfather",
        "you are my sweetheart forever",
        "i care for you",
    ],
    BALL: [
        "let us play baseball",
        "the team scored twice",
        "he plays tennis",
        "we won the championship",
        "she kicked the ball",
        "the game was on tuesday",
        "our team lost the match",
        "he is a football player",
        "the soccer field is wet",
        "i watched the hockey game",
        "the coach called the players",
    ],
    SMILE: [
        "i am very happy today",
        "that is great news",
        "you are so funny",
        "we had a wonderful party",
        "i feel fantastic",
        "she passed her exam",
        "what a lovely surprise",
        "i am glad to see you",
        "congratulations on the new job",
        "this is awesome",
        "he laughed all day",
        "we are excited",
    ],
    SAD: [
        "i am very sad",
        "this is bad news",
        "she feels lonely",
        "he failed his exam",
        "my dog died",
        "i lost my job",
        "we are so upset",
        "that is terrible",
        "i feel miserable today",
        "she cried all night",
        "i am disappointed",
    ],
    FOOD: [
        "i am so hungry",
        "let us eat pizza",
        "what is for dinner",
        "the soup is delicious",
        "we had pasta for lunch",
        "i want a burger",
        "she baked a cake",
        "breakfast was nice",
        "he cooked chicken",
        "do you want some rice",
        "let us go to a restaurant",
    ],
}


def rows(split: dict[int, list[str]]) -> list[tuple[str, int]]:
    """Sentences with labels, interleaved across classes so the file is not sorted."""
    rng = np.random.default_rng([SEED, len(split[HEART])])
    flat = [(sentence, label) for label, sentences in split.items() for sentence in sentences]
    order = rng.permutation(len(flat))
    return [flat[i] for i in order]


def write_csv(path: Path, data: list[tuple[str, int]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for sentence, label in data:
        writer.writerow([sentence, label])
    path.write_text(buffer.getvalue())


# --------------------------------------------------------------------- the models


def sentence_average(sentence: str, word_to_vec: dict[str, np.ndarray]) -> np.ndarray:
    """Mean of the word vectors of a sentence."""
    return np.mean([word_to_vec[w] for w in sentence.lower().split()], axis=0)


def train_averaging_model(
    x: np.ndarray,
    y: np.ndarray,
    word_to_vec: dict[str, np.ndarray],
    learning_rate: float = 0.01,
    num_iterations: int = 400,
    seed: int = 1,
) -> tuple[np.ndarray, np.ndarray]:
    """Softmax regression on sentence averages, SGD one example at a time (the lesson's)."""
    rng = np.random.RandomState(seed)
    n_y, n_h = 5, next(iter(word_to_vec.values())).shape[0]
    w = rng.randn(n_y, n_h) / np.sqrt(n_h)
    b = np.zeros((n_y,))
    onehot = np.eye(n_y)[y]
    avgs = np.stack([sentence_average(s, word_to_vec) for s in x])
    for _ in range(num_iterations):
        for avg, target in zip(avgs, onehot, strict=True):
            z = w @ avg + b
            a = np.exp(z - z.max())
            a /= a.sum()
            dz = a - target
            w -= learning_rate * np.outer(dz, avg)
            b -= learning_rate * dz
    return w, b


def predict_averaging(
    x: np.ndarray, w: np.ndarray, b: np.ndarray, word_to_vec: dict[str, np.ndarray]
) -> np.ndarray:
    avgs = np.stack([sentence_average(s, word_to_vec) for s in x])
    return np.argmax(avgs @ w.T + b, axis=1)


def sentences_to_indices(x: np.ndarray, word_to_index: dict[str, int], max_len: int) -> np.ndarray:
    out = np.zeros((len(x), max_len), dtype=np.int64)
    for i, sentence in enumerate(x):
        for j, word in enumerate(sentence.lower().split()[:max_len]):
            out[i, j] = word_to_index[word]
    return out


def lstm_model(word_to_index: dict[str, int], word_to_vec: dict[str, np.ndarray]):
    """The lesson's two-layer LSTM classifier on frozen pretrained embeddings."""
    import keras

    dim = next(iter(word_to_vec.values())).shape[0]
    matrix = np.zeros((len(word_to_index) + 1, dim))
    for word, i in word_to_index.items():
        matrix[i] = word_to_vec[word]
    embedding = keras.layers.Embedding(len(word_to_index) + 1, dim, trainable=False)
    inputs = keras.Input(shape=(MAX_LEN,), dtype="int32")
    embedding.build((None, MAX_LEN))
    embedding.set_weights([matrix])
    h = embedding(inputs)
    h = keras.layers.LSTM(128, return_sequences=True)(h)
    h = keras.layers.Dropout(0.5)(h)
    h = keras.layers.LSTM(128)(h)
    h = keras.layers.Dropout(0.5)(h)
    h = keras.layers.Dense(5)(h)
    outputs = keras.layers.Activation("softmax")(h)
    return keras.Model(inputs, outputs)


def measure(x_train, y_train, x_test, y_test, word_to_index, word_to_vec) -> dict[str, float]:
    import keras

    metrics: dict[str, float] = {}
    w, b = train_averaging_model(x_train, y_train, word_to_vec)
    metrics["avg_train_acc"] = round(
        100 * float(np.mean(predict_averaging(x_train, w, b, word_to_vec) == y_train)), 1
    )
    metrics["avg_test_acc"] = round(
        100 * float(np.mean(predict_averaging(x_test, w, b, word_to_vec) == y_test)), 1
    )
    keras.utils.set_random_seed(SEED)
    model = lstm_model(word_to_index, word_to_vec)
    model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
    xi_train = sentences_to_indices(x_train, word_to_index, MAX_LEN)
    xi_test = sentences_to_indices(x_test, word_to_index, MAX_LEN)
    model.fit(xi_train, np.eye(5)[y_train], epochs=50, batch_size=32, shuffle=True, verbose=0)
    metrics["lstm_params_total"] = int(model.count_params())
    metrics["lstm_params_trainable"] = int(
        sum(int(np.prod(v.shape)) for v in model.trainable_weights)
    )
    pred_train = np.argmax(model.predict(xi_train, verbose=0), axis=1)
    pred_test = np.argmax(model.predict(xi_test, verbose=0), axis=1)
    metrics["lstm_train_acc"] = round(100 * float(np.mean(pred_train == y_train)), 1)
    metrics["lstm_test_acc"] = round(100 * float(np.mean(pred_test == y_test)), 1)
    return metrics


def main() -> None:
    start = time.perf_counter()
    os.environ.setdefault("KERAS_BACKEND", "tensorflow")
    from shared_utils.text_data import load_word_vectors, parse_emojify_csv

    word_to_index, _, word_to_vec = load_word_vectors()
    for split in (TRAIN, TEST):
        for sentences in split.values():
            for sentence in sentences:
                missing = [w for w in sentence.split() if w not in word_to_vec]
                if missing or len(sentence.split()) > MAX_LEN:
                    raise SystemExit(f"{sentence!r}: no vector for {missing} or too long")
    train_words = {w for s in TRAIN.values() for x in s for w in x.split()}
    test_words = {w for s in TEST.values() for x in s for w in x.split()}
    overlap = {x for s in TRAIN.values() for x in s} & {x for s in TEST.values() for x in s}
    if overlap:
        raise SystemExit(f"sentences in both splits: {overlap}")
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    write_csv(TRAIN_FILE, rows(TRAIN))
    write_csv(TEST_FILE, rows(TEST))
    # Measure on the files as written, parsed the way the loader parses them.
    x_train, y_train = parse_emojify_csv(TRAIN_FILE)
    x_test, y_test = parse_emojify_csv(TEST_FILE)
    metrics: dict[str, float] = {
        "train_sentences": len(x_train),
        "test_sentences": len(x_test),
        "vocabulary": len(train_words | test_words),
        "test_words_unseen_in_train": len(test_words - train_words),
    }
    metrics.update({f"train_class{k}": len(v) for k, v in TRAIN.items()})
    metrics.update({f"test_class{k}": len(v) for k, v in TEST.items()})
    metrics.update(measure(x_train, y_train, x_test, y_test, word_to_index, word_to_vec))
    for name, value in metrics.items():
        print(f"{name:>28}: {value}")
    seconds = time.perf_counter() - start
    record_artifact(
        "emojify",
        builder="datasets/builders/emojify.py",
        seed=SEED,
        files=[TRAIN_FILE, TEST_FILE],
        metrics=metrics,
        libraries=("numpy", "keras", "tensorflow-cpu"),
        build_seconds=seconds,
        notes=NOTES,
    )
    print(f"built in {seconds:.1f} s")


NOTES = (
    "Sentences written here. avg_*: mean word vector -> softmax, SGD per sentence, lr 0.01, "
    "400 epochs, W ~ randn/sqrt(50) (RandomState 1). lstm_*: frozen Embedding(21737, 50) "
    "-> LSTM(128, return_sequences) -> Dropout(0.5) -> LSTM(128) -> Dropout(0.5) -> Dense(5) "
    "-> softmax; Adam defaults, 50 epochs, batch 32, max_len 10, keras seed 1 (CPU)."
)

if __name__ == "__main__":
    main()
