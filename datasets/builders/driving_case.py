"""Build the autonomous-driving case study of Course 3 W2 (c3w2a1) from the road detector's
real mistakes.

Scenario: the car maker's road detector (Course 4's YOLO-style network, trained on about
14,600 dash-camera scenes of the usual mix of weather, mostly daylight) is to drive in a
city whose customers drive mostly in the evening: dusk, fog and rain, filmed by their
own cameras (darker, bluish, grainy: `night_camera`). The evening frames are a second
distribution, drawn by the same scene builder (`road_scenes.render_scene` with the
weather forced), then passed through `night_camera`.

What it makes (under `datasets/c3/`):
    driving_case.npz, with
      objects: one entry per true box that is not "difficult" (the detector builder's
        rule: under 4 x 8 px at the 256 x 256 input) in four sets of frames:
          obj_set (n,) int8        0 train (the 600 saved training images the detector
                                   learnt from), 1 train-dev (200 day scenes it never saw,
                                   the detector builder's held-out scenes), 2 dev and
                                   3 test (200 evening frames each)
          obj_frame (n,) int16     frame number within its set
          obj_class (n,) int8      index in DET_CLASSES
          obj_missed (n,) bool     no detection of its class overlaps it with IoU >= 0.5
                                   (score >= SCORE, per-class NMS at IoU 0.5)
          obj_confused (n,) bool   missed, but a detection of another class overlaps it
                                   with IoU >= 0.5
          obj_height (n,) float32  box height in pixels of the 480 x 640 frame
          obj_visible (n,) float32 visible fraction (the rest hidden behind nearer things)
          obj_edge (n,) bool       the box touches the frame's border (the object is cut)
          obj_weather (n,) int8    index in WEATHERS of its frame's weather
      weathers, classes, set_names: the names behind those indices
      multi-task labels of the 200 dev frames (tasks TASKS):
          mt_Y (4, 200) float32    1 / 0 when an annotator said whether the frame shows
                                   the object (a not-difficult box of that class), nan
                                   where no annotator looked ("?")
          mt_Y_hat (4, 200) float32  the detector's probability for each: the highest
                                   score (objectness x class probability) of that class
                                   anywhere in the frame
      transfer learning (a small new task: "is visibility poor: fog or rain?", day frames):
          tl_features (N_TL, 320) float16   the detector's last hidden layer ("head",
                                   16 x 16 x 160) averaged and maxed over the grid
          tl_pixels (N_TL, 36, 48) uint8    the frame in grey, shrunk to 36 x 48
          tl_labels (N_TL,) int8            1 = fog or rain
          tl_dev (N_TL,) bool               the last N_TL_DEV frames are the task's dev set
    driving_case_samples.png   day and evening frames with the detector's boxes.

How: frames are drawn at 480 x 640 (the detector's test frames), squashed to 256 x 256
as the lesson's `preprocess_image` does, and run through the committed detector
(`shared_utils.yolo_utils.load_road_yolo`). Detection, NMS and matching reuse the
detector builder's own functions (`yolo_detector.detect`, `box_iou`, `is_difficult`).
Each evening frame has its own generator `default_rng([road_scenes.SEED, split, index])`
(and `default_rng([SEED, 2, split, index])` for its camera noise)
with split ids EVENING_DEV, EVENING_TEST, TRANSFER (>= 20, unused by the road builder);
its weather is drawn from WEATHERS_EVENING by a second generator.

Run from the repository root:  .venv/bin/python datasets/builders/driving_case.py
(`--no-record` leaves the manifest alone.)
"""

from __future__ import annotations

import io
import os
import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import road_scenes as rs  # noqa: E402
import yolo_detector as yd  # noqa: E402

SEED = 41
REPO_ROOT = Path(__file__).resolve().parents[2]
OUT_DIR = REPO_ROOT / "datasets" / "c3"
DATA_FILE = OUT_DIR / "driving_case.npz"
SHEET_FILE = OUT_DIR / "driving_case_samples.png"

FRAME = rs.TEST_FRAME  # (480, 640)
SCORE = 0.3  # the detector's operating threshold for "found"
MATCH_IOU = 0.5
EVENING_DEV, EVENING_TEST, TRANSFER = 20, 21, 22  # split ids of the new frames
N_SET = 200  # train-dev, dev and test frames
N_TL, N_TL_DEV = 700, 200  # transfer-learning frames, of which the last are its dev set
WEATHERS = ("clear", "overcast", "fog", "rain", "dusk")
WEATHERS_EVENING = ("dusk", "fog", "rain")
SET_NAMES = ("train", "train-dev", "dev", "test")
TASKS = ("car", "pedestrian", "traffic_light", "traffic_sign")
MISSING = 0.15  # share of multi-task entries no annotator labelled
THUMB = (36, 48)


def progress(msg: str) -> None:
    print(msg, flush=True)


# ------------------------------------------------------------------------- the frames


def evening_scene(split: int, index: int) -> rs.Scene:
    """Frame `index` of an evening split: a street of the usual kind at dusk, fog or rain."""
    weather = WEATHERS_EVENING[
        int(np.random.default_rng([SEED, split, index]).integers(len(WEATHERS_EVENING)))
    ]
    rng = np.random.default_rng([rs.SEED, split, index])
    scene = rs.render_scene(rng, *FRAME, supersample=1, weather=weather)
    scene.rgb = night_camera(scene.rgb, np.random.default_rng([SEED, 2, split, index]))
    return scene


def night_camera(rgb: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """The new customers' cameras after work: darker, bluish and grainy (H, W, 3) uint8."""
    x = (rgb.astype(np.float32) / 255) ** 1.2 * rng.uniform(0.45, 0.6)
    x = x * np.array([0.85, 0.9, 1.1], np.float32) + rng.normal(0, 0.035, x.shape)
    return np.clip(np.round(x * 255), 0, 255).astype(np.uint8)


def day_scene(split: int, index: int) -> rs.Scene:
    """Frame `index` of a new day split: the usual weather mix, drawn as the road builder does."""
    return rs.render_scene(np.random.default_rng([rs.SEED, split, index]), *FRAME, supersample=1)


def train_scenes() -> list[rs.Scene]:
    """The 600 scenes behind the detector's saved training images, drawn again at 480 x 640
    (same generators, so the same streets; the saved JPEGs are these squashed to 256)."""
    return [
        rs.scene("det_train", i, *FRAME, supersample=1) for i in range(rs.SPLITS["det_train"][1])
    ]


def train_dev_scenes() -> list[rs.Scene]:
    """200 scenes of the detector's training stream that it never saw: "det_extra" scenes
    after the CHUNK x CHUNKS it trained on, drawn exactly as its training scenes were."""
    first = yd.CHUNK * yd.CHUNKS
    return [rs.scene("det_extra", first + i, *FRAME, supersample=1) for i in range(N_SET)]


# --------------------------------------------------------------------- the detections


def run_detector(model, frames: list[np.ndarray], batch: int = 50) -> np.ndarray:
    """Raw detector outputs (n, 16, 16, 5, 11) for full frames, in batches."""
    return np.concatenate(
        [yd.predict_frames(model, frames[k : k + batch]) for k in range(0, len(frames), batch)]
    )


def object_rows(
    scene: rs.Scene, pred: np.ndarray, anchors: np.ndarray, set_id: int, frame: int
) -> list[tuple]:
    """One row per not-difficult true box: set, frame, class, missed, confused, height,
    visible, at the edge, weather."""
    dets = yd.detect(pred, anchors, FRAME, threshold=SCORE)
    det_boxes = np.array([d[2:] for d in dets], dtype=np.float64).reshape(-1, 4)
    det_class = np.array([d[0] for d in dets])
    rows = []
    for box, visible in zip(scene.boxes, scene.visible, strict=True):
        if yd.is_difficult(box, FRAME):
            continue
        name, x1, y1, x2, y2 = box
        ious = yd.box_iou(np.array([x1, y1, x2, y2]), det_boxes) if len(dets) else np.zeros(0)
        overlapping = ious >= MATCH_IOU
        found = bool(np.any(overlapping & (det_class == name)))
        confused = not found and bool(np.any(overlapping & (det_class != name)))
        edge = x1 <= 0.5 or y1 <= 0.5 or x2 >= FRAME[1] - 0.5 or y2 >= FRAME[0] - 0.5
        rows.append(
            (
                set_id,
                frame,
                rs.DET_CLASSES.index(name),
                not found,
                confused,
                y2 - y1,
                visible,
                edge,
                WEATHERS.index(scene.weather),
            )
        )
    return rows


def class_scores(pred: np.ndarray, anchors: np.ndarray) -> np.ndarray:
    """The highest score of each class anywhere in the frame, shape (6,)."""
    from shared_utils.yolo_utils import yolo_head

    _, _, conf, probs = (
        np.asarray(t) for t in yolo_head(pred[None], anchors, len(rs.DET_CLASSES))
    )
    return (conf * probs).reshape(-1, len(rs.DET_CLASSES)).max(axis=0)


def detector_features(model, frames: list[np.ndarray], batch: int = 50) -> np.ndarray:
    """The head layer's output (16 x 16 x 160), averaged and maxed over the grid: (n, 320)."""
    import keras

    head = keras.Model(model.input, model.get_layer("head_leaky").output)
    out = []
    for k in range(0, len(frames), batch):
        small = (
            np.stack(
                [
                    np.asarray(Image.fromarray(f).resize((yd.INPUT, yd.INPUT), Image.BICUBIC))
                    for f in frames[k : k + batch]
                ]
            ).astype(np.float32)
            / 255.0
        )
        h = np.asarray(head.predict(small, verbose=0))
        out.append(np.concatenate([h.mean(axis=(1, 2)), h.max(axis=(1, 2))], axis=1))
    return np.concatenate(out)


def thumbnail(frame: np.ndarray) -> np.ndarray:
    """Grey 36 x 48 version of a frame (the from-scratch model's input)."""
    return np.asarray(Image.fromarray(frame).convert("L").resize(THUMB[::-1], Image.BOX))


def poor_visibility(scene: rs.Scene) -> int:
    """1 when the scene is in fog or rain (the road builder's weather setting)."""
    return int(scene.weather in ("fog", "rain"))


# ------------------------------------------------------------------------ the sample sheet


def write_sheet(
    day: list[rs.Scene], evening: list[rs.Scene], preds_day, preds_evening, anchors: np.ndarray
) -> None:
    """Four day and four evening frames with the detector's boxes (score >= SCORE)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import Rectangle

    fig, axes = plt.subplots(2, 4, figsize=(12, 4.6), dpi=80)
    for row, (scenes, preds, title) in enumerate(
        ((day, preds_day, "day"), (evening, preds_evening, "evening"))
    ):
        for col in range(4):
            ax = axes[row, col]
            ax.imshow(scenes[col].rgb)
            for name, _score, x1, y1, x2, y2 in yd.detect(
                preds[col], anchors, FRAME, threshold=SCORE
            ):
                ax.add_patch(
                    Rectangle(
                        (x1, y1), x2 - x1, y2 - y1, fill=False, lw=1.2, ec=rs.BOX_COLORS[name]
                    )
                )
            ax.set_title(f"{title}: {scenes[col].weather}", fontsize=9)
            ax.axis("off")
    fig.tight_layout(pad=0.3)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    Image.open(buffer).convert("RGB").quantize(colors=256).save(SHEET_FILE, optimize=True)


# ------------------------------------------------------------------------------ build


def main() -> None:
    start = time.perf_counter()
    yd.threads()
    from shared_utils.yolo_utils import load_road_yolo

    model = load_road_yolo()
    anchors = yd.read_anchors()
    sets = {
        0: train_scenes(),
        1: train_dev_scenes(),
        2: [evening_scene(EVENING_DEV, i) for i in range(N_SET)],
        3: [evening_scene(EVENING_TEST, i) for i in range(N_SET)],
    }
    progress(f"frames drawn in {time.perf_counter() - start:.0f} s")
    rows, preds = [], {}
    for set_id, scenes in sets.items():
        preds[set_id] = run_detector(model, [s.rgb for s in scenes])
        for k, (s, p) in enumerate(zip(scenes, preds[set_id], strict=True)):
            rows += object_rows(s, p, anchors, set_id, k)
    table = list(zip(*rows, strict=True))
    obj = {
        "obj_set": np.array(table[0], np.int8),
        "obj_frame": np.array(table[1], np.int16),
        "obj_class": np.array(table[2], np.int8),
        "obj_missed": np.array(table[3], bool),
        "obj_confused": np.array(table[4], bool),
        "obj_height": np.array(table[5], np.float32),
        "obj_visible": np.array(table[6], np.float32),
        "obj_edge": np.array(table[7], bool),
        "obj_weather": np.array(table[8], np.int8),
    }
    metrics: dict = {}
    for set_id, name in enumerate(SET_NAMES):
        chosen = obj["obj_set"] == set_id
        metrics[f"objects_{name}"] = int(chosen.sum())
        metrics[f"miss_rate_{name}"] = round(float(obj["obj_missed"][chosen].mean()), 4)
    progress(str(metrics))

    # Multi-task labels of the dev frames.
    rng = np.random.default_rng([SEED, 1])
    dev_scenes = sets[2]
    task_ids = [rs.DET_CLASSES.index(t) for t in TASKS]
    Y = np.array(
        [
            [
                float(any(b[0] == t and not yd.is_difficult(b, FRAME) for b in s.boxes))
                for s in dev_scenes
            ]
            for t in TASKS
        ],
        np.float32,
    )
    Y[rng.random(Y.shape) < MISSING] = np.nan
    Y_hat = np.stack([class_scores(p, anchors)[task_ids] for p in preds[2]], axis=1)
    Y_hat = np.clip(Y_hat, 1e-4, 1 - 1e-4).astype(np.float32)

    # Transfer learning: a new small task on day frames.
    tl_scenes = [day_scene(TRANSFER, i) for i in range(N_TL)]
    tl_frames = [s.rgb for s in tl_scenes]
    tl_features = detector_features(model, tl_frames).astype(np.float16)
    tl_pixels = np.stack([thumbnail(f) for f in tl_frames])
    tl_labels = np.array([poor_visibility(s) for s in tl_scenes], np.int8)
    tl_dev = np.arange(N_TL) >= N_TL - N_TL_DEV
    metrics["transfer_frames"] = N_TL
    metrics["transfer_positive_share"] = round(float(tl_labels.mean()), 3)

    OUT_DIR.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        DATA_FILE,
        **obj,
        weathers=np.array(WEATHERS),
        classes=np.array(rs.DET_CLASSES),
        set_names=np.array(SET_NAMES),
        tasks=np.array(TASKS),
        mt_Y=Y,
        mt_Y_hat=Y_hat,
        tl_features=tl_features,
        tl_pixels=tl_pixels,
        tl_labels=tl_labels,
        tl_dev=tl_dev,
    )
    write_sheet(sets[1][:4], sets[2][:4], preds[1][:4], preds[2][:4], anchors)
    seconds = time.perf_counter() - start
    metrics["build_seconds_shared_cpu"] = round(seconds, 1)
    for k, v in metrics.items():
        print(f"{k:>36}: {v}")
    if "--no-record" in sys.argv:
        return
    from graders.manifest import record_artifact

    record_artifact(
        "driving_case",
        builder="datasets/builders/driving_case.py",
        seed=SEED,
        files=[DATA_FILE, SHEET_FILE],
        metrics=metrics,
        libraries=("numpy", "pillow", "matplotlib", "tensorflow-cpu", "keras"),
        build_seconds=seconds,
        notes=NOTES,
    )


NOTES = (
    "Real detections of the committed road detector (road_yolo) on frames drawn by "
    "road_scenes.render_scene: train = the 600 scenes of its saved training images, "
    "train-dev = the first 200 held-out det_test scenes, dev and test = 200 + 200 new "
    "frames with the weather forced to dusk, fog or rain and a darker, bluish, grainy "
    "camera look (night_camera). An object is missed when no "
    "detection of its class (score >= 0.3, per-class NMS IoU 0.5) overlaps it with "
    "IoU >= 0.5; difficult (tiny) boxes are left out, as in the detector's mAP."
)

if __name__ == "__main__":
    main()
