"""Dates for neural machine translation with attention (c5w3a1).

Human-readable dates in many English formats ("sunday, 23 september 2001",
"the 3rd of may 1979", "9/23/2001") are translated into ISO dates ("2001-09-23").
Dates are drawn with Faker and written with Babel's CLDR patterns (English locales:
US, GB, AU, CA, IN, IE, NZ, ZA) plus ordinal forms Babel has no pattern for. Patterns
use `y` (calendar year), never `Y`/`YYY` (week-based year, wrong around New Year), and
never a two-digit year (its century would be a guess). Numeric forms are unambiguous by
their separator: `d.M.y` / `dd.MM.y` with dots (day first), `M/d/y` / `MM/dd/y` with
slashes (month first), ISO-like `y-MM-dd` with dashes.

Nothing here trains or defines the attention model: that is the lesson's exercise.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable

import numpy as np

TX = 30  # characters of a human date (longer strings are never generated)
TY = 10  # characters of an ISO date
FIRST_DATE = dt.date(1950, 1, 1)
LAST_DATE = dt.date(2049, 12, 31)
LOCALES = ("en_US", "en_GB", "en_AU", "en_CA", "en_IN", "en_IE", "en_NZ", "en_ZA")
# Babel's named styles; "short" is left out (two-digit years in most English locales).
STYLES = ("full", "long", "medium")
PATTERNS = (
    "d MMM y",
    "d MMMM y",
    "dd MMM y",
    "EEE d MMM y",
    "EEEE d MMMM y",
    "EEE, MMM d, y",
    "MMMM d y",
    "MMM d y",
    "MMMM d, y",
    "EEEE, MMMM d, y",
    "d MMMM, y",
    "MMM dd, y",
    "d.M.y",
    "dd.MM.y",
    "M/d/y",
    "MM/dd/y",
    "y-MM-dd",
    "y MMM d",
)
# Ordinal forms, filled by hand: {day} is "1st", "22nd", ...
ORDINAL_TEMPLATES = (
    "the {day} of {month} {year}",
    "{day} of {month} {year}",
    "{day} {month} {year}",
    "{month} {day}, {year}",
    "{month} {day} {year}",
    "{weekday} the {day} of {month} {year}",
    "{weekday}, {month} {day}, {year}",
    "{day} {mon} {year}",
)
PAD, UNK = "<pad>", "<unk>"


def ordinal(day: int) -> str:
    """1 -> '1st', 2 -> '2nd', 11 -> '11th', 23 -> '23rd'."""
    suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def human_date(date: dt.date, rng: random.Random) -> str:
    """One random human-readable rendering of `date`, lower case, at most TX characters."""
    from babel.dates import format_date

    while True:
        locale = rng.choice(LOCALES)
        kind = rng.random()
        if kind < 0.25:
            text = format_date(date, format=rng.choice(STYLES), locale=locale)
        elif kind < 0.8:
            text = format_date(date, format=rng.choice(PATTERNS), locale=locale)
        else:
            text = rng.choice(ORDINAL_TEMPLATES).format(
                day=ordinal(date.day),
                month=format_date(date, "MMMM", locale=locale),
                mon=format_date(date, "MMM", locale=locale),
                weekday=format_date(date, "EEEE", locale=locale),
                year=date.year,
            )
        text = text.lower()
        if len(text) <= TX:
            return text


def load_dataset(
    m: int, seed: int = 12345, exclude: set[str] | None = None
) -> tuple[list[tuple[str, str]], dict[str, int], dict[str, int], dict[int, str]]:
    """`m` (human date, ISO date) pairs and the vocabularies.

    Args:
        m: number of examples.
        seed: seeds Faker (the dates) and the choice of format, so a seed gives the
            same examples every time.
        exclude: ISO dates never to draw (e.g. the training dates, for a held-out set).

    Returns:
        dataset: list of (human, machine) string pairs;
        human_vocab: character -> index over every character the generator can write,
            plus '<unk>' and '<pad>' (fixed, whatever `m` and `seed` are);
        machine_vocab: character -> index over '-' and the digits (11 symbols);
        inv_machine_vocab: index -> character.
    """
    from faker import Faker

    fake = Faker("en_US")
    fake.seed_instance(seed)
    rng = random.Random(seed)
    exclude = exclude or set()
    dataset = []
    while len(dataset) < m:
        date = fake.date_between_dates(FIRST_DATE, LAST_DATE)
        iso = date.isoformat()
        if iso in exclude:
            continue
        dataset.append((human_date(date, rng), iso))
    human_vocab = {c: i for i, c in enumerate(sorted(HUMAN_CHARS) + [UNK, PAD])}
    machine_vocab = {c: i for i, c in enumerate(sorted("-0123456789"))}
    inv_machine_vocab = {i: c for c, i in machine_vocab.items()}
    return dataset, human_vocab, machine_vocab, inv_machine_vocab


def _all_human_chars() -> frozenset[str]:
    """Every character any locale, style, pattern or template above can write."""
    from babel.dates import format_date

    chars = set(" 0123456789")
    for month in range(1, 13):
        for weekday_day in range(1, 8):
            date = dt.date(2001, month, weekday_day)
            for locale in LOCALES:
                for fmt in STYLES + PATTERNS + ("MMMM", "MMM", "EEEE"):
                    chars |= set(format_date(date, fmt, locale=locale).lower())
    for template in ORDINAL_TEMPLATES:
        chars |= set(template.format(day="1st2nd3rd4th", month="", mon="", weekday="", year=""))
    return frozenset(chars)


HUMAN_CHARS = _all_human_chars()


def string_to_int(string: str, length: int, vocab: dict[str, int]) -> list[int]:
    """Indices of the characters of `string` (lower-cased), cut or padded to `length`.

    Unknown characters map to '<unk>', padding to '<pad>'.
    """
    ints = [vocab[c] if c in vocab else vocab[UNK] for c in string.lower()[:length]]
    return ints + [vocab[PAD]] * (length - len(ints)) if len(ints) < length else ints


def int_to_string(ints: Iterable[int], inv_vocab: dict[int, str]) -> list[str]:
    """The characters of a sequence of indices."""
    return [inv_vocab[int(i)] for i in ints]


def preprocess_data(
    dataset: list[tuple[str, str]],
    human_vocab: dict[str, int],
    machine_vocab: dict[str, int],
    tx: int = TX,
    ty: int = TY,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Index and one-hot arrays of a dataset.

    Returns:
        X (m, tx) int, Y (m, ty) int, Xoh (m, tx, len(human_vocab)) float32,
        Yoh (m, ty, len(machine_vocab)) float32.
    """
    x = np.array([string_to_int(h, tx, human_vocab) for h, _ in dataset], dtype=np.int64)
    y = np.array([string_to_int(t, ty, machine_vocab) for _, t in dataset], dtype=np.int64)
    xoh = np.eye(len(human_vocab), dtype=np.float32)[x]
    yoh = np.eye(len(machine_vocab), dtype=np.float32)[y]
    return x, y, xoh, yoh


def softmax(x, axis: int = 1):
    """Softmax along `axis` (axis 1 = the Tx input positions in the attention layer)."""
    import keras

    return keras.ops.softmax(x, axis=axis)


def plot_attention_map(
    weights: np.ndarray, source: str, prediction: str, ax=None, tx: int | None = None
):
    """Heat map of attention weights (Ty, Tx): output characters down, input across.

    Args:
        weights: array (Ty, Tx) of attention weights (each row sums to 1).
        source: the human date that was translated.
        prediction: the predicted ISO date (Ty characters).
        ax: matplotlib axes to draw on (a new figure if None).
        tx: how many input positions to show (default: the length of `source`).
    """
    import matplotlib.pyplot as plt

    tx = tx or len(source)
    if ax is None:
        _, ax = plt.subplots(figsize=(0.32 * tx + 1.5, 0.32 * len(prediction) + 1.2))
    ax.imshow(weights[: len(prediction), :tx], cmap="Blues", aspect="auto", vmin=0)
    ax.set_xticks(range(tx), list(source[:tx].replace(" ", "\u2423")), fontsize=9)
    ax.set_yticks(range(len(prediction)), list(prediction), fontsize=9)
    ax.set_xlabel("input characters")
    ax.set_ylabel("output characters")
    return ax


def attention_weights(model, attention_layer, inputs: list) -> np.ndarray:
    """Attention weights a model computes at every output step, shape (m, Ty, Tx).

    Args:
        model: a Keras model that calls the same `attention_layer` once per output step
            (the layers of the lesson are shared across steps).
        attention_layer: that layer (e.g. the softmax-over-time Activation) or its name.
        inputs: what `model.predict` takes, e.g. `[Xoh, s0, c0]`.
    """
    import keras

    if isinstance(attention_layer, str):
        attention_layer = model.get_layer(attention_layer)
    # One inbound node per call of the shared layer, in call order (= output step).
    steps = [node.outputs[0] for node in attention_layer._inbound_nodes]
    probe = keras.Model(model.inputs, steps)
    alphas = probe.predict(inputs, verbose=0)
    alphas = alphas if isinstance(alphas, list) else [alphas]
    return np.stack([np.asarray(a)[..., 0] for a in alphas], axis=1)
