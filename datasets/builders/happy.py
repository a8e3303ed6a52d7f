"""Build the "happy house" faces of Course 4 (smiling or not), used by c4w1a2.

What it makes (all under `datasets/c4/`):
    train_happy.h5      train_set_x uint8 (600, 64, 64, 3), train_set_y int64 (600,),
                        list_classes [b"not smiling", b"smiling"]; 300 smiling.
    test_happy.h5       test_set_x uint8 (150, 64, 64, 3), test_set_y int64 (150,),
                        list_classes; 75 smiling.
    happy_samples.png   the first 48 training images with their labels.

How: every face is drawn here with Pillow on a 128 x 128 canvas and shrunk to 64 x 64.
Faces vary in skin tone, face shape, hair (style and colour), glasses, headwear, beards,
eye shape, pose (shift, size, tilt and a turn of the head that slides the features
sideways) and background (walls, gradients, blurred noise, stripes), in a dim hallway
light (pixel values below 100; see `draw_face` for why). The label is the
mouth: smiles curve up (sometimes open, showing teeth, with raised cheeks); the other class
has straight, down-turned or round "surprised" mouths. The strength of the expression is
drawn from ranges that reach close to neutral on both sides: half of the non-smiling
mouths are straight or barely turned and one smile in seventeen is faint, so about a
quarter of the faces are near-neutral (`*_subtle_faces` in the manifest) and the task
is not trivial.

Each image has its own generator `default_rng([SEED, split, index])`; h5 files are written
without timestamps, so the files are the same bytes on every run. The builder then trains
the lesson's small ConvNet (ZeroPadding2D 3, Conv2D 32 7x7, BatchNormalization, ReLU,
MaxPool, Flatten, Dense 1 sigmoid; Adam, batch 16, 10 epochs) and records its accuracy.

Run from the repository root:  .venv/bin/python datasets/builders/happy.py
"""

from __future__ import annotations

import math
import os
import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from graders.manifest import record_artifact

sys.path.insert(0, str(Path(__file__).resolve().parent))
from course_files import write_course_h5, write_sample_sheet  # noqa: E402
from palette import from_field, jitter, shade, smooth_noise  # noqa: E402

SEED = 4
REPO_ROOT = Path(__file__).resolve().parents[2]
OUT_DIR = REPO_ROOT / "datasets" / "c4"
TRAIN_FILE = OUT_DIR / "train_happy.h5"
TEST_FILE = OUT_DIR / "test_happy.h5"
SHEET_FILE = OUT_DIR / "happy_samples.png"
CLASSES = [b"not smiling", b"smiling"]
SPLITS = {"train": (0, 600), "test": (1, 150)}  # split: (split id, images); half smile
SIZE = 64
CANVAS = 128
RX_LOW, RX_HIGH = 44.0, 48.0  # face half-width on the 128 canvas: close-up portraits
SUBTLE = 0.15  # |expression| below this counts as subtle (reported in the metrics)

Color = tuple[int, int, int]
Rng = np.random.Generator
Draw = ImageDraw.ImageDraw


def box(cx: float, cy: float, rx: float, ry: float) -> tuple[float, float, float, float]:
    """Bounding box of an ellipse given its centre and radii."""
    return (cx - rx, cy - ry, cx + rx, cy + ry)


# ----------------------------------------------------------------------- backgrounds


def random_color(rng: Rng, low: int = 30, high: int = 235) -> Color:
    return tuple(int(v) for v in rng.integers(low, high, 3))


# Wall and floor of the two rooms of the house; the camera hangs at the door, so the
# backdrop changes little from one visitor to the next (as in a real door camera).
ROOMS: list[tuple[Color, Color]] = [
    ((205, 195, 170), (130, 90, 60)),
    ((185, 195, 200), (110, 100, 95)),
]


def background(rng: Rng) -> Image.Image:
    """One of the house's rooms: wall, floor line, sometimes a door frame or a picture."""
    wall, floor = (jitter(rng, c, 8) for c in ROOMS[rng.integers(len(ROOMS))])
    if rng.random() < 0.5:  # a patterned wall: the backdrop varies from visitor to visitor
        img = from_field(
            smooth_noise(rng, int(rng.integers(3, 12)), CANVAS),
            random_color(rng),
            random_color(rng),
        )
    else:
        img = from_field(smooth_noise(rng, 4, CANVAS), shade(wall, 0.9), shade(wall, 1.06))
    draw = ImageDraw.Draw(img)
    floor_y = int(rng.integers(108, 118))
    draw.rectangle((0, floor_y, CANVAS, CANVAS), fill=floor)
    kind = rng.integers(3)
    x = int(rng.integers(0, CANVAS - 20))
    if kind == 0:  # door frame
        draw.rectangle(
            (x, int(rng.integers(5, 30)), x + int(rng.integers(25, 45)), floor_y),
            outline=shade(wall, 0.6),
            width=3,
        )
    elif kind == 1:  # picture on the wall
        y = int(rng.integers(5, 50))
        draw.rectangle(
            (x, y, x + int(rng.integers(15, 30)), y + int(rng.integers(12, 25))),
            fill=random_color(rng),
            outline=(60, 45, 30),
            width=2,
        )
    return img


# ----------------------------------------------------------------------------- faces

SKIN: list[Color] = [
    (255, 224, 196),
    (241, 194, 160),
    (224, 172, 130),
    (198, 134, 96),
    (160, 102, 66),
    (118, 74, 48),
    (86, 56, 38),
    (232, 190, 170),
]
SHIRTS: list[Color] = [
    (60, 70, 110),
    (120, 40, 40),
    (70, 100, 70),
    (200, 200, 200),
    (40, 40, 45),
    (150, 130, 100),
]
HAIR: list[Color] = [
    (20, 18, 18),
    (60, 40, 25),
    (110, 70, 35),
    (170, 120, 60),
    (225, 195, 120),
    (150, 60, 30),
    (190, 190, 190),
    (240, 240, 235),
    (60, 80, 160),
    (180, 60, 120),
]


def draw_hair_back(draw: Draw, rng: Rng, f: dict) -> None:
    """Long hair drawn behind the face."""
    cx, cy, rx, ry = f["cx"], f["cy"], f["rx"], f["ry"]
    length = rng.uniform(0.6, 1.4)
    draw.rounded_rectangle(
        (cx - rx * 1.25, cy - ry * 0.9, cx + rx * 1.25, cy + ry * length + 10),
        radius=int(rx * 0.6),
        fill=f["hair"],
    )


def draw_hair_top(draw: Draw, rng: Rng, f: dict) -> None:
    """Hair on top of the head: a cap, a side parting, curls or a fringe."""
    cx, cy, rx, ry, hair = f["cx"], f["cy"], f["rx"], f["ry"], f["hair"]
    style = f["hair_style"]
    if style == "bald":
        return
    if style == "curly":
        for k in range(14):
            a = math.pi * (1.05 + 0.9 * k / 13)
            r = rng.uniform(0.22, 0.32) * rx
            draw.ellipse(
                box(cx + 1.0 * rx * math.cos(a), cy + 0.95 * ry * math.sin(a), r, r), fill=hair
            )
        return
    draw.chord(box(cx, cy - ry * 0.42, rx * 1.05, ry * 0.68), 180, 360, fill=hair)
    if style == "fringe":
        draw.rectangle((cx - rx * 0.75, cy - ry * 0.75, cx + rx * 0.75, cy - ry * 0.5), fill=hair)
    elif style == "parting":
        side = 1 if rng.random() < 0.5 else -1
        draw.polygon(
            [
                (cx - rx, cy - ry * 0.3),
                (cx + side * rx * 0.2, cy - ry * 0.95),
                (cx + side * rx * 0.9, cy - ry * 0.35),
            ],
            fill=hair,
        )


def draw_headwear(draw: Draw, rng: Rng, f: dict) -> None:
    """A beanie, a cap with a peak or a brimmed hat."""
    cx, cy, rx, ry = f["cx"], f["cy"], f["rx"], f["ry"]
    color = random_color(rng)
    kind = f["headwear"]
    top = cy - ry * 0.62
    if kind == "beanie":
        draw.chord(box(cx, top, rx * 1.08, ry * 0.75), 180, 360, fill=color)
        draw.rectangle((cx - rx * 1.08, top - 4, cx + rx * 1.08, top + 6), fill=shade(color, 0.8))
    elif kind == "cap":
        draw.chord(box(cx, top, rx * 1.02, ry * 0.7), 180, 360, fill=color)
        side = 1 if rng.random() < 0.5 else -1
        draw.ellipse(box(cx + side * rx * 0.6, top, rx * 0.75, ry * 0.12), fill=shade(color, 0.8))
    else:  # hat
        draw.ellipse(box(cx, top, rx * 1.6, ry * 0.18), fill=shade(color, 0.85))
        draw.rectangle((cx - rx * 0.85, top - ry * 0.75, cx + rx * 0.85, top), fill=color)
        draw.rectangle(
            (cx - rx * 0.85, top - ry * 0.2, cx + rx * 0.85, top - ry * 0.05),
            fill=random_color(rng),
        )


def mouth_curve(cx: float, y0: float, width: float, bend: float, n: int = 13) -> list:
    """Points of a parabola through the mouth: corners `bend` pixels above the middle."""
    return [(cx + width * t, y0 - bend * t * t) for t in np.linspace(-1, 1, n)]


def draw_mouth(draw: Draw, rng: Rng, f: dict, expression: float) -> None:
    """The mouth: expression > 0 smiles (more curve when larger), < 0 does not.

    Non-smiles are straight, turned down or a round 'o'; strong smiles may open
    and show teeth.
    """
    cx, my, rx = f["mx"], f["cy"] + f["rx"] * rng.uniform(0.6, 0.64), f["rx"]
    width = rx * rng.uniform(0.5, 0.62) * (1 + 0.3 * max(expression, 0))
    lip = f["lip"]
    thick = max(5, int(rx / 6))
    if expression < 0 and f["mouth_kind"] == "o":
        r = rx * rng.uniform(0.1, 0.16)
        draw.ellipse(
            box(cx, my, r * 0.85, r * (1 + 0.5 * -expression)),
            fill=(90, 30, 35),
            outline=lip,
            width=thick,
        )
        return
    # Corners go up for smiles and down (a little less) for frowns.
    bend = expression * rx * (0.5 if expression > 0 else 0.35)
    if expression > 0.2 and f["open_smile"]:
        upper = mouth_curve(cx, my, width, bend * 0.55)
        lower = mouth_curve(cx, my + rx * 0.2 * expression + 6, width, bend * 1.1)
        draw.polygon(upper + lower[::-1], fill=(110, 25, 35))
        draw.polygon(upper + [(x, y + 7) for x, y in upper[::-1]], fill=(245, 245, 240))
        draw.line(upper, fill=lip, width=thick - 1, joint="curve")
        draw.line(lower, fill=lip, width=thick - 1, joint="curve")
        return
    draw.line(mouth_curve(cx, my, width, bend), fill=lip, width=thick, joint="curve")


def draw_eyes(draw: Draw, rng: Rng, f: dict, expression: float) -> None:
    """Eyes and eyebrows; broad smiles squint a little and lift the cheeks."""
    cx, cy, rx, ry = f["fx"], f["cy"], f["rx"], f["ry"]
    gap, ey = rx * rng.uniform(0.36, 0.46), cy - ry * rng.uniform(0.08, 0.18)
    er = rx * rng.uniform(0.09, 0.14)
    squint = 1 - 0.4 * max(expression - 0.5, 0)
    brow_tilt = rng.uniform(-2, 2) + (3 * expression if expression < -0.5 else 0)
    for side in (-1, 1):
        ex = cx + side * gap
        if f["closed_eyes"]:
            draw.arc(box(ex, ey, er, er * 0.7), 200, 340, fill=(40, 30, 30), width=2)
        else:
            draw.ellipse(box(ex, ey, er * 1.2, er * squint), fill=(250, 250, 250))
            draw.ellipse(
                box(ex + f["look"] * er * 0.3, ey, er * 0.6, er * 0.6 * squint), fill=f["iris"]
            )
        by = ey - er * 1.8
        draw.line(
            [(ex - er * 1.3, by + side * brow_tilt), (ex + er * 1.3, by - side * brow_tilt)],
            fill=shade(f["hair"], 0.8),
            width=max(2, int(rx / 12)),
        )
        if expression > 0.55 and f["cheeks"]:
            draw.ellipse(
                box(ex + side * er * 0.5, ey + er * 2.6, er * 1.1, er * 0.7),
                fill=jitter(rng, shade(f["skin"], 0.95), 4)
                if f["cheeks"] == 1
                else (230, 140, 140),
            )
    if f["glasses"]:
        frame = (20, 20, 20) if rng.random() < 0.6 else random_color(rng)
        for side in (-1, 1):
            ex = cx + side * gap
            draw.rounded_rectangle(
                box(ex, ey, er * 2.0, er * 1.6), radius=int(er * 0.6), outline=frame, width=2
            )
        draw.line([(cx - gap + er * 2.0, ey), (cx + gap - er * 2.0, ey)], fill=frame, width=2)


def draw_nose(draw: Draw, f: dict) -> None:
    cx, cy, rx = f["fx"], f["cy"], f["rx"]
    draw.line(
        [(cx, cy + rx * 0.02), (cx - rx * 0.08, cy + rx * 0.28), (cx + rx * 0.04, cy + rx * 0.3)],
        fill=shade(f["skin"], 0.75),
        width=2,
    )


def face_features(rng: Rng) -> dict:
    """Random identity: face geometry, colours and accessories."""
    rx = rng.uniform(RX_LOW, RX_HIGH)
    cx, cy = CANVAS / 2 + rng.uniform(-3, 3), CANVAS / 2 + rng.uniform(-6, 0)
    turn = rng.uniform(-0.08, 0.08)  # head turned: features slide sideways
    skin = jitter(rng, SKIN[rng.integers(len(SKIN))], 10)
    f = {
        "cx": cx,
        "cy": cy,
        "rx": rx * (1 - abs(turn) * 0.3),
        "ry": rx * rng.uniform(1.12, 1.25),
        "skin": skin,
        "hair": jitter(rng, HAIR[rng.integers(len(HAIR))], 12),
        "hair_style": ["bald", "cap", "curly", "fringe", "parting", "cap"][rng.integers(6)],
        "long_hair": rng.random() < 0.35,
        "headwear": [None, None, None, None, None, "beanie", "cap", "hat"][rng.integers(8)],
        "glasses": rng.random() < 0.15,
        "beard": rng.random() < 0.1,
        "iris": jitter(
            rng, [(60, 40, 20), (40, 90, 150), (60, 120, 60), (20, 20, 20)][rng.integers(4)], 15
        ),
        "closed_eyes": rng.random() < 0.08,
        "look": rng.uniform(-1, 1),
        "lip": jitter(rng, (120, 30, 40), 25)
        if rng.random() < 0.6
        else shade(skin, rng.uniform(0.35, 0.5)),
        "open_smile": rng.random() < 0.95,
        "cheeks": int(rng.integers(3)),
        "mouth_kind": "o" if rng.random() < 0.2 else "line",
        "shirt": jitter(rng, SHIRTS[rng.integers(len(SHIRTS))], 20),
        "tilt": rng.normal(0, 3),
    }
    f["fx"] = cx + turn * rx * 0.9
    f["mx"] = f["fx"] + rng.uniform(-2, 2)
    return f


def expression_for(rng: Rng, smiling: bool) -> float:
    """Signed expression strength: in (0.06, 1] for smiles, [-1, 0.02] otherwise.

    Most faces are clear; the ranges reach close to neutral so some are subtle.
    """
    if smiling:
        return float(rng.uniform(0.08, 0.25) if rng.random() < 0.06 else rng.uniform(0.25, 1.0))
    if rng.random() < 0.5:
        return float(rng.uniform(-0.15, 0.02))  # neutral, almost straight
    return float(-rng.uniform(0.15, 0.8))


def draw_face(rng: Rng, smiling: bool) -> tuple[Image.Image, float]:
    """One 64 x 64 RGB portrait and its expression strength."""
    img = background(rng)
    f = face_features(rng)
    expression = expression_for(rng, smiling)
    layer = Image.new("RGBA", (CANVAS, CANVAS), (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    cx, cy, rx, ry = f["cx"], f["cy"], f["rx"], f["ry"]
    draw.ellipse(box(cx, cy + ry * 1.9, rx * 1.8, ry * 0.9), fill=f["shirt"])  # shoulders
    draw.rectangle(
        (cx - rx * 0.35, cy + ry * 0.6, cx + rx * 0.35, cy + ry * 1.2), fill=shade(f["skin"], 0.9)
    )  # neck
    if f["long_hair"] and f["hair_style"] != "bald":
        draw_hair_back(draw, rng, f)
    ear = shade(f["skin"], 0.93)
    for side in (-1, 1):  # ears
        draw.ellipse(box(cx + side * rx * 0.98, cy, rx * 0.14, ry * 0.2), fill=ear)
    draw.ellipse(box(cx, cy, rx, ry), fill=f["skin"])
    if f["beard"]:
        draw.chord(box(cx, cy + ry * 0.2, rx * 0.98, ry * 0.8), 0, 180, fill=f["hair"])
        draw.ellipse(box(f["mx"], cy + ry * 0.5, rx * 0.42, ry * 0.2), fill=f["skin"])
    draw_hair_top(draw, rng, f)
    draw_eyes(draw, rng, f, expression)
    draw_nose(draw, f)
    draw_mouth(draw, rng, f, expression)
    if f["headwear"]:
        draw_headwear(draw, rng, f)
    layer = layer.rotate(f["tilt"], resample=Image.BICUBIC, center=(cx, cy + ry))
    img.paste(layer, (0, 0), layer)
    # Lighting: the hallway is dim (pixel values below 100) with a soft brightness
    # gradient. Dim, low-mean images keep the lesson's BatchNorm + Flatten + Dense model
    # stable from seed to seed. Measured over Keras seeds 0-7 (10 epochs, test accuracy):
    # this lighting 94.0-98.0 %; at 0.42-0.52 of full brightness 72.7-98.7 %; at
    # 0.8-1.05, 86.0-96.0 %.
    angle = rng.uniform(0, 2 * math.pi)
    yy, xx = np.mgrid[0:CANVAS, 0:CANVAS] / CANVAS - 0.5
    light = 1 + rng.uniform(0, 0.25) * (xx * math.cos(angle) + yy * math.sin(angle))
    pixels = np.asarray(img, float) * light[..., None] * rng.uniform(0.26, 0.34)
    img = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    img = img.filter(ImageFilter.GaussianBlur(0.6)).resize((SIZE, SIZE), Image.LANCZOS)
    if rng.random() < 0.5:
        img = img.transpose(Image.FLIP_LEFT_RIGHT)
    return img, expression


def make_split(name: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Images (m, 64, 64, 3) uint8, labels (m,) int64 and expression strengths."""
    split, count = SPLITS[name]
    labels = np.random.default_rng([SEED, split]).permutation(np.arange(count) % 2)
    images, strengths = [], []
    for i, label in enumerate(labels):
        img, expression = draw_face(np.random.default_rng([SEED, split, i]), bool(label))
        images.append(np.asarray(img))
        strengths.append(expression)
    return np.stack(images), labels.astype(np.int64), np.array(strengths)


# ---------------------------------------------------------------------------- metrics


def lesson_convnet(seed: int):
    """The lesson's small Sequential ConvNet (an exercise there, so it lives here)."""
    import keras
    from keras import layers

    keras.utils.set_random_seed(seed)
    model = keras.Sequential(
        [
            keras.Input(shape=(SIZE, SIZE, 3)),
            layers.ZeroPadding2D(3),
            layers.Conv2D(32, 7, strides=1),
            layers.BatchNormalization(axis=3),
            layers.ReLU(),
            layers.MaxPooling2D(),
            layers.Flatten(),
            layers.Dense(1, activation="sigmoid"),
        ]
    )
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    return model


def measure(
    train: tuple, test: tuple, seeds: tuple[int, ...] = (0, 1, 2, 3, 4)
) -> dict[str, float]:
    """Test accuracy of the lesson's ConvNet (10 epochs, batch 16) for a few seeds."""
    import tensorflow as tf

    tf.config.threading.set_intra_op_parallelism_threads(2)
    tf.config.threading.set_inter_op_parallelism_threads(1)
    (xr, yr, _), (xt, yt, st) = train, test
    metrics: dict[str, float] = {}
    accs = []
    for seed in seeds:
        model = lesson_convnet(seed)
        model.fit(xr / 255.0, yr, epochs=10, batch_size=16, verbose=0)
        _, acc = model.evaluate(xt / 255.0, yt, verbose=0)
        _, train_acc = model.evaluate(xr / 255.0, yr, verbose=0)
        accs.append(acc)
        metrics[f"convnet_seed{seed}_test_acc"] = round(acc * 100, 1)
        metrics[f"convnet_seed{seed}_train_acc"] = round(train_acc * 100, 1)
        print(f"seed {seed}: train {train_acc:.3f} test {acc:.3f}", flush=True)
    metrics["convnet_params"] = int(model.count_params())
    metrics["convnet_min_test_acc"] = round(min(accs) * 100, 1)
    metrics["test_subtle_faces"] = int(np.sum(np.abs(st) < SUBTLE))
    return metrics


def main() -> None:
    start = time.perf_counter()
    cpu_start = time.process_time()
    splits = {name: make_split(name) for name in SPLITS}
    write_course_h5(TRAIN_FILE, "train_set", *splits["train"][:2], classes=CLASSES)
    write_course_h5(TEST_FILE, "test_set", *splits["test"][:2], classes=CLASSES)
    x, y = splits["train"][:2]
    write_sample_sheet(
        SHEET_FILE,
        x,
        [CLASSES[label].decode() for label in y],
        colors=["C1" if label else "C0" for label in y],
        fontsize=7,
    )
    print(f"images drawn in {time.perf_counter() - start:.1f} s", flush=True)
    metrics: dict[str, float] = {}
    for name, (_, y, s) in splits.items():
        metrics[f"{name}_images"] = len(y)
        metrics[f"{name}_smiling"] = int(y.sum())
        metrics[f"{name}_subtle_faces"] = int(np.sum(np.abs(s) < SUBTLE))
    if not os.environ.get("DLS_SKIP_MEASURE"):
        metrics.update(measure(splits["train"], splits["test"]))
    for name, value in metrics.items():
        print(f"{name:>28}: {value}")
    seconds = time.perf_counter() - start
    metrics["build_cpu_seconds"] = round(time.process_time() - cpu_start, 1)
    record_artifact(
        "happy",
        builder="datasets/builders/happy.py",
        seed=SEED,
        files=[TRAIN_FILE, TEST_FILE, SHEET_FILE],
        metrics=metrics,
        libraries=("numpy", "h5py", "pillow", "matplotlib", "keras", "tensorflow-cpu"),
        build_seconds=seconds,
        notes=NOTES,
    )
    print(f"built in {seconds:.1f} s")


NOTES = (
    "Procedurally drawn (Pillow + numpy) faces, label 1 = smiling. Metrics: the lesson's "
    "Sequential ConvNet (ZeroPadding2D 3, Conv2D 32 7x7, BatchNorm, ReLU, MaxPool 2, Flatten, "
    "Dense 1 sigmoid), Adam defaults, batch 16, 10 epochs, inputs /255, five seeds via "
    "keras.utils.set_random_seed. *_subtle_faces: |expression| < 0.15 (near-neutral mouths). "
    "build_seconds measured while the 2-core machine was shared with other jobs."
)

if __name__ == "__main__":
    main()
