"""Build the SIGNS hand-sign image set (Course 2 W3A1, Course 4 W1A2 and W2A1).

What it makes (all under `datasets/c2/`):
    train_signs.h5      train_set_x uint8 (1080, 64, 64, 3), train_set_y int64 (1080,),
                        list_classes [b"0", ..., b"5"]; 180 images of each class.
    test_signs.h5       test_set_x uint8 (120, 64, 64, 3), test_set_y int64 (120,),
                        list_classes; 20 images of each class.
    signs_samples.png   the first 48 training images with their labels.

Label k means a right hand holding up k fingers. Every image is drawn here with Pillow
and numpy on a 128 x 128 canvas and shrunk to 64 x 64. The hand varies in skin tone,
size, position, tilt, palm or back, sleeve, finger lengths, widths and spread, and which
fingers are raised: a "1" is the index (6 % of them a thumb), a "2" index + middle (9 %
thumb + index), a "3" index + middle + ring (13.5 % thumb + index + middle), a "4" the
four fingers (6 % thumb + index + middle + ring). Folded fingers show as knuckles on top
of the palm and a folded thumb lies across it.
Backgrounds are plain, gradients, smooth textures, stripes, tiles, wood or a wall and
table; lighting, colour cast, blur and mild noise come on top.

Each image has its own generator `default_rng([SEED, split, index])`, so the files are
the same bytes on every run. The builder then trains the lessons' two models with Keras
(see `signs_measure.py`) on the training images and records their accuracy on train,
test and 600 unsaved held-out images in `datasets/manifest.json`, for three seeds.
`draw_images` draws further unsaved images (the ResNet builder tunes on one such draw).

Run from the repository root:  .venv/bin/python datasets/builders/signs.py
(`--no-measure` writes the files and a manifest entry without the models' figures,
which the tests require: use it only for trying the renderer. `--measure-only [seed ...]`
draws the splits and prints the models' figures without writing anything.)
"""

from __future__ import annotations

import math
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from graders.manifest import record_artifact

sys.path.insert(0, str(Path(__file__).resolve().parent))
from course_files import write_course_h5, write_sample_sheet  # noqa: E402
from palette import from_field, jitter, shade, smooth_noise  # noqa: E402

SEED = 1
REPO_ROOT = Path(__file__).resolve().parents[2]
OUT_DIR = REPO_ROOT / "datasets" / "c2"
TRAIN_FILE = OUT_DIR / "train_signs.h5"
TEST_FILE = OUT_DIR / "test_signs.h5"
SHEET_FILE = OUT_DIR / "signs_samples.png"
CLASSES = [str(k).encode() for k in range(6)]
# split: (split id, images). "heldout" is never written: a larger sample of the test
# distribution, so the measured accuracies are not the luck of 120 test images.
SPLITS = {"train": (0, 1080), "test": (1, 120), "heldout": (2, 600)}
SIZE = 64
CANVAS = 128  # drawn at twice the size, then shrunk (anti-aliasing)

# How much the pictures vary; tuned so that the lessons' models land where they should
# (Course 2's dense network 65-85 % on the test set, Course 4's tiny ConvNet at least
# 85 %). What moved them, measured on the 600 held-out images (seeds 1 and 2): a larger
# shift of the hand costs the dense network much more than the ConvNet (shift 7 -> 11:
# dense -0.13, ConvNet -0.02); the rarer thumb variants of 1-4 and mirrored left hands
# cost the ConvNet most (thumb variants at 0.3 of their first shares and no left hands:
# ConvNet 0.81 -> 0.90), since its 2 x 2 grid of pooled features reads the count from
# where the raised fingers are; more busy backgrounds or a wider finger spread changed
# little. Left hands are therefore left out (the knob stays for other uses).
VARIETY = {
    "scale": (26.0, 29.0),  # pixels per palm half-width on the 128 canvas
    "tilt_sd": 2.5,  # degrees
    "shift": 12.0,  # pixels each way on the 128 canvas
    "light": 0.3,  # strength of the lighting gradient
    "busy_backgrounds": 0.12,  # share of non-plain backgrounds
    "left_hands": 0.0,  # share of mirrored (left) hands: none, see below
    "noise": 0.1,  # share of images with faint sensor noise
    "spread": (0.18, 0.3),  # radians between neighbouring raised fingers
    "finger_width": (0.34, 0.44),  # in palm half-widths
}
# Pixel values are rounded to multiples of 3 (86 levels, invisible at this size): gzip
# then packs the training file into about 3 MB instead of 5.5 MB.
LEVEL_STEP = 3

Color = tuple[int, int, int]
Rng = np.random.Generator
Point = tuple[float, float]


# --------------------------------------------------------------------------- colours


def random_color(rng: Rng, low: int = 30, high: int = 235) -> Color:
    return tuple(int(v) for v in rng.integers(low, high, 3))


# ----------------------------------------------------------------------- backgrounds


def ramp(rng: Rng) -> np.ndarray:
    """Linear field from 0 to 1 across the canvas in a random direction."""
    angle = rng.uniform(0, 2 * math.pi)
    yy, xx = np.mgrid[0:CANVAS, 0:CANVAS] / CANVAS - 0.5
    field = xx * math.cos(angle) + yy * math.sin(angle)
    return (field - field.min()) / (field.max() - field.min())


def bg_plain(rng: Rng, skin: Color) -> Image.Image:
    """A near-uniform dark backdrop (a photo booth's curtain), darker than the skin, so
    the hand always stands out as a lighter shape; sometimes a random colour instead."""
    if rng.random() < 0.85:
        lum = 0.3 * skin[0] + 0.59 * skin[1] + 0.11 * skin[2]
        grey = int(rng.integers(12, max(30, int(0.5 * lum))))
        base = jitter(rng, (grey, grey, grey), 12)
    else:
        base = random_color(rng)
    return from_field(smooth_noise(rng, 3, CANVAS), shade(base, 0.93), shade(base, 1.04))


def bg_gradient(rng: Rng) -> Image.Image:
    top = random_color(rng)
    return from_field(ramp(rng) + 0.06 * smooth_noise(rng, 5, CANVAS), top, jitter(rng, top, 90))


def bg_texture(rng: Rng) -> Image.Image:
    low = random_color(rng, 20, 200)
    coarse = smooth_noise(rng, int(rng.integers(4, 14)), CANVAS)
    field = 0.7 * coarse + 0.3 * smooth_noise(rng, 24, CANVAS)
    return from_field(field, low, jitter(rng, low, 80))


def bg_stripes(rng: Rng) -> Image.Image:
    """Stripes or a tile grid (curtains, shirts, bathroom walls)."""
    a = random_color(rng)
    b = jitter(rng, a, 70)
    img = from_field(smooth_noise(rng, 4, CANVAS), a, shade(a, 1.08))
    draw = ImageDraw.Draw(img)
    step = int(rng.integers(10, 30))
    width = int(rng.integers(2, max(3, step // 2)))
    grid = rng.random() < 0.4
    for k in range(int(rng.integers(step)) - step, CANVAS + step, step):
        draw.line([(k, 0), (k, CANVAS)], fill=b, width=width)
        if grid:
            draw.line([(0, k), (CANVAS, k)], fill=b, width=width)
    if not grid:
        img = img.rotate(
            float(rng.uniform(-60, 60)), resample=Image.BILINEAR, expand=False, fillcolor=a
        )
    return img.filter(ImageFilter.GaussianBlur(0.8))


def bg_wood(rng: Rng) -> Image.Image:
    """Wood grain: wavy bands of two browns."""
    base = jitter(
        rng, [(150, 105, 65), (190, 150, 100), (110, 75, 45), (210, 180, 140)][rng.integers(4)], 20
    )
    yy, xx = np.mgrid[0:CANVAS, 0:CANVAS].astype(float)
    warp = 12 * smooth_noise(rng, 4, CANVAS)
    freq = rng.uniform(0.15, 0.35)
    field = 0.5 + 0.5 * np.sin(freq * (xx + warp * 3) + 0.02 * yy)
    img = from_field(0.7 * field + 0.3 * smooth_noise(rng, 10, CANVAS), shade(base, 0.78), base)
    return img.rotate(90 * int(rng.integers(2)))


def bg_room(rng: Rng) -> Image.Image:
    """A wall with a table or desk edge lower down."""
    wall = random_color(rng, 120, 240)
    img = from_field(smooth_noise(rng, 4, CANVAS), shade(wall, 0.88), shade(wall, 1.03))
    draw = ImageDraw.Draw(img)
    edge = int(rng.integers(85, 125))
    table = random_color(rng, 40, 200)
    draw.rectangle((0, edge, CANVAS, CANVAS), fill=table)
    draw.line([(0, edge), (CANVAS, edge)], fill=shade(table, 1.2), width=2)
    if rng.random() < 0.5:  # a door frame or shelf edge
        x = int(rng.integers(0, CANVAS))
        draw.rectangle((x, 0, x + int(rng.integers(4, 14)), edge), fill=shade(wall, 0.75))
    return img


BUSY: list[tuple[Callable[[Rng], Image.Image], float]] = [
    (bg_gradient, 0.3),
    (bg_texture, 0.2),
    (bg_stripes, 0.15),
    (bg_wood, 0.15),
    (bg_room, 0.2),
]


def background(rng: Rng, skin: Color) -> Image.Image:
    """A plain backdrop, or with probability VARIETY["busy_backgrounds"] a busier one."""
    if rng.random() >= VARIETY["busy_backgrounds"]:
        return bg_plain(rng, skin)
    weights = np.array([w for _, w in BUSY])
    return BUSY[rng.choice(len(BUSY), p=weights / weights.sum())][0](rng)


# ------------------------------------------------------------------------------ hands

SKIN_TONES: list[Color] = [
    (250, 220, 196),
    (238, 196, 168),
    (226, 180, 140),
    (214, 160, 118),
    (196, 140, 98),
    (168, 112, 74),
    (140, 90, 58),
    (110, 70, 45),
    (86, 56, 38),
    (232, 190, 150),
]
FINGERS = ("thumb", "index", "middle", "ring", "little")
# Which fingers are up, per count, with how often each choice is drawn.
RAISED: dict[int, list[tuple[tuple[str, ...], float]]] = {
    0: [((), 1.0)],
    1: [(("index",), 0.94), (("thumb",), 0.06)],
    2: [(("index", "middle"), 0.91), (("thumb", "index"), 0.09)],
    3: [(("index", "middle", "ring"), 0.865), (("thumb", "index", "middle"), 0.135)],
    4: [
        (("index", "middle", "ring", "little"), 0.94),
        (("thumb", "index", "middle", "ring"), 0.06),
    ],
    5: [(FINGERS, 1.0)],
}
# Finger base positions along the top of the palm (palm half-width 1) and mean lengths
# in palm half-widths.
FINGER_X = {"index": -0.72, "middle": -0.24, "ring": 0.24, "little": 0.7}
FINGER_LEN = {"index": 1.7, "middle": 1.9, "ring": 1.75, "little": 1.35}


def raised_fingers(rng: Rng, count: int) -> tuple[str, ...]:
    choices = RAISED[count]
    weights = np.array([w for _, w in choices])
    return choices[rng.choice(len(choices), p=weights / weights.sum())][0]


class Pose:
    """Maps the hand's own coordinates (palm centre 0, palm half-width 1, y down) to the
    canvas: scale, tilt, mirror (left or right hand) and position."""

    def __init__(self, rng: Rng) -> None:
        self.scale = rng.uniform(*VARIETY["scale"])
        self.angle = math.radians(rng.normal(0, VARIETY["tilt_sd"]))
        self.mirror = -1.0 if rng.random() < VARIETY["left_hands"] else 1.0
        self.cx = 64 + rng.uniform(-1, 1) * VARIETY["shift"]
        self.cy = 104 + rng.uniform(-1, 1) * VARIETY["shift"]

    def __call__(self, x: float, y: float) -> Point:
        x *= self.mirror
        c, s = math.cos(self.angle), math.sin(self.angle)
        return (self.cx + self.scale * (c * x - s * y), self.cy + self.scale * (s * x + c * y))

    def px(self, length: float) -> float:
        return length * self.scale


def capsule(draw: ImageDraw.ImageDraw, a: Point, b: Point, width: float, fill) -> None:
    """A thick segment with round ends (a finger or a finger joint)."""
    draw.line([a, b], fill=fill, width=max(1, int(round(width))))
    r = width / 2
    for x, y in (a, b):
        draw.ellipse((x - r, y - r, x + r, y + r), fill=fill)


def finger_tip(base: Point, length: float, angle: float) -> Point:
    """End of a finger of `length` leaving `base` at `angle` (radians from straight up)."""
    return (base[0] + length * math.sin(angle), base[1] - length * math.cos(angle))


def draw_hand(rng: Rng, count: int, skin: Color) -> Image.Image:
    """An RGBA layer with one hand holding up `count` fingers on a transparent canvas."""
    pose = Pose(rng)
    line = shade(skin, rng.uniform(0.5, 0.68))  # outlines between fingers
    palm_side = rng.random() < 0.5
    up = raised_fingers(rng, count)
    spread = rng.uniform(*VARIETY["spread"])
    width = rng.uniform(*VARIETY["finger_width"])
    length = rng.uniform(0.88, 1.1)
    palm_h = rng.uniform(1.05, 1.3)  # palm half-height

    colour = Image.new("RGB", (CANVAS, CANVAS), skin)
    mask = Image.new("L", (CANVAS, CANVAS), 0)
    draw = ImageDraw.Draw(colour)
    silhouette = ImageDraw.Draw(mask)

    def both(shape: Callable[[ImageDraw.ImageDraw, object], None], fill: Color) -> None:
        shape(draw, fill)
        shape(silhouette, 255)

    # Forearm and wrist: a tapered band from below the palm to beyond the canvas edge,
    # sometimes in a sleeve.
    arm = [pose(-0.8, palm_h * 0.6), pose(0.8, palm_h * 0.6), pose(1.0, 6), pose(-1.0, 6)]
    sleeve = random_color(rng, 20, 220) if rng.random() < 0.35 else None
    both(lambda d, f: d.polygon(arm, fill=f), skin)
    if sleeve is not None:
        cuff = rng.uniform(1.6, 2.6)
        band = [pose(-1.05, cuff), pose(1.05, cuff), pose(1.3, 6), pose(-1.3, 6)]
        both(lambda d, f: d.polygon(band, fill=f), sleeve)

    # Palm: a rounded quadrilateral, a little wider at the knuckles.
    palm = [
        pose(-1.0, -palm_h),
        pose(1.0, -palm_h),
        pose(0.92, palm_h * 0.8),
        pose(0.6, palm_h),
        pose(-0.6, palm_h),
        pose(-0.98, palm_h * 0.7),
    ]
    both(lambda d, f: d.polygon(palm, fill=f), skin)
    for x, y in ((-0.55, -palm_h + 0.4), (0.55, -palm_h + 0.4)):
        c = pose(x, y)
        r = pose.px(0.45)
        both(
            lambda d, f, c=c, r=r: d.ellipse((c[0] - r, c[1] - r, c[0] + r, c[1] + r), fill=f),
            skin,
        )
    if palm_side:  # creases
        for y0, y1 in ((-0.45, -0.2), (0.05, 0.25)):
            pts = [
                pose(-0.9, palm_h * y0),
                pose(0.0, palm_h * (y0 + y1) / 2 - 0.1),
                pose(0.8, palm_h * y1),
            ]
            draw.line(pts, fill=shade(skin, 0.85), width=max(1, int(pose.px(0.06))))

    # Fingers, from index to little; folded ones are knuckles on top of the palm.
    w = pose.px(width)
    for k, name in enumerate(FINGERS[1:]):
        fan = (k - 1.5) * spread + rng.normal(0, 0.04)
        base_local = (FINGER_X[name], -palm_h + 0.2)
        if name in up:
            size = FINGER_LEN[name] * length * rng.uniform(0.92, 1.08)
            tip_local = finger_tip(base_local, size, fan)
            a, b = pose(*base_local), pose(*tip_local)
            capsule(draw, a, b, w + 2, line)
            capsule(silhouette, a, b, w + 2, 255)
            capsule(draw, a, b, w - 1, skin)
            if not palm_side and rng.random() < 0.7:  # fingernail
                nail_a = pose(*finger_tip(base_local, size - 0.35, fan))
                capsule(draw, nail_a, b, w * 0.55, shade(skin, 1.12))
            mid = pose(*finger_tip(base_local, size * 0.55, fan))
            capsule(draw, mid, mid, w * 0.2, shade(skin, 0.9))  # joint crease
        else:
            curl = rng.uniform(0.3, 0.55)
            a = pose(base_local[0], base_local[1] - 0.05)
            b = pose(base_local[0] + rng.normal(0, 0.05), base_local[1] + curl)
            capsule(draw, a, b, w + 2, line)
            capsule(silhouette, a, b, w + 2, 255)
            capsule(draw, a, b, w - 1, shade(skin, rng.uniform(0.92, 1.03)))

    # Thumb: up and out to the side, or folded across the palm.
    tw = pose.px(width * rng.uniform(1.05, 1.25))
    base = (-0.95, palm_h * 0.25)
    if "thumb" in up:
        angle = -rng.uniform(0.6, 1.0)  # leaning out to the thumb side
        knuckle = finger_tip(base, 0.85 * length, angle)
        tip = finger_tip(knuckle, 0.8 * length, angle + rng.uniform(0.0, 0.3))
        pts = [pose(*base), pose(*knuckle), pose(*tip)]
        for fill_w, fill in ((tw + 2, line), (tw - 1, skin)):
            capsule(draw, pts[0], pts[1], fill_w, fill)
            capsule(draw, pts[1], pts[2], fill_w, fill)
        capsule(silhouette, pts[0], pts[1], tw + 2, 255)
        capsule(silhouette, pts[1], pts[2], tw + 2, 255)
    else:
        across = rng.uniform(0.0, 0.6)
        pts = [pose(*base), pose(-0.35, palm_h * 0.05), pose(across, -palm_h * 0.35)]
        for fill_w, fill in ((tw + 2, line), (tw - 1, shade(skin, 1.04))):
            capsule(draw, pts[0], pts[1], fill_w, fill)
            capsule(draw, pts[1], pts[2], fill_w, fill)
        capsule(silhouette, pts[0], pts[1], tw + 2, 255)

    # Roundness: darken towards the silhouette's edges; light comes from one side.
    soft = np.asarray(mask.filter(ImageFilter.GaussianBlur(pose.px(0.25))), float) / 255
    side = ramp(rng)
    lit = np.asarray(colour, float) * (0.62 + 0.4 * soft + 0.15 * (side - 0.5))[..., None]
    layer = Image.fromarray(np.clip(lit, 0, 255).astype(np.uint8)).convert("RGBA")
    layer.putalpha(mask)
    return layer


def finish(rng: Rng, scene: Image.Image) -> np.ndarray:
    """Blur, shrink to 64 x 64, then lighting, colour cast and (sometimes) mild noise."""
    if rng.random() < 0.15:
        scene = scene.filter(ImageFilter.GaussianBlur(float(rng.uniform(0.5, 1.2))))
    small = scene.convert("RGB").resize((SIZE, SIZE), Image.LANCZOS)
    arr = np.asarray(small, dtype=np.float64)
    angle = rng.uniform(0, 2 * math.pi)
    yy, xx = np.mgrid[0:SIZE, 0:SIZE] / SIZE - 0.5
    light = 1 + rng.uniform(0, VARIETY["light"]) * (xx * math.cos(angle) + yy * math.sin(angle))
    cast = 1 + rng.normal(0, 0.05, 3)
    arr = arr * light[..., None] * cast * rng.uniform(0.85, 1.1) + rng.normal(0, 5)
    if rng.random() < VARIETY["noise"]:  # sensor noise, kept rare and faint so the files compress
        arr += rng.normal(0, rng.uniform(1.0, 3.0), arr.shape)
    return np.clip(np.round(arr / LEVEL_STEP) * LEVEL_STEP, 0, 255).astype(np.uint8)


def make_image(rng: Rng, count: int) -> np.ndarray:
    """One 64 x 64 x 3 uint8 image of a hand holding up `count` fingers."""
    skin = jitter(rng, SKIN_TONES[rng.integers(len(SKIN_TONES))], 12)
    scene = background(rng, skin).convert("RGBA")
    hand = draw_hand(rng, count, skin)
    if rng.random() < 0.2:  # a soft shadow on the wall behind the hand
        alpha = hand.getchannel("A").filter(ImageFilter.GaussianBlur(4))
        dx, dy = (int(v) for v in rng.integers(-8, 9, 2))
        alpha = alpha.transform(alpha.size, Image.AFFINE, (1, 0, -dx, 0, 1, -dy))
        dark = Image.new("RGBA", scene.size, (0, 0, 0, 255))
        dark.putalpha(alpha.point(lambda v: int(v * 0.35)))
        scene.alpha_composite(dark)
    scene.alpha_composite(hand)
    return finish(rng, scene)


def make_split(split: str) -> tuple[np.ndarray, np.ndarray]:
    """Images (m, 64, 64, 3) and labels (m,) of one split, every class equally often."""
    return draw_images(*SPLITS[split])


def draw_images(split_id: int, count: int) -> tuple[np.ndarray, np.ndarray]:
    """`count` images drawn with the generators of split number `split_id` (0 train,
    1 test, 2 held-out; other numbers give further unsaved draws, e.g. a validation set
    for tuning a model), `count // 6` of each class in a shuffled order."""
    labels = np.repeat(np.arange(len(CLASSES), dtype=np.int64), count // len(CLASSES))
    np.random.default_rng([SEED, split_id]).shuffle(labels)
    images = [
        make_image(np.random.default_rng([SEED, split_id, i]), int(y))
        for i, y in enumerate(labels)
    ]
    return np.stack(images), labels


# ------------------------------------------------------------------------------- main


def main(measure: bool = True) -> None:
    start, cpu_start = time.perf_counter(), time.process_time()
    splits = {name: make_split(name) for name in SPLITS}
    print(
        f"drew {sum(len(y) for _, y in splits.values())} images "
        f"in {time.perf_counter() - start:.1f} s",
        flush=True,
    )
    write_course_h5(TRAIN_FILE, "train_set", *splits["train"], classes=CLASSES)
    write_course_h5(TEST_FILE, "test_set", *splits["test"], classes=CLASSES)
    x, y = splits["train"]
    write_sample_sheet(SHEET_FILE, x, [f"y = {int(label)}" for label in y])
    metrics: dict[str, float | int] = {}
    for name, (_, y) in splits.items():
        metrics[f"{name}_images"] = len(y)
        metrics[f"{name}_per_class"] = int(np.bincount(y).min())
    if measure:
        # datasets/ is not a package: the measuring script sits next to this one.
        from signs_measure import measure_models

        metrics.update(measure_models(splits))
    metrics["build_cpu_seconds"] = round(time.process_time() - cpu_start, 1)
    for name, value in metrics.items():
        print(f"{name:>28}: {value}")
    seconds = time.perf_counter() - start
    record_artifact(
        "signs",
        builder="datasets/builders/signs.py",
        seed=SEED,
        files=[TRAIN_FILE, TEST_FILE, SHEET_FILE],
        metrics=metrics,
        libraries=("numpy", "h5py", "pillow", "matplotlib", "keras", "tensorflow-cpu"),
        build_seconds=seconds,
        notes=NOTES,
    )
    print(f"built in {seconds:.1f} s")


NOTES = (
    "Procedurally drawn hands (Pillow + numpy) holding up 0-5 fingers; no photographs. "
    "Metrics (Keras, CPU, seeds fixed with keras.utils.set_random_seed; headline figures "
    "from the first of measure_seeds, every seed in *_by_seed): dense_* is the Course 2 "
    "network 12288-25-12-6 (relu, GlorotNormal, Adam 1e-4, batch 32, 100 epochs, "
    "pixels/255, categorical cross-entropy from logits); conv_* is the small Course 4 "
    "ConvNet (conv 8 4x4 same, relu, max-pool 8/8, conv 16 2x2 same, relu, max-pool 4/4, "
    "dense 6 softmax; Adam default, batch 64, 100 epochs). *_heldout_acc is on 600 more "
    "test-distribution images that are not saved. Times measured while the 2-core "
    "machine was shared; the unshared time is about build_cpu_seconds / 2."
)


def measure_only(seeds: tuple[int, ...]) -> None:
    """Draw the splits, train the lessons' models, print the figures; write nothing."""
    from signs_measure import measure_models

    start = time.perf_counter()
    splits = {name: make_split(name) for name in SPLITS}
    print(f"drew the splits in {time.perf_counter() - start:.1f} s", flush=True)
    print(measure_models(splits, seeds or (1, 2, 3)), flush=True)


if __name__ == "__main__":
    if "--measure-only" in sys.argv:
        measure_only(tuple(int(s) for s in sys.argv[1:] if s.isdigit()))
    else:
        main(measure="--no-measure" not in sys.argv)
